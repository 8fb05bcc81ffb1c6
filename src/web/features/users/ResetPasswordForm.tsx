import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { UserItem } from '../../api/types';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { fieldError, formErrorMessage } from '../../lib/errors';
import { PASSWORD_MIN_LENGTH, passwordProblem } from './validation';

interface ResetPasswordFormProps {
  user: UserItem;
  onDone: (updated: UserItem) => void;
  onCancel: () => void;
}

const FIELDS = ['password'] as const;

/** An administrator sets a new password for a user (PATCH /users/{id} {password}). */
export function ResetPasswordForm({ user, onDone, onCancel }: ResetPasswordFormProps) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [clientErrors, setClientErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors = { password: passwordProblem(password, t) };
    setClientErrors(errors);
    setError(null);
    if (errors.password) return;
    setBusy(true);
    try {
      onDone(await api.updateUser(user.id, { password }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const formError = formErrorMessage(error, FIELDS, t);
  return (
    <form className="form form--compact inline-form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="reset-password-form">
      {formError && <Alert kind="error">{formError}</Alert>}
      <TextField
        id={`reset-${user.id}-password`}
        label={t('users.newPasswordFor', { username: user.username })}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={fieldError('password', clientErrors, error)}
        hint={t('account.policy', { count: PASSWORD_MIN_LENGTH })}
        required
      />
      <div className="form-actions">
        <button type="submit" className="btn btn--primary btn--small" disabled={busy}>
          {t('users.resetPassword')}
        </button>
        <button type="button" className="btn btn--ghost btn--small" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
