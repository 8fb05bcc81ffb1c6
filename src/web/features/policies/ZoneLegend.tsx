import { useTranslation } from 'react-i18next';
import { ZONE_FILL, zoneLabel } from './labels';
import type { ThresholdsVersion } from './types';
import { ZONE_COLOURS } from './types';

/** The colour key, with the thresholds of the version in force (the newest that has started). */
export function ZoneLegend({ thresholds }: { thresholds: readonly ThresholdsVersion[] | undefined }) {
  const { t } = useTranslation();
  const now = Date.now();
  const current = (thresholds ?? []).filter((v) => Date.parse(v.effectiveFrom) <= now).sort((a, b) => Date.parse(b.effectiveFrom) - Date.parse(a.effectiveFrom))[0];
  const y = current?.yellowFrom ?? 3;
  const o = current?.orangeFrom ?? 11;
  const r = current?.redFrom ?? 41;
  return (
    <div className="zone-legend" aria-label={t('policies.public.legend')}>
      <ul>
        {ZONE_COLOURS.map((c) => (
          <li key={c}>
            <span className="zone-swatch" style={{ background: ZONE_FILL[c] }} aria-hidden="true" />
            {zoneLabel(c, t)}
          </li>
        ))}
      </ul>
      <p className="muted small">{t('policies.public.thresholds', { yellow: y, orangeMinus: o - 1, orange: o, redMinus: r - 1, red: r })}</p>
    </div>
  );
}
