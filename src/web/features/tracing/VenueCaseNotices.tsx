import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import type { ApiResponse } from '../../api/types';
import { formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';

/**
 * On a venue's page for the task force: the days and time spans a confirmed case was there (never who). Shown only
 * to staff who may read the venue's notices; others (a venue manager gets the notice by e-mail) see nothing here.
 */
export function VenueCaseNotices({ venueId }: { venueId: string }) {
  const { t, i18n } = useTranslation();
  const notices = useAsync((signal) => request<ApiResponse<'listVenueCaseNotices'>>(`/venues/${encodeURIComponent(venueId)}/case-notices`, { signal }), [venueId]);
  if (!notices.data || notices.data.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="venue-case-notices" data-testid="venue-case-notices">
      <h2 className="panel-title" id="venue-case-notices">{t('tracing.venueNotices.title')}</h2>
      <p className="muted">{t('tracing.venueNotices.intro')}</p>
      <ul className="history-list">
        {notices.data.map((n) => (
          <li key={n.id}>
            {formatDateTime(n.from, i18n.language)} – {formatDateTime(n.until, i18n.language).split(', ').pop()}
          </li>
        ))}
      </ul>
    </section>
  );
}
