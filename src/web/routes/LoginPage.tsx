import { useEffect, useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import { Alert } from '../components/Alert';
import { TextField } from '../components/Field';
import { Loading } from '../components/Loading';
import type { LoginRedirectState } from '../components/RequireSession';
import { useSession } from '../features/auth/session';
import { usePublicConfig } from '../features/config/public-config';
import { errorMessage, fieldError } from '../lib/errors';
import { HOME_PATH } from './nav';
import { CardScreen } from '../components/CardScreen';

function redirectTarget(state: unknown): string {
  const from = (state as LoginRedirectState | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login')
    ? from
    : HOME_PATH;
}

/** The public pages linked under the form: path, test id, text. */
const PUBLIC_PAGES = [
  ['/tempat', 'public-venues-link', 'venues.public.link'],
  ['/zona', 'public-zones-link', 'policies.public.publicLink'],
  ['/open-data', 'open-data-link', 'policies.public.openDataLink'],
] as const;

export function LoginPage() {
  const { t } = useTranslation();
  const { state, signedIn } = useSession();
  const { config } = usePublicConfig();
  const location = useLocation();
  const expired = (location.state as LoginRedirectState | null)?.expired === true;

  const [username, setUsername] = useState('');
  // The second step (two-factor sign-in): the challenge the password step answered, and the code typed.
  const [challenge, setChallenge] = useState<string | null>(null);
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [clientErrors, setClientErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    document.title = `${t('auth.title')} · ${t('app.name')}`;
  }, [t]);

  if (state.status === 'authenticated') return <Navigate to={redirectTarget(location.state)} replace />;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const missing: Record<string, string | undefined> = {
      username: username.trim() ? undefined : t('errors.required'),
      password: password ? undefined : t('errors.required'),
    };
    setClientErrors(missing);
    setError(null);
    if (missing['username'] || missing['password']) return;
    setSubmitting(true);
    try {
      const answer = await api.login(username.trim(), password);
      if ('secondFactor' in answer) {
        setChallenge(answer.secondFactor.challenge);
        setPassword('');
        setSubmitting(false);
        return;
      }
      signedIn(answer.user);
    } catch (err) {
      setError(err);
      setPassword('');
      setSubmitting(false);
    }
  }

  async function onSubmitCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (challenge === null) return;
    const missing = code.trim() ? undefined : t('errors.required');
    setClientErrors({ code: missing });
    setError(null);
    if (missing) return;
    setSubmitting(true);
    try {
      const { user } = await api.loginSecondFactor(challenge, code.trim());
      signedIn(user);
    } catch (err) {
      setError(err);
      setCode('');
      setSubmitting(false);
      // An ended challenge (expired, too many codes) needs the password again.
      if (err instanceof ApiError && err.type.endsWith('/login-challenge-invalid')) setChallenge(null);
    }
  }

  function backToPassword() {
    setChallenge(null);
    setCode('');
    setError(null);
    setClientErrors({});
  }

  // A 401 (wrong username or password, without saying which; a wrong code) and a 429 are shown as given by the server.
  const message =
    error instanceof ApiError && error.status === 401
      ? (error.detail ?? t('auth.failed'))
      : error
        ? errorMessage(error, t)
        : undefined;

  return (
    <CardScreen>
      <p className="login-city">{config.cityName}</p>
      {state.status === 'loading' ? (
        <Loading />
      ) : challenge !== null ? (
        <form className="form" onSubmit={(e) => void onSubmitCode(e)} noValidate aria-labelledby="second-step-title" data-testid="second-step-form">
          <h2 id="second-step-title" className="login-title">
            {t('auth.secondStepTitle')}
          </h2>
          {message && (
            <Alert kind="error" testId="login-error">
              {message}
            </Alert>
          )}
          <TextField
            key={useRecovery ? 'recovery' : 'totp'}
            id="login-code"
            testId="login-code"
            label={useRecovery ? t('auth.recoveryLabel') : t('auth.codeLabel')}
            hint={useRecovery ? t('auth.recoveryHint') : t('auth.codeHint')}
            name="code"
            autoComplete="one-time-code"
            inputMode={useRecovery ? 'text' : 'numeric'}
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            maxLength={24}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={fieldError('code', clientErrors, error)}
            required
            autoFocus
          />
          <button type="submit" className="btn btn--primary btn--block" data-testid="login-code-submit" disabled={submitting}>
            {submitting ? t('auth.verifying') : t('auth.verify')}
          </button>
          <button
            type="button"
            className="btn btn--ghost btn--block"
            data-testid="login-use-recovery"
            onClick={() => {
              setUseRecovery((r) => !r);
              setCode('');
            }}
          >
            {useRecovery ? t('auth.useApp') : t('auth.useRecovery')}
          </button>
          <button type="button" className="btn btn--ghost btn--block" data-testid="login-back" onClick={backToPassword}>
            {t('auth.backToPassword')}
          </button>
        </form>
      ) : (
        <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="login-title" data-testid="login-form">
          <h2 id="login-title" className="login-title">
            {t('auth.title')}
          </h2>
          {expired && !error && <Alert kind="info">{t('auth.sessionExpired')}</Alert>}
          {message && (
            <Alert kind="error" testId="login-error">
              {message}
            </Alert>
          )}
          <TextField
            id="login-username"
            testId="login-username"
            label={t('auth.username')}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={fieldError('username', clientErrors, error)}
            required
            autoFocus
          />
          <TextField
            id="login-password"
            testId="login-password"
            label={t('auth.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldError('password', clientErrors, error)}
            required
          />
          <button type="submit" className="btn btn--primary btn--block" data-testid="login-submit" disabled={submitting}>
            {submitting ? t('auth.submitting') : t('auth.submit')}
          </button>
        </form>
      )}
      <p className="login-public-link">
        <Link to="/daftar-pengelola" data-testid="signup-link">
          {t('venues.signup.link')}
        </Link>
      </p>
      {/* The public pages are drawn by the server (shared/public-page.ts): plain links leave the single-page app. */}
      {PUBLIC_PAGES.map(([href, testId, label]) => (
        <p className="login-public-link" key={href}>
          <a href={href} data-testid={testId}>
            {t(label)}
          </a>
        </p>
      ))}
    </CardScreen>
  );
}
