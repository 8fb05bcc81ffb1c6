import { useTranslation } from 'react-i18next';
import { sectorLabel, zoneLabel } from './labels';
import type { Rule, SectorInfo } from './types';

/** A published or retired rule set's rules, read-only and compact. */
export function RulesTable({ rules, sectors }: { rules: readonly Rule[]; sectors: readonly SectorInfo[] | undefined }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <div className="table-wrap">
      <table className="table rules-table" data-testid="rules-table">
        <thead>
          <tr>
            <th>{t('policies.ruleSets.target')}</th>
            <th>{t('policies.ruleSets.zoneColours')}</th>
            <th>{t('policies.rules.window')}</th>
            <th>{t('policies.ruleSets.capacity')}</th>
            <th>{t('policies.ruleSets.dineIn')}</th>
            <th>{t('policies.rules.measures')}</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r, i) => (
            <tr key={i}>
              <td>{sectorLabel(sectors, r.venueType ?? r.sector, lng)}</td>
              <td>{r.zoneColours === 'all' ? t('policies.ruleSets.allZones') : r.zoneColours.map((c) => zoneLabel(c, t)).join(', ')}</td>
              <td>
                {r.closed
                  ? t('policies.ruleSets.closed')
                  : r.window
                    ? `${r.window.from}–${r.window.until}${r.window.crossesMidnight ? ` (${t('policies.rules.crossesMidnight')})` : ''}`
                    : t('policies.rules.noTimeLimit')}
              </td>
              <td>
                {r.capacityPercent}%{r.maxVisitMinutes !== null ? ` · ${t('policies.rules.minutes', { count: r.maxVisitMinutes })}` : ''}
              </td>
              <td>{r.dineIn === null ? t('common.none') : r.dineIn ? t('policies.rules.dineInAllowed') : t('policies.rules.dineInNotAllowed')}</td>
              <td className="small">{(lng === 'en' ? (r.measuresEn ?? r.measuresId) : (r.measuresId ?? r.measuresEn)) ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
