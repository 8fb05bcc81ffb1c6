import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { fieldError, formErrorMessage } from '../../lib/errors';
import { venuesApi } from './api';
import { CardScreen } from '../../components/CardScreen';
import './venues.css';

const FIELDS = ['name', 'phone', 'email', 'password'] as const;

/**
 * Public: a venue manager asks for an account without help. The server mails a confirmation link (the same answer
 * whether or not the address is registered, so the form never tells); the link opens ConfirmSignupPage.
 */
export function SignupPage() {
  const { t } = useTranslation();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [form, setForm] = useState({ name: '', phone: '', email: '', password: '' });
  const [clientErrors, setClientErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = `${t('venues.signup.title')} · ${t('app.name')}`;
  }, [t]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: Record<string, string | undefined> = {};
    for (const f of FIELDS) if (!form[f].trim()) errors[f] = t('errors.required');
    if (!errors['password'] && form.password.length < 10) errors['password'] = t('errors.minLength', { count: 10 });
    setClientErrors(errors);
    setError(null);
    if (Object.values(errors).some(Boolean)) return;
    setBusy(true);
    try {
      const { email } = await venuesApi.signup({ name: form.name.trim(), phone: form.phone.trim(), email: form.email.trim(), password: form.password });
      setSentTo(email);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const set = (field: (typeof FIELDS)[number]) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  return (
    <CardScreen>
      {sentTo !== null ? (
        <div className="form" data-testid="signup-sent">
          <h2 className="login-title">{t('venues.signup.sentTitle')}</h2>
          <Alert kind="success">{t('venues.signup.sent', { email: sentTo })}</Alert>
        </div>
      ) : (
        <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="signup-form" aria-labelledby="signup-title">
          <h2 id="signup-title" className="login-title">
            {t('venues.signup.title')}
          </h2>
          <p className="muted">{t('venues.signup.intro')}</p>
          {error !== null && <Alert kind="error" testId="signup-error">{formErrorMessage(error, FIELDS, t)}</Alert>}
          <TextField id="signup-name" testId="signup-name" label={t('venues.signup.name')} autoComplete="name" value={form.name} onChange={set('name')} error={fieldError('name', clientErrors, error)} required />
          <TextField id="signup-phone" testId="signup-phone" label={t('venues.signup.phone')} type="tel" inputMode="tel" autoComplete="tel" hint={t('venues.signup.phoneHint')} value={form.phone} onChange={set('phone')} error={fieldError('phone', clientErrors, error)} required />
          <TextField id="signup-email" testId="signup-email" label={t('venues.signup.email')} type="email" autoComplete="email" autoCapitalize="none" hint={t('venues.signup.emailHint')} value={form.email} onChange={set('email')} error={fieldError('email', clientErrors, error)} required />
          <TextField id="signup-password" testId="signup-password" label={t('venues.signup.password')} type="password" autoComplete="new-password" hint={t('venues.signup.passwordHint')} value={form.password} onChange={set('password')} error={fieldError('password', clientErrors, error)} required />
          <button type="submit" className="btn btn--primary btn--block" disabled={busy} data-testid="signup-submit">
            {busy ? t('venues.signup.submitting') : t('venues.signup.submit')}
          </button>
        </form>
      )}
      <p className="login-public-link">
        <Link to="/login">{t('venues.signup.haveAccount')}</Link>
      </p>
    </CardScreen>
  );
}
