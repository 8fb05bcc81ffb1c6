import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../api/types';
import { formatDateTime, timeZoneAbbreviation } from '../../lib/format';
import { usePublicConfig } from '../config/public-config';
import { useRegions } from '../regions/regions-context';

/** The screen of an audited record, where the app has one. */
const RECORD_SCREENS: Record<string, (id: string) => string> = {
  venue: (id) => `/venues/${encodeURIComponent(id)}`,
  case: (id) => `/cases/${encodeURIComponent(id)}`,
  violation: (id) => `/enforcement/violations/${encodeURIComponent(id)}`,
};

/** Audit entries; on narrow screens each row becomes a labelled block (see styles.css). */
export function AuditTable({ items }: { items: AuditEntry[] }) {
  const { t, i18n } = useTranslation();
  const { config } = usePublicConfig();
  const { index } = useRegions();
  const zone = timeZoneAbbreviation(config.timeZone);

  const labels = {
    time: t('audit.time', { zone }),
    actor: t('audit.actor'),
    action: t('audit.action'),
    entity: t('audit.entity'),
    region: t('audit.region'),
    ip: t('audit.ip'),
    details: t('audit.details'),
  };

  return (
    <div className="table-wrap">
      <table className="table table--stack" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">{labels.time}</th>
            <th scope="col">{labels.actor}</th>
            <th scope="col">{labels.action}</th>
            <th scope="col">{labels.entity}</th>
            <th scope="col">{labels.region}</th>
            <th scope="col">{labels.ip}</th>
            <th scope="col">{labels.details}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => {
            const region = e.regionCode ? index?.byCode.get(e.regionCode) : undefined;
            return (
              <tr key={e.id} data-testid="audit-row">
                <td data-label={labels.time}>
                  <time dateTime={e.at}>{formatDateTime(e.at, i18n.language, config.timeZone, { seconds: true })}</time>
                </td>
                <td data-label={labels.actor}>{e.actorUsername ?? <span className="muted">{t('audit.system')}</span>}</td>
                <td data-label={labels.action}>
                  {/* Words from the catalogue; the code stays visible to whoever hovers, for support. */}
                  <span title={e.action}>{t(`audit.actions.${e.action}`, { defaultValue: e.action })}</span>
                </td>
                <td data-label={labels.entity}>
                  {t(`audit.entityTypes.${e.entityType}`, { defaultValue: e.entityType })}
                  {e.entityId && RECORD_SCREENS[e.entityType] ? (
                    <>
                      {' '}
                      <Link to={RECORD_SCREENS[e.entityType]!(e.entityId)} className="small" data-testid="audit-record-link">
                        {t('audit.open')}
                        <span className="visually-hidden"> {e.entityId}</span>
                      </Link>
                    </>
                  ) : (
                    e.entityId && <span className="muted small entity-id"> {e.entityId}</span>
                  )}
                </td>
                <td data-label={labels.region}>
                  {e.regionCode ? (
                    <>
                      {region?.name ?? e.regionCode}
                      {region && <span className="muted small"> {e.regionCode}</span>}
                    </>
                  ) : (
                    <span className="muted">{t('common.none')}</span>
                  )}
                </td>
                <td data-label={labels.ip}>{e.ip ?? <span className="muted">{t('common.none')}</span>}</td>
                <td data-label={labels.details}>
                  {e.details && Object.keys(e.details).length > 0 ? (
                    <details>
                      <summary>{t('audit.showDetails')}</summary>
                      <pre className="json">{JSON.stringify(e.details, null, 2)}</pre>
                    </details>
                  ) : (
                    <span className="muted">{t('common.none')}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
