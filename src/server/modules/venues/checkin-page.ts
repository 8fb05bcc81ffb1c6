import type { Language } from '../../shared/language.js';
import { isZoneColour, ZONE_COLOUR_LABELS } from '../policies/zone-colour.js';
import type { VenuesService } from './venues.service.js';

/*
 * The page a scanned poster opens (GET /c/{token}): small, server-rendered, no script, no login, in Indonesian or
 * English. The check-in issue turns it into the check-in form; for now it shows the venue's public page, or says
 * why the poster does not work (replaced, venue suspended, forged or unknown token).
 */

export type PublicVenueView = Awaited<ReturnType<VenuesService['publicVenue']>>;

export type CheckInPage =
  | { kind: 'venue'; venue: PublicVenueView }
  | { kind: 'replaced'; venueName: string }
  | { kind: 'inactive'; venueName: string; status: string }
  | { kind: 'invalid' };

const TEXT = {
  id: {
    city: 'Kota Denpasar',
    tagline: 'Lindungi Usaha/Layanan · Lindungi Sesama · Lindungi Diri',
    zone: 'Zona desa/kelurahan',
    zoneUnknown: 'belum ada data',
    rulesNow: 'Aturan yang berlaku sekarang',
    openNow: 'Boleh buka sekarang',
    closedNow: 'Tidak boleh melayani pengunjung saat ini',
    hours: 'Jam operasional',
    allDay: 'sepanjang hari',
    capacity: 'Kapasitas maksimum',
    people: 'orang',
    unrestricted: 'Tidak ada pembatasan yang berlaku saat ini.',
    basis: 'Dasar hukum',
    noRules: 'Informasi aturan belum tersedia.',
    compliance: 'Kepatuhan prokes',
    badge: { green: 'Baik', yellow: 'Perlu perbaikan', red: 'Buruk', grey: 'Belum dinilai' } as Record<string, string>,
    checkInSoon: 'Check-in dan penilaian pengunjung akan tersedia di halaman ini.',
    replacedTitle: 'Poster ini sudah diganti',
    replacedBody: 'Poster QR ini sudah tidak berlaku karena pengelola telah mencetak poster baru. Pindai poster terbaru yang terpasang di tempat ini.',
    inactiveTitle: 'Tempat ini sedang ditangguhkan',
    inactiveBody: 'Pendaftaran tempat ini ditangguhkan oleh petugas, sehingga check-in melalui QR tidak dapat dilakukan. Hubungi pengelola atau petugas desa/kelurahan.',
    invalidTitle: 'QR tidak dikenal',
    invalidBody: 'Kode QR ini tidak valid atau bukan poster resmi Jaga Baya. Pastikan Anda memindai poster yang terpasang di pintu masuk.',
    other: 'English',
    indoor: 'dalam ruangan',
    outdoor: 'luar ruangan',
  },
  en: {
    city: 'Denpasar City',
    tagline: 'Protect businesses · Protect each other · Protect yourself',
    zone: 'Village zone',
    zoneUnknown: 'no data yet',
    rulesNow: 'Rules in force now',
    openNow: 'May open now',
    closedNow: 'May not serve visitors at this time',
    hours: 'Opening window',
    allDay: 'all day',
    capacity: 'Maximum capacity',
    people: 'people',
    unrestricted: 'No restrictions are in force at the moment.',
    basis: 'Legal basis',
    noRules: 'Rule information is not available yet.',
    compliance: 'Health-protocol compliance',
    badge: { green: 'Good', yellow: 'Needs improvement', red: 'Poor', grey: 'Not rated yet' } as Record<string, string>,
    checkInSoon: 'Check-in and visitor ratings will be available on this page.',
    replacedTitle: 'This poster has been replaced',
    replacedBody: 'This QR poster no longer works because the venue printed a new one. Please scan the newest poster displayed at this venue.',
    inactiveTitle: 'This venue is suspended',
    inactiveBody: "This venue's registration has been suspended by an officer, so QR check-in is not possible. Please contact the venue or the village officer.",
    invalidTitle: 'Unknown QR code',
    invalidBody: 'This QR code is not valid or not an official Jaga Baya poster. Make sure you scan the poster displayed at the entrance.',
    other: 'Bahasa Indonesia',
    indoor: 'indoor',
    outdoor: 'outdoor',
  },
} as const;

const ZONE_HEX: Record<string, string> = { green: '#1e8e3e', yellow: '#f2c200', orange: '#f57c00', red: '#c62828' };
const BADGE_HEX: Record<string, string> = { green: '#1e8e3e', yellow: '#c99a00', red: '#c62828', grey: '#757575' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#eef5f4;color:#1a1a1a;line-height:1.45}
main{max-width:34rem;margin:0 auto;padding:1rem}
header{background:#0c5c58;color:#fff;border-radius:.6rem .6rem 0 0;padding:.8rem 1rem;border-bottom:4px solid #e0a526}
header strong{font-size:1.2rem;letter-spacing:.04em}header span{display:block;font-size:.8rem;opacity:.9}
.card{background:#fff;border-radius:0 0 .6rem .6rem;padding:1rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.5rem;margin:.2rem 0 .3rem}h2{font-size:1rem;margin:1.2rem 0 .4rem;color:#0c5c58}
.muted{color:#555;margin:.1rem 0}.pill{display:inline-block;padding:.15rem .6rem;border-radius:1rem;color:#fff;font-weight:600;font-size:.9rem}
.state{font-weight:700}.ok{color:#1e8e3e}.no{color:#c62828}ul{padding-left:1.2rem;margin:.3rem 0}
.notice{border-left:5px solid #c62828;background:#fdecea;padding:.8rem 1rem;border-radius:.3rem}
.notice.warn{border-color:#e0a526;background:#fff6e0}
footer{font-size:.8rem;color:#555;margin-top:1rem;text-align:center}a{color:#0c5c58}`;

function layout(lang: Language, title: string, body: string, otherLangHref: string): string {
  const t = TEXT[lang];
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Jaga Baya</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header><strong>JAGA BAYA</strong><span>${t.city} · ${t.tagline}</span></header>
<div class="card">
${body}
</div>
<footer><a href="${escapeHtml(otherLangHref)}" hreflang="${lang === 'id' ? 'en' : 'id'}">${t.other}</a></footer>
</main>
</body>
</html>
`;
}

function venueBody(lang: Language, v: PublicVenueView): string {
  const t = TEXT[lang];
  const label = (pair: { id: string; en: string }) => escapeHtml(lang === 'id' ? pair.id : pair.en);
  const place = [`${v.regionType === 'kelurahan' ? 'Kelurahan' : 'Desa'} ${v.regionName}`, v.kecamatanName ? `Kec. ${v.kecamatanName}` : null]
    .filter((x): x is string => x !== null)
    .map(escapeHtml)
    .join(' · ');

  const zone = v.zoneColour && isZoneColour(v.zoneColour)
    ? `<span class="pill" style="background:${ZONE_HEX[v.zoneColour]}${v.zoneColour === 'yellow' ? ';color:#1a1a1a' : ''}" data-zone="${v.zoneColour}">${escapeHtml(lang === 'id' ? ZONE_COLOUR_LABELS[v.zoneColour].labelId : ZONE_COLOUR_LABELS[v.zoneColour].labelEn)}</span>`
    : `<span class="muted">${t.zoneUnknown}</span>`;

  let rules: string;
  if (!v.rules) {
    rules = `<p class="muted">${t.noRules}</p>`;
  } else if (!v.rules.restricted) {
    rules = `<p>${t.unrestricted}</p>`;
  } else {
    const r = v.rules;
    const window = r.window ? `${escapeHtml(r.window.from)}–${escapeHtml(r.window.until)} WITA` : r.closed ? '—' : t.allDay;
    const reason = lang === 'id' ? r.reasonId : r.reasonEn;
    rules = `<p class="state ${r.open ? 'ok' : 'no'}" data-open="${r.open}">${r.open ? t.openNow : t.closedNow}</p>
${reason ? `<p class="muted">${escapeHtml(reason)}</p>` : ''}
<ul>
<li>${t.hours}: ${window}</li>
<li>${t.capacity}: ${r.maxVisitors} ${t.people} (${r.capacityPercent}%)</li>
</ul>
${r.sources.length > 0 ? `<p class="muted">${t.basis}: ${r.sources.map((s) => escapeHtml(s.legalBasis)).join('; ')}</p>` : ''}`;
  }

  const badge = v.compliance.badge;
  const reasons = v.compliance.reasons
    .filter((reason) => reason.code !== 'no_evidence' || v.compliance.score === null)
    .slice(0, 4)
    .map((reason) => `<li>${escapeHtml(lang === 'id' ? reason.id : reason.en)}</li>`)
    .join('');

  return `<p class="muted">${label(v.sectorLabel)} · ${label(v.typeLabel)}</p>
<h1>${escapeHtml(v.name)}</h1>
<p class="muted">${escapeHtml(v.address)}</p>
<p class="muted">${place}</p>
<h2>${t.zone}</h2>
<p>${zone}</p>
<h2>${t.rulesNow}</h2>
${rules}
<h2>${t.compliance}</h2>
<p><span class="pill" style="background:${BADGE_HEX[badge] ?? BADGE_HEX.grey}" data-badge="${escapeHtml(badge)}">${escapeHtml(t.badge[badge] ?? badge)}${v.compliance.score === null ? '' : ` · ${v.compliance.score}/100`}</span></p>
${reasons ? `<ul class="muted">${reasons}</ul>` : ''}
<p class="notice warn">${t.checkInSoon}</p>`;
}

/** The HTML and status code for one state of a scanned poster. */
export function renderCheckInPage(page: CheckInPage, lang: Language, otherLangHref: string): { status: number; html: string } {
  const t = TEXT[lang];
  switch (page.kind) {
    case 'venue':
      return { status: 200, html: layout(lang, page.venue.name, `<div data-poster-state="active">${venueBody(lang, page.venue)}</div>`, otherLangHref) };
    case 'replaced':
      return {
        status: 410,
        html: layout(lang, t.replacedTitle, `<div data-poster-state="replaced"><h1>${t.replacedTitle}</h1><p class="muted">${escapeHtml(page.venueName)}</p><p class="notice warn">${t.replacedBody}</p></div>`, otherLangHref),
      };
    case 'inactive':
      return {
        status: 410,
        html: layout(lang, t.inactiveTitle, `<div data-poster-state="suspended"><h1>${t.inactiveTitle}</h1><p class="muted">${escapeHtml(page.venueName)}</p><p class="notice">${t.inactiveBody}</p></div>`, otherLangHref),
      };
    case 'invalid':
      return {
        status: 404,
        html: layout(lang, t.invalidTitle, `<div data-poster-state="invalid"><h1>${t.invalidTitle}</h1><p class="notice">${t.invalidBody}</p></div>`, otherLangHref),
      };
  }
}
