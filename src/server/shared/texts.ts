import id from '../../i18n/id.json' with { type: 'json' };
import en from '../../i18n/en.json' with { type: 'json' };
import type { Language, Localized } from './language.js';

/*
 * The server's door to THE text catalogue (src/i18n/<lang>.json, shared with the web app and, through the page the
 * server renders, the check-in page's script). One interpolation syntax everywhere: i18next's {{name}}.
 * Keys are checked by TypeScript: `text('en', 'problems.notFound.title')`.
 */

export type Catalogue = typeof id;

/** The English catalogue is typed against the Indonesian one: a key missing in English fails the build. */
const catalogues: Record<Language, Catalogue> = { id, en };

/** i18next's plural forms: `key_one` … beside `key` (the other form, as in the web app's texts), picked by a numeric `count`. */
type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type PluralBase<K extends string> = K extends `${infer B}_${PluralSuffix}` ? B : K;

/** "a.b.c" for every text (leaf) under T. */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${PluralBase<K>}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** The namespaces the server reads (the web app's own namespaces stay out of the server's key type). */
export type ServerNamespace =
  | 'app'
  | 'problems'
  | 'notifications'
  | 'checkinPage'
  | 'offlineCheckin'
  | 'followUpPage'
  | 'poster'
  | 'ratingItems'
  | 'sectors'
  | 'venueTypes'
  | 'prokesChecklist'
  | 'rules'
  | 'compliance'
  | 'enforcement'
  | 'citizen'
  | 'exportPdf'
  | 'screeningPage'
  | 'openDataPage'
  | 'roles'
  | 'tracing'
  | 'opening'
  | 'dashboards'
  | 'policies'
  | 'field'
  | 'weeklyReport'
  // the public pages the server draws (shared/public-page.ts)
  | 'lang'
  | 'common'
  | 'errors'
  | 'regions'
  | 'venues'
  | 'arrivals';
export type TextKey = Leaves<Pick<Catalogue, ServerNamespace>>;

/** A parameter is a value, or a text already in both languages (the pure cores' own bilingual messages). */
export type TextParams = Record<string, string | number | Localized>;

/** Fills {{name}} placeholders; an unknown name stays as it is. */
export function interpolate(template: string, lang: Language, params: TextParams = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'object' ? value[lang] : String(value);
  });
}

function lookup(lang: Language, key: string): unknown {
  let node: unknown = catalogues[lang];
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

const pluralRules: Record<Language, Intl.PluralRules> = { id: new Intl.PluralRules('id'), en: new Intl.PluralRules('en') };

/** One text in one language, placeholders filled; a numeric `count` picks the plural form (`key_one` …) if there is one. */
export function text(lang: Language, key: TextKey, params?: TextParams): string {
  const count = params?.count;
  const plural = typeof count === 'number' ? lookup(lang, `${key}_${pluralRules[lang].select(count)}`) : undefined;
  const template = typeof plural === 'string' ? plural : lookup(lang, key);
  if (typeof template !== 'string') throw new Error(`no text "${key}" in the ${lang} catalogue`);
  return interpolate(template, lang, params);
}

/** The same text in both languages (for messages stored or sent before the reader's language is known). */
export function localized(key: TextKey, params?: TextParams): Localized {
  return { id: text('id', key, params), en: text('en', key, params) };
}

/** A whole namespace in one language, unfilled (for pages that render many texts, and for the check-in script). */
export function texts<N extends ServerNamespace>(lang: Language, namespace: N): Catalogue[N] {
  return catalogues[lang][namespace];
}
