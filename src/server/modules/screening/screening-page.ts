import type { Language } from '../../shared/language.js';
import { texts } from '../../shared/texts.js';
import type { OpeningHours } from './opening-hours.js';
import { SCREENING_SYMPTOMS, type ScreeningAnswers, type ScreeningResult } from './screening-rule.js';

/*
 * The resident's self-screening page (GET/POST /skrining): server-rendered, no script, plain form posts, phone first.
 * Texts from the catalogue's `screeningPage`.
 */

export interface PageFacility {
  name: string;
  kind: string;
  address: string;
  phone: string | null;
  hours: OpeningHours;
  today: { from: string; until: string } | null;
  openNow: boolean;
}

export type ScreeningView =
  | { kind: 'form'; kecamatan: { code: string; name: string }[]; values?: Partial<ScreeningAnswers> & { kecamatan?: string }; invalid: string[] }
  | { kind: 'result'; answers: ScreeningAnswers; kecamatan: { code: string; name: string }; result: ScreeningResult; facilities: PageFacility[]; signedIn: boolean; zone: string }
  | { kind: 'sent'; kecamatan: { code: string; name: string } };

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const telOf = (phone: string) => phone.replace(/[^0-9+]/g, '');

export function renderScreeningPage(view: ScreeningView, lang: Language): string {
  const c = texts(lang, 'screeningPage');
  const other = lang === 'id' ? 'en' : 'id';
  let body: string;
  if (view.kind === 'form') {
    const v = view.values ?? {};
    const bad = (field: string) => view.invalid.includes(field);
    const options = view.kecamatan.map((k) => `<option value="${esc(k.code)}"${v.kecamatan === k.code ? ' selected' : ''}>${esc(k.name)}</option>`).join('');
    const symptoms = SCREENING_SYMPTOMS.map((s) => `<label class="opt"><input type="checkbox" name="symptoms" value="${s}"${v.symptoms?.includes(s) ? ' checked' : ''}> ${esc(c.symptoms[s])}</label>`).join('');
    const yesNo = (name: 'contact' | 'travel') =>
      `<label class="opt"><input type="radio" name="${name}" value="yes"${v[name] === true ? ' checked' : ''} required> ${esc(c.yes)}</label><label class="opt"><input type="radio" name="${name}" value="no"${v[name] === false ? ' checked' : ''}> ${esc(c.no)}</label>`;
    body = `<h1>${esc(c.title)}</h1>
<p>${esc(c.intro)}</p>
<p class="info">${esc(c.privacy)}</p>
${view.invalid.length > 0 ? `<p class="warn" role="alert" data-testid="screening-invalid">${esc(c.invalid)}</p>` : ''}
<form method="post" action="/skrining?lang=${lang}">
<fieldset><legend>${esc(c.symptomsQuestion)}</legend>${symptoms}
<label class="opt severe"><input type="checkbox" name="severe" value="yes"${v.severe ? ' checked' : ''}> ${esc(c.severe)}</label></fieldset>
<fieldset${bad('contact') ? ' class="bad"' : ''}><legend>${esc(c.contactQuestion)}</legend><p class="small">${esc(c.contactHint)}</p>${yesNo('contact')}</fieldset>
<fieldset${bad('travel') ? ' class="bad"' : ''}><legend>${esc(c.travelQuestion)}</legend><p class="small">${esc(c.travelHint)}</p>${yesNo('travel')}</fieldset>
<label class="field${bad('kecamatan') ? ' bad' : ''}">${esc(c.kecamatan)}<select name="kecamatan" required><option value="">${esc(c.choose)}</option>${options}</select></label>
<button type="submit">${esc(c.submit)}</button>
</form>`;
  } else if (view.kind === 'result') {
    const r = view.result;
    const reasons: string[] = [];
    if (r.criteria.includes('c')) reasons.push(c.reasons.c);
    if (r.criteria.includes('a')) reasons.push(c.reasons.a);
    if (r.criteria.includes('b')) reasons.push(c.reasons.b);
    if (r.closeContact) reasons.push(c.reasons.closeContact);
    if (r.advice === 'get_tested') reasons.push(c.reasons.symptomsOnly);
    if (r.watchSymptoms) reasons.push(c.reasons.watch);
    if (r.advice === 'none' && !r.watchSymptoms) reasons.push(c.reasons.nothing);
    const facilities =
      view.facilities.length === 0
        ? `<p class="small">${esc(c.noFacilities)}</p>`
        : `<ul class="fac">${view.facilities
            .map((f) => {
              const today = f.today ? `${esc(c.today)} ${f.today.from === '00:00' && f.today.until === '24:00' ? esc(c.allDay) : `${esc(f.today.from)}–${esc(f.today.until)} ${esc(view.zone)}`}` : esc(c.closedToday);
              const week = f.hours.map((h, i) => `<li>${esc(c.weekdays[WEEKDAYS[i] ?? 'mon'])}: ${h ? (h.from === '00:00' && h.until === '24:00' ? esc(c.allDay) : `${esc(h.from)}–${esc(h.until)}`) : esc(c.closed)}</li>`).join('');
              const kind = (c.kinds as Record<string, string>)[f.kind] ?? f.kind;
              return `<li data-testid="facility"><strong>${esc(f.name)}</strong> <span class="small">${esc(kind)}</span><br>${esc(f.address)}<br>
<span class="${f.openNow ? 'open' : 'shut'}" data-open="${f.openNow}">${esc(f.openNow ? c.openNow : c.closedNow)}</span> · ${today}
<details><summary>${esc(c.week)}</summary><ul class="week">${week}</ul></details>
${f.phone ? `<a class="call" href="tel:${esc(telOf(f.phone))}">${esc(c.call)} ${esc(f.phone)}</a>` : ''}</li>`;
            })
            .join('')}</ul>`;
    const hidden = [
      `<input type="hidden" name="kecamatan" value="${esc(view.kecamatan.code)}">`,
      ...view.answers.symptoms.map((s) => `<input type="hidden" name="symptoms" value="${esc(s)}">`),
      `<input type="hidden" name="severe" value="${view.answers.severe ? 'yes' : 'no'}">`,
      `<input type="hidden" name="contact" value="${view.answers.contact ? 'yes' : 'no'}">`,
      `<input type="hidden" name="travel" value="${view.answers.travel ? 'yes' : 'no'}">`,
    ].join('');
    const send = view.signedIn
      ? `<form method="post" action="/skrining/kirim?lang=${lang}">${hidden}<p>${esc(c.sendIntro)}</p><button type="submit" class="second" data-testid="screening-send">${esc(c.send)}</button></form>`
      : `<p class="small">${esc(c.signInToSend)} <a href="/saya">${esc(c.signInLink)}</a></p>`;
    body = `<h1>${esc(c.resultTitle)}</h1>
<section class="advice advice-${r.advice}" data-testid="screening-advice" data-advice="${r.advice}"><h2>${esc(c.advice[r.advice])}</h2>
${reasons.map((x) => `<p>${esc(x)}</p>`).join('')}</section>
${r.advice === 'emergency' ? `<p><a class="call" href="tel:119">${esc(c.call)} 119</a></p>` : ''}
<h2>${esc(c.facilitiesTitle)} ${esc(view.kecamatan.name)}</h2>
${facilities}
<h2>${esc(c.sendTitle)}</h2>
<p class="info">${esc(c.notStored)}</p>
${send}
<p><a href="/skrining?lang=${lang}">${esc(c.again)}</a> · <a href="/saya">${esc(c.back)}</a></p>`;
  } else {
    body = `<h1>${esc(c.sentTitle)}</h1><p class="ok" role="status" data-testid="screening-sent">${esc(c.sent)} ${esc(view.kecamatan.name)}.</p>
<p><a href="/saya">${esc(c.back)}</a></p>`;
  }
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>Jaga Baya — ${esc(c.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:0 auto;padding:1rem;color:#1b1b1b;line-height:1.4}h1{font-size:1.4rem;color:#0b5d3b}h2{font-size:1.1rem}
.ok{background:#e3f6e8;padding:.75rem;border-radius:.5rem}.warn{background:#fdecea;padding:.75rem;border-radius:.5rem}.info{background:#eef3fb;padding:.75rem;border-radius:.5rem}
fieldset{border:1px solid #ccc;border-radius:.5rem;margin:0 0 1rem}fieldset.bad,label.bad select{border:2px solid #b3261e}legend{font-weight:600;padding:0 .25rem}.opt{display:block;padding:.45rem 0;font-size:1.05rem}
.opt input{width:1.2rem;height:1.2rem;vertical-align:middle}.severe{color:#8a1c14}.field{display:block;font-weight:600}select{display:block;width:100%;padding:.6rem;font-size:1rem;margin-top:.35rem}
button{margin-top:1rem;width:100%;padding:.85rem;font-size:1.05rem;background:#0b5d3b;color:#fff;border:0;border-radius:.5rem}button.second{background:#1f4e8c}
.small{font-size:.9rem;color:#555}nav{text-align:right}.advice{padding:.75rem 1rem;border-radius:.5rem;border-left:6px solid}.advice h2{margin:.2rem 0}
.advice-emergency{background:#fdecea;border-color:#b3261e}.advice-stay_home{background:#fff4e0;border-color:#c77700}.advice-get_tested{background:#eef3fb;border-color:#1f4e8c}.advice-none{background:#e3f6e8;border-color:#0b5d3b}
.fac{list-style:none;padding:0}.fac>li{border:1px solid #ddd;border-radius:.5rem;padding:.75rem;margin-bottom:.75rem}.open{color:#0b5d3b;font-weight:600}.shut{color:#8a1c14;font-weight:600}
.week{margin:.25rem 0;padding-left:1.2rem}.call{display:block;margin-top:.5rem;padding:.7rem;text-align:center;background:#0b5d3b;color:#fff;border-radius:.5rem;text-decoration:none;font-weight:600}</style></head>
<body><nav><a href="/skrining?lang=${other}">${esc(c.other)}</a></nav><header><strong>Jaga Baya</strong> · ${esc(c.tagline)}</header>${body}</body></html>`;
}
