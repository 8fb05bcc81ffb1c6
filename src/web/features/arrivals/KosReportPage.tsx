import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { RegionSummary } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { KosBatchForm } from './KosBatchForm';
import { CardScreen } from '../../components/CardScreen';
import './lapor-diri.css';

/** Today in the city (WITA): the form's default arrival date. */
function todayInCity(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Public: a kos (boarding house) owner reports several tenants at once (/lapor-diri/kos). The newcomer's own report,
 * /lapor-diri, is drawn by the server without script (modules/arrivals/arrival-report-page.ts): "Saya sendiri" is a
 * plain link that loads it whole, and this card matches it.
 */
export function KosReportPage() {
  const { t } = useTranslation();
  const regions = useAsync((signal) => api.regions({}, signal), []);
  const villages = useMemo(
    () => (regions.data ?? []).filter((r: RegionSummary) => r.type === 'desa' || r.type === 'kelurahan').sort((a, b) => a.name.localeCompare(b.name)),
    [regions.data],
  );

  useEffect(() => {
    document.title = `${t('arrivals.kos.title')} · ${t('app.name')}`;
  }, [t]);

  return (
    <CardScreen>
      <nav className="ld-mode" aria-label={t('arrivals.kos.who')}>
        {/* A plain link, not the router's: the server draws /lapor-diri. */}
        <a className="btn btn--small" href="/lapor-diri" data-testid="arrival-mode-self">
          {t('arrivals.kos.self')}
        </a>
        <a className="btn btn--small btn--primary" href="/lapor-diri/kos" aria-current="page" data-testid="arrival-mode-kos">
          {t('arrivals.kos.owner')}
        </a>
      </nav>
      <KosBatchForm villages={villages} today={todayInCity()} loadingRegions={regions.loading} />
    </CardScreen>
  );
}
