// UI language: Bahasa Indonesia first, English second. The catalogues are the project's one text catalogue
// (src/i18n/<lang>.json, shared with the server). Each language is a chunk of its own (about 25 KB compressed):
// main.tsx loads the reader's language before the first render, so nothing flickers, and the other
// language is fetched only when the reader switches.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type id from '../../i18n/id.json';
import type en from '../../i18n/en.json';
import { timeZoneLabel } from '../../common/time-zone-label';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'id';
const STORAGE_KEY = 'jaga-baya.lang';
/** Until /config/public answers: the server's defaults for CITY_NAME and TIME_ZONE. */
export const DEFAULT_CITY = 'Kota Denpasar';
export const DEFAULT_TIME_ZONE = 'Asia/Makassar';

// Compile-time check: the English catalogue must have every key of the Indonesian one.
type CatalogueCheck = typeof en extends typeof id ? true : never;
export const CATALOGUES_MATCH: CatalogueCheck = true;

const CATALOGUES: Record<Language, () => Promise<{ default: typeof id }>> = {
  id: () => import('../../i18n/id.json'),
  en: () => import('../../i18n/en.json'),
};

async function loadCatalogue(lng: Language): Promise<void> {
  if (i18n.hasResourceBundle(lng, 'translation')) return;
  const catalogue = (await CATALOGUES[lng]()).default;
  i18n.addResourceBundle(lng, 'translation', catalogue);
}

function isLanguage(value: unknown): value is Language {
  return value === 'id' || value === 'en';
}

/** The choice the server-drawn public pages remember (shared/public-page.ts), so both halves speak one language. */
const COOKIE = 'jb_lang';

function cookieLanguage(): Language | null {
  const match = /(?:^|;\s*)jb_lang=(id|en)(?:;|$)/.exec(document.cookie);
  return match ? (match[1] as Language) : null;
}

/** The cookie first: both the app and the server-drawn pages write it, so it holds the newest choice. */
function storedLanguage(): Language {
  const cookie = cookieLanguage();
  if (cookie) return cookie;
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    if (isLanguage(value)) return value;
  } catch {
    // storage blocked (private mode, strict settings): use the default
  }
  return DEFAULT_LANGUAGE;
}

function applyToDocument(lng: string): void {
  document.documentElement.lang = lng;
  // The pages the server draws (/zona, /tempat, /lapor-diri) then open in the language the reader was just reading.
  if (isLanguage(lng) && cookieLanguage() !== lng) document.cookie = `${COOKIE}=${lng}; path=/; max-age=31536000; samesite=lax`;
}

void i18n.use(initReactI18next).init({
  resources: {},
  partialBundledLanguages: true,
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  // {{city}} and {{zone}} in any text: the deployment's city and time-zone label (setTextVariables, from /config/public).
  interpolation: { escapeValue: false, defaultVariables: { city: DEFAULT_CITY, zone: timeZoneLabel(DEFAULT_TIME_ZONE) } }, // React escapes
  initAsync: false,
  returnNull: false,
  showSupportNotice: false,
});

applyToDocument(i18n.language);
i18n.on('languageChanged', applyToDocument);

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

export function setLanguage(lng: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // not persisted; still switch for this page view
  }
  void loadCatalogue(lng).then(() => i18n.changeLanguage(lng));
}

/**
 * Loads the reader's catalogue before the first render. Only that one: both catalogues have the same keys (a test
 * says so), so the fallback language is never needed.
 */
export async function loadInitialCatalogues(): Promise<void> {
  const lng = currentLanguage();
  await loadCatalogue(lng);
  await i18n.changeLanguage(lng);
}

/** The deployment's city name and time zone, filled into every text's {{city}} and {{zone}}; re-renders the texts. */
export function setTextVariables(settings: { cityName: string; timeZone: string }): void {
  const variables = { city: settings.cityName, zone: timeZoneLabel(settings.timeZone) };
  const interpolation = i18n.options.interpolation;
  if (!interpolation) return;
  const current = interpolation.defaultVariables ?? {};
  if (current.city === variables.city && current.zone === variables.zone) return;
  // In place: the translator and the interpolator share this options object.
  interpolation.defaultVariables = variables;
  void i18n.changeLanguage(i18n.language); // every useTranslation re-renders with the new values
}

/** BCP 47 tag for Intl formatting. */
export function locale(lng: string = i18n.language): string {
  return lng === 'en' ? 'en-GB' : 'id-ID';
}

export default i18n;
