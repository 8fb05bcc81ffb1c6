import type { FastifyReply, FastifyRequest } from 'fastify';
import { languageFrom, type Language } from './language.js';
import { text, type TextParams } from './texts.js';

/*
 * The frame of the public pages the server draws whole (issue #17, "fast where the public goes"): the zone page
 * /zona, the venue list /tempat and a venue's page, and the newcomers' form /lapor-diri. A visitor on a cheap phone
 * gets the page with its data in the first HTML and no script at all: Lighthouse counted the web app's start (React,
 * the router, the catalogue) as 300–650 ms of blocking time on these pages, and that held their score at 0.84–0.90.
 * Filters are GET forms, the map's desa are links, the form posts and is answered with a page.
 *
 * They share the web app's stylesheet (its hashed file, cached for a year, so the look is the staff app's and a
 * visitor who goes on to log in already has it) and its markup classes; what only one page needs is inline.
 */

/** The reader's language, remembered for the public pages and the web app (which reads it when it has none stored). */
export const LANG_COOKIE = 'jb_lang';
const YEAR_SECONDS = 365 * 24 * 60 * 60;

// Inline <style> for the page's own rules; no script at all; forms post only here.
const PAGE_CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface PageLanguage {
  lang: Language;
  /** Chosen on this request (?lang=). */
  chosen: boolean;
  /** Already what the cookie holds: nothing to remember. */
  remembered: boolean;
}

/** ?lang=id|en, else the remembered choice, else Accept-Language (Indonesian first). */
export function publicPageLanguage(request: FastifyRequest): PageLanguage {
  const requested = (request.query as Record<string, unknown> | undefined)?.lang;
  const remembered = request.cookies[LANG_COOKIE];
  if (requested === 'id' || requested === 'en') return { lang: requested, chosen: true, remembered: remembered === requested };
  if (remembered === 'id' || remembered === 'en') return { lang: remembered, chosen: false, remembered: true };
  return { lang: languageFrom(request.headers['accept-language']), chosen: false, remembered: false };
}

/** One query parameter of a page's GET form as text: '' when missing or not text; the first of a repeated one. */
export function queryText(request: FastifyRequest, name: string): string {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  const first: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' ? first : '';
}

/** The built web app's stylesheets, named in its index.html (none when the web app is not built, as in API tests). */
export function webStylesheets(indexHtml: string | null): string[] {
  if (!indexHtml) return [];
  return [...indexHtml.matchAll(/<link rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]!).filter((href) => href.startsWith('/'));
}

/** What every public page knows of the deployment. */
export interface PublicPageSite {
  cityName: string;
  /** The time zone's label for texts' {{zone}} (WITA). */
  zoneLabel: string;
  stylesheets: readonly string[];
}

/** A catalogue text in the page's language, with {{city}} and {{zone}} filled, escaped for HTML. */
export function pageText(site: PublicPageSite, lang: Language) {
  return (key: Parameters<typeof text>[1], params: TextParams = {}): string => escapeHtml(text(lang, key, { city: site.cityName, zone: site.zoneLabel, ...params }));
}

/** This page's address in the other language: its path and query, with lang= the other. */
export function otherLanguageHref(request: FastifyRequest, lang: Language): string {
  const url = new URL(request.url, 'http://page.invalid');
  url.searchParams.set('lang', lang === 'id' ? 'en' : 'id');
  return `${url.pathname}${url.search}`;
}

/** The language switch, as the web app's LanguageSwitch looks, as a link: the other language's own name. */
export function languageSwitch(lang: Language, href: string): string {
  const other: Language = lang === 'id' ? 'en' : 'id';
  return `<a class="btn btn--ghost lang-switch" href="${escapeHtml(href)}" hreflang="${other}" lang="${other}" title="${escapeHtml(text(lang, 'lang.switchHint'))}" data-testid="lang-switch">${escapeHtml(text(lang, 'lang.switchTo'))}</a>`;
}

const LOGO =
  '<svg class="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false"><path d="M16 2 4 7v8c0 7.4 5.1 13.3 12 15 6.9-1.7 12-7.6 12-15V7L16 2z" fill="currentColor"></path><path d="m10.5 16.5 4 4 7-8" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"></path></svg>';

/** The product's name and motto as the web app's Brand draws them (the motto is Indonesian; English adds a translation). */
export function brandBlock(lang: Language, heading: boolean): string {
  const tag = heading ? 'h1' : 'p';
  const translation = text(lang, 'app.mottoTranslation');
  return (
    `<div class="brand-block"><${tag} class="brand-name">${LOGO}${escapeHtml(text(lang, 'app.name'))}</${tag}>` +
    `<p class="motto" lang="id">${escapeHtml(text(lang, 'app.motto'))}</p>` +
    (translation ? `<p class="motto-translation">${escapeHtml(translation)}</p>` : '') +
    '</div>'
  );
}

export interface PublicDocument {
  lang: Language;
  title: string;
  description?: string;
  /** This page's own CSS, inline. */
  css?: string;
  /** Markup inside the app's root element (its layout classes apply there). */
  body: string;
}

export function publicDocument(site: PublicPageSite, page: PublicDocument): string {
  const styles = site.stylesheets.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join('');
  return (
    `<!doctype html><html lang="${page.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(page.title)} · ${escapeHtml(text(page.lang, 'app.name'))}</title>` +
    (page.description ? `<meta name="description" content="${escapeHtml(page.description)}">` : '') +
    `<meta name="theme-color" content="#0b5d3b"><link rel="icon" href="/favicon.svg" type="image/svg+xml">${styles}` +
    (page.css ? `<style>${page.css}</style>` : '') +
    `</head><body><div id="root">${page.body}</div></body></html>`
  );
}

/**
 * Sends a public page: no script allowed, never cached as another reader's language. The page's language is
 * remembered (chosen, or guessed from Accept-Language on a first visit), so that a link into the web app (the log-in,
 * the kos owner's form) opens in the language the reader was just reading.
 */
export function sendPublicPage(reply: FastifyReply, language: PageLanguage, html: string, status = 200): FastifyReply {
  if (!language.remembered) reply.setCookie(LANG_COOKIE, language.lang, { path: '/', maxAge: YEAR_SECONDS, sameSite: 'lax' });
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', 'no-cache')
    .header('vary', 'accept-language, cookie')
    .send(html);
}
