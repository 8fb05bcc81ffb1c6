import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../api/types';
import { formatDateTime, timeZoneAbbreviation } from '../../lib/format';
import { usePublicConfig } from '../config/public-config';
import { useRegions } from '../regions/regions-context';

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
                  <code>{e.action}</code>
                </td>
                <td data-label={labels.entity}>
                  <code>{e.entityType}</code>
                  {e.entityId && <span className="muted small entity-id"> {e.entityId}</span>}
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
