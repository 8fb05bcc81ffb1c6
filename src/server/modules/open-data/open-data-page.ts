import type { Language } from '../../shared/language.js';
import { interpolate, texts } from '../../shared/texts.js';
import { CSV_COLUMNS, OPEN_DATA_LICENCE } from './open-data.service.js';
import type { OpenDataRow } from './open-data-rows.js';

/*
 * The public open-data page (GET /open-data, issue #17): server-rendered, no script, in the reader's language
 * (?lang=id|en, else Accept-Language). Texts from the catalogue's `openDataPage`.
 */

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface OpenDataPageView {
  cityName: string;
  yesterday: string;
  /** The first day of the last 30 and of the last 366 days, ending yesterday. */
  from30: string;
  from366: string;
  rows: OpenDataRow[];
  zoneNames: Record<string, string>;
}

/** The venue band columns: field, catalogue label, dot colour. */
const BANDS = [
  ['venuesGreen', 'bandGreen', 'green'],
  ['venuesYellow', 'bandYellow', 'yellow'],
  ['venuesRed', 'bandRed', 'red'],
  ['venuesGrey', 'bandGrey', 'grey'],
] as const;

export function renderOpenDataPage(view: OpenDataPageView, lang: Language): string {
  const c = texts(lang, 'openDataPage');
  const other = lang === 'id' ? 'en' : 'id';
  const api = (q: string) => `/api/v1/open-data/daily?${q}`;
  const link = (label: string, q: string) =>
    `<li>${esc(label)}: <a href="${esc(api(`${q}&format=csv`))}">CSV</a> · <a href="${esc(api(q))}">JSON</a></li>`;
  const y = view.yesterday;
  const rows = view.rows
    .map(
      (r) =>
        `<tr><th scope="row">${esc(r.regionName)}</th><td>${r.zoneColour ? `<span class="dot z-${esc(r.zoneColour)}"></span>${esc(view.zoneNames[r.zoneColour] ?? r.zoneColour)}` : esc(c.noZone)}</td><td>${esc(String(r.activeCases))}</td><td>${esc(String(r.newCases))}</td><td>${esc(String(r.checkins))}</td><td>${esc(String(r.violations))}</td>${BANDS.map(([field]) => `<td>${esc(String(r[field]))}</td>`).join('')}</tr>`,
    )
    .join('');
  const fields = CSV_COLUMNS.map((f) => `<li><code>${f}</code>: ${esc(c.fields[f])}</li>`).join('');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(c.title)}</title><meta name="description" content="${esc(c.tagline)}">
<link rel="license" href="${OPEN_DATA_LICENCE.url}">
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1b1b1b;line-height:1.45}h1{font-size:1.5rem;color:#0b5d3b;margin:.5rem 0}h2{font-size:1.15rem;margin-top:1.5rem}
a{color:#0b4f8a}nav{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}.info{background:#eef3fb;padding:.75rem;border-radius:.5rem}
.wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.95rem}caption{text-align:left;font-weight:600;padding:.25rem 0}th,td{border-bottom:1px solid #ccc;padding:.4rem .5rem;text-align:right}th[scope=row],thead th:first-child{text-align:left}
thead th{background:#f2f2f2}.dot{display:inline-block;width:.8rem;height:.8rem;border-radius:50%;margin-right:.3rem;vertical-align:-1px;border:1px solid #555}
.z-green,.b-green{background:#2e7d32}.z-yellow,.b-yellow{background:#f9d71c}.z-orange{background:#ef6c00}.z-red,.b-red{background:#c62828}.b-grey{background:#9e9e9e}thead th[colspan]{text-align:center}li{margin:.3rem 0}code{background:#f2f2f2;padding:0 .2rem}footer{margin-top:2rem;font-size:.9rem;color:#444}
@media (max-width:30rem){table{font-size:.8rem}th,td{padding:.3rem .25rem}}</style></head>
<body><nav><strong>Jaga Baya</strong><span><a href="/zona">${esc(c.zonePage)}</a> · <a href="/open-data?lang=${other}" lang="${other}">${esc(c.other)}</a></span></nav>
<main><h1>${esc(c.title)}</h1>
<p>${esc(interpolate(c.intro, lang, { city: view.cityName }))}</p>
<h2>${esc(interpolate(c.yesterdayTitle, lang, { date: y }))}</h2>
<div class="wrap" tabindex="0" role="region" aria-label="${esc(c.caption)}"><table data-testid="open-data-table"><caption>${esc(c.caption)}</caption><thead><tr>${[c.region, c.zone, c.activeCases, c.newCases, c.checkins, c.violations].map((h) => `<th scope="col" rowspan="2">${esc(h)}</th>`).join('')}<th scope="colgroup" colspan="4">${esc(c.venuesBand)}</th></tr>
<tr>${BANDS.map(([, label, band]) => `<th scope="col"><span class="dot b-${band}"></span>${esc(c[label])}</th>`).join('')}</tr></thead>
<tbody>${rows}</tbody></table></div>
<h2>${esc(c.downloadsTitle)}</h2>
<ul data-testid="open-data-downloads">
${link(c.yesterdayDesa, `from=${y}&to=${y}&level=desa`)}
${link(c.last30Desa, `from=${view.from30}&to=${y}&level=desa`)}
${link(c.last30Kecamatan, `from=${view.from30}&to=${y}&level=kecamatan`)}
${link(c.yearKota, `from=${view.from366}&to=${y}&level=kota`)}
</ul>
<h2>${esc(c.privacyTitle)}</h2><p class="info">${esc(c.privacy)}</p>
<h2>${esc(c.apiTitle)}</h2><p>${esc(c.api)}</p><p><a href="/api/v1/open-data/schema">${esc(c.schemaLink)}</a></p>
<h2>${esc(c.fieldsTitle)}</h2><ul>${fields}</ul>
<h2>${esc(c.licenceTitle)}</h2><p>${esc(interpolate(c.licence, lang, { city: view.cityName }))} <a rel="license" href="${OPEN_DATA_LICENCE.url}">${OPEN_DATA_LICENCE.name}</a></p>
</main><footer>Jaga Baya · ${esc(view.cityName)} · <a rel="license" href="${OPEN_DATA_LICENCE.url}">${OPEN_DATA_LICENCE.name}</a></footer></body></html>`;
}
