import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { AuditEntry } from '../api/types';
import { Alert } from '../components/Alert';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { AuditFilters, type AuditFilter } from '../features/audit/AuditFilters';
import { AuditTable } from '../features/audit/AuditTable';
import { errorMessage } from '../lib/errors';
import { usePaged } from '../lib/usePaged';

const PAGE_SIZE = 50;

function distinct(values: string[]): string[] {
  return [...new Set(values)].sort();
}

export function AuditPage() {
  const { t } = useTranslation();
  // Filters live in the URL so a filtered view can be shared and survives a reload.
  const [params, setParams] = useSearchParams();
  const filter: AuditFilter = { action: params.get('action') ?? '', entityType: params.get('entityType') ?? '' };

  const audit = usePaged<AuditEntry>(
    (cursor, signal) =>
      api.audit(
        {
          cursor: cursor ?? undefined,
          limit: PAGE_SIZE,
          action: filter.action || undefined,
          entityType: filter.entityType || undefined,
        },
        signal,
      ),
    [filter.action, filter.entityType],
  );

  const knownActions = useMemo(() => distinct(audit.items.map((e) => e.action)), [audit.items]);
  const knownEntityTypes = useMemo(() => distinct(audit.items.map((e) => e.entityType)), [audit.items]);

  const apply = (next: AuditFilter) => {
    const search: Record<string, string> = {};
    if (next.action) search['action'] = next.action;
    if (next.entityType) search['entityType'] = next.entityType;
    setParams(search);
  };

  return (
    <Page title={t('audit.title')} intro={t('audit.intro')} testId="page-audit">
      <AuditFilters
        value={filter}
        onApply={apply}
        knownActions={knownActions}
        knownEntityTypes={knownEntityTypes}
      />
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
