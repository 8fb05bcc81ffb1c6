import { useTranslation } from 'react-i18next';
import type { RegionDetail, RegionRef } from '../../api/types';
import { isVillageType } from '../../api/types';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Loading';
import { RegionTypeBadge } from '../../components/RegionTypeBadge';
import { errorMessage } from '../../lib/errors';
import { formatNumber } from '../../lib/format';

interface RegionDetailsProps {
  detail: RegionDetail | undefined;
  loading: boolean;
  error: unknown;
  onSelect: (code: string) => void;
}

function RegionLink({ region, onSelect }: { region: RegionRef; onSelect: (code: string) => void }) {
  return (
    <button type="button" className="link-button" onClick={() => onSelect(region.code)}>
      {region.name}
    </button>
  );
}

export function RegionDetails({ detail, loading, error, onSelect }: RegionDetailsProps) {
  const { t, i18n } = useTranslation();

  if (error !== undefined) return <Alert kind="error">{errorMessage(error, t)}</Alert>;
  if (!detail) return loading ? <Loading /> : null;

  const parent = detail.ancestors.at(-1);
  const overlapsTitle = detail.type === 'desa_adat' ? t('regions.overlapsDinas') : t('regions.overlapsAdat');
  const showOverlaps = detail.type === 'desa_adat' || isVillageType(detail.type) || detail.overlaps.length > 0;

  return (
    <div className="region-details" data-testid="region-details" data-code={detail.code} aria-busy={loading}>
      <h3 className="region-details-title">
        {detail.name} <RegionTypeBadge type={detail.type} />
      </h3>
      {detail.ancestors.length > 0 && (
        <nav className="breadcrumb" aria-label={t('regions.ancestors')}>
          <ol>
            {detail.ancestors.map((a) => (
              <li key={a.code}>
                <RegionLink region={a} onSelect={onSelect} />
              </li>
            ))}
            <li aria-current="location">{detail.name}</li>
          </ol>
        </nav>
      )}
      <dl className="facts">
        <div>
          <dt>{t('regions.code')}</dt>
          <dd>
            <code data-testid="region-detail-code">{detail.code}</code>
          </dd>
        </div>
        <div>
          <dt>{t('regions.name')}</dt>
          <dd data-testid="region-detail-name">{detail.name}</dd>
        </div>
        <div>
          <dt>{t('regions.type')}</dt>
          <dd>
            <RegionTypeBadge type={detail.type} />
          </dd>
        </div>
        <div>
          <dt>{t('regions.parent')}</dt>
          <dd>{parent ? <RegionLink region={parent} onSelect={onSelect} /> : (detail.parentCode ?? t('common.none'))}</dd>
        </div>
        <div>
          <dt>{t('regions.population')}</dt>
          <dd>
            {detail.population !== null ? formatNumber(detail.population, i18n.language) : t('regions.populationUnknown')}
          </dd>
        </div>
      </dl>
      {showOverlaps && (
        <div className="overlaps">
          <h4>{overlapsTitle}</h4>
          {detail.overlaps.length > 0 ? (
            <ul className="chips">
              {detail.overlaps.map((o) => (
                <li key={o.code}>
                  <RegionLink region={o} onSelect={onSelect} /> <RegionTypeBadge type={o.type} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('regions.noOverlaps')}</p>
          )}
        </div>
      )}
    </div>
  );
}
