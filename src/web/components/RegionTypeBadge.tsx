import { useTranslation } from 'react-i18next';
import { regionTypeDescription, regionTypeLabel } from '../lib/labels';

export function RegionTypeBadge({ type }: { type: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--${type}`} title={regionTypeDescription(type, t)} data-type={type}>
      {regionTypeLabel(type, t)}
    </span>
  );
}
