import type { Language } from '../../shared/language.js';
import { SYMPTOMS } from './tracing.rules.js';

export type FollowUpView =
  | { kind: 'form'; quarantineEnd: string; today: string; reportedToday: boolean; saved: boolean; invalid: boolean }
  | { kind: 'unknown' }
  | { kind: 'expired'; quarantineEnd: string };

const SYMPTOM_LABELS: Record<(typeof SYMPTOMS)[number], { id: string; en: string }> = {
  fever: { id: 'Demam', en: 'Fever' },
  cough: { id: 'Batuk', en: 'Cough' },
  sore_throat: { id: 'Sakit tenggorokan', en: 'Sore throat' },
  runny_nose: { id: 'Pilek', en: 'Runny nose' },
  shortness_of_breath: { id: 'Sesak napas', en: 'Shortness of breath' },
  loss_of_smell_taste: { id: 'Hilang penciuman/perasa', en: 'Loss of smell or taste' },
  fatigue: { id: 'Lemas', en: 'Fatigue' },
  headache: { id: 'Sakit kepala', en: 'Headache' },
  diarrhoea: { id: 'Diare', en: 'Diarrhoea' },
};

const T = {
  title: { id: 'Laporan harian karantina', en: 'Daily quarantine report' },
  until: { id: 'Karantina Anda berlangsung sampai dengan', en: 'Your quarantine lasts until' },
  intro: { id: 'Laporkan kondisi Anda setiap hari. Petugas puskesmas membaca laporan ini.', en: 'Report how you feel every day. The puskesmas staff read these reports.' },
  none: { id: 'Tidak ada gejala', en: 'No symptoms' },
  some: { id: 'Ada gejala (centang yang sesuai):', en: 'I have symptoms (tick those that apply):' },
  temperature: { id: 'Suhu tubuh (°C, jika diukur)', en: 'Body temperature (°C, if measured)' },
  send: { id: 'Kirim laporan hari ini', en: 'Send today’s report' },
  saved: { id: 'Terima kasih, laporan hari ini tersimpan.', en: 'Thank you, today’s report is saved.' },
  already: { id: 'Laporan hari ini sudah ada; mengirim lagi akan menggantinya.', en: 'Today’s report is already in; sending again replaces it.' },
  invalid: { id: 'Suhu harus antara 34 dan 43 °C.', en: 'The temperature must lie between 34 and 43 °C.' },
  unknownTitle: { id: 'Tautan tidak dikenal', en: 'Unknown link' },
  unknown: { id: 'Tautan laporan ini tidak dikenal. Periksa kembali SMS dari Jaga Baya atau hubungi puskesmas Anda.', en: 'This report link is not known. Check the SMS from Jaga Baya again or contact your puskesmas.' },
  expiredTitle: { id: 'Karantina sudah berakhir', en: 'Quarantine has ended' },
  expired: { id: 'Tautan ini tidak berlaku lagi: karantina Anda berakhir pada', en: 'This link is no longer valid: your quarantine ended on' },
  urgent: { id: 'Jika sesak napas berat, segera hubungi 119 atau puskesmas.', en: 'If you have severe shortness of breath, call 119 or your puskesmas at once.' },
  other: { id: 'English', en: 'Bahasa Indonesia' },
};

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderFollowUpPage(view: FollowUpView, lang: Language, selfPath: string): string {
  const t = (k: keyof typeof T) => esc(T[k][lang]);
  const other = lang === 'id' ? 'en' : 'id';
  let body: string;
  if (view.kind === 'unknown') {
    body = `<h1>${t('unknownTitle')}</h1><p class="warn">${t('unknown')}</p>`;
  } else if (view.kind === 'expired') {
    body = `<h1>${t('expiredTitle')}</h1><p class="warn">${t('expired')} <strong>${esc(view.quarantineEnd)}</strong>.</p>`;
  } else {
    const symptoms = SYMPTOMS.map((s) => `<label class="opt"><input type="checkbox" name="symptoms" value="${s}"> ${esc(SYMPTOM_LABELS[s][lang])}</label>`).join('');
    body = `<h1>${t('title')}</h1>
<p class="end">${t('until')} <strong data-testid="quarantine-end">${esc(view.quarantineEnd)}</strong></p>
${view.saved ? `<p class="ok" role="status">${t('saved')}</p>` : view.reportedToday ? `<p class="info">${t('already')}</p>` : ''}
${view.invalid ? `<p class="warn" role="alert">${t('invalid')}</p>` : ''}
<p>${t('intro')}</p>
<form method="post" action="${esc(selfPath)}?lang=${lang}">
<fieldset><legend>${esc(view.today)}</legend>
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
<body><nav><a href="${esc(selfPath)}?lang=${other}">${t('other')}</a></nav><header><strong>Jaga Baya</strong> · Lindungi Sesama</header>${body}</body></html>`;
}
