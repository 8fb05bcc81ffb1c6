import type { Language } from '../../shared/language.js';
import { text } from '../../shared/texts.js';
import { brandBlock, escapeHtml, languageSwitch, pageText, publicDocument, type PublicPageSite } from '../../shared/public-page.js';

/*
 * The newcomer's self-report /lapor-diri drawn by the server (issue #17): the card the web app drew, with the same ids
 * and test ids, as a plain form that posts here. No script: the ID kind's select shows its field by CSS (:has), and a
 * browser without :has shows both fields, of which the server reads the one the select names.
 */

/** The form's fields, named as the JSON API's (ArrivalBody), each with the id the web app gave its control. */
export const ARRIVAL_FORM_FIELDS = {
  name: 'arrival-name',
  nik: 'arrival-nik',
  passport: 'arrival-passport',
  phone: 'arrival-phone',
  origin: 'arrival-origin',
  arrivalDate: 'arrival-date',
  regionCode: 'arrival-region',
  address: 'arrival-address',
  purpose: 'arrival-purpose',
} as const;
export type ArrivalFormField = keyof typeof ARRIVAL_FORM_FIELDS;
export type IdKind = 'nik' | 'passport';

export type ArrivalPageView =
  | {
      kind: 'form';
      villages: { code: string; name: string }[];
      idKind: IdKind;
      values: Partial<Record<ArrivalFormField, string>>;
      /** Each wrong field's message, in the page's language. */
      fieldErrors: Partial<Record<ArrivalFormField, string>>;
      /** The summary above the form (what is wrong overall, and any message without a field here); none when valid. */
      error: string | null;
    }
  | { kind: 'receipt'; reference: string; isolationUntil: string };

// lapor-diri.css's rules (the kos form's, for the same look should this page show them) and the ID field's switch.
const CSS =
  '.kos-tenant{border:1px solid #d9dee5;border-radius:.5rem;padding:.5rem .75rem .75rem;margin:.5rem 0;display:grid;gap:.25rem}' +
  '.kos-tenant legend{font-weight:700;padding:0 .3rem}.kos-receipts{padding-left:1.2rem}' +
  // The switches are links here (buttons in the web app): they look as the buttons did.
  '.ld-mode a,.login-top .lang-switch{text-decoration:none}' +
  '.ld-form:has(#arrival-id-kind option[value="passport"]:checked) .ld-id-nik,' +
  '.ld-form:has(#arrival-id-kind option[value="nik"]:checked) .ld-id-passport{display:none}';

interface FieldOptions {
  id: string;
  name: string;
  label: string;
  value: string;
  error: string | undefined;
  hint?: string | undefined;
  className?: string;
  required?: boolean;
  autofocus?: boolean;
  /** Further attributes, already escaped (type, inputmode …). */
  attrs?: string;
}

/** Label, control, hint and error, wired as the web app's Field component does (components/Field.tsx). */
function fieldShell(o: FieldOptions, control: (attrs: string) => string): string {
  const hintId = o.hint ? `${o.id}-hint` : null;
  const errorId = o.error ? `${o.id}-error` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  const attrs =
    `id="${o.id}" name="${o.name}" data-testid="${o.id}"` +
    (o.error ? ' aria-invalid="true"' : '') +
    (describedBy ? ` aria-describedby="${describedBy}"` : '') +
    (o.required ? ' required' : '') +
    (o.autofocus ? ' autofocus' : '') +
    (o.attrs ? ` ${o.attrs}` : '');
  const classes = ['field', o.error ? 'field--invalid' : '', o.className ?? ''].filter(Boolean).join(' ');
  return (
    `<div class="${classes}"><label for="${o.id}">${o.label}</label>${control(attrs)}` +
    (o.hint ? `<p class="field-hint" id="${hintId}">${o.hint}</p>` : '') +
    (o.error ? `<p class="field-error" id="${errorId}" data-testid="${o.id}-error">${escapeHtml(o.error)}</p>` : '') +
    '</div>'
  );
}

const textField = (o: FieldOptions) => fieldShell(o, (attrs) => `<input ${attrs} value="${escapeHtml(o.value)}">`);
const selectField = (o: FieldOptions, options: string) => fieldShell(o, (attrs) => `<select ${attrs}>${options}</select>`);
const option = (value: string, label: string, selected: boolean) => `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${label}</option>`;

export function renderArrivalReportPage(site: PublicPageSite, lang: Language, switchHref: string, view: ArrivalPageView): string {
  const t = pageText(site, lang);
  let card: string;
  if (view.kind === 'receipt') {
    card =
      '<div class="form" data-testid="arrival-receipt">' +
      `<h2 class="login-title">${t('arrivals.thanksTitle')}</h2>` +
      `<div class="alert alert--success" role="status">${t('arrivals.thanks', { reference: view.reference, until: view.isolationUntil })}</div>` +
      `<p class="muted">${t('arrivals.next')}</p>` +
      '</div>';
  } else {
    const v = view.values;
    const errors = view.fieldErrors;
    // The first wrong field (in page order) takes the focus, as the web app's form did after a failed submit.
    const order: ArrivalFormField[] = ['name', view.idKind, 'phone', 'origin', 'arrivalDate', 'regionCode', 'address', 'purpose'];
    const first = order.find((f) => errors[f]);
    const f = (name: ArrivalFormField, label: string, extra: Partial<FieldOptions> = {}): FieldOptions => ({
      id: ARRIVAL_FORM_FIELDS[name],
      name,
      label,
      value: v[name] ?? '',
      error: errors[name],
      required: true,
      autofocus: first === name,
      ...extra,
    });
    const villages = view.villages.map((village) => option(village.code, escapeHtml(village.name), v.regionCode === village.code)).join('');
    const mode =
      `<nav class="ld-mode" aria-label="${t('arrivals.kos.who')}">` +
      `<a class="btn btn--small btn--primary" href="/lapor-diri" aria-current="page" data-testid="arrival-mode-self">${t('arrivals.kos.self')}</a>` +
      `<a class="btn btn--small" href="/lapor-diri/kos" data-testid="arrival-mode-kos">${t('arrivals.kos.owner')}</a>` +
      '</nav>';
    card =
      mode +
      `<form class="form ld-form" method="post" action="/lapor-diri?lang=${lang}" novalidate data-testid="arrival-form" aria-labelledby="arrival-title">` +
      `<h2 id="arrival-title" class="login-title">${t('arrivals.title')}</h2>` +
      `<p class="muted">${t('arrivals.intro')}</p>` +
      (view.error ? `<div class="alert alert--error" role="alert" data-testid="arrival-error">${escapeHtml(view.error)}</div>` : '') +
      textField(f('name', t('arrivals.name'), { attrs: 'autocomplete="name"' })) +
      selectField(
        { id: 'arrival-id-kind', name: 'idKind', label: t('arrivals.idKind'), value: view.idKind, error: undefined },
        option('nik', t('arrivals.idNik'), view.idKind === 'nik') + option('passport', t('arrivals.idPassport'), view.idKind === 'passport'),
      ) +
      // Neither is `required`: the one the select does not name is hidden and may stay empty.
      textField(f('nik', t('arrivals.nik'), { hint: t('arrivals.nikHint'), className: 'ld-id-nik', required: false, attrs: 'inputmode="numeric"' })) +
      textField(f('passport', t('arrivals.passport'), { className: 'ld-id-passport', required: false, attrs: 'autocapitalize="characters"' })) +
      textField(f('phone', t('arrivals.phone'), { attrs: 'type="tel" inputmode="tel" autocomplete="tel"' })) +
      textField(f('origin', t('arrivals.origin'), { hint: t('arrivals.originHint') })) +
      textField(f('arrivalDate', t('arrivals.arrivalDate'), { attrs: 'type="date"' })) +
      selectField(f('regionCode', t('arrivals.region')), option('', t('regions.choose'), !v.regionCode) + villages) +
      textField(f('address', t('arrivals.address'), { hint: t('arrivals.addressHint'), attrs: 'autocomplete="street-address"' })) +
      textField(f('purpose', t('arrivals.purpose'))) +
      `<p class="muted">${t('arrivals.privacy')}</p>` +
      `<button type="submit" class="btn btn--primary btn--block" data-testid="arrival-submit">${t('arrivals.submit')}</button>` +
      '</form>';
  }
  const body =
    '<div class="login-screen">' +
    `<div class="login-top">${languageSwitch(lang, switchHref)}</div>` +
    `<main class="login-card" id="main">${brandBlock(lang, true)}${card}</main>` +
    '</div>';
  // publicDocument escapes the title and description itself: the catalogue's texts as they are.
  const raw = (key: 'arrivals.title' | 'arrivals.thanksTitle' | 'arrivals.intro') => text(lang, key, { city: site.cityName, zone: site.zoneLabel });
  return publicDocument(site, { lang, title: raw(view.kind === 'receipt' ? 'arrivals.thanksTitle' : 'arrivals.title'), description: raw('arrivals.intro'), css: CSS, body });
}
