import { sectorCatalogue, type SectorCode, type VenueTypeCode } from '../../../common/reference/sectors.js';
import type { Language } from '../../shared/language.js';
import { reopensText } from '../../shared/opening-text.js';
import { text } from '../../shared/texts.js';
import { brandBlock, escapeHtml, languageSwitch, pageText, publicDocument, type PublicPageSite } from '../../shared/public-page.js';
import type { presentInForce, ZoneOfDay } from './policies.presenter.js';
import { ZONE_COLOURS, type ZoneThresholds } from './zone-colour.js';
import type { ZoneMapShapes } from './zone-map-shapes.js';

/*
 * The public zone page (GET /zona, issue #17): today's zone map and, for a chosen desa, sector and venue type, the
 * rules in force now. Drawn whole by the server with no script: the map's desa are links, the choice is a GET form.
 * The same content, classes and test ids as the web app's page had (PublicZonesPage, ZoneSvgMap, ZoneLegend,
 * RulesInForceCard).
 */

export type PublicZonesField = 'desa' | 'sector' | 'type';

export interface PublicZonesView {
  /** Today's date in the city (YYYY-MM-DD). */
  today: string;
  map: ZoneMapShapes;
  /** Today's zone of every desa/kelurahan. */
  zones: readonly ZoneOfDay[];
  /** The thresholds in force, for the legend. */
  thresholds: ZoneThresholds;
  desa: string | null;
  sector: SectorCode;
  venueType: VenueTypeCode | null;
  /** Choices the page could not use, with what was asked (shown back, escaped). */
  invalid: { field: PublicZonesField; value: string }[];
  rules: ReturnType<typeof presentInForce> | null;
  /** The language switch's address (this page in the other language). */
  switchHref: string;
  /** Carried in the page's own links when the reader chose the language by ?lang=. */
  langParam: Language | null;
}

/** Fill colours of the zones (the web app's ZONE_FILL); a desa with no zone yet is grey. */
const ZONE_FILL: Record<string, string> = { green: '#2e9e5b', yellow: '#f2c94c', orange: '#f2994a', red: '#d64545' };
const NO_ZONE_FILL = '#cfd8d6';

// What the page needs of the zone page's stylesheet (web/features/policies/policies.css), which the app loads only
// with that page's code.
const CSS =
  '.zones-layout{display:grid;grid-template-columns:minmax(0,1.25fr) minmax(0,1fr);gap:1rem;align-items:start}' +
  '@media (max-width:900px){.zones-layout{grid-template-columns:1fr}}' +
  '.zone-map{height:460px;border-radius:var(--radius);border:1px solid var(--border);background:#eef3f2;position:relative;overflow:hidden}' +
  '.zone-map svg{display:block;width:100%;height:100%}.zone-map .zone-polygon{cursor:pointer}.zone-map a:hover .zone-polygon,.zone-map a:focus .zone-polygon{fill-opacity:.8}' +
  '.zone-map a:focus-visible{outline:none}.zone-map a:focus-visible .zone-polygon{stroke:#0b1f1d;stroke-width:3.5}' +
  '.zone-map-attribution{position:absolute;right:0;bottom:0;margin:0;padding:0 .35rem;font-size:.75rem;background:rgb(255 255 255 / 80%);color:var(--text)}' +
  '.zone-legend ul{display:flex;flex-wrap:wrap;gap:.5rem 1rem;list-style:none;padding:0;margin:.75rem 0 .25rem}.zone-legend li{display:flex;align-items:center;gap:.35rem}' +
  '.zone-swatch{display:inline-block;width:1.1rem;height:1.1rem;border-radius:3px;border:1px solid rgba(0,0,0,.2)}' +
  ZONE_COLOURS.map((c) => `.zone-swatch--${c}{background:${ZONE_FILL[c]}}`).join('') +
  '.zone-badge{display:inline-block;padding:.05rem .55rem;border-radius:999px;font-size:.85rem;font-weight:600;border:1px solid rgba(0,0,0,.15);white-space:nowrap}' +
  '.zone-badge--green{background:#1f7a45;color:#fff}.zone-badge--yellow{background:#f2c94c;color:#3d2e00}.zone-badge--orange{background:#f2994a;color:#3b1d00}' +
  '.zone-badge--red{background:#b3261e;color:#fff}.zone-badge--unknown{background:#e5e9e8;color:var(--muted)}' +
  '.zone-summary{margin:.75rem 0}.rules-for{margin-top:1rem}.rules-card{border-top:1px solid var(--border);padding-top:.5rem}' +
  '.rules-verdict{font-size:1.15rem;font-weight:700;margin:.25rem 0;padding:.5rem .75rem;border-radius:var(--radius)}' +
  '.rules-verdict--open{background:var(--success-soft);color:var(--success)}.rules-verdict--closed{background:var(--danger-soft);color:var(--danger)}' +
  '.rules-subtitle{margin-top:1rem;font-size:1rem}.rules-measures,.rules-sources{margin:.25rem 0 0;padding-left:1.25rem}';

/** "2026-12-01" → "1 Des 2026" / "1 Dec 2026" (the web app's formatDate). */
function formatDate(date: string, lang: Language): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(d);
}

export function renderPublicZonesPage(site: PublicPageSite, view: PublicZonesView, lang: Language): string {
  const t = pageText(site, lang);
  const zoneName = (colour: string | null | undefined) => t(colour === 'green' || colour === 'yellow' || colour === 'orange' || colour === 'red' ? `policies.colours.${colour}` : 'policies.colours.unknown');
  const badge = (colour: string | null | undefined) => `<span class="zone-badge zone-badge--${isKnownColour(colour) ? colour : 'unknown'}">${zoneName(colour)}</span>`;
  // Names as plain text (a parameter of a catalogue text is escaped with it): escape where they go in as they are.
  const sectorName = (code: SectorCode) => text(lang, `sectors.${code}`);
  const typeName = (code: VenueTypeCode) => text(lang, `venueTypes.${code}`);
  const byCode = new Map(view.zones.map((z) => [z.regionCode, z]));
  const selectedZone = view.desa ? byCode.get(view.desa) : undefined;

  // ---- the map: one link per desa, to this page with that desa chosen ----
  const desaHref = (code: string) => {
    const q = new URLSearchParams({ desa: code, sector: view.sector });
    if (view.venueType) q.set('type', view.venueType);
    if (view.langParam) q.set('lang', view.langParam);
    return `/zona?${q.toString()}`;
  };
  // The chosen desa last, so its dark outline is drawn over its neighbours'.
  const ordered = [...view.map.shapes].sort((a, b) => Number(a.code === view.desa) - Number(b.code === view.desa));
  const paths = ordered
    .map(({ code, name, d }) => {
      const zone = byCode.get(code);
      const selected = code === view.desa;
      const title = zone ? `${escapeHtml(zone.name)}: ${zoneName(zone.colour)} · ${t('policies.public.activeCases', { count: zone.activeCases })}` : escapeHtml(name);
      return (
        // The title names the link (and is its tooltip).
        `<a href="${escapeHtml(desaHref(code))}"${selected ? ' aria-current="true"' : ''}><title>${title}</title>` +
        `<path d="${d}" class="zone-polygon${selected ? ' is-selected' : ''}" data-code="${escapeHtml(code)}" data-colour="${zone ? zone.colour : 'unknown'}"` +
        ` fill="${zone ? ZONE_FILL[zone.colour] : NO_ZONE_FILL}" stroke="${selected ? '#0b1f1d' : '#ffffff'}" stroke-width="${selected ? 3.5 : 1.5}" stroke-linejoin="round"></path></a>`
      );
    })
    .join('');
  const map =
    `<div class="map-wrap"><div class="zone-map zone-map--svg" data-testid="zone-map" role="region" aria-label="${t('policies.public.map')}">` +
    (view.map.shapes.length > 0 ? `<svg viewBox="${view.map.viewBox}" aria-label="${t('policies.public.map')}">${paths}</svg>` : '') +
    `<p class="zone-map-attribution">${t('regions.boundaryAttribution')}</p></div></div>`;

  // ---- the legend (ZoneLegend) ----
  const { yellowFrom: y, orangeFrom: o, redFrom: r } = view.thresholds;
  const legend =
    `<div class="zone-legend" role="group" aria-label="${t('policies.public.legend')}"><ul>` +
    ZONE_COLOURS.map((c) => `<li><span class="zone-swatch zone-swatch--${c}" aria-hidden="true"></span>${zoneName(c)}</li>`).join('') +
    `</ul><p class="muted small">${t('policies.public.thresholds', { yellow: y, orangeMinus: o - 1, orange: o, redMinus: r - 1, red: r })}</p></div>`;

  // ---- the choice: a GET form ----
  const fieldKey = { desa: 'policies.public.desa', sector: 'policies.public.sector', type: 'policies.public.venueType' } as const;
  const fieldLabel = (field: PublicZonesField) => text(lang, fieldKey[field]);
  const invalidOf = (field: PublicZonesField) => view.invalid.some((i) => i.field === field);
  const select = (field: PublicZonesField, id: string, options: string) =>
    `<div class="field${invalidOf(field) ? ' field--invalid' : ''}"><label for="${id}">${escapeHtml(fieldLabel(field))}</label>` +
    `<select id="${id}" name="${field}" data-testid="${id}"${invalidOf(field) ? ' aria-invalid="true"' : ''}>${options}</select></div>`;
  const option = (value: string, label: string, selected: boolean) => `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${label}</option>`;
  const sortedZones = [...view.zones].sort((a, b) => a.name.localeCompare(b.name, 'id'));
  const catalogue = sectorCatalogue();
  const sectorInfo = catalogue.find((s) => s.code === view.sector);
  const form =
    `<form class="form form--compact" method="get" action="/zona">` +
    (view.langParam ? `<input type="hidden" name="lang" value="${view.langParam}">` : '') +
    select('desa', 'public-desa', option('', t('policies.public.chooseDesa'), !view.desa) + sortedZones.map((z) => option(z.regionCode, escapeHtml(z.name), z.regionCode === view.desa)).join('')) +
    select('sector', 'public-sector', catalogue.map((s) => option(s.code, `${s.ordinal}. ${escapeHtml(sectorName(s.code))}`, s.code === view.sector)).join('')) +
    select('type', 'public-type', option('', t('policies.public.anyVenueType'), !view.venueType) + (sectorInfo?.venueTypes ?? []).map((v) => option(v.code, escapeHtml(typeName(v.code)), v.code === view.venueType)).join('')) +
    `<div class="form-actions"><button type="submit" class="btn btn--primary" data-testid="public-zones-submit">${t('policies.public.submit')}</button></div></form>`;

  const problems = view.invalid
    .map(({ field, value }) => {
      // Inside an English sentence the label reads in lower case ("Unknown sector").
      const label = lang === 'en' ? fieldLabel(field).toLowerCase() : fieldLabel(field);
      return `<div class="alert alert--error" role="alert" data-testid="public-zones-invalid" data-field="${field}">${t('policies.public.invalidChoice', { field: label, value: value.slice(0, 60) })}</div>`;
    })
    .join('');

  const summary = selectedZone
    ? `<p class="zone-summary" data-testid="zone-summary"><strong>${escapeHtml(selectedZone.name)}</strong> ${badge(selectedZone.colour)} ` +
      (selectedZone.countDate
        ? `${t('policies.public.activeCases', { count: selectedZone.activeCases })} (${t('policies.public.countOf', { date: formatDate(selectedZone.countDate, lang) })})`
        : t('policies.public.noCount')) +
      '</p>'
    : '';

  const rules =
    view.desa && view.rules
      ? `<h3 class="rules-for">${t('policies.public.rulesFor', { sector: view.venueType ? typeName(view.venueType) : sectorName(view.sector), desa: selectedZone?.name ?? view.desa })}</h3>` +
        rulesCard(view.rules, lang, t, badge, site.zoneLabel)
      : '';

  const body =
    '<div class="public-zones"><header class="public-header">' +
    brandBlock(lang, false) +
    `<div class="public-header-actions">${languageSwitch(lang, view.switchHref)}` +
    `<a href="/open-data?lang=${lang}" class="btn btn--ghost" data-testid="open-data-link">${t('policies.public.openDataLink')}</a>` +
    `<a href="/login" class="btn btn--ghost" data-testid="staff-login-link">${t('policies.public.staffLogin')}</a></div></header>` +
    `<main id="main" class="public-main" data-testid="page-public-zones"><h1>${t('policies.public.title')}</h1><p class="page-intro">${t('policies.public.intro')}</p>` +
    '<div class="zones-layout">' +
    `<section class="panel" aria-labelledby="zones-map-title"><h2 id="zones-map-title" class="panel-title">${t('policies.public.zonesOf', { date: formatDate(view.today, lang) })}</h2>${map}${legend}</section>` +
    `<section class="panel" aria-labelledby="rules-title"><h2 id="rules-title" class="panel-title">${t('policies.public.rulesNow')}</h2>` +
    problems +
    form +
    (view.desa ? '' : `<p class="muted">${t('policies.public.pickDesa')}</p>`) +
    summary +
    rules +
    '</section></div></main></div>';

  const plain = (key: 'policies.public.title' | 'policies.public.intro') => text(lang, key, { city: site.cityName, zone: site.zoneLabel });
  return publicDocument(site, { lang, title: plain('policies.public.title'), description: plain('policies.public.intro'), css: CSS, body });
}

function isKnownColour(colour: string | null | undefined): colour is string {
  return colour === 'green' || colour === 'yellow' || colour === 'orange' || colour === 'red';
}

/** The answer of the rules in force, as the web app's RulesInForceCard shows it. */
function rulesCard(answer: ReturnType<typeof presentInForce>, lang: Language, t: ReturnType<typeof pageText>, badge: (colour: string | null) => string, zone: string): string {
  const en = lang === 'en';
  const reason = en ? answer.reasonEn : answer.reasonId;
  const measures = answer.measures.map((m) => (en ? (m.measuresEn ?? m.measuresId) : (m.measuresId ?? m.measuresEn))).filter((m): m is string => !!m);
  const reopens = answer.open ? null : reopensText(lang, answer.opening, zone);
  const windows = answer.closed
    ? t('policies.ruleSets.closed')
    : answer.windows.length === 0
      ? t('policies.rules.noTimeLimit')
      : answer.windows.map((w) => `${t('policies.rules.windowValue', { from: w.from, until: w.until })}${w.crossesMidnight ? ` (${t('policies.rules.crossesMidnight')})` : ''}`).join(', ');
  const fact = (label: string, value: string) => `<div><dt>${label}</dt><dd>${value}</dd></div>`;
  return (
    '<div class="rules-card" data-testid="rules-in-force">' +
    `<p class="rules-verdict rules-verdict--${answer.open ? 'open' : 'closed'}" data-testid="rules-verdict">${t(answer.open ? 'policies.rules.openNow' : 'policies.rules.closedNow')}</p>` +
    (reopens !== null ? `<p class="small" data-testid="rules-reopens">${escapeHtml(reopens)}</p>` : '') +
    `<p class="muted small">${t('policies.rules.localTime', { time: answer.localTime })}${reason && answer.restricted ? ` · ${escapeHtml(reason)}` : ''}</p>` +
    (!answer.restricted
      ? `<p>${t('policies.rules.unrestricted')}</p>`
      : '<dl class="facts rules-facts">' +
        fact(t('policies.rules.zone'), badge(answer.zoneColour)) +
        fact(
          t('policies.rules.window'),
          windows + (answer.open && answer.opening.closesAt ? `<span class="muted small"> · ${t('policies.rules.closesAt', { time: answer.opening.closesAt })}</span>` : ''),
        ) +
        fact(t('policies.rules.capacity'), t('policies.rules.capacityValue', { value: answer.capacityPercent })) +
        fact(t('policies.rules.dineIn'), t(answer.dineIn === null ? 'policies.rules.dineInUnspecified' : answer.dineIn ? 'policies.rules.dineInAllowed' : 'policies.rules.dineInNotAllowed')) +
        fact(t('policies.rules.maxVisit'), answer.maxVisitMinutes === null ? t('policies.rules.noMax') : t('policies.rules.minutes', { count: answer.maxVisitMinutes })) +
        '</dl>') +
    (measures.length > 0 ? `<h3 class="rules-subtitle">${t('policies.rules.measures')}</h3><ul class="rules-measures">${measures.map((m) => `<li>${escapeHtml(m)}</li>`).join('')}</ul>` : '') +
    (answer.sources.length > 0
      ? `<h3 class="rules-subtitle">${t('policies.rules.sources')}</h3><ul class="rules-sources" data-testid="rules-sources">` +
        answer.sources.map((s) => `<li>${escapeHtml(s.legalBasis)} <span class="muted small">(${t(s.kind === 'village_pkm' ? 'policies.rules.kinds.village_pkm' : 'policies.rules.kinds.city')})</span></li>`).join('') +
        '</ul>'
      : '') +
    '</div>'
  );
}
