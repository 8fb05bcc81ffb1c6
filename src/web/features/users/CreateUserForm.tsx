import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { isRole, type NewAssignment } from '../../api/types';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { RegionSelect } from '../../components/RegionSelect';
import { fieldError, formErrorMessage } from '../../lib/errors';
import { RoleSelect } from './RoleSelect';
import { hasErrors, PASSWORD_MIN_LENGTH, passwordProblem, required } from './validation';

interface CreateUserFormProps {
  onCreated: (username: string) => void;
  onCancel: () => void;
}

/** A row of the form: the role stays '' until one is chosen. */
interface AssignmentRow {
  role: string;
  regionCode: string;
}

const EMPTY_ROW: AssignmentRow = { role: '', regionCode: '' };

export function CreateUserForm({ onCreated, onCancel }: CreateUserFormProps) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [rows, setRows] = useState<AssignmentRow[]>([EMPTY_ROW]);
  const [clientErrors, setClientErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const knownFields = [
    'username',
    'displayName',
    'password',
    'assignments',
    ...rows.flatMap((_, i) => [`assignments.${i}`, `assignments.${i}.role`, `assignments.${i}.regionCode`]),
  ];

  const setRow = (i: number, patch: Partial<AssignmentRow>) =>
    setRows((current) => current.map((row, j) => (j === i ? { ...row, ...patch } : row)));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: Record<string, string | undefined> = {
      username: required(username, t),
      displayName: required(displayName, t),
      password: passwordProblem(password, t),
    };
    rows.forEach((row, i) => {
      errors[`assignments.${i}.role`] = row.role ? undefined : t('errors.required');
      errors[`assignments.${i}.regionCode`] = row.regionCode ? undefined : t('errors.required');
    });
    setClientErrors(errors);
    setError(null);
    if (hasErrors(errors)) return;
    // The role picker offers only the server's roles: a chosen role always passes.
    const assignments = rows.flatMap((row): NewAssignment[] => (isRole(row.role) ? [{ role: row.role, regionCode: row.regionCode }] : []));
    setBusy(true);
    try {
      await api.createUser({
        username: username.trim(),
        displayName: displayName.trim(),
        password,
        assignments,
      });
      onCreated(username.trim());
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  // A duplicate username (409) is shown beside the username field.
  const duplicate = error instanceof ApiError && error.status === 409 && error.errors.length === 0;
  const usernameError =
    fieldError('username', clientErrors, error) ?? (duplicate ? (error.detail ?? t('users.duplicate')) : undefined);
  const formError = duplicate ? undefined : formErrorMessage(error, knownFields, t);
  const rowError = (i: number) =>
    error instanceof ApiError ? (error.fieldErrors[`assignments.${i}`] ?? undefined) : undefined;

  return (
    <form className="form panel" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="create-user-form" aria-labelledby="create-user-title">
      <h2 id="create-user-title" className="panel-title">
        {t('users.create.title')}
      </h2>
      {formError && <Alert kind="error">{formError}</Alert>}
      <div className="form-row">
        <TextField
          id="new-user-username"
          label={t('users.username')}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={usernameError}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
        <TextField
          id="new-user-displayName"
          label={t('users.displayName')}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          error={fieldError('displayName', clientErrors, error)}
          autoComplete="off"
          required
        />
      </div>
      <TextField
        id="new-user-password"
        label={t('users.password')}
        type="password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={fieldError('password', clientErrors, error)}
        hint={t('account.policy', { count: PASSWORD_MIN_LENGTH })}
        autoComplete="new-password"
        required
      />
      <fieldset className="fieldset">
        <legend>{t('users.assignments')}</legend>
        {error instanceof ApiError && error.fieldErrors['assignments'] && (
          <p className="field-error">{error.fieldErrors['assignments']}</p>
        )}
        {rows.map((row, i) => (
          <div className="assignment-row" key={i} data-testid={`new-assignment-${i}`}>
            <RoleSelect
              id={`new-assignment-${i}-role`}
              label={t('users.role')}
              value={row.role}
              onChange={(role) => setRow(i, { role })}
              error={fieldError(`assignments.${i}.role`, clientErrors, error) ?? rowError(i)}
            />
            <RegionSelect
              id={`new-assignment-${i}-region`}
              label={t('users.region')}
              value={row.regionCode}
              onChange={(regionCode) => setRow(i, { regionCode })}
              error={fieldError(`assignments.${i}.regionCode`, clientErrors, error)}
              required
            />
            {rows.length > 1 && (
              <button
                type="button"
                className="btn btn--small btn--danger-ghost assignment-remove"
                onClick={() => {
                  setRows((current) => current.filter((_, j) => j !== i));
                  setClientErrors({});
                  setError(null);
                }}
                aria-label={t('users.create.removeRowNumbered', { number: i + 1 })}
              >
                {t('common.remove')}
              </button>
            )}
          </div>
        ))}
        <button type="button" className="btn btn--small" onClick={() => setRows((current) => [...current, EMPTY_ROW])}>
          {t('users.create.addRow')}
        </button>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={busy} data-testid="create-user-submit">
          {t('users.create.submit')}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
