// UI language: Bahasa Indonesia first, English second. The catalogues are the project's one text catalogue
// (src/i18n/<lang>.json, shared with the server); both are bundled (they are small),
// so the first render is already in the right language and nothing flickers.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import id from '../../i18n/id.json';
import en from '../../i18n/en.json';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'id';
const STORAGE_KEY = 'jaga-baya.lang';

// Compile-time check: the English catalogue must have every key of the Indonesian one.
const enCatalogue: typeof id = en;

function isLanguage(value: unknown): value is Language {
  return value === 'id' || value === 'en';
}

function storedLanguage(): Language {
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
}

void i18n.use(initReactI18next).init({
  resources: { id: { translation: id }, en: { translation: enCatalogue } },
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes
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
  void i18n.changeLanguage(lng);
}

/** BCP 47 tag for Intl formatting. */
export function locale(lng: string = i18n.language): string {
  return lng === 'en' ? 'en-GB' : 'id-ID';
}

export default i18n;
