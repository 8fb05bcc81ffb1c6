import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { RegionDetail } from '../../api/types';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Loading';
import { isVillageType } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import type { RegionIndex } from './region-index';

interface DesaAdatListProps {
  index: RegionIndex;
  selectedCode: string | null;
  onSelect: (code: string) => void;
}

/** Desa adat (customary villages) with the desa/kelurahan each overlaps: a second view next to the tree. */
export function DesaAdatList({ index, selectedCode, onSelect }: DesaAdatListProps) {
  const { t } = useTranslation();
  const codes = index.desaAdat.map((r) => r.code);
  // A handful of desa adat: one detail request each, in parallel. A failure leaves that row without overlaps.
  const details = useAsync(
    async (signal) => {
      const results = await Promise.allSettled(codes.map((code) => api.region(code, signal)));
      const byCode = new Map<string, RegionDetail>();
      results.forEach((r) => {
        if (r.status === 'fulfilled') byCode.set(r.value.code, r.value);
      });
      if (byCode.size === 0 && results.length > 0) {
        const first = results[0];
        if (first?.status === 'rejected') throw first.reason as Error;
      }
      return byCode;
    },
    [codes.join('|')],
  );

  if (index.desaAdat.length === 0) return <p className="muted">{t('regions.noDesaAdat')}</p>;

  return (
    <>
      {details.error !== undefined && <Alert kind="error">{errorMessage(details.error, t)}</Alert>}
      <ul className="adat-list" data-testid="desa-adat-list">
        {index.desaAdat.map((region) => {
          const detail = details.data?.get(region.code);
          const overlaps = detail?.overlaps.filter((o) => isVillageType(o.type)) ?? [];
          const selected = region.code === selectedCode;
          return (
            <li key={region.code} className={selected ? 'adat-item is-selected' : 'adat-item'} data-code={region.code}>
              <button
                type="button"
                className="tree-label"
                aria-current={selected ? 'true' : undefined}
                onClick={() => onSelect(region.code)}
              >
                {region.name}
              </button>
              <div className="adat-overlaps">
                <span className="muted">{t('regions.overlapsWith')}</span>{' '}
                {!detail ? (
                  details.loading ? (
                    <span className="muted">…</span>
                  ) : (
                    <span className="muted">{t('regions.noOverlaps')}</span>
                  )
                ) : overlaps.length > 0 ? (
                  overlaps.map((o, i) => (
                    <span key={o.code}>
                      {i > 0 && ', '}
                      <button type="button" className="link-button" onClick={() => onSelect(o.code)}>
                        {o.name}
                      </button>
                    </span>
                  ))
                ) : (
                  <span className="muted">{t('regions.noOverlaps')}</span>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {details.loading && !details.data && <Loading />}
    </>
  );
}
