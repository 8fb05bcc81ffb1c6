import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { request } from '../../api/client';
import type { ApiResponse } from '../../api/types';
import { Alert } from '../../components/Alert';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { usePermission } from '../auth/session';
import { ZoneBadge } from './ZoneBadge';

type FirstRun = ApiResponse<'getRuleSetFirstRun'>;

/**
 * First run (issue #18): shown to whoever manages the rules until a city-wide rule set is in force. Offers the draft
 * already waiting, else the templates to adopt as a draft starting today (GET/POST /rule-sets/first-run, /from-template).
 */
export function FirstRunRulesBanner({ refresh }: { refresh?: unknown }) {
  const canManage = usePermission('rules:manage');
  return canManage ? <FirstRunBanner refresh={refresh} /> : null;
}

/** `refresh`: asks again when it changes (the rule sets page passes its list, which a publish reloads). */
function FirstRunBanner({ refresh }: { refresh: unknown }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const state = useAsync((signal) => request<FirstRun>('/rule-sets/first-run', { signal }), [refresh]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const data = state.data;
  if (!data || data.inForce) return null;
  const en = i18n.language === 'en';

  async function adopt(code: string) {
    setBusy(true);
    setError(null);
    try {
      const draft = await request<ApiResponse<'adoptRuleSetTemplate', 201>>('/rule-sets/from-template', { method: 'POST', body: { template: code } });
      void navigate(`/rule-sets?id=${encodeURIComponent(draft.id)}&adopted=1`);
      state.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel first-run" aria-labelledby="first-run-title" data-testid="first-run-rules">
      <h2 id="first-run-title" className="panel-title">
        {t('policies.firstRun.title')}
      </h2>
      <p>{t('policies.firstRun.body')}</p>
      {error !== null && <Alert kind="error">{errorMessage(error, t)}</Alert>}
      {data.drafts.length > 0 ? (
        <ul className="first-run-drafts">
          {data.drafts.map((d) => (
            <li key={d.id}>
              {t('policies.firstRun.draftWaiting', { legalBasis: d.legalBasis, from: formatDateTime(d.effectiveFrom, i18n.language) })}{' '}
              <Link to={`/rule-sets?id=${encodeURIComponent(d.id)}`} data-testid="first-run-open-draft">
                {t('policies.firstRun.openDraft')}
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <>
          <p className="muted small">{t('policies.firstRun.templateIntro')}</p>
          {data.templates.map((tpl) => (
            <div key={tpl.code} className="first-run-template">
              <p>
                <strong>{tpl.legalBasis}</strong> · {en ? tpl.titleEn : tpl.titleId} <span className="muted small">({t('policies.firstRun.ruleCount', { count: tpl.ruleCount })})</span>
              </p>
              <div className="table-wrap">
                <table className="table">
                  <caption className="muted small">{t('policies.firstRun.zoneTable')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('policies.firstRun.zoneColumn')}</th>
                      <th scope="col">{t('policies.firstRun.closesColumn')}</th>
                      <th scope="col">{t('policies.firstRun.capacityColumn')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {tpl.zones.map((z) => (
                      <tr key={z.colour}>
                        <td>
                          <ZoneBadge colour={z.colour} />
                        </td>
                        <td>{z.closesAt ?? t('policies.firstRun.noLimit')}</td>
                        <td>{t('policies.rules.capacityValue', { value: z.capacityPercent })}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void adopt(tpl.code)} data-testid={`first-run-adopt-${tpl.code}`}>
                {t('policies.firstRun.adopt')}
              </button>
            </div>
          ))}
        </>
      )}
    </section>
  );
}
