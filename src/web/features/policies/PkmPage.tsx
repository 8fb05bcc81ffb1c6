import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { usePermission } from '../auth/session';
import { errorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import { policiesApi } from './api';
import { addDays, formatDate } from './labels';
import { PkmDetail } from './PkmDetail';
import { PkmForm } from './PkmForm';
import { PKM_STATUSES } from './types';
import { StatusFilter } from './StatusFilter';
import './policies.css';
import { useUrlState } from '../../lib/useUrlState';

const NEW = 'new';

/** Village PKM applications: the list in my scope, overdue evaluations, a new application, one application's workflow. */
export function PkmPage() {
  const { t, i18n } = useTranslation();
  const canSubmit = usePermission('pkm:submit');
  const [params, update] = useUrlState();
  const selectedId = params.get('id');
  const status = params.get('status') ?? '';
  const list = useAsync((signal) => policiesApi.applications({ status: status || undefined }, signal), [status]);
  const overdue = useAsync((signal) => policiesApi.overdue(signal), []);
  const sectors = useAsync((signal) => policiesApi.sectors(signal), []);
  const selected = useAsync(
    (signal) => (selectedId && selectedId !== NEW ? policiesApi.application(selectedId, signal) : Promise.resolve(undefined)),
    [selectedId],
  );
  const select = (id: string | null) => update({ id });
  const lng = i18n.language;

  return (
    <Page
      title={t('policies.pkm.title')}
      intro={t('policies.pkm.intro')}
      testId="page-pkm"
      actions={
        canSubmit ? (
          <button type="button" className="btn btn--primary" data-testid="pkm-new" onClick={() => select(NEW)}>
            {t('policies.pkm.new')}
          </button>
        ) : undefined
      }
    >
      <div className="policy-layout">
        <div>
          <section className="panel" aria-labelledby="pkm-list-title">
            <h2 id="pkm-list-title" className="panel-title">
              {t('policies.pkm.list')}
            </h2>
            <div className="filters">
              <StatusFilter
                id="pkm-status-filter"
                value={status}
                statuses={PKM_STATUSES}
                labelOf={(s) => t(`policies.pkm.statuses.${s}`)}
                onChange={(value) => update({ status: value })}
              />
            </div>
            {list.error !== undefined && <Alert kind="error">{errorMessage(list.error, t)}</Alert>}
            {list.loading && !list.data && <Loading />}
            {list.data && list.data.length === 0 && <p className="muted">{t('policies.pkm.none')}</p>}
            <div className="table-wrap">
              <table className="table" data-testid="pkm-list">
                <tbody>
                  {(list.data ?? []).map((a) => (
                    <tr key={a.id} className={a.id === selectedId ? 'is-selected is-clickable' : 'is-clickable'} onClick={() => select(a.id)} data-testid="pkm-row">
                      <td>
                        <button type="button" className="link-button" onClick={() => select(a.id)}>
                          {a.regionName}
                        </button>
                        <div className="muted small">{a.adatRegionName}</div>
                      </td>
                      <td>{t('policies.pkm.period', { start: formatDate(a.startDate, lng), end: formatDate(addDays(a.endDate, -1), lng), days: a.lengthDays })}</td>
                      <td>
                        <span className={`status-pill status-pill--${a.status}`}>{t(`policies.pkm.statuses.${a.status}`)}</span>
                        {a.evaluationOverdue && <div className="overdue small">{t('policies.pkm.overdue')}</div>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section className="panel" aria-labelledby="pkm-overdue-title">
            <h2 id="pkm-overdue-title" className="panel-title">
              {t('policies.pkm.overdueTitle')}
            </h2>
            {overdue.data && overdue.data.length === 0 && <p className="muted">{t('policies.pkm.noOverdue')}</p>}
            <ul className="plain-list" data-testid="pkm-overdue">
              {(overdue.data ?? []).map((a) => (
                <li key={a.id}>
                  <button type="button" className="link-button" onClick={() => select(a.id)}>
                    {a.regionName}
                  </button>{' '}
                  <span className="overdue small">{a.nextEvaluationDue ? t('policies.pkm.nextDue', { date: formatDate(a.nextEvaluationDue, lng) }) : ''}</span>
                </li>
              ))}
            </ul>
          </section>
        </div>
        <section className="panel" aria-labelledby="pkm-detail-title">
          <h2 id="pkm-detail-title" className="panel-title">
            {selectedId === NEW ? t('policies.pkm.new') : (selected.data?.regionName ?? t('policies.pkm.title'))}
          </h2>
          {selectedId === NEW && (
            <PkmForm
              onSaved={(app) => {
                list.reload();
                select(app.id);
              }}
            />
          )}
          {selected.error !== undefined && <Alert kind="error">{errorMessage(selected.error, t)}</Alert>}
          {selectedId !== NEW && selected.data && (
            <PkmDetail
              key={selected.data.id}
              app={selected.data}
              sectors={sectors.data}
              onChanged={(app) => {
                selected.setData(() => app);
                list.reload();
                overdue.reload();
              }}
            />
          )}
        </section>
      </div>
    </Page>
  );
}
