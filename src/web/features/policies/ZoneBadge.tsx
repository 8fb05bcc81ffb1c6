import { useTranslation } from 'react-i18next';
import { zoneLabel } from './labels';

export function ZoneBadge({ colour }: { colour: string | null | undefined }) {
  const { t } = useTranslation();
  return <span className={`zone-badge zone-badge--${colour ?? 'unknown'}`}>{zoneLabel(colour, t)}</span>;
}
