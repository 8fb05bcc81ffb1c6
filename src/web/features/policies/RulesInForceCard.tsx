import { useTranslation } from 'react-i18next';
import { timeZoneAbbreviation } from '../../lib/format';
import { reopensLine } from '../../lib/opening';
import { usePublicConfig } from '../config/public-config';
import { ZoneBadge } from './ZoneBadge';
import type { RulesInForce } from './types';

/** The answer of GET /rules/in-force, in the UI language. */
export function RulesInForceCard({ answer }: { answer: RulesInForce }) {
  const { t, i18n } = useTranslation();
  const zone = timeZoneAbbreviation(usePublicConfig().config.timeZone);
  const en = i18n.language === 'en';
  const reason = en ? answer.reasonEn : answer.reasonId;
  const measures = answer.measures.map((m) => (en ? (m.measuresEn ?? m.measuresId) : (m.measuresId ?? m.measuresEn))).filter((m): m is string => !!m);
  return (
    <div className="rules-card" data-testid="rules-in-force">
      <p className={answer.open ? 'rules-verdict rules-verdict--open' : 'rules-verdict rules-verdict--closed'} data-testid="rules-verdict">
        {answer.open ? t('policies.rules.openNow') : t('policies.rules.closedNow')}
      </p>
      {!answer.open && (
        <p className="small" data-testid="rules-reopens">
          {reopensLine(t, answer.opening, zone)}
        </p>
      )}
      <p className="muted small">
        {t('policies.rules.localTime', { time: answer.localTime })}
        {reason && answer.restricted ? ` · ${reason}` : ''}
      </p>
      {!answer.restricted ? (
        <p>{t('policies.rules.unrestricted')}</p>
      ) : (
        <dl className="facts rules-facts">
          <div>
            <dt>{t('policies.rules.zone')}</dt>
            <dd>
              <ZoneBadge colour={answer.zoneColour} />
            </dd>
          </div>
          <div>
            <dt>{t('policies.rules.window')}</dt>
            <dd>
              {answer.closed
                ? t('policies.ruleSets.closed')
                : answer.windows.length === 0
                  ? t('policies.rules.noTimeLimit')
                  : answer.windows
                      .map((w) => `${t('policies.rules.windowValue', { from: w.from, until: w.until })}${w.crossesMidnight ? ` (${t('policies.rules.crossesMidnight')})` : ''}`)
                      .join(', ')}
              {answer.open && answer.opening.closesAt && <span className="muted small"> · {t('policies.rules.closesAt', { time: answer.opening.closesAt, zone })}</span>}
            </dd>
          </div>
          <div>
            <dt>{t('policies.rules.capacity')}</dt>
            <dd>{t('policies.rules.capacityValue', { value: answer.capacityPercent })}</dd>
          </div>
          <div>
            <dt>{t('policies.rules.dineIn')}</dt>
            <dd>
              {answer.dineIn === null
                ? t('policies.rules.dineInUnspecified')
                : answer.dineIn
                  ? t('policies.rules.dineInAllowed')
                  : t('policies.rules.dineInNotAllowed')}
            </dd>
          </div>
          <div>
            <dt>{t('policies.rules.maxVisit')}</dt>
            <dd>{answer.maxVisitMinutes === null ? t('policies.rules.noMax') : t('policies.rules.minutes', { count: answer.maxVisitMinutes })}</dd>
          </div>
        </dl>
      )}
      {measures.length > 0 && (
        <>
          <h3 className="rules-subtitle">{t('policies.rules.measures')}</h3>
          <ul className="rules-measures">
            {measures.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </>
      )}
      {answer.sources.length > 0 && (
        <>
          <h3 className="rules-subtitle">{t('policies.rules.sources')}</h3>
          <ul className="rules-sources" data-testid="rules-sources">
            {answer.sources.map((s) => (
              <li key={s.ruleSetId}>
                {s.legalBasis} <span className="muted small">({t(`policies.rules.kinds.${s.kind === 'village_pkm' ? 'village_pkm' : 'city'}`)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
