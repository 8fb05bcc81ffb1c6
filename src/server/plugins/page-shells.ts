import id from '../../i18n/id.json' with { type: 'json' };

/*
 * The first HTML of a public page of the web app, with its header, title and introduction already in `#root`
 * (issue #17, "fast where the public goes"). The single-page app shows nothing until its scripts and the catalogue
 * have arrived and run: on a cheap phone over slow 4G that was 2 s of a blank zone page. Here the text a visitor
 * reads first is in the HTML, so it paints as soon as the HTML and the stylesheet are in; React then renders the
 * same page over it (createRoot replaces the container's children; main.tsx renders once the page's code is in, so
 * no loading indicator flashes in between).
 *
 * Static text only, in Indonesian (the default language; a visitor who chose English sees it replaced within the
 * first second), no data, no test ids (the browser tests wait for the app's own markup), nothing interactive but
 * plain links. The markup mirrors the React page's classes (PublicZonesPage, PublicVenuePages, ArrivalReportPage, Brand,
 * LoginPage), styled by the global stylesheet (a page chunk's own stylesheet arrives with the app).
 */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A catalogue text, escaped, with the placeholders the web app fills from the public configuration (city, zone). */
function texts(variables: Record<string, string>) {
  return (key: string): string => {
    let node: unknown = id;
    for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    if (typeof node !== 'string') throw new Error(`page shell: no text "${key}" in the catalogue`);
    return esc(node.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => variables[name] ?? whole));
  };
}

const LOGO =
  '<svg class="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false"><path d="M16 2 4 7v8c0 7.4 5.1 13.3 12 15 6.9-1.7 12-7.6 12-15V7L16 2z" fill="currentColor"></path><path d="m10.5 16.5 4 4 7-8" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"></path></svg>';

type T = ReturnType<typeof texts>;

/**
 * Where the app's language button will be, drawn the same (LanguageSwitch's classes and text) but inert and hidden
 * from assistive technology until the app replaces it: without it the header or card moves down when the app
 * renders (a layout shift a visitor sees, at 390 px the header wraps differently).
 */
const langSwitch = (t: T) => `<span class="btn btn--ghost lang-switch" lang="en" aria-hidden="true">${t('lang.switchTo')}</span>`;

function publicFrame(t: T, title: string, intro: string): string {
  return (
    '<div class="public-zones"><header class="public-header">' +
    `<div class="brand-block"><p class="brand-name">${LOGO}${t('app.name')}</p><p class="motto" lang="id">${t('app.motto')}</p></div>` +
    `<div class="public-header-actions">${langSwitch(t)}<a href="/open-data" class="btn btn--ghost">${t('policies.public.openDataLink')}</a>` +
    `<a href="/login" class="btn btn--ghost">${t('policies.public.staffLogin')}</a></div>` +
    `</header><main id="main" class="public-main"><h1>${title}</h1><p class="page-intro">${intro}</p></main></div>`
  );
}

/** The login page's card as LoginPage draws it, without its form: the product's name and motto, the city, the links. */
function loginCard(t: T, cityName: string): string {
  return (
    `<div class="login-screen"><div class="login-top">${langSwitch(t)}</div><main class="login-card" id="main">` +
    `<div class="brand-block"><h1 class="brand-name">${LOGO}${t('app.name')}</h1><p class="motto" lang="id">${t('app.motto')}</p></div>` +
    `<p class="login-city">${esc(cityName)}</p>` +
    [['/daftar-pengelola', 'venues.signup.link'], ['/tempat', 'venues.public.link'], ['/zona', 'policies.public.publicLink']].map(([href, key]) => `<p class="login-public-link"><a href="${href ?? ''}">${t(key ?? '')}</a></p>`).join('') +
    '</main></div>'
  );
}

/**
 * The newcomers' form card as ArrivalReportPage draws it before anything is typed: the product's name, who reports
 * (the two choices as plain text until the app makes them buttons), the form's title and introduction.
 */
function arrivalCard(t: T): string {
  return (
    `<div class="login-screen"><div class="login-top">${langSwitch(t)}</div><main class="login-card" id="main">` +
    `<div class="brand-block"><h1 class="brand-name">${LOGO}${t('app.name')}</h1><p class="motto" lang="id">${t('app.motto')}</p></div>` +
    `<div class="ld-mode"><span class="btn btn--small btn--primary">${t('arrivals.kos.self')}</span><span class="btn btn--small">${t('arrivals.kos.owner')}</span></div>` +
    `<div class="form"><h2 class="login-title">${t('arrivals.title')}</h2><p class="muted">${t('arrivals.intro')}</p></div>` +
    '</main></div>'
  );
}

/**
 * Path (or path pattern) → [document title, the markup inside #root], and for a page whose largest text is data from
 * the API, that request (a function of the path) to start with the HTML (a preload the app's own fetch then takes up):
 * on slow 4G it would otherwise wait for the app's code, a round trip later.
 */
const SHELLS: [string | RegExp, (t: T, cityName: string) => [string, string], ((path: string) => string | null)?][] = [
  ['/login', (t, city) => [`${t('auth.title')} · ${t('app.name')}`, loginCard(t, city)]],
  ['/zona', (t) => [`${t('policies.public.title')} · ${t('app.name')}`, publicFrame(t, t('policies.public.title'), t('policies.public.intro'))]],
  ['/lapor-diri', (t) => [`${t('arrivals.title')} · ${t('app.name')}`, arrivalCard(t)]],
];

/**
 * Made once at start from the built index.html: a function from a request path to its page with the shell filled
 * in, or null for every other path (they get index.html as it is).
 */
export function pageShells(indexHtml: string, params: { cityName: string; timeZoneLabel: string }): (pathname: string) => string | null {
  const root = '<div id="root"></div>';
  if (!indexHtml.includes(root)) return () => null;
  const t = texts({ city: params.cityName, zone: params.timeZoneLabel });
  const pages = SHELLS.map(([pattern, make, preload]) => {
    const [title, markup] = make(t, params.cityName);
    const html = indexHtml
      .replace(root, `<div id="root">${markup}</div>`)
      .replace(/<title>[^<]*<\/title>/, `<title>${title}</title>`)
      // The app's code is fetched after the text is painted (main.tsx): no preloading it beside the stylesheet here.
      .replace(/\s*<link rel="modulepreload"[^>]*>/g, '');
    return { pattern, html, preload };
  });
  return (pathname) => {
    const path = pathname.replace(/\/+$/, '') || '/';
    const page = pages.find(({ pattern }) => (typeof pattern === 'string' ? pattern === path : pattern.test(path)));
    if (!page) return null;
    // crossorigin="anonymous" is what the app's fetch (same origin, credentials 'same-origin') asks for, so it matches.
    const api = page.preload?.(path);
    return api ? page.html.replace('</head>', `<link rel="preload" as="fetch" crossorigin="anonymous" href="${esc(api)}"></head>`) : page.html;
  };
}
