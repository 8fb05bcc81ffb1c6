import { FirstRunRulesBanner } from '../features/policies/FirstRunRulesBanner';
import { lazy, Suspense, useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { isVillageType } from '../api/types';
import { Alert } from '../components/Alert';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { usePermission } from '../features/auth/session';
import { AddBanjarForm } from '../features/regions/AddBanjarForm';
import { DesaAdatList } from '../features/regions/DesaAdatList';
import { RegionDetails } from '../features/regions/RegionDetails';
import { childrenOf } from '../features/regions/region-index';
import { useRegions } from '../features/regions/regions-context';
import { RegionTree } from '../features/regions/RegionTree';
import { errorMessage } from '../lib/errors';
import { useAsync } from '../lib/useAsync';

const RegionMap = lazy(() => import('../features/regions/RegionMap'));

const NO_CODES: ReadonlySet<string> = new Set();

export function RegionsPage() {
  const { t } = useTranslation();
  const { index, loading, error, reload } = useRegions();
  const canManage = usePermission('regions:manage');
  // The selection lives in the URL (?code=…) so it survives a reload and can be shared.
  const [params, setParams] = useSearchParams();
  const selectedCode = params.get('code');
  const select = useCallback(
    (code: string) => setParams(code ? { code } : {}, { replace: true, preventScrollReset: true }),
    [setParams],
  );

  const detail = useAsync(
    (signal) => (selectedCode ? api.region(selectedCode, signal) : Promise.resolve(undefined)),
    [selectedCode],
  );
  const selectedDetail = detail.data?.code === selectedCode ? detail.data : undefined;
  const selected = selectedCode ? index?.byCode.get(selectedCode) : undefined;
  const selectedType = selected?.type ?? selectedDetail?.type;

  // What the map shows for the selection: the village itself, the village a banjar belongs to,
  // the villages of a kecamatan, or the villages a desa adat overlaps.
  const { mapSelected, mapHighlight } = useMemo(() => {
    if (!selectedCode || !index) return { mapSelected: null, mapHighlight: NO_CODES };
    if (selectedType && isVillageType(selectedType)) return { mapSelected: selectedCode, mapHighlight: NO_CODES };
    if (selectedType === 'banjar') return { mapSelected: selected?.parentCode ?? null, mapHighlight: NO_CODES };
    if (selectedType === 'kecamatan') {
      return {
        mapSelected: null,
        mapHighlight: new Set(childrenOf(index, selectedCode).map((c) => c.code)),
      };
    }
    if (selectedType === 'desa_adat' && selectedDetail) {
      return {
        mapSelected: null,
        mapHighlight: new Set(selectedDetail.overlaps.filter((o) => isVillageType(o.type)).map((o) => o.code)),
      };
    }
    return { mapSelected: null, mapHighlight: NO_CODES };
  }, [selectedCode, selectedType, selected, selectedDetail, index]);

  const showAddBanjar = canManage && selectedDetail !== undefined && isVillageType(selectedDetail.type);

  return (
    <Page title={t('regions.title')} intro={t('regions.intro')} testId="page-regions">
      <FirstRunRulesBanner />
      <div className="regions-layout">
        <div className="regions-map-col">
          <Suspense fallback={<div className="region-map region-map--placeholder" aria-hidden="true" />}>
            <RegionMap selectedCode={mapSelected} highlightCodes={mapHighlight} onSelect={select} />
          </Suspense>
          <section className="panel" aria-labelledby="region-details-title">
            <h2 id="region-details-title" className="panel-title">
              {t('regions.details')}
            </h2>
            {selectedCode ? (
              <RegionDetails
                detail={selectedDetail}
                loading={detail.loading}
                error={detail.error}
                onSelect={select}
              />
            ) : (
              <p className="muted">{t('regions.noSelection')}</p>
            )}
            {showAddBanjar && (
              <AddBanjarForm
                key={selectedDetail.code}
                parentCode={selectedDetail.code}
                parentName={selectedDetail.name}
                onCreated={() => reload()}
              />
            )}
          </section>
        </div>
        <div className="regions-tree-col">
          <section className="panel" aria-labelledby="region-tree-title">
            <h2 id="region-tree-title" className="panel-title">
              {t('regions.tree')}
            </h2>
            {error !== undefined && (
              <Alert kind="error">
                {errorMessage(error, t)}{' '}
                <button type="button" className="btn btn--small" onClick={reload}>
                  {t('common.retry')}
                </button>
              </Alert>
            )}
            {index ? (
              <RegionTree index={index} selectedCode={selectedCode} onSelect={select} />
            ) : (
              loading && <Loading />
            )}
          </section>
          <section className="panel" aria-labelledby="desa-adat-title" data-testid="desa-adat-section">
            <h2 id="desa-adat-title" className="panel-title">
              {t('regions.desaAdat')}
            </h2>
            <p className="muted small">{t('regions.desaAdatIntro')}</p>
            {index ? <DesaAdatList index={index} selectedCode={selectedCode} onSelect={select} /> : loading && <Loading />}
          </section>
        </div>
      </div>
    </Page>
  );
}
