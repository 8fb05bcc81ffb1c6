import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { SelectField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { notificationsApi, type OutboxStatus } from './api';

const STATUSES: readonly OutboxStatus[] = ['failed', 'queued', 'sent'];

/** The outbox for the operator (administrators): counts by status, the messages of one status with their error, retry. */
export function OutboxPage() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<OutboxStatus>('failed');
  const outbox = useAsync((signal) => notificationsApi.outbox(status, signal), [status]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);

  async function retry(id: string) {
    setError(undefined);
    setNotice(null);
    try {
      await notificationsApi.retry(id);
      setNotice(t('outbox.retried'));
      outbox.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Page title={t('outbox.title')} testId="page-outbox" intro={t('outbox.intro')}>
      {outbox.error !== undefined && <Alert kind="error">{errorMessage(outbox.error, t)}</Alert>}
      {error !== undefined && <Alert kind="error">{errorMessage(error, t)}</Alert>}
      {notice && <Alert kind="success">{notice}</Alert>}
      {outbox.data && (
        <section aria-labelledby="outbox-counts">
          <h2 id="outbox-counts" className="visually-hidden">{t('outbox.counts')}</h2>
          <ul className="work-list" data-testid="outbox-counts">
            {STATUSES.map((s) => (
              <li key={s} className={s === 'failed' && outbox.data!.counts.failed > 0 ? 'work-item work-item--waiting' : 'work-item'} data-status={s}>
                <button type="button" className="work-link" aria-pressed={status === s} onClick={() => setStatus(s)}>
                  <span className="work-count" aria-hidden="true">{outbox.data!.counts[s]}</span>
                  <span className="work-label">
                    {t(`outbox.status.${s}`)}
                    <span className="visually-hidden">: {outbox.data!.counts[s]}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <SelectField id="outbox-status" label={t('outbox.show')} value={status} onChange={(e) => setStatus(e.target.value as OutboxStatus)} testId="outbox-status">
        {STATUSES.map((s) => (
          <option key={s} value={s}>{t(`outbox.status.${s}`)}</option>
        ))}
      </SelectField>
      {outbox.loading && !outbox.data && <Loading />}
      {outbox.data && outbox.data.items.length === 0 && <p className="muted">{t('outbox.empty')}</p>}
      {outbox.data && outbox.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table table--stack" data-testid="outbox-table">
            <thead>
              <tr>
                <th scope="col">{t('outbox.created')}</th>
                <th scope="col">{t('outbox.channel')}</th>
                <th scope="col">{t('outbox.recipient')}</th>
                <th scope="col">{t('outbox.attempts')}</th>
                <th scope="col">{t('outbox.error')}</th>
                <th scope="col"><span className="visually-hidden">{t('outbox.retry')}</span></th>
              </tr>
            </thead>
            <tbody>
              {outbox.data.items.map((m) => (
                <tr key={m.id} data-testid="outbox-row">
                  <td data-label={t('outbox.created')}>{formatDateTime(m.createdAt, i18n.language)}</td>
                  <td data-label={t('outbox.channel')}>{t(`outbox.channels.${m.channel}`, { defaultValue: m.channel })}</td>
                  <td data-label={t('outbox.recipient')}>{m.channel === 'inbox' ? t('outbox.recipientInApp') : m.recipient}</td>
                  <td data-label={t('outbox.attempts')}>{m.attempts}</td>
                  <td data-label={t('outbox.error')}>{m.lastError ?? ''}</td>
                  <td>
                    {m.status === 'failed' && (
                      <button type="button" className="btn btn--ghost" onClick={() => void retry(m.id)} data-testid="outbox-retry">
                        {t('outbox.retry')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
