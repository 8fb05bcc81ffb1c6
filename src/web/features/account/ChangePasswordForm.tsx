import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { fieldError, formErrorMessage } from '../../lib/errors';
import { hasErrors, PASSWORD_MIN_LENGTH, passwordProblem } from '../users/validation';

const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

export function ChangePasswordForm() {
  const { t } = useTranslation();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const [clientErrors, setClientErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors = {
      currentPassword: currentPassword ? undefined : t('errors.required'),
      newPassword: passwordProblem(newPassword, t),
      confirmPassword: !confirmPassword
        ? t('errors.required')
        : confirmPassword !== newPassword
          ? t('account.mismatch')
          : undefined,
    };
    setClientErrors(errors);
    setError(null);
    setDone(false);
    if (hasErrors(errors)) return;
    setBusy(true);
    try {
      await api.changePassword(currentPassword, newPassword);
      setDone(true);
      setCurrentPassword('');
      setNewPassword('');
      setConfirmPassword('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const formError = formErrorMessage(error, FIELDS, t);
  return (
    <form className="form panel narrow" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="change-password-form" aria-labelledby="change-password-title">
      <h2 id="change-password-title" className="panel-title">
        {t('account.changePassword')}
      </h2>
      {formError && <Alert kind="error">{formError}</Alert>}
      {done && (
        <Alert kind="success" testId="change-password-success">
          {t('account.success')}
        </Alert>
      )}
      <TextField
        id="currentPassword"
        label={t('account.currentPassword')}
        type="password"
        autoComplete="current-password"
        value={currentPassword}
        onChange={(e) => setCurrentPassword(e.target.value)}
        error={fieldError('currentPassword', clientErrors, error)}
        required
      />
      <TextField
        id="newPassword"
        label={t('account.newPassword')}
        type="password"
        autoComplete="new-password"
        value={newPassword}
        onChange={(e) => setNewPassword(e.target.value)}
        error={fieldError('newPassword', clientErrors, error)}
        hint={t('account.policy', { count: PASSWORD_MIN_LENGTH })}
        required
      />
      <TextField
        id="confirmPassword"
        label={t('account.confirmPassword')}
        type="password"
        autoComplete="new-password"
        value={confirmPassword}
        onChange={(e) => setConfirmPassword(e.target.value)}
        error={fieldError('confirmPassword', clientErrors, error)}
        required
      />
      <button type="submit" className="btn btn--primary" disabled={busy} data-testid="change-password-submit">
        {t('account.submit')}
      </button>
    </form>
  );
}
