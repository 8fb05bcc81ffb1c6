import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { isRole, type Role } from '../../api/types';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Loading';
import { errorMessage } from '../../lib/errors';
import { roleLabel } from '../../lib/labels';
import { useAsync } from '../../lib/useAsync';

/** Per role, whether two-step verification is mandatory (off on a fresh install); a city administrator changes it. */
export function TwoFactorPolicyPanel() {
  const { t } = useTranslation();
  const policy = useAsync((signal) => api.twoFactorPolicy(signal), []);
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const roles = policy.data?.roles ?? [];
  const required = chosen ?? new Set(roles.filter((r) => r.required).map((r) => r.role));

  function toggle(role: string) {
    const next = new Set(required);
    if (next.has(role)) next.delete(role);
    else next.add(role);
    setChosen(next);
    setSaved(false);
  }

  async function save() {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const answer = await api.setTwoFactorPolicy([...required].filter((r): r is Role => isRole(r)));
      policy.setData(() => answer);
      setChosen(null);
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel two-factor-policy" aria-labelledby="two-factor-policy-title" data-testid="two-factor-policy">
      <h2 id="two-factor-policy-title" className="panel-title">
        {t('users.twoFactor.title')}
      </h2>
      <p className="muted">{t('users.twoFactor.intro')}</p>
      {policy.error !== undefined && <Alert kind="error">{errorMessage(policy.error, t)}</Alert>}
      {error !== null && (
        <Alert kind="error">{error instanceof ApiError && error.status === 403 ? t('users.twoFactor.onlyCity') : errorMessage(error, t)}</Alert>
      )}
      {saved && <Alert kind="success">{t('users.twoFactor.saved')}</Alert>}
      {policy.loading && !policy.data ? (
        <Loading />
      ) : (
        <>
          <ul className="check-list">
            {roles.map((r) => (
              <li key={r.role}>
                <label className="check">
                  <input type="checkbox" checked={required.has(r.role)} onChange={() => toggle(r.role)} data-testid={`two-factor-role-${r.role}`} />
                  {roleLabel(r.role, t)}
                  {r.recommended && <span className="badge">{t('users.twoFactor.recommended')}</span>}
                </label>
              </li>
            ))}
          </ul>
          <button type="button" className="btn btn--primary" onClick={() => void save()} disabled={busy || chosen === null} data-testid="two-factor-policy-save">
            {t('users.twoFactor.save')}
          </button>
        </>
      )}
    </section>
  );
}
