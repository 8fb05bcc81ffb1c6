import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { AuditEntry } from '../api/types';
import { Alert } from '../components/Alert';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { AUDIT_FILTER_KEYS, AuditFilters, type AuditFilter } from '../features/audit/AuditFilters';
import { AuditTable } from '../features/audit/AuditTable';
import { errorMessage } from '../lib/errors';
import { usePaged } from '../lib/usePaged';

const PAGE_SIZE = 50;

export function AuditPage() {
  const { t } = useTranslation();
  // Filters live in the URL so a filtered view can be shared and survives a reload.
  const [params, setParams] = useSearchParams();
  const filter = Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as unknown as AuditFilter;

  const audit = usePaged<AuditEntry>(
    (cursor, signal) =>
      api.audit(
        {
          cursor: cursor ?? undefined,
          limit: PAGE_SIZE,
          action: filter.action || undefined,
          user: filter.user || undefined,
          region: filter.region || undefined,
          from: filter.from || undefined,
          to: filter.to || undefined,
        },
        signal,
      ),
    [filter.action, filter.user, filter.region, filter.from, filter.to],
  );

  const apply = (next: AuditFilter) => {
    const search: Record<string, string> = {};
    for (const k of AUDIT_FILTER_KEYS) if (next[k]) search[k] = next[k];
    setParams(search);
  };

  return (
    <Page title={t('audit.title')} intro={t('audit.intro')} testId="page-audit">
      <AuditFilters value={filter} onApply={apply} />
      {audit.error !== undefined && (
        <Alert kind="error">
          {errorMessage(audit.error, t)}{' '}
          <button type="button" className="btn btn--small" onClick={audit.items.length ? audit.loadMore : audit.reload}>
            {t('common.retry')}
          </button>
        </Alert>
      )}
      {audit.loading && audit.items.length === 0 ? (
        <Loading />
      ) : audit.items.length === 0 ? (
        audit.error === undefined && <p className="muted">{t('audit.empty')}</p>
      ) : (
        <AuditTable items={audit.items} />
      )}
      {audit.nextCursor && (
        <button
          type="button"
          className="btn load-more"
          onClick={audit.loadMore}
          disabled={audit.loadingMore}
          data-testid="audit-load-more"
        >
          {audit.loadingMore ? t('common.loading') : t('common.loadMore')}
        </button>
      )}
    </Page>
  );
}
