import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { UserItem } from '../../api/types';
import { Alert } from '../../components/Alert';
import { ConfirmButton } from '../../components/ConfirmButton';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { roleLabel } from '../../lib/labels';
import { usePublicConfig } from '../config/public-config';
import { AddAssignmentForm } from './AddAssignmentForm';
import { ResetPasswordForm } from './ResetPasswordForm';

interface UserCardProps {
  user: UserItem;
  onChange: (user: UserItem) => void;
}

type Panel = 'none' | 'password' | 'assignment';

export function UserCard({ user, onChange }: UserCardProps) {
  const { t, i18n } = useTranslation();
  const { config } = usePublicConfig();
  const [panel, setPanel] = useState<Panel>('none');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const locked = user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > Date.now();
  const when = (iso: string) => formatDateTime(iso, i18n.language, config.timeZone);

  async function run(action: () => Promise<void>, success: string) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
      setNotice(success);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const toggleDisabled = () =>
    run(
      async () => onChange(await api.updateUser(user.id, { disabled: !user.disabled })),
      user.disabled ? t('users.enabled', { username: user.username }) : t('users.disabledNotice', { username: user.username }),
    );

  const resetTwoFactor = () =>
    run(async () => {
      await api.resetUserTwoFactor(user.id);
      onChange({ ...user, twoFactor: 'off' });
    }, t('users.twoFactorReset', { username: user.username }));

  const removeAssignment = (assignmentId: string) =>
    run(async () => {
      await api.removeAssignment(user.id, assignmentId);
      onChange({ ...user, assignments: user.assignments.filter((a) => a.id !== assignmentId) });
    }, t('users.assignmentRemoved'));

  return (
    <article
      className={user.disabled ? 'user-card is-disabled' : 'user-card'}
      data-testid={`user-${user.username}`}
      aria-labelledby={`user-${user.id}-name`}
    >
      <header className="user-card-head">
        <h3 id={`user-${user.id}-name`}>
          {user.displayName} <span className="username">{user.username}</span>
        </h3>
        <span className="status-badges">
          {user.disabled ? (
            <span className="status status--off">{t('users.disabled')}</span>
          ) : (
            <span className="status status--on">{t('users.active')}</span>
          )}
          {user.twoFactor === 'active' && <span className="status status--on">{t('users.twoFactorOn')}</span>}
          {locked && user.lockedUntil && (
            <span className="status status--warn">{t('users.lockedUntil', { time: when(user.lockedUntil) })}</span>
          )}
        </span>
      </header>
      <p className="muted small">{t('users.createdAt', { time: when(user.createdAt) })}</p>

      <h4 className="visually-hidden">{t('users.assignments')}</h4>
      {user.assignments.length > 0 ? (
        <ul className="assignment-list">
          {user.assignments.map((a) => (
            <li key={a.id}>
              <span>
                <strong>{roleLabel(a.role, t)}</strong> · {a.regionName}
              </span>
              <ConfirmButton
                onConfirm={() => void removeAssignment(a.id)}
                label={t('users.removeAssignmentNamed', { role: roleLabel(a.role, t), region: a.regionName })}
                question={t('users.removeAssignmentQuestion', { username: user.username, role: roleLabel(a.role, t), region: a.regionName })}
                disabled={busy}
              >
                {t('common.remove')}
              </ConfirmButton>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('users.noAssignments')}</p>
      )}

      {error !== null && <Alert kind="error">{errorMessage(error, t)}</Alert>}
      {notice && <Alert kind="success">{notice}</Alert>}

      <div className="card-actions">
        <button
          type="button"
          className="btn btn--small"
          aria-expanded={panel === 'assignment'}
          onClick={() => setPanel(panel === 'assignment' ? 'none' : 'assignment')}
        >
          {t('users.addAssignment')}
        </button>
        <button
          type="button"
          className="btn btn--small"
          aria-expanded={panel === 'password'}
          onClick={() => setPanel(panel === 'password' ? 'none' : 'password')}
        >
          {t('users.resetPassword')}
        </button>
        <button
          type="button"
          className={user.disabled ? 'btn btn--small' : 'btn btn--small btn--danger-ghost'}
          disabled={busy}
          data-testid={`user-${user.username}-toggle`}
          onClick={() => void toggleDisabled()}
        >
          {user.disabled ? t('users.enable') : t('users.disable')}
        </button>
        {user.twoFactor !== 'off' && (
          <ConfirmButton onConfirm={() => void resetTwoFactor()} question={t('users.resetTwoFactorQuestion', { username: user.username })} disabled={busy} testId={`user-${user.username}-reset-two-factor`}>
            {t('users.resetTwoFactor')}
          </ConfirmButton>
        )}
      </div>

      {panel === 'assignment' && (
        <AddAssignmentForm
          userId={user.id}
          onCancel={() => setPanel('none')}
          onAdded={(assignment) => {
            onChange({ ...user, assignments: [...user.assignments, assignment] });
            setPanel('none');
            setError(null);
            setNotice(t('users.assignmentAdded'));
          }}
        />
      )}
      {panel === 'password' && (
        <ResetPasswordForm
          user={user}
          onCancel={() => setPanel('none')}
          onDone={(updated) => {
            onChange(updated);
            setPanel('none');
            setError(null);
            setNotice(t('users.passwordReset', { username: user.username }));
          }}
        />
      )}
    </article>
  );
}
