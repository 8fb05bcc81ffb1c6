import type { Language } from '../../shared/language.js';
import { texts, type Catalogue } from '../../shared/texts.js';
import { SYMPTOMS } from './tracing.rules.js';

export type FollowUpView =
  /** `byVillage`: a newcomer's self-isolation, read by the village officer rather than the puskesmas. */
  | { kind: 'form'; quarantineEnd: string; today: string; reportedToday: boolean; saved: boolean; invalid: boolean; byVillage?: boolean }
  | { kind: 'unknown' }
  | { kind: 'expired'; quarantineEnd: string };

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

type PageText = Exclude<keyof Catalogue['followUpPage'], 'symptoms'>;

/** A local date (YYYY-MM-DD) as a person reads it ("18 Desember 2026", "Friday, 4 December 2026"), kept machine-readable in <time>. */
function localDate(date: string, lang: Language, weekday = false): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return esc(date);
  const words = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric', ...(weekday ? { weekday: 'long' } : {}) }).format(new Date(`${date}T00:00:00Z`));
  return `<time datetime="${date}">${esc(words)}</time>`;
}

/** The daily report page a contact's SMS links to (GET /k/{token}); texts from the catalogue's `followUpPage`. */
export function renderFollowUpPage(view: FollowUpView, lang: Language, selfPath: string): string {
  const catalogue = texts(lang, 'followUpPage');
  const t = (k: PageText) => esc(catalogue[k]);
  const other = lang === 'id' ? 'en' : 'id';
  let body: string;
  if (view.kind === 'unknown') {
    body = `<h1>${t('unknownTitle')}</h1><p class="warn">${t('unknown')}</p>`;
  } else if (view.kind === 'expired') {
    body = `<h1>${t('expiredTitle')}</h1><p class="warn">${t('expired')} <strong>${localDate(view.quarantineEnd, lang)}</strong>.</p>`;
  } else {
    const symptoms = SYMPTOMS.map((s) => `<label class="opt"><input type="checkbox" name="symptoms" value="${s}"> ${esc(catalogue.symptoms[s])}</label>`).join('');
    body = `<h1>${t('title')}</h1>
<p class="end">${t('until')} <strong data-testid="quarantine-end">${localDate(view.quarantineEnd, lang)}</strong></p>
${view.saved ? `<p class="ok" role="status">${t('saved')}</p>` : view.reportedToday ? `<p class="info">${t('already')}</p>` : ''}
${view.invalid ? `<p class="warn" role="alert">${t('invalid')}</p>` : ''}
<p>${t(view.byVillage ? 'introVillage' : 'intro')}</p>
<form method="post" action="${esc(selfPath)}?lang=${lang}">
<fieldset><legend>${localDate(view.today, lang, true)}</legend>
<label class="opt"><input type="radio" name="condition" value="none" checked> ${t('none')}</label>
<label class="opt"><input type="radio" name="condition" value="symptoms"> ${t('some')}</label>
<div class="symptoms">${symptoms}</div>
<label class="temp">${t('temperature')} <input type="number" name="temperature" step="0.1" min="34" max="43" inputmode="decimal"></label>
</fieldset>
<button type="submit">${t('send')}</button>
</form>
<p class="small">${t('urgent')}</p>`;
  }
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>Jaga Baya — ${t('title')}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:0 auto;padding:1rem;color:#1b1b1b}h1{font-size:1.4rem;color:#0b5d3b}
.end{font-size:1.1rem;background:#eef7f1;padding:.75rem;border-radius:.5rem}.ok{background:#e3f6e8;padding:.75rem;border-radius:.5rem}
.warn{background:#fdecea;padding:.75rem;border-radius:.5rem}.info{background:#eef3fb;padding:.75rem;border-radius:.5rem}
fieldset{border:1px solid #ccc;border-radius:.5rem}.opt{display:block;padding:.35rem 0}.symptoms{padding-left:1.5rem}
.temp{display:block;margin-top:.75rem}button{margin-top:1rem;width:100%;padding:.8rem;font-size:1rem;background:#0b5d3b;color:#fff;border:0;border-radius:.5rem}
.small{font-size:.85rem;color:#555}nav{text-align:right}</style></head>
<body><nav><a href="${esc(selfPath)}?lang=${other}">${t('other')}</a></nav><header><strong>Jaga Baya</strong> · ${t('tagline')}</header>${body}</body></html>`;
}
