// Typed translation keys: t('nav.regions') is checked against the Indonesian catalogue at compile time.
import 'i18next';
import type id from '../../i18n/id.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof id };
    returnNull: false;
  }
}
