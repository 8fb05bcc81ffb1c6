import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { TwoFactorEnrolment } from '../../api/types';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { errorMessage, fieldError, formErrorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import { useSession } from '../auth/session';

/** Recovery codes, shown once (after turning it on, or asking for new ones). */
function RecoveryCodesPanel({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="two-factor-recovery" data-testid="recovery-codes">
      <h3>{t('account.twoFactor.recoveryTitle')}</h3>
      <p>{t('account.twoFactor.recoveryIntro')}</p>
      <ul className="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <button type="button" className="btn btn--primary" onClick={onDone} data-testid="recovery-codes-saved">
        {t('account.twoFactor.recoverySaved')}
      </button>
    </div>
  );
}

/**
 * Two-step verification of one's own account: turn it on (QR code and key, confirmed by a first code; the recovery
 * codes shown once), new recovery codes, turn it off (password and code; not while mandatory for a role held).
 */
export function TwoFactorSection() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const status = useAsync((signal) => api.myTwoFactor(signal), []);
  const [enrolment, setEnrolment] = useState<TwoFactorEnrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [action, setAction] = useState<'regenerate' | 'disable' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** Runs a change; afterwards the session's own account (GET /me) and this section are read again. */
  async function run(change: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await change();
      setCode('');
      setPassword('');
      status.reload();
      signedIn(await api.me());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const start = () =>
    run(async () => {
      setEnrolment(await api.startTwoFactorEnrolment());
    });

  function onConfirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(async () => {
      const { recoveryCodes: codes } = await api.confirmTwoFactorEnrolment(code.trim());
      setEnrolment(null);
      setRecoveryCodes(codes);
    });
  }

  function onChange(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(async () => {
      if (action === 'regenerate') {
        setRecoveryCodes((await api.regenerateRecoveryCodes(code.trim())).recoveryCodes);
      } else {
        await api.disableTwoFactor(password, code.trim());
        setNotice(t('account.twoFactor.disabled'));
      }
      setAction(null);
    });
  }

  const state = status.data;
  const formError = formErrorMessage(error, ['code', 'password'], t);
  return (
    <section className="panel narrow" aria-labelledby="two-factor-title" data-testid="two-factor">
      <h2 id="two-factor-title" className="panel-title">
        {t('account.twoFactor.title')}
      </h2>
      <p>{t('account.twoFactor.intro')}</p>
      {state?.enrolmentRequired && <Alert kind="info" testId="two-factor-required">{t('account.twoFactor.requiredNotice')}</Alert>}
      {status.error !== undefined && <Alert kind="error">{errorMessage(status.error, t)}</Alert>}
      {formError && <Alert kind="error">{formError}</Alert>}
      {notice && <Alert kind="success">{notice}</Alert>}
      {recoveryCodes ? (
        <RecoveryCodesPanel codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />
      ) : !state ? (
        status.loading && <Loading />
      ) : enrolment ? (
        <form className="form" onSubmit={onConfirm} noValidate data-testid="two-factor-enrol">
          <p>{t('account.twoFactor.scan')}</p>
          <img className="two-factor-qr" src={enrolment.qrCode} alt={t('account.twoFactor.qrAlt')} width={220} height={220} data-testid="two-factor-qr" />
          <p>
            {t('account.twoFactor.manualKey')} <code data-testid="two-factor-key">{enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </p>
          <p>{t('account.twoFactor.enterCode')}</p>
          <TextField
            id="two-factor-code"
            label={t('account.twoFactor.code')}
            autoComplete="one-time-code"
            inputMode="numeric"
            maxLength={8}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={fieldError('code', {}, error)}
            required
          />
          <div className="form-actions">
            <button type="submit" className="btn btn--primary" disabled={busy} data-testid="two-factor-confirm">
              {t('account.twoFactor.confirm')}
            </button>
            <button type="button" className="btn" onClick={() => setEnrolment(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : state.status !== 'active' ? (
        <button type="button" className="btn btn--primary" onClick={() => void start()} disabled={busy} data-testid="two-factor-start">
          {t('account.twoFactor.start')}
        </button>
      ) : (
        <>
          <dl className="facts">
            <div>
              <dt>{t('account.twoFactor.statusLabel')}</dt>
              <dd data-testid="two-factor-status">{t('account.twoFactor.statusOn')}</dd>
            </div>
            <div>
              <dt>{t('account.twoFactor.recoveryTitle')}</dt>
              <dd>{t('account.twoFactor.recoveryLeft', { n: state.recoveryCodesLeft })}</dd>
            </div>
          </dl>
          {state.required && <p className="muted">{t('account.twoFactor.mandatory')}</p>}
          {action ? (
            <form className="form" onSubmit={onChange} noValidate data-testid={`two-factor-${action}`}>
              <h3>{action === 'regenerate' ? t('account.twoFactor.regenerate') : t('account.twoFactor.disableTitle')}</h3>
              {action === 'regenerate' && <p className="muted">{t('account.twoFactor.regenerateHint')}</p>}
              {action === 'disable' && (
                <TextField
                  id="two-factor-password"
                  label={t('account.currentPassword')}
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  error={fieldError('password', {}, error)}
                  required
                />
              )}
              <TextField
                id="two-factor-change-code"
                label={t('account.twoFactor.codeOrRecovery')}
                autoComplete="one-time-code"
                maxLength={24}
                value={code}
                onChange={(e) => setCode(e.target.value)}
                error={fieldError('code', {}, error)}
                required
              />
              <div className="form-actions">
                <button type="submit" className="btn btn--primary" disabled={busy} data-testid="two-factor-change-submit">
                  {action === 'regenerate' ? t('account.twoFactor.regenerate') : t('account.twoFactor.disable')}
                </button>
                <button type="button" className="btn" onClick={() => setAction(null)}>
                  {t('common.cancel')}
                </button>
              </div>
            </form>
          ) : (
            <div className="form-actions">
              <button type="button" className="btn" onClick={() => setAction('regenerate')} data-testid="two-factor-regenerate">
                {t('account.twoFactor.regenerate')}
              </button>
              {!state.required && (
                <button type="button" className="btn" onClick={() => setAction('disable')} data-testid="two-factor-disable">
                  {t('account.twoFactor.disable')}
                </button>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
