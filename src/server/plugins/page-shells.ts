import id from '../../i18n/id.json' with { type: 'json' };
import { brandBlock, escapeHtml as esc } from '../shared/public-page.js';

/*
 * The first HTML of the login page, with its card already in `#root` (issue #17, "fast where the public goes"). The
 * single-page app shows nothing until its scripts and the catalogue have arrived and run: on a cheap phone over slow
 * 4G that was 2 s of a blank page. Here the text a visitor reads first is in the HTML, so it paints as soon as the
 * HTML and the stylesheet are in; React then renders the same page over it (createRoot replaces the container's
 * children; main.tsx renders once the page's code is in, so no loading indicator flashes in between).
 *
 * Static text only, in Indonesian (the default language; a visitor who chose English sees it replaced within the
 * first second), no data, no test ids (the browser tests wait for the app's own markup), nothing interactive but
 * plain links. The markup mirrors LoginPage's classes, styled by the global stylesheet. The public pages themselves
 * (/zona, /tempat, /lapor-diri) are drawn whole by the server (shared/public-page.ts) and need no shell.
 */

/** A catalogue text, escaped, with the placeholders the web app fills from the public configuration (city, zone). */
function texts(variables: Record<string, string>) {
  return (key: string): string => {
    let node: unknown = id;
    for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    if (typeof node !== 'string') throw new Error(`page shell: no text "${key}" in the catalogue`);
    return esc(node.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => variables[name] ?? whole));
  };
}

type T = ReturnType<typeof texts>;

/**
 * Where the app's language button will be, drawn the same (LanguageSwitch's classes and text) but inert and hidden
 * from assistive technology until the app replaces it: without it the card moves down when the app renders.
 */
const langSwitch = (t: T) => `<span class="btn btn--ghost lang-switch" lang="en" aria-hidden="true">${t('lang.switchTo')}</span>`;

/** The login page's card as LoginPage draws it, without its form: the product's name and motto, the city, the links. */
function loginCard(t: T, cityName: string): string {
  return (
    `<div class="login-screen"><div class="login-top">${langSwitch(t)}</div><main class="login-card" id="main">` +
    brandBlock('id', true) +
    `<p class="login-city">${esc(cityName)}</p>` +
    [['/daftar-pengelola', 'venues.signup.link'], ['/tempat', 'venues.public.link'], ['/zona', 'policies.public.publicLink']].map(([href, key]) => `<p class="login-public-link"><a href="${href ?? ''}">${t(key ?? '')}</a></p>`).join('') +
    '</main></div>'
  );
}

/** Path → [document title, the markup inside #root]. */
const SHELLS: [string, (t: T, cityName: string) => [string, string]][] = [['/login', (t, city) => [`${t('auth.title')} · ${t('app.name')}`, loginCard(t, city)]]];

/**
 * Made once at start from the built index.html: a function from a request path to its page with the shell filled
 * in, or null for every other path (they get index.html as it is).
 */
export function pageShells(indexHtml: string, params: { cityName: string; timeZoneLabel: string }): (pathname: string) => string | null {
  const root = '<div id="root"></div>';
  if (!indexHtml.includes(root)) return () => null;
  const t = texts({ city: params.cityName, zone: params.timeZoneLabel });
  const pages = new Map(
    SHELLS.map(([path, make]) => {
      const [title, markup] = make(t, params.cityName);
      const html = indexHtml
        .replace(root, `<div id="root">${markup}</div>`)
        .replace(/<title>[^<]*<\/title>/, `<title>${title}</title>`)
        // The app's code is fetched after the text is painted (main.tsx): no preloading it beside the stylesheet here.
        .replace(/\s*<link rel="modulepreload"[^>]*>/g, '');
      return [path, html];
    }),
  );
  return (pathname) => pages.get(pathname.replace(/\/+$/, '') || '/') ?? null;
}
