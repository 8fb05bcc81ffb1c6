import { RATING_ITEMS } from '../../../common/reference/rating-items.js';
import type { Language } from '../../shared/language.js';
import { interpolate, texts } from '../../shared/texts.js';
import { reopensText } from '../../shared/opening-text.js';
import type { OpeningView } from '../../../common/opening-status.js';
import { isZoneColour, ZONE_COLOUR_LABELS } from '../policies/index.js';

/*
 * The page a poster's QR opens (GET /c/{token}): the visitor's whole check-in, on a cheap phone over a slow network.
 * Server-rendered in the visitor's language with every screen already in the HTML (hidden); a small script
 * (src/checkin-page, cached for a year) picks the screen from what the device remembers and talks to the API.
 * No framework, no external fonts or requests; the CSS is inline so that the venue shows before the script arrives.
 */

export interface CheckinPageVenue {
  token: string;
  venue: { id: string; name: string; address: string; badge: string };
  rules: {
    open: boolean;
    restricted: boolean;
    closed: boolean;
    capacityPercent: number;
    closesAtLocal: string | null;
    opensAtLocal: string | null;
    /** Open now / reopens at, from the shared function (common/opening-status.ts). */
    opening: OpeningView;
    zoneColour: string | null;
    reason: string | null;
  };
  occupancy: { current: number; limit: number };
}

export type CheckinPageView =
  | ({ kind: 'venue' } & CheckinPageVenue)
  | { kind: 'unknown' }
  | { kind: 'replaced'; venueName: string }
  | { kind: 'suspended'; venueName: string; sanction?: { label: string; until: string | null } }
  | { kind: 'unverified'; venueName: string };

export interface CheckinPageOptions {
  lang: Language;
  /** Same page in the other language. */
  otherLangHref: string;
  /** The city's name (config.cityName), in the header. */
  cityName: string;
  /** Abbreviation of the city's time zone shown next to times (WITA: timeZoneAbbreviation(config.timeZone)). */
  zoneLabel: string;
  retentionDays: number;
  /** Path of the check-in script; null when it has not been built (the form then posts to the page, as without JavaScript). */
  scriptSrc: string | null;
}

/** Texts the server needs to answer the forms sent without the script (most are the script's own). */
export function plainFormTexts(lang: Language) {
  const { script, plainForm } = texts(lang, 'checkinPage');
  return { full: script.full, outsideHours: script.outsideHours, closed: script.closed, ratingMissing: script.ratingMissing, ...plainForm };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A page text with its {{placeholders}} filled. */
function fill(o: CheckinPageOptions, template: string, params: Record<string, string | number>): string {
  return interpolate(template, o.lang, params);
}

/** JSON inside a <script type="application/json">: "<" escaped so no text can close the element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

// Colours meet WCAG AA on their backgrounds. One column, large tap targets (≥ 48 px), from 320 px wide up.
export const CHECKIN_PAGE_STYLE = `*{box-sizing:border-box;-webkit-tap-highlight-color:rgba(15,95,88,.12)}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;background:#eef3f2;color:#13302c}
main{max-width:30rem;margin:0 auto;padding:0 0 1.5rem}
[hidden]{display:none!important}
.top{display:flex;align-items:center;gap:.5rem;background:#0f5f58;color:#fff;padding:.55rem .75rem;border-bottom:4px solid #e0a526}
.top b{font-size:1.05rem;letter-spacing:.08em}.top small{display:block;font-size:.75rem;opacity:.92}
.top div{flex:1;min-width:0}
.lang{display:inline-flex;align-items:center;justify-content:center;min-width:48px;min-height:44px;padding:0 .6rem;border:2px solid #fff;border-radius:8px;color:#fff;font-weight:700;text-decoration:none}
.card{background:#fff;margin:.6rem .6rem 0;border-radius:10px;padding:.9rem;box-shadow:0 1px 2px rgba(0,0,0,.12)}
h1{font-size:1.45rem;line-height:1.2;margin:0 0 .25rem;overflow-wrap:anywhere}
h2{font-size:1.05rem;margin:0 0 .5rem}
p{margin:.3rem 0}.m{color:#4a5c59}.s{font-size:.9rem}.c{text-align:center}.rt{margin:1rem 0 0}
.pills{display:flex;flex-wrap:wrap;gap:.35rem;margin:.5rem 0 0}
.pill{display:inline-block;padding:.15rem .6rem;border-radius:99px;font-weight:600;font-size:.88rem;border:1px solid transparent}
.b-green{background:#dcf3e4;color:#0b5a2b;border-color:#8fd1a8}.b-yellow{background:#fff3c4;color:#6b4a00;border-color:#e6c65c}
.b-red{background:#fde2e0;color:#8f1d14;border-color:#f0a39c}.b-grey{background:#eceff0;color:#414b4d;border-color:#c5cccd}
.z-green{background:#1e7d3a;color:#fff}.z-yellow{background:#f2c200;color:#1a1a1a}.z-orange{background:#c2530a;color:#fff}.z-red{background:#b42318;color:#fff}
.rules{display:grid;grid-template-columns:auto 1fr;gap:.2rem .75rem;margin:.6rem 0 0;font-size:.95rem}
.rules dt{color:#4a5c59}.rules dd{margin:0;font-weight:600}
.lbl{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:#4a5c59;margin:.8rem 0 0;border-top:1px solid #dfe6e5;padding-top:.6rem}
.st{font-weight:700;font-size:1.05rem;margin:.2rem 0 0}.st.ok{color:#0b6b34}.st.no{color:#b42318}
.meter{height:10px;background:#e3e9e8;border-radius:5px;overflow:hidden;margin:.35rem 0 0}
.meter i{display:block;height:100%;background:#15803d}.meter.hi i{background:#c27803}.meter.full i{background:#b42318}
label{display:block;font-weight:600;margin:.7rem 0 .25rem}
input,textarea{width:100%;font:inherit;font-size:1.1rem;padding:.65rem .7rem;border:2px solid #8aa19d;border-radius:8px;background:#fff;color:#13302c;min-height:50px}
input:focus,textarea:focus,button:focus-visible,a:focus-visible,summary:focus-visible{outline:3px solid #e0a526;outline-offset:2px}
input[aria-invalid=true]{border-color:#b42318}
.err{color:#b42318;font-weight:600;margin:.25rem 0 0}
.btn{display:block;width:100%;min-height:56px;margin:.9rem 0 0;padding:.7rem 1rem;border:0;border-radius:10px;background:#0f5f58;color:#fff;font:inherit;font-size:1.2rem;font-weight:700;text-align:center;cursor:pointer;text-decoration:none}
.btn:disabled{opacity:.65}.btn.alt{background:#fff;color:#0f5f58;border:2px solid #0f5f58}
.btn.big{min-height:64px;font-size:1.25rem}.btn .sub{display:block;font-size:1rem;font-weight:600;opacity:.95}
.link{display:inline-block;background:none;border:0;padding:.7rem .2rem;color:#0f5f58;font:inherit;font-weight:600;text-decoration:underline;cursor:pointer;min-height:44px}
.note{background:#fff6de;border-left:5px solid #c27803;padding:.55rem .7rem;border-radius:6px;margin:.6rem 0 0;font-size:.95rem}
.alert{background:#fde2e0;border-left:5px solid #b42318;padding:.55rem .7rem;border-radius:6px;margin:.7rem 0 0;font-weight:600;color:#7a1a12}
.big{border-radius:12px;color:#fff;text-align:center;padding:1.1rem .8rem 1.2rem}
.big.ok{background:#0b7a3a}.big.no{background:#b42318}.big.warn{background:#b54708}.big.out{background:#0f5f58}
.big svg{width:84px;height:84px;display:block;margin:0 auto .3rem}
.dst{border-radius:12px;text-align:center;padding:.9rem .6rem;margin:.8rem 0 0;border:3px solid #111}.dst .k{display:block;font-size:.95rem;font-weight:700;text-transform:uppercase;letter-spacing:.06em}.dst b{display:block;font-size:3rem;font-weight:900;letter-spacing:.06em;line-height:1.1}.dst span{display:block;font-size:1.1rem;font-weight:600}
.dst.hijau{background:#0b7a3a;color:#fff}.dst.kuning{background:#fde047;color:#111}.dst.merah{background:#b42318;color:#fff}.dst.hitam{background:#111;color:#fff}.dst.unverified{background:#e5e7eb;color:#111}.dst.unverified b{font-size:1.6rem}
.big .t{font-size:1.7rem;font-weight:800;letter-spacing:.02em;line-height:1.15;margin:0}
.big .v{font-size:1.3rem;font-weight:700;margin:.5rem 0 0;overflow-wrap:anywhere}
.big .r{font-size:1.1rem;margin:.5rem 0 0}
.big .clock{font-size:2.6rem;font-weight:800;font-variant-numeric:tabular-nums;letter-spacing:.03em;margin:.2rem 0 0;line-height:1.1}
.big .k{font-size:.85rem;text-transform:uppercase;letter-spacing:.06em;opacity:.9;margin:.7rem 0 0}
.live{display:inline-block;width:.6rem;height:.6rem;border-radius:50%;background:#fff;margin:0 .4rem .05rem 0;animation:p 1.2s ease-in-out infinite}@keyframes p{50%{opacity:.2}}
.nw{white-space:nowrap}
.facts{display:flex;justify-content:space-around;gap:.5rem;margin:.8rem 0 0;background:rgba(255,255,255,.16);border-radius:8px;padding:.45rem}
.facts b{display:block;font-size:1.3rem}.facts span{font-size:.8rem;opacity:.95}
fieldset{border:0;margin:.8rem 0 0;padding:0}legend{font-weight:600;padding:0;margin:0 0 .3rem}
.sc{display:flex;gap:.35rem}.sc label{flex:1;margin:0;position:relative}
.sc input{position:absolute;opacity:0;width:1px;height:1px;min-height:0}
.sc span{display:flex;align-items:center;justify-content:center;min-height:48px;border:2px solid #8aa19d;border-radius:8px;font-size:1.15rem;font-weight:700;background:#fff}
.sc input:checked+span{background:#0f5f58;border-color:#0f5f58;color:#fff}
.sc input:focus-visible+span{outline:3px solid #e0a526;outline-offset:2px}
details{margin:.6rem .6rem 0;background:#fff;border-radius:10px;box-shadow:0 1px 2px rgba(0,0,0,.12)}
summary{cursor:pointer;padding:.8rem .9rem;font-weight:700;min-height:48px}
details>div{padding:0 .9rem .9rem}
ul.v{list-style:none;margin:0;padding:0}ul.v li{border-top:1px solid #dfe6e5;padding:.55rem 0}ul.v li:first-child{border-top:0}
ul.v .link{padding:.3rem .2rem;min-height:36px}
.refuse{text-align:center}.refuse svg{width:72px;height:72px}
noscript p{margin:.6rem}
.big.pend{background:#fff6de;color:#5c3d00;border:3px dashed #b54708}.big.pend .o{font-size:.95rem;font-weight:700;margin:.35rem 0 0;opacity:.9}
.cnt{display:inline-block;min-width:1.5rem;padding:0 .4rem;margin-left:.4rem;border-radius:99px;background:#b42318;color:#fff;font-size:.85rem;text-align:center}
ul.v a{color:#0f5f58;font-weight:600;overflow-wrap:anywhere}`;

const ICON_OK = '<svg viewBox="0 0 48 48" aria-hidden="true"><circle cx="24" cy="24" r="22" fill="#fff"/><path d="M13 25l7 7 15-16" fill="none" stroke="#0b7a3a" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/></svg>';
// Thanks after a rating: teal, not the green of a valid check-in, so a doorkeeper never mistakes one for the other.
const ICON_THANKS = '<svg viewBox="0 0 48 48" aria-hidden="true"><circle cx="24" cy="24" r="22" fill="#fff"/><path d="M24 36l-9.5-9.2a6 6 0 0 1 9.5-7.3 6 6 0 0 1 9.5 7.3z" fill="#0f5f58"/></svg>';
const ICON_NO = '<svg viewBox="0 0 48 48" aria-hidden="true"><circle cx="24" cy="24" r="22" fill="#fff"/><path d="M16 16l16 16M32 16L16 32" fill="none" stroke="#b42318" stroke-width="5" stroke-linecap="round"/></svg>';
const ICON_WARN_WHITE = '<svg viewBox="0 0 48 48" aria-hidden="true"><path d="M24 4L46 43H2z" fill="#fff"/><path d="M24 18v12" stroke="#b54708" stroke-width="5" stroke-linecap="round"/><circle cx="24" cy="37" r="3" fill="#b54708"/></svg>';
const ICON_WARN = '<svg viewBox="0 0 48 48" aria-hidden="true"><path d="M24 4L46 43H2z" fill="#b54708"/><path d="M24 18v12" stroke="#fff" stroke-width="5" stroke-linecap="round"/><circle cx="24" cy="37" r="3" fill="#fff"/></svg>';

const other = (o: CheckinPageOptions): Language => (o.lang === 'id' ? 'en' : 'id');
const tx = (o: CheckinPageOptions, lang: Language = o.lang) => texts(lang, 'offlineCheckin');

/** The texts the script needs for keeping and sending check-ins without signal, and for the device inbox. */
function offlineScriptTexts(o: CheckinPageOptions) {
  const mine = tx(o).script;
  const theirs = tx(o, other(o)).script;
  return { ...mine, pendingBodyOther: theirs.pendingBody };
}

function layout(o: CheckinPageOptions, title: string, body: string, tail = ''): string {
  const t = texts(o.lang, 'checkinPage').page;
  return `<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<meta name="theme-color" content="#0f5f58">
<link rel="icon" href="data:,">
<link rel="manifest" href="/c/manifest.webmanifest?lang=${o.lang}">
<title>${escapeHtml(title)} · Jaga Baya</title>
<style>${CHECKIN_PAGE_STYLE}</style>
</head>
<body>
<main>
<header class="top"><div><b>JAGA BAYA</b><small>${escapeHtml(o.cityName)} · ${t.tagline}</small></div><a class="lang" href="${escapeHtml(o.otherLangHref)}" hreflang="${o.lang === 'id' ? 'en' : 'id'}" lang="${o.lang === 'id' ? 'en' : 'id'}" title="${t.otherLang}" data-testid="lang-switch">${t.otherLangShort}</a></header>
${body}
</main>
${tail}</body>
</html>
`;
}

function refusalPage(o: CheckinPageOptions, state: string, icon: string, title: string, venueName: string | null, text: string): string {
  return layout(
    o,
    title,
    `<section class="card refuse" data-poster-state="${state}">${icon}<h1>${title}</h1>${venueName === null ? '' : `<p class="m">${escapeHtml(venueName)}</p>`}<p>${text}</p></section>`,
  );
}

function venueCard(v: CheckinPageVenue, o: CheckinPageOptions): string {
  const t = texts(o.lang, 'checkinPage').page;
  const zl = o.zoneLabel;
  const r = v.rules;
  const badge = ['green', 'yellow', 'red', 'grey'].includes(v.venue.badge) ? v.venue.badge : 'grey';
  const zone =
    r.zoneColour && isZoneColour(r.zoneColour)
      ? `<span class="pill z-${r.zoneColour}">${fill(o, t.zone, { colour: o.lang === 'id' ? ZONE_COLOUR_LABELS[r.zoneColour].labelId : ZONE_COLOUR_LABELS[r.zoneColour].labelEn })}</span>`
      : '';
  const state = r.open
    ? `<p class="st ok" data-open="true">${r.closesAtLocal ? fill(o, t.openUntil, { time: `${r.closesAtLocal} ${zl}` }) : t.openNow}</p>`
    : `<p class="st no" data-open="false">${t.closedNow}</p>${r.reason ? `<p class="s">${escapeHtml(r.reason)}</p>` : ''}<p class="s m" data-testid="reopens">${escapeHtml(reopensText(o.lang, r.opening, zl) ?? '')}</p>`;
  const { current, limit } = v.occupancy;
  const share = limit > 0 ? Math.min(100, Math.round((current / limit) * 100)) : 100;
  const level = current >= limit ? ' full' : share >= 80 ? ' hi' : '';
  return `<section class="card" id="venue" data-poster-state="active">
<h1 data-testid="venue-name">${escapeHtml(v.venue.name)}</h1>
<p class="m">${escapeHtml(v.venue.address)}</p>
<div class="pills"><span class="pill b-${badge}" data-badge="${badge}" title="${t.compliance}">${t.compliance}: ${t[`badge_${badge}` as `badge_${'green' | 'yellow' | 'red' | 'grey'}`]}</span>${zone}</div>
<p class="lbl">${t.rulesNow}</p>
${state}
<dl class="rules"><dt>${t.capacity}</dt><dd>${fill(o, r.capacityPercent >= 100 ? t.capacityFull : t.capacityValue, { percent: r.capacityPercent, limit })}</dd><dt>${t.inside}</dt><dd data-testid="occupancy" id="occ">${fill(o, t.insideValue, { current, limit })}</dd></dl>
<div class="meter${level}" aria-hidden="true"><i id="occbar" style="width:${share}%"></i></div>
</section>`;
}

/** The check-in form: the script sends it through the API; without the script it posts to the page itself. */
function checkinForm(v: CheckinPageVenue, o: CheckinPageOptions, form: PlainForm | undefined): string {
  const t = texts(o.lang, 'checkinPage').page;
  const value = (field: 'name' | 'phone') => (form ? ` value="${escapeHtml(form.values[field])}"` : '');
  const error = (field: 'name' | 'phone') => {
    const message = form?.errors[field];
    return message ? `<p class="err" id="f-${field}-err">${escapeHtml(message)}</p>` : `<p class="err" id="f-${field}-err" hidden></p>`;
  };
  return `<form id="f" method="post" action="${plainAction(v.token)}" novalidate>
<label for="f-name">${t.name}</label>
<input id="f-name" name="name" autocomplete="name" maxlength="100" required data-testid="checkin-name"${value('name')}>
${error('name')}
<label for="f-phone">${t.phone}</label>
<input id="f-phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" maxlength="30" placeholder="${t.phoneHint}" required data-testid="checkin-phone"${value('phone')}>
${error('phone')}
<button class="btn big" type="submit" data-testid="checkin-submit">${t.checkIn}</button>
</form>${o.scriptSrc ? `\n<p class="s m" id="f-remember">${t.rememberNote}</p>` : ''}`;
}

/** The five prokes items, 1–5 each, as radio groups. */
function ratingScores(lang: Language): string {
  const labels = texts(lang, 'ratingItems');
  return RATING_ITEMS.map(
    (item) =>
      `<fieldset><legend>${labels[item]}</legend><div class="sc">${[1, 2, 3, 4, 5]
        .map((n) => `<label><input type="radio" name="${item}" value="${n}" data-testid="rate-${item}-${n}"><span>${n}</span></label>`)
        .join('')}</div></fieldset>`,
  ).join('');
}

function actionPanels(v: CheckinPageVenue, o: CheckinPageOptions, form: PlainForm | undefined): string {
  const t = texts(o.lang, 'checkinPage').page;
  if (!o.scriptSrc) return `<section class="card" id="act">${checkinForm(v, o, form)}<p class="s m">${t.noscript}</p></section>`;
  const scores = ratingScores(o.lang);
  return `<section class="card" id="act" aria-live="polite">
<p id="p-wait" class="m">${t.loading}</p>
<div id="p-form" hidden>
<p id="f-other" class="note" hidden></p>
${checkinForm(v, o, form)}
</div>
<div id="p-quick" hidden>
<p id="q-other" class="note" hidden></p>
<button class="btn big" id="q-go" type="button" data-testid="checkin-quick">${t.checkInAs}<span class="sub" id="q-who"></span></button>
<button class="link" id="q-not" type="button" data-testid="checkin-not-you">${t.notYou}</button>
</div>
<div id="p-inside" hidden>
<p>${t.insideHere} <b id="i-since"></b></p>
<button class="btn big" id="i-out" type="button" data-testid="checkout">${t.checkOut}</button>
</div>
<div id="p-ok" hidden data-testid="confirmation">
<div class="big ok">${ICON_OK}<p class="t" id="ok-t">${t.okTitle}</p><p class="v">${escapeHtml(v.venue.name)}</p><p class="r" id="ok-who"></p>
<p class="k"><i class="live"></i>${t.okNow}</p><p class="clock" id="ok-clock"></p>
<div class="facts"><p><b id="ok-in"></b><span>${t.okIn}</span></p><p><b id="ok-occ"></b><span>${t.okInside}</span></p><p id="ok-cl-w"><b id="ok-cl"></b><span>${t.okCloses}</span></p></div></div>
<div class="dst" id="ok-st" hidden data-testid="status-colour"><span class="k">${t.statusTitle}</span><b id="ok-st-c"></b><span id="ok-st-u"></span></div>
<p class="s m c">${t.okShow}</p>
<button class="btn alt" id="ok-out" type="button" data-testid="checkout">${t.checkOut}</button>
</div>
<div id="p-no" hidden data-testid="refusal">
<div class="big no" id="no-box"><span id="no-x">${ICON_NO}</span><span id="no-w" hidden>${ICON_WARN_WHITE}</span><p class="t" id="no-t">${t.noTitle}</p><p class="v">${escapeHtml(v.venue.name)}</p><p class="r" id="no-r"></p></div>
<div class="dst" id="no-st" hidden data-testid="status-colour"><span class="k">${t.statusTitle}</span><b id="no-st-c"></b><span id="no-st-u"></span></div>
<button class="btn" id="no-again" type="button">${t.tryAgain}</button>
</div>
<div id="p-out" hidden>
<div class="big out"><p class="t">${t.outTitle}</p><p class="v" id="out-v"></p><p class="r">${t.outAt} <b id="out-at"></b></p></div>
<form id="rf" novalidate data-testid="rating-form">
<h2 class="rt">${t.rateTitle}</h2><p class="s m">${t.rateScale}</p>
${scores}
<label for="rf-c">${t.comment}</label><textarea id="rf-c" name="comment" rows="2" maxlength="500" aria-describedby="rf-ch" data-testid="rate-comment"></textarea><p class="s m" id="rf-ch">${t.commentHint}</p>
<p class="err" id="rf-err" hidden></p>
<button class="btn" type="submit" data-testid="rate-submit">${t.send}</button>
<button class="link" id="rf-skip" type="button">${t.skip}</button>
</form>
</div>
<div id="p-pend" hidden data-testid="offline-pending">
<div class="big pend">${ICON_WARN}<p class="t">${tx(o).script.pendingTitle}</p><p class="o" lang="${other(o)}">${tx(o, other(o)).script.pendingTitle}</p><p class="r" id="pend-r"></p><p class="r" lang="${other(o)}" id="pend-o"></p><p class="clock" id="pend-at"></p><p class="s" id="pend-n"></p></div>
<button class="btn big" id="pend-send" type="button" data-testid="offline-send">${tx(o).script.sendNow}</button>
</div>
<div id="p-sent" hidden data-testid="offline-sent">
<div class="big ok">${ICON_OK}<p class="t">${tx(o).script.sentTitle}</p><p class="v" id="sent-v"></p><p class="r" id="sent-r"></p><p class="r" id="sent-full" hidden>${tx(o).script.overCapacity}</p></div>
<button class="btn alt" id="sent-out" type="button" data-testid="checkout">${t.checkOut}</button>
</div>
<div id="p-thanks" hidden data-testid="rating-thanks"><div class="big out">${ICON_THANKS}<p class="r">${t.thanks}</p></div><button class="btn alt" id="th-again" type="button">${t.again}</button></div>
<p class="alert" id="err" role="alert" hidden></p>
<noscript><style>#p-wait,#f-remember,#mine,#inbox{display:none}#p-form[hidden]{display:block!important}</style><p class="s m">${t.noscript}</p></noscript>
</section>
<details id="inbox" data-testid="device-inbox"><summary>${tx(o).page.inboxTitle}<span class="cnt" id="inbox-n" hidden></span></summary><div><ul class="v" id="inbox-list"></ul></div></details>
<details id="mine" data-testid="my-visits"><summary>${t.myVisits}</summary><div><ul class="v" id="mine-list"></ul><button class="link" id="forget" type="button">${t.forget}</button></div></details>`;
}

/** The door's status check (issue #16): the colour, big, for the doorkeeper; "until" when it is known. */
export interface DoorColour {
  /** `unverified`: the number is not the signed-in resident's own; no colour was looked up. */
  colour: 'hijau' | 'kuning' | 'merah' | 'hitam' | 'unverified';
  until: string | null;
}

function statusScriptTexts(o: CheckinPageOptions) {
  const t = texts(o.lang, 'checkinPage').page;
  return { stUntil: t.statusUntil, stRefused: t.statusRefusedTitle, st_hijau: t.statusColour.hijau, st_kuning: t.statusColour.kuning, st_merah: t.statusColour.merah, st_hitam: t.statusColour.hitam, st_unverified: t.statusColour.unverified, stUnverified: t.statusUnverifiedHint };
}

function untilText(o: CheckinPageOptions, until: string): string {
  return new Intl.DateTimeFormat(o.lang === 'en' ? 'en-GB' : 'id-ID', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${until}T00:00:00Z`));
}

function statusBlock(o: CheckinPageOptions, status: DoorColour | null): string {
  if (!status) return '';
  const t = texts(o.lang, 'checkinPage').page;
  const until =
    status.colour === 'unverified' ? `<span>${escapeHtml(t.statusUnverifiedHint)}</span>` : status.until === null ? '' : `<span>${escapeHtml(fill(o, t.statusUntil, { until: untilText(o, status.until) }))}</span>`;
  return `<div class="dst ${status.colour}" data-testid="status-colour" data-colour="${status.colour}"><span class="k">${t.statusTitle}</span><b>${t.statusColour[status.colour]}</b>${until}</div>`;
}

function privacy(o: CheckinPageOptions): string {
  const t = texts(o.lang, 'checkinPage').page;
  return `<details data-testid="privacy"><summary>${t.privacyTitle}</summary><div><p>${t.privacyWhat}</p><p>${t.privacyWhy}</p><p>${fill(o, t.privacyHow, { days: o.retentionDays })}</p><p>${t.privacyWho}</p><p class="s m">${t.privacyDevice}</p></div></details>`;
}

/** HTML and status for one state of a scanned poster; `form` re-renders a form sent without the script, with its errors. */
export function renderCheckinPage(view: CheckinPageView, o: CheckinPageOptions, form?: PlainForm): { status: number; html: string } {
  const t = texts(o.lang, 'checkinPage').page;
  switch (view.kind) {
    case 'unknown':
      return { status: 404, html: refusalPage(o, 'invalid', ICON_NO, t.unknownTitle, null, t.unknownBody) };
    case 'replaced':
      return { status: 410, html: refusalPage(o, 'replaced', ICON_WARN, t.replacedTitle, view.venueName, t.replacedBody) };
    case 'suspended':
      return {
        status: 410,
        html: refusalPage(
          o,
          'suspended',
          ICON_NO,
          t.suspendedTitle,
          view.venueName,
          !view.sanction
            ? t.suspendedBody
            : view.sanction.until === null
              ? fill(o, t.sanctionClosedBody, { sanction: escapeHtml(view.sanction.label) })
              : fill(o, t.sanctionUntilBody, { sanction: escapeHtml(view.sanction.label), until: escapeHtml(view.sanction.until) }),
        ),
      };
    case 'unverified':
      return { status: 410, html: refusalPage(o, 'unverified', ICON_WARN, t.unverifiedTitle, view.venueName, t.unverifiedBody) };
    case 'venue': {
      const data = {
        token: view.token,
        venue: { id: view.venue.id, name: view.venue.name },
        lang: o.lang,
        tz: o.zoneLabel,
        closes: view.rules.closesAtLocal,
        t: { ...texts(o.lang, 'checkinPage').script, ...offlineScriptTexts(o), okTitle: t.okTitle, okAgain: t.okTitleAgain, noTitle: t.noTitle, occ: t.insideValue, ...statusScriptTexts(o) },
      };
      const tail = o.scriptSrc
        ? `<script type="application/json" id="jb-data">${jsonForScript(data)}</script>\n<script src="${escapeHtml(o.scriptSrc)}" defer></script>\n`
        : '';
      return {
        status: form ? 400 : 200,
        html: layout(o, view.venue.name, `${venueCard(view, o)}\n${actionPanels(view, o, form)}\n${privacy(o)}`, tail),
      };
    }
  }
}

/**
 * GET /c/offline: what the service worker shows for a poster's address when the phone has no signal (it keeps this
 * page; the script takes the poster's token from the address). The venue is not known yet: the form keeps the
 * check-in on the phone and the script sends it when the network returns.
 */
export function renderOfflinePage(o: CheckinPageOptions): string {
  const p = tx(o).page;
  const view: CheckinPageVenue = {
    token: 'offline',
    venue: { id: '', name: p.offlineTitle, address: '', badge: 'grey' },
    rules: { open: true, restricted: false, closed: false, capacityPercent: 100, closesAtLocal: null, opensAtLocal: null, opening: { state: 'open', closesAt: null, closedReason: null, reopensDay: null, reopensAt: null }, zoneColour: null, reason: null },
    occupancy: { current: 0, limit: 0 },
  };
  const data = {
    token: '',
    offline: true,
    venue: { id: '', name: '' },
    lang: o.lang,
    tz: o.zoneLabel,
    closes: null,
    t: { ...texts(o.lang, 'checkinPage').script, ...offlineScriptTexts(o), okTitle: texts(o.lang, 'checkinPage').page.okTitle, noTitle: texts(o.lang, 'checkinPage').page.noTitle, occ: '' },
  };
  const card = `<section class="card" id="venue" data-poster-state="offline"><h1 data-testid="venue-name">${p.offlineTitle}</h1><p>${p.offlineBody}</p><p class="s m">${p.venueUnknown}</p><p id="occ" hidden></p><div hidden><i id="occbar"></i></div></section>`;
  const tail = o.scriptSrc ? `<script type="application/json" id="jb-data">${jsonForScript(data)}</script>\n<script src="${escapeHtml(o.scriptSrc)}" defer></script>\n` : '';
  return layout(o, p.offlineTitle, `${card}\n${actionPanels(view, o, undefined)}\n${privacy(o)}`, tail);
}

/*
 * Without the script (JavaScript off, as in some data-saving browsers, or the script not yet arrived) the check-in
 * form posts to the page itself (POST /c/{token}); the server answers with one of these pages. The device cannot
 * remember the visit, so the confirmation carries its own check-out button holding the visit's secret.
 */

/** The check-in form as sent, with a message per field that was refused. */
export interface PlainForm {
  values: { name: string; phone: string };
  errors: { name?: string; phone?: string };
}

export type PlainResult =
  | {
      kind: 'checked-in';
      token: string;
      venueName: string;
      who: string;
      atLocal: string;
      occupancy: { current: number; limit: number };
      closesAtLocal: string | null;
      /** null when the person was already inside (a repeated scan): the secret is handed out once. */
      checkout: { visitId: string; secret: string } | null;
      status: DoorColour | null;
    }
  | { kind: 'refused'; token: string; venueName: string; headline: string; detail: string; status?: DoorColour | null }
  | {
      kind: 'checked-out';
      token: string;
      venueName: string;
      atLocal: string;
      /** The visit's proof, so that the rating form can be sent without the script; `error` when it came back incomplete. */
      rating: { visitId: string; secret: string; error?: string };
    }
  | { kind: 'rated'; token: string }
  | { kind: 'failed'; token: string; title: 'checkout' | 'rating'; detail: string };

function plainAction(token: string, suffix = ''): string {
  return `/c/${encodeURIComponent(token)}${suffix}`;
}

export function renderPlainResult(result: PlainResult, o: CheckinPageOptions): string {
  const t = texts(o.lang, 'checkinPage').page;
  const back = `<p class="c"><a class="link" href="${plainAction(result.token)}">${t.plainBack}</a></p>`;
  switch (result.kind) {
    case 'checked-in': {
      const { current, limit } = result.occupancy;
      const checkout = result.checkout
        ? `<form method="post" action="${plainAction(result.token, '/checkout')}"><input type="hidden" name="visitId" value="${escapeHtml(result.checkout.visitId)}"><input type="hidden" name="checkoutSecret" value="${escapeHtml(result.checkout.secret)}"><button class="btn alt" type="submit" data-testid="checkout">${t.checkOut}</button></form>`
        : `<p class="s m c">${t.plainAgain}</p>`;
      return layout(
        o,
        result.venueName,
        `<section class="card" data-testid="confirmation"><div class="big ok">${ICON_OK}<p class="t">${result.checkout ? t.okTitle : t.okTitleAgain}</p><p class="v">${escapeHtml(result.venueName)}</p><p class="r">${escapeHtml(result.who)}</p>
<div class="facts"><p><b>${escapeHtml(result.atLocal)} ${o.zoneLabel}</b><span>${t.okIn}</span></p><p><b>${current} / ${limit}</b><span>${t.okInside}</span></p>${result.closesAtLocal ? `<p><b>${escapeHtml(result.closesAtLocal)}</b><span>${t.okCloses}</span></p>` : ''}</div></div>
${statusBlock(o, result.status)}<p class="s m c">${t.okShow}</p>${checkout}</section>`,
      );
    }
    case 'refused':
      return layout(
        o,
        result.venueName,
        `<section class="card" data-testid="refusal"><div class="big no">${ICON_NO}<p class="t">${escapeHtml(result.headline)}</p><p class="v">${escapeHtml(result.venueName)}</p><p class="r">${escapeHtml(result.detail)}</p></div>${statusBlock(o, result.status ?? null)}${back}</section>`,
      );
    case 'checked-out': {
      const { visitId, secret, error } = result.rating;
      const rating = `<form method="post" action="${plainAction(result.token, '/rating')}" novalidate data-testid="rating-form">
<input type="hidden" name="visitId" value="${escapeHtml(visitId)}"><input type="hidden" name="checkoutSecret" value="${escapeHtml(secret)}">
<h2 class="rt">${t.rateTitle}</h2><p class="s m">${t.rateScale}</p>
${ratingScores(o.lang)}
<label for="rf-c">${t.comment}</label><textarea id="rf-c" name="comment" rows="2" maxlength="500" data-testid="rate-comment"></textarea><p class="s m">${t.commentHint}</p>
${error ? `<p class="err">${escapeHtml(error)}</p>` : ''}<button class="btn" type="submit" data-testid="rate-submit">${t.send}</button>
</form>`;
      return layout(
        o,
        result.venueName,
        `<section class="card" data-testid="checked-out"><div class="big out"><p class="t">${t.outTitle}</p><p class="v">${escapeHtml(result.venueName)}</p><p class="r">${t.outAt} <b>${escapeHtml(result.atLocal)} ${o.zoneLabel}</b></p></div>${rating}${back}</section>`,
      );
    }
    case 'rated':
      return layout(o, t.thanks, `<section class="card" data-testid="rating-thanks"><div class="big out">${ICON_THANKS}<p class="r">${t.thanks}</p></div>${back}</section>`);
    case 'failed': {
      const title = result.title === 'checkout' ? t.plainOutFailed : t.plainRateFailed;
      return layout(o, title, `<section class="card refuse" data-testid="refusal">${ICON_NO}<h1>${title}</h1><p>${escapeHtml(result.detail)}</p>${back}</section>`);
    }
  }
}
