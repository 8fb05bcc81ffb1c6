import { SECTORS } from '../../../common/reference/sectors.js';
import type { Language } from '../../shared/language.js';
import { openingText } from '../../shared/opening-text.js';
import { sectorLabel } from '../../shared/reference-labels.js';
import { escapeHtml as esc, languageSwitch, pageText, publicDocument, type PublicPageSite } from '../../shared/public-page.js';
import { text } from '../../shared/texts.js';
import type { createPublicPagesService } from './public-pages.service.js';

/*
 * The public venue list /tempat and a venue's page /tempat/{id} (issue #17), drawn whole by the server with no script
 * (shared/public-page.ts says why). Same content, classes and test ids as the web app's pages they replace: the
 * filters are a GET form, "more" is a link to the next page. Texts from the catalogue's `venues.public`.
 */

type PublicPages = ReturnType<typeof createPublicPagesService>;
export type PublicVenueList = Awaited<ReturnType<PublicPages['publicList']>>;
export type PublicVenue = Awaited<ReturnType<PublicPages['publicVenue']>>;

/** What this page needs of venues.css (the web app's page chunk, which these pages do not load). */
const CSS =
  '.compliance{display:flex;flex-direction:column;gap:.35rem}.compliance-badge{display:inline-block;align-self:flex-start;padding:.2rem .75rem;border-radius:999px;font-weight:700;color:#fff}' +
  '.compliance-badge--green{background:#1e7e34}.compliance-badge--yellow{background:#f2c200;color:#1a1a1a}.compliance-badge--red{background:#b42318}.compliance-badge--grey{background:#6b7280}' +
  '.compliance-reasons{margin:0;padding-left:1.2rem;font-size:.92rem}.venue-grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));align-items:start}' +
  '.venue-list{list-style:none;margin:0;padding:0;display:grid;gap:.6rem}.venue-card{background:var(--surface);border:1px solid var(--border);border-radius:var(--radius);padding:.75rem 1rem;display:grid;gap:.25rem}' +
  '.venue-card h2{margin:0;font-size:1.05rem}.venue-card-head{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between}.venue-meta{color:var(--muted);font-size:.92rem;margin:0}' +
  '.zone-pill{display:inline-block;padding:.1rem .6rem;border-radius:999px;font-weight:600;color:#fff}.zone-pill--green{background:#1e7e34}.zone-pill--yellow{background:#f2c200;color:#1a1a1a}' +
  '.zone-pill--orange{background:#e8590c}.zone-pill--red{background:#b42318}.zone-pill--unknown{background:#6b7280}.filters{display:flex;gap:.75rem}.filters-submit{align-self:flex-end}';

const ZONES = ['green', 'yellow', 'orange', 'red'] as const;
const BADGES = ['green', 'yellow', 'red', 'grey'] as const;

export interface VenuePageFrame {
  site: PublicPageSite;
  lang: Language;
  /** This page in the other language. */
  otherLanguageHref: string;
}

/** PublicLayout of the web app: the product's name (to the list), the language switch, log-in; the title. */
function layout(frame: VenuePageFrame, title: string, intro: string, content: string): string {
  const t = pageText(frame.site, frame.lang);
  const body =
    `<div class="public-screen"><div class="public-top"><a href="/tempat" class="brand-block"><strong>${t('app.name')}</strong></a>` +
    `<div class="poster-actions">${languageSwitch(frame.lang, frame.otherLanguageHref)}<a href="/login" class="btn btn--ghost">${t('venues.public.login')}</a></div></div>` +
    `<main id="main" class="page"><h1>${esc(title)}</h1><p class="page-intro">${intro}</p>${content}</main></div>`;
  return publicDocument(frame.site, { lang: frame.lang, title, description: text(frame.lang, 'venues.public.intro'), css: CSS, body });
}

function complianceBadge(lang: Language, compliance: { badge: string; score: number | null; reasons?: { id: string; en: string; weight: number }[] }): string {
  const known = (BADGES as readonly string[]).includes(compliance.badge) ? (compliance.badge as (typeof BADGES)[number]) : 'grey';
  const reasons = compliance.reasons ?? [];
  return (
    `<div class="compliance" data-testid="compliance"><span class="compliance-badge compliance-badge--${known}" data-badge="${known}">${esc(text(lang, `venues.badge.${known}`))}` +
    (compliance.score !== null ? `<span class="compliance-score"> · ${compliance.score}/100</span>` : '') +
    '</span>' +
    (reasons.length > 0
      ? `<ul class="compliance-reasons" aria-label="${esc(text(lang, 'venues.compliance.reasons'))}">${reasons
          .map((r) => `<li>${esc(lang === 'en' ? r.en : r.id)}${r.weight !== 0 ? ` <span class="muted">(${r.weight > 0 ? '+' : ''}${r.weight})</span>` : ''}</li>`)
          .join('')}</ul>`
      : '') +
    '</div>'
  );
}

const option = (value: string, label: string, selected: string) => `<option value="${esc(value)}"${value === selected ? ' selected' : ''}>${esc(label)}</option>`;

export interface VenueListView extends VenuePageFrame {
  villages: readonly { code: string; name: string }[];
  filter: { desa: string; sektor: string; q: string };
  list: PublicVenueList | null;
  /** The next page's address, when there is one. */
  nextHref: string | null;
  /** A refused filter: its field and message, in the page's language. */
  problem: { field: string; message: string } | null;
}

export function renderVenueList(view: VenueListView): string {
  const { lang } = view;
  const t = pageText(view.site, lang);
  const invalid = (field: string) => (view.problem?.field === field ? ` aria-invalid="true" aria-describedby="public-${field}-error"` : '');
  const fieldError = (field: string) => (view.problem?.field === field ? `<p class="field-error" id="public-${field}-error" data-testid="public-${field}-error">${esc(view.problem.message)}</p>` : '');
  const field = (name: string, cls: string) => `<div class="field${view.problem?.field === name ? ' field--invalid' : ''}${cls}">`;
  const form =
    '<form class="filters" method="get" action="/tempat" data-testid="public-venue-filters">' +
    `${field('desa', '')}<label for="public-desa">${t('venues.form.region')}</label><select id="public-desa" name="desa" data-testid="public-desa"${invalid('desa')}>` +
    option('', text(lang, 'venues.public.allDesa'), view.filter.desa) +
    view.villages.map((v) => option(v.code, v.name, view.filter.desa)).join('') +
    `</select>${fieldError('desa')}</div>` +
    `${field('sektor', '')}<label for="public-sector">${t('venues.form.sector')}</label><select id="public-sector" name="sektor" data-testid="public-sector"${invalid('sektor')}>` +
    option('', text(lang, 'venues.public.allSectors'), view.filter.sektor) +
    SECTORS.map((s) => option(s.code, sectorLabel(s.code)[lang], view.filter.sektor)).join('') +
    `</select>${fieldError('sektor')}</div>` +
    `${field('q', '')}<label for="public-q">${t('venues.public.search')}</label><input id="public-q" name="q" type="search" maxlength="100" value="${esc(view.filter.q)}" data-testid="public-q"${invalid('q')}>${fieldError('q')}</div>` +
    `<button type="submit" class="btn btn--primary filters-submit" data-testid="public-venue-search">${t('venues.public.apply')}</button>` +
    '</form>';
  const items = view.list?.items ?? [];
  const cards = items
    .map(
      (v) =>
        `<li class="venue-card" data-testid="public-venue-card"><div class="venue-card-head"><h2><a href="/tempat/${esc(v.id)}">${esc(v.name)}</a></h2>${complianceBadge(lang, v.compliance)}</div>` +
        `<p class="venue-meta">${esc(lang === 'en' ? v.typeLabel.en : v.typeLabel.id)} · ${esc(v.regionName)}</p><p class="venue-meta">${esc(v.address)}</p></li>`,
    )
    .join('');
  const content =
    form +
    (view.problem ? `<div class="alert alert--error" role="alert" data-testid="public-venue-error">${esc(view.problem.message)}</div>` : '') +
    (view.list && items.length === 0 ? `<p class="muted">${t('venues.public.empty')}</p>` : '') +
    `<ul class="venue-list" data-testid="public-venue-list">${cards}</ul>` +
    (view.nextHref ? `<a class="btn load-more" href="${esc(view.nextHref)}" data-testid="public-venue-more">${t('common.loadMore')}</a>` : '');
  return layout(view, text(lang, 'venues.public.title'), t('venues.public.intro'), content);
}

export interface VenuePageView extends VenuePageFrame {
  venue: PublicVenue;
}

export function renderVenuePage(view: VenuePageView): string {
  const { lang, venue: v } = view;
  const t = pageText(view.site, lang);
  const zone = v.zoneColour && (ZONES as readonly string[]).includes(v.zoneColour) ? v.zoneColour : null;
  const zoneName = zone ? text(lang, `venues.zone.${zone}`) : null;
  const label = (pair: { id: string; en: string }) => esc(lang === 'en' ? pair.en : pair.id);
  const where =
    t(v.regionType === 'kelurahan' ? 'venues.public.inKelurahan' : 'venues.public.inDesa', { name: v.regionName }) + (v.kecamatanName ? ` · Kec. ${esc(v.kecamatanName)}` : '');
  const facts =
    `<section class="panel"><p class="venue-meta">${label(v.sectorLabel)} · ${label(v.typeLabel)}</p><p>${esc(v.address)}</p><p class="venue-meta">${where}</p>` +
    (v.status === 'suspended' ? `<div class="alert alert--error" role="alert" data-testid="public-venue-suspended">${t('venues.public.suspended')}</div>` : '') +
    `<p>${t('venues.public.zone')}: <span class="zone-pill zone-pill--${zone ?? 'unknown'}" data-testid="public-venue-zone">${zoneName ? esc(zoneName) : t('venues.public.zoneUnknown')}</span></p></section>`;
  const r = v.rules;
  const reason = r ? (lang === 'en' ? r.reasonEn : r.reasonId) : null;
  const rules = !r
    ? `<p class="muted">${t('venues.public.noRules')}</p>`
    : // A zone colour with no rule behind it is said plainly: "Merah" beside nothing would read as a restriction.
      (!r.restricted ? `<p data-testid="public-venue-unrestricted">${zoneName ? t('venues.public.zoneNoRestriction', { colour: zoneName }) : t('venues.public.unrestrictedNoZone')}</p>` : '') +
      `<p class="${r.open ? 'status status--on' : 'status status--off'}" data-testid="public-venue-open">${r.open ? t('venues.public.openNow') : t('venues.public.closedNow')}</p>` +
      `<p class="muted" data-testid="public-venue-opening">${esc(openingText(lang, r.opening, view.site.zoneLabel))}</p>` +
      // The rules engine writes reasons as clauses ("outside the venue's own opening hours …"); the page shows a sentence.
      (reason ? `<p class="muted">${esc(reason.charAt(0).toUpperCase() + reason.slice(1))}</p>` : '') +
      `<ul><li>${t('venues.public.window')}: ${r.window ? `${esc(r.window.from)}–${esc(r.window.until)} ${esc(view.site.zoneLabel)}` : r.closed ? t('common.none') : t('venues.public.allDay')}</li>` +
      `<li>${t('venues.public.capacity', { count: r.maxVisitors, percent: r.capacityPercent })}</li>` +
      (v.openingHours ? `<li>${t('venues.public.ownHours', { from: v.openingHours.from, until: v.openingHours.until })}</li>` : '') +
      '</ul>' +
      (r.sources.length > 0 ? `<p class="muted small">${t('venues.public.basis')}: ${esc(r.sources.map((s) => s.legalBasis).join('; '))}</p>` : '');
  const content =
    `<div class="venue-grid" data-testid="public-venue">${facts}` +
    `<section class="panel" data-testid="public-venue-rules"><h2 class="panel-title">${t('venues.public.rulesNow')}</h2>${rules}</section>` +
    `<section class="panel"><h2 class="panel-title">${t('venues.compliance.title')}</h2>${complianceBadge(lang, v.compliance)}</section></div>`;
  return layout(view, v.name, t('venues.public.venueIntro'), content);
}

/** A venue that is not public (unknown, pending, rejected): the frame with the reason, for a 404. */
export function renderVenueMissing(view: VenuePageFrame, message: string): string {
  const t = pageText(view.site, view.lang);
  return layout(
    view,
    text(view.lang, 'venues.public.title'),
    t('venues.public.venueIntro'),
    `<div class="alert alert--error" role="alert" data-testid="public-venue-missing">${esc(message)}</div><p><a href="/tempat">${t('venues.public.backToList')}</a></p>`,
  );
}
