import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useUrlState } from '../../lib/useUrlState';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Brand } from '../../components/Brand';
import { SelectField } from '../../components/Field';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Loading } from '../../components/Loading';
import { errorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import { policiesApi } from './api';
import { formatDate, sectorLabel, todayInDenpasar } from './labels';
import { RulesInForceCard } from './RulesInForceCard';
import { ZoneBadge } from './ZoneBadge';
import { ZoneLegend } from './ZoneLegend';
import ZoneSvgMap from './ZoneSvgMap';
import './policies.css';


/** Public page (no login): today's zone map and, for a chosen desa and sector, the rules in force now. */
export function PublicZonesPage() {
  const { t, i18n } = useTranslation();
  const [params, set] = useUrlState();
  const desa = params.get('desa');
  const sector = params.get('sector') ?? 'trade';
  const venueType = params.get('type') ?? '';

  useEffect(() => {
    document.title = `${t('policies.public.title')} · ${t('app.name')}`;
  }, [t]);

  const today = todayInDenpasar();
  const zones = useAsync((signal) => policiesApi.zones(undefined, signal), []);
  const sectors = useAsync((signal) => policiesApi.sectors(signal), []);
  const thresholds = useAsync((signal) => policiesApi.thresholds(signal), []);
  const [refresh, setRefresh] = useState(0);
  const answer = useAsync(
    (signal) => (desa ? policiesApi.inForce({ region: desa, sector, venueType: venueType || undefined }, signal) : Promise.resolve(undefined)),
    [desa, sector, venueType, refresh, i18n.language],
  );
  // "Now" moves on: ask again every minute while the page is open.
  useEffect(() => {
    const timer = setInterval(() => setRefresh((n) => n + 1), 60_000);
    return () => clearInterval(timer);
  }, []);

  const sortedZones = useMemo(() => [...(zones.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'id')), [zones.data]);
  const selectedZone = zones.data?.find((z) => z.regionCode === desa);
  const sectorInfo = sectors.data?.find((s) => s.code === sector);

  return (
    <div className="public-zones">
      <header className="public-header">
        <Brand />
        <div className="public-header-actions">
          <LanguageSwitch />
          <a href="/open-data" className="btn btn--ghost" data-testid="open-data-link">
            {t('policies.public.openDataLink')}
          </a>
          <Link to="/login" className="btn btn--ghost" data-testid="staff-login-link">
            {t('policies.public.staffLogin')}
          </Link>
        </div>
      </header>
      <main id="main" className="public-main" data-testid="page-public-zones">
        <h1>{t('policies.public.title')}</h1>
        <p className="page-intro">{t('policies.public.intro')}</p>
        {zones.error !== undefined && <Alert kind="error">{errorMessage(zones.error, t)}</Alert>}
        <div className="zones-layout">
          <section className="panel" aria-labelledby="zones-map-title">
            <h2 id="zones-map-title" className="panel-title">
              {t('policies.public.zonesOf', { date: formatDate(today, i18n.language) })}
            </h2>
            <ZoneSvgMap zones={zones.data} selectedCode={desa} onSelect={(code) => set({ desa: code })} />
            <ZoneLegend thresholds={thresholds.data} />
          </section>
          <section className="panel" aria-labelledby="rules-title">
            <h2 id="rules-title" className="panel-title">
              {t('policies.public.rulesNow')}
            </h2>
            <div className="form form--compact">
              <SelectField id="public-desa" testId="public-desa" label={t('policies.public.desa')} value={desa ?? ''} onChange={(e) => set({ desa: e.target.value || null })}>
                <option value="">{t('policies.public.chooseDesa')}</option>
                {sortedZones.map((z) => (
                  <option key={z.regionCode} value={z.regionCode}>
                    {z.name}
                  </option>
                ))}
              </SelectField>
              <SelectField id="public-sector" testId="public-sector" label={t('policies.public.sector')} value={sector} onChange={(e) => set({ sector: e.target.value, type: null })}>
                {(sectors.data ?? []).map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.ordinal}. {i18n.language === 'en' ? s.labelEn : s.labelId}
                  </option>
                ))}
              </SelectField>
              <SelectField id="public-type" testId="public-type" label={t('policies.public.venueType')} value={venueType} onChange={(e) => set({ type: e.target.value || null })}>
                <option value="">{t('policies.public.anyVenueType')}</option>
                {(sectorInfo?.venueTypes ?? []).map((v) => (
                  <option key={v.code} value={v.code}>
                    {i18n.language === 'en' ? v.labelEn : v.labelId}
                  </option>
                ))}
              </SelectField>
            </div>
            {!desa && <p className="muted">{t('policies.public.pickDesa')}</p>}
            {selectedZone && (
              <p className="zone-summary" data-testid="zone-summary">
                <strong>{selectedZone.name}</strong> <ZoneBadge colour={selectedZone.colour} />{' '}
                {selectedZone.countDate
                  ? `${t('policies.public.activeCases', { count: selectedZone.activeCases })} (${t('policies.public.countOf', { date: formatDate(selectedZone.countDate, i18n.language) })})`
                  : t('policies.public.noCount')}
              </p>
            )}
            {desa && answer.loading && !answer.data && <Loading />}
            {answer.error !== undefined && <Alert kind="error">{errorMessage(answer.error, t)}</Alert>}
            {desa && answer.data && (
              <>
                <h3 className="rules-for">
                  {t('policies.public.rulesFor', { sector: sectorLabel(sectors.data, venueType || sector, i18n.language), desa: selectedZone?.name ?? desa })}
                </h3>
                <RulesInForceCard answer={answer.data} />
              </>
            )}
          </section>
        </div>
      </main>
    </div>
  );
}
