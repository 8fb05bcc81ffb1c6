import { useEffect, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useUrlState } from '../../lib/useUrlState';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { SelectField, TextField } from '../../components/Field';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Loading } from '../../components/Loading';
import { errorMessage } from '../../lib/errors';
import { timeZoneAbbreviation } from '../../lib/format';
import { openingLine } from '../../lib/opening';
import { usePublicConfig } from '../config/public-config';
import { useAsync } from '../../lib/useAsync';
import { venuesApi, type PublicVenueSummary } from './api';
import { ComplianceBadge, labelOf, useLang, useSectors, useVillages } from './common';

function PublicLayout({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  return (
    <div className="public-screen">
      <div className="public-top">
        <Link to="/tempat" className="brand-block">
          <strong>{t('app.name')}</strong>
        </Link>
        <div className="poster-actions">
          <LanguageSwitch />
          <Link to="/login" className="btn btn--ghost">{t('venues.public.login')}</Link>
        </div>
      </div>
      <main id="main" className="page">
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}

/** Public (no login): verified venues, searchable by desa, sector and name. */
export function PublicVenuesPage() {
  const { t } = useTranslation();
  const lng = useLang();
  const [params, setUrl] = useUrlState();
  const region = params.get('desa') ?? '';
  const sector = params.get('sektor') ?? '';
  const [q, setQ] = useState(params.get('q') ?? '');
  const villages = useVillages();
  const sectors = useSectors();
  const [extra, setExtra] = useState<{ items: PublicVenueSummary[]; cursor: string | null }>({ items: [], cursor: null });
  const list = useAsync(
    (signal) => venuesApi.publicList({ region: region || undefined, sector: sector || undefined, q: params.get('q') || undefined }, signal),
    [region, sector, params.get('q')],
  );
  useEffect(() => setExtra({ items: [], cursor: null }), [list.data]);
  const update = (key: string, value: string) => setUrl({ [key]: value });
  const items = [...(list.data?.items ?? []), ...extra.items];
  const cursor = extra.cursor ?? list.data?.nextCursor ?? null;

  async function more() {
    if (!cursor) return;
    const page = await venuesApi.publicList({ region: region || undefined, sector: sector || undefined, q: params.get('q') || undefined, cursor });
    setExtra((e) => ({ items: [...e.items, ...page.items], cursor: page.nextCursor }));
  }

  return (
    <PublicLayout title={t('venues.public.title')}>
      <p className="page-intro">{t('venues.public.intro')}</p>
      <form className="filters" onSubmit={(e) => { e.preventDefault(); update('q', q.trim()); }} data-testid="public-venue-filters">
        <SelectField id="public-desa" testId="public-desa" label={t('venues.form.region')} value={region} onChange={(e) => update('desa', e.target.value)}>
          <option value="">{t('venues.public.allDesa')}</option>
          {(villages.data ?? []).map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}
        </SelectField>
        <SelectField id="public-sector" testId="public-sector" label={t('venues.form.sector')} value={sector} onChange={(e) => update('sektor', e.target.value)}>
          <option value="">{t('venues.public.allSectors')}</option>
          {(sectors.data ?? []).map((s) => <option key={s.code} value={s.code}>{lng === 'en' ? s.labelEn : s.labelId}</option>)}
        </SelectField>
        <TextField id="public-q" testId="public-q" label={t('venues.public.search')} value={q} onChange={(e) => setQ(e.target.value)} onBlur={() => update('q', q.trim())} />
      </form>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <Alert kind="error">{errorMessage(list.error, t)}</Alert>}
      {list.data && items.length === 0 && <p className="muted">{t('venues.public.empty')}</p>}
      <ul className="venue-list" data-testid="public-venue-list">
        {items.map((v) => (
          <li key={v.id} className="venue-card" data-testid="public-venue-card">
            <div className="venue-card-head">
              <h2><Link to={`/tempat/${v.id}`}>{v.name}</Link></h2>
              <ComplianceBadge badge={v.compliance.badge} score={v.compliance.score} />
            </div>
            <p className="venue-meta">{labelOf(v.typeLabel, lng)} · {v.regionName}</p>
            <p className="venue-meta">{v.address}</p>
          </li>
        ))}
      </ul>
      {cursor && <button type="button" className="btn load-more" onClick={() => void more()}>{t('common.loadMore')}</button>}
    </PublicLayout>
  );
}

const ZONES = ['green', 'yellow', 'orange', 'red'] as const;

/** Public (no login): one venue, its desa's zone colour, the rules in force now and its compliance badge. */
export function PublicVenuePage() {
  const { t } = useTranslation();
  const tz = timeZoneAbbreviation(usePublicConfig().config.timeZone);
  const lng = useLang();
  const { id = '' } = useParams();
  const venue = useAsync((signal) => venuesApi.publicVenue(id, signal), [id]);
  const v = venue.data;
  const zone = v?.zoneColour && (ZONES as readonly string[]).includes(v.zoneColour) ? (v.zoneColour as (typeof ZONES)[number]) : null;
  return (
    <PublicLayout title={v?.name ?? t('venues.public.title')}>
      <p className="page-intro">{t('venues.public.venueIntro')}</p>
      {venue.loading && !v && <Loading />}
      {venue.error !== undefined && <Alert kind="error">{errorMessage(venue.error, t)}</Alert>}
      {v && (
        <div className="venue-grid" data-testid="public-venue">
          <section className="panel">
            <p className="venue-meta">{labelOf(v.sectorLabel, lng)} · {labelOf(v.typeLabel, lng)}</p>
            <p>{v.address}</p>
            <p className="venue-meta">{t(v.regionType === 'kelurahan' ? 'venues.public.inKelurahan' : 'venues.public.inDesa', { name: v.regionName })}{v.kecamatanName ? ` · Kec. ${v.kecamatanName}` : ''}</p>
            {v.status === 'suspended' && <Alert kind="error" testId="public-venue-suspended">{t('venues.public.suspended')}</Alert>}
            <p>
              {t('venues.public.zone')}:{' '}
              <span className={`zone-pill zone-pill--${zone ?? 'unknown'}`} data-testid="public-venue-zone">{zone ? t(`venues.zone.${zone}`) : t('venues.public.zoneUnknown')}</span>
            </p>
          </section>
          <section className="panel" data-testid="public-venue-rules">
            <h2 className="panel-title">{t('venues.public.rulesNow')}</h2>
            {!v.rules ? <p className="muted">{t('venues.public.noRules')}</p> : (
              <>
                {/* A zone colour with no rule behind it is said plainly: "Merah" beside nothing would read as a restriction. */}
                {!v.rules.restricted && (
                  <p data-testid="public-venue-unrestricted">
                    {zone ? t('venues.public.zoneNoRestriction', { colour: t(`venues.zone.${zone}`) }) : t('venues.public.unrestrictedNoZone')}
                  </p>
                )}
                <p className={v.rules.open ? 'status status--on' : 'status status--off'} data-testid="public-venue-open">{v.rules.open ? t('venues.public.openNow') : t('venues.public.closedNow')}</p>
                <p className="muted" data-testid="public-venue-opening">{openingLine(t, v.rules.opening, tz)}</p>
                {(lng === 'en' ? v.rules.reasonEn : v.rules.reasonId) && <p className="muted">{lng === 'en' ? v.rules.reasonEn : v.rules.reasonId}</p>}
                <ul>
                  <li>{t('venues.public.window')}: {v.rules.window ? `${v.rules.window.from}–${v.rules.window.until} ${tz}` : v.rules.closed ? t('common.none') : t('venues.public.allDay')}</li>
                  <li>{t('venues.public.capacity', { count: v.rules.maxVisitors, percent: v.rules.capacityPercent })}</li>
                  {v.openingHours && <li>{t('venues.public.ownHours', { from: v.openingHours.from, until: v.openingHours.until })}</li>}
                </ul>
                {v.rules.sources.length > 0 && <p className="muted small">{t('venues.public.basis')}: {v.rules.sources.map((s) => s.legalBasis).join('; ')}</p>}
              </>
            )}
          </section>
          <section className="panel">
            <h2 className="panel-title">{t('venues.compliance.title')}</h2>
            <ComplianceBadge badge={v.compliance.badge} score={v.compliance.score} reasons={v.compliance.reasons} />
          </section>
        </div>
      )}
    </PublicLayout>
  );
}
