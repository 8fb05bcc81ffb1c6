export type Language = 'id' | 'en';

/** Indonesian unless the caller prefers English (Accept-Language, highest q first). */
export function languageFrom(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'id';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((l) => l.tag !== '')
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('id') || tag.startsWith('in')) return 'id';
    if (tag.startsWith('en')) return 'en';
  }
  return 'id';
}

/** A text in both languages. Texts themselves live in the catalogue (src/i18n, read through shared/texts.ts). */
export interface Localized {
  id: string;
  en: string;
}
