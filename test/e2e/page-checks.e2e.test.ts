import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import en from '../../src/i18n/en.json' with { type: 'json' };
import id from '../../src/i18n/id.json' with { type: 'json' };
import { permissionsOfRole } from '../../src/server/modules/accounts/permissions.js';
import type { Role } from '../../src/common/roles.js';
import { posterTokenFor } from '../../src/server/modules/venues/index.js';
import { PROJECT_ROOT } from '../../src/server/shared/paths.js';
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot, signInOnSaya } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// Issue #18's "must hold", for every page a person can reach: axe-core finds no serious or critical violation, and a
// page shown in one language carries no text that exists only in the other language's catalogue. The pages come from
// the web app's own route list (src/web/routes/nav.ts) per role, so a new screen is walked without touching this file,
// plus the public pages and the server-rendered check-in page.

type Tree = { [key: string]: string | Tree };
type Lang = 'id' | 'en';

function leaves(tree: Tree): string[] {
  return Object.values(tree).flatMap((value) => (typeof value === 'string' ? [value] : leaves(value)));
}

/** A catalogue text as a whole-string pattern: placeholders match anything, nested `$t(…)` texts are left out. */
function pattern(text: string): RegExp | null {
  if (text.includes('$t(') || text.includes('<')) return null;
  const literal = text.replace(/\{\{[^}]*\}\}/g, '');
  // Too little of its own to tell the languages apart ("{{count}} min", "OK", "Email").
  if ((literal.match(/\p{L}/gu) ?? []).length < 4) return null;
  const source = text
    .split(/(\{\{[^}]*\}\})/)
    .map((part) => (part.startsWith('{{') ? '.+?' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'su');
}

const CATALOGUE = { id: leaves(id), en: leaves(en) };
/** Per language: the texts that exist only in that language's catalogue, as patterns. */
function onlyIn(lang: Lang): RegExp[] {
  const other = new Set(CATALOGUE[lang === 'id' ? 'en' : 'id']);
  return [...new Set(CATALOGUE[lang])].filter((t) => !other.has(t)).flatMap((t) => pattern(t) ?? []);
}
const ONLY = { id: onlyIn('id'), en: onlyIn('en') };
/** Texts that both catalogues carry somewhere (a word the languages share) are never counted against a page. */
const BOTH = { id: CATALOGUE.id.flatMap((t) => pattern(t) ?? []), en: CATALOGUE.en.flatMap((t) => pattern(t) ?? []) };

/** The shell's routes as src/web/routes/nav.ts lists them (read as text: the file pulls in the React pages). */
function appRoutes(): { path: string; permission?: string; roles: string[]; testId: string }[] {
  const source = readFileSync(path.join(PROJECT_ROOT, 'src', 'web', 'routes', 'nav.ts'), 'utf8');
  const entries = [...source.matchAll(/^\s*\{ path: '([^']+)',[^\n]*testId: '([^']+)'[^\n]*\},?$/gm)];
  return entries.map(([line, routePath, testId]) => ({
    path: routePath!,
    testId: testId!,
    permission: /permission: '([^']+)'/.exec(line)?.[1],
    roles: [.../roles: \[([^\]]*)\]/.exec(line)?.[1]?.matchAll(/'([^']+)'/g) ?? []].map((m) => m[1]!),
  }));
}
const APP_ROUTES = appRoutes();

const AXE_SOURCE = readFileSync(path.join(PROJECT_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the pages' Content-Security-Policy (no inline script) is not weakened.
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/** Every piece of text a person sees on the page: visible text nodes, and the labels and placeholders of controls. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visible = (el: Element | null) => el !== null && (el as HTMLElement).checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) !== false;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      const parent = node.parentElement;
      if (!text || !parent || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName) || !visible(parent)) continue;
      out.push(text);
    }
    for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
      if (!visible(el)) continue;
      for (const attr of ['placeholder', 'aria-label', 'title']) {
        const value = el.getAttribute(attr)?.trim();
        if (value) out.push(value);
      }
    }
    return out;
  });
}

/** The shipped regions' names ("Desa Adat Intaran"): data, the same in every language, never a catalogue's text. */
const REGION_NAMES = new Set(
  ['regions.csv', 'desa_adat.csv'].flatMap((file) =>
    readFileSync(path.join(PROJECT_ROOT, 'data', 'denpasar', file), 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[1]?.trim() ?? '')
      .filter(Boolean),
  ),
);

/** The texts on the page that belong to the other language only. */
async function foreignTexts(page: Page, lang: Lang): Promise<string[]> {
  const other: Lang = lang === 'id' ? 'en' : 'id';
  const found = new Set<string>();
  for (const text of await visibleTexts(page)) {
    if (REGION_NAMES.has(text)) continue;
    if (!ONLY[other].some((p) => p.test(text))) continue;
    if (BOTH[lang].some((p) => p.test(text))) continue;
    found.add(text);
  }
  return [...found];
}

const STAFF: { role: Role; regionCode: string; username: string }[] = [
  { role: 'task_force', regionCode: '51.71', username: 'satgas.kota' },
  { role: 'approver', regionCode: '51.71', username: 'walikota' },
  { role: 'village_officer', regionCode: '51.71.01.1001', username: 'perbekel.serangan' },
  { role: 'health_tracer', regionCode: '51.71.01', username: 'tracer.selatan' },
  { role: 'enforcement_officer', regionCode: '51.71.01', username: 'satpol.selatan' },
];
const PASSWORD = 'page-checks-password-1';
/** A venue manager with a venue of their own and notifications about it (verified, suspended, reactivated). */
const MANAGER = { username: 'pengelola.periksa', password: PASSWORD };
/** A resident who checked in at the venue: their own space on /saya lists the visit. */
const RESIDENT_PHONE = '081377700991';

describe('every page: accessibility and one language (axe-core, catalogue walk)', () => {
  let server: RunningServer;
  let browser: Browser;
  let venueId = '';
  let checkinPath = '';
  let managerVenueId = '';
  const problems: string[] = [];
  let pagesChecked = 0;

  async function call(method: string, url: string, options: { cookie?: string; body?: unknown } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(server.url + url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  }

  async function check(page: Page, where: string, lang: Lang, shot?: string): Promise<void> {
    // Let the page settle: lazy routes, the data they ask for, and the language switch.
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: 10_000 }).catch(() => problems.push(`${where} [${lang}]: <html lang> is not ${lang}`));
    await page.waitForTimeout(150);
    for (const v of await axeViolations(page)) problems.push(`${where} [${lang}] axe: ${v}`);
    for (const text of await foreignTexts(page, lang)) problems.push(`${where} [${lang}] text of the other language: "${text}"`);
    if (shot) await screenshot(page, shot);
    pagesChecked++;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const login = await call('POST', '/api/v1/auth/login', { body: ADMIN });
    const adminCookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    for (const s of STAFF) {
      const res = await call('POST', '/api/v1/users', {
        cookie: adminCookie,
        body: { username: s.username, password: PASSWORD, displayName: s.username, assignments: [{ role: s.role, regionCode: s.regionCode }] },
      });
      expect(res.status, await res.clone().text()).toBe(201);
    }
    const created = await call('POST', '/api/v1/venues', {
      cookie: adminCookie,
      body: { name: 'Warung Pemeriksaan', sector: 'trade', type: 'warung', regionCode: '51.71.01.1001', address: 'Jl. Tukad Punggawa 1', lat: -8.736259, lon: 115.23211, capacity: 20, indoor: true, openingHours: null },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    venueId = ((await created.json()) as { id: string }).id;
    expect((await call('POST', `/api/v1/venues/${venueId}/verification`, { cookie: adminCookie, body: { decision: 'approve' } })).status).toBe(200);
    const poster = await server.database.db.selectFrom('venue_posters').select('poster_id').where('venue_id', '=', venueId).where('replaced_at', 'is', null).executeTakeFirstOrThrow();
    const token = posterTokenFor(Buffer.alloc(32, 7), poster.poster_id);
    checkinPath = `/c/${token}`;
    const checkedIn = await call('POST', '/api/v1/checkins', { body: { token, name: 'Warga Periksa', phone: RESIDENT_PHONE } });
    expect(checkedIn.status, await checkedIn.clone().text()).toBe(201);

    // The manager's venue goes through verification, a suspension and a reactivation: their notification list and the
    // operators' outbox are walked with messages in them, not empty.
    const manager = await call('POST', '/api/v1/users', { cookie: adminCookie, body: { ...MANAGER, displayName: 'Pengelola Periksa', assignments: [{ role: 'venue_manager', regionCode: '51.71' }] } });
    expect(manager.status, await manager.clone().text()).toBe(201);
    const managerLogin = await call('POST', '/api/v1/auth/login', { body: MANAGER });
    const managerCookie = managerLogin.headers.getSetCookie()[0]!.split(';')[0]!;
    const own = await call('POST', '/api/v1/venues', {
      cookie: managerCookie,
      body: { name: 'Kedai Pengelola Periksa', sector: 'trade', type: 'cafe', regionCode: '51.71.01.1001', address: 'Jl. Tukad Punggawa 2', lat: -8.736259, lon: 115.23211, capacity: 12, indoor: true, openingHours: null },
    });
    expect(own.status, await own.clone().text()).toBe(201);
    managerVenueId = ((await own.json()) as { id: string }).id;
    for (const [url, body] of [
      [`/api/v1/venues/${managerVenueId}/verification`, { decision: 'approve' }],
      [`/api/v1/venues/${managerVenueId}/suspension`, { reason: 'Kerumunan' }],
      [`/api/v1/venues/${managerVenueId}/reactivation`, { reason: 'Sudah tertib' }],
    ] as const) {
      const res = await call('POST', url, { cookie: adminCookie, body });
      expect(res.status, await res.clone().text()).toBe(200);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('reads every route of the shell from nav.ts', () => {
    const listed = readFileSync(path.join(PROJECT_ROOT, 'src', 'web', 'routes', 'nav.ts'), 'utf8').match(/testId: 'nav-/g) ?? [];
    expect(APP_ROUTES.length).toBe(listed.length);
    expect(APP_ROUTES.length).toBeGreaterThan(15);
  });

  it.each(['id', 'en'] as const)('public pages on a 390 px phone [%s]', async (lang) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    // The reader's choice as the language switches remember it: the cookie jb_lang, read by the pages the server draws
    // (/zona, /tempat, /lapor-diri …) and, before its localStorage, by the web app.
    await context.addCookies([{ name: 'jb_lang', value: lang, url: server.url }]);
    const page = await context.newPage();
    const pages = ['/login', '/zona', '/tempat', `/tempat/${venueId}`, '/lapor-diri', '/lapor-diri/kos', '/saya', '/daftar-pengelola', `${checkinPath}?lang=${lang}`, `/c/offline?lang=${lang}`, `/open-data?lang=${lang}`];
    for (const p of pages) {
      await page.goto(server.url + p);
      const name = p.startsWith('/c/') && !p.startsWith('/c/offline') ? 'checkin' : p.replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '') || 'root';
      await check(page, p, lang, `page-checks-390-${lang}-${name.slice(0, 40)}`);
    }
    // The resident's own space once signed in with the SMS code (their visit listed).
    const resident = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const own = await resident.newPage();
    await resident.addCookies([{ name: 'jb_lang', value: lang, url: server.url }]);
    await signInOnSaya(own, server, RESIDENT_PHONE);
    await check(own, '/saya (signed in)', lang, `page-checks-390-${lang}-saya-space`);
    await resident.close();
    await context.close();
  });

  const roles: { role: Role | 'admin'; username: string; password: string }[] = [
    { role: 'admin', username: ADMIN.username, password: ADMIN.password },
    ...STAFF.map((s) => ({ role: s.role, username: s.username, password: PASSWORD })),
  ];

  it.each(roles)('every staff page of $role in both languages at 1366 px', { timeout: 300_000 }, async ({ role, username, password }) => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const res = await call('POST', '/api/v1/auth/login', { body: { username, password } });
    expect(res.status).toBe(200);
    const [name, value] = res.headers.getSetCookie()[0]!.split(';')[0]!.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const permissions: readonly string[] = permissionsOfRole(role);
    const routes = APP_ROUTES.filter((r) => r.permission === undefined || permissions.includes(r.permission) || (r.roles ?? []).includes(role));
    expect(routes.length).toBeGreaterThan(1);
    for (const lang of ['id', 'en'] as const) {
      const page = await context.newPage();
      // The language as the switches remember it (the web app writes jb_lang whenever its language changes).
      await context.addCookies([{ name: 'jb_lang', value: lang, url: server.url }]);
      for (const route of routes) {
        await page.goto(server.url + route.path);
        await page.getByTestId(route.testId).waitFor({ timeout: 15_000 });
        // Screenshots of each role's pages in Indonesian; English is checked the same way.
        await check(page, `${role} ${route.path}`, lang, lang === 'id' ? `page-checks-1366-${role}${route.path.replace(/\//g, '-')}` : undefined);
      }
      await page.close();
    }
    await context.close();
  });

  it.each(['id', 'en'] as const)('the venue manager’s pages, with their venue and its notifications, at 1366 px [%s]', { timeout: 300_000 }, async (lang) => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const res = await call('POST', '/api/v1/auth/login', { body: MANAGER });
    expect(res.status).toBe(200);
    const [name, value] = res.headers.getSetCookie()[0]!.split(';')[0]!.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const permissions: readonly string[] = permissionsOfRole('venue_manager');
    const routes = APP_ROUTES.filter((r) => r.permission === undefined || permissions.includes(r.permission) || r.roles.includes('venue_manager'));
    expect(routes.map((r) => r.path)).toEqual(expect.arrayContaining(['/home', '/venues/mine', '/notifications']));
    const page = await context.newPage();
    await context.addCookies([{ name: 'jb_lang', value: lang, url: server.url }]);
    for (const route of routes) {
      await page.goto(server.url + route.path);
      await page.getByTestId(route.testId).waitFor({ timeout: 15_000 });
      if (route.path === '/notifications') await page.getByTestId('notification').first().waitFor({ timeout: 15_000 });
      await check(page, `venue_manager ${route.path}`, lang, `page-checks-1366-${lang}-venue_manager${route.path.replace(/\//g, '-')}`);
    }
    await page.goto(`${server.url}/venues/${managerVenueId}`);
    await check(page, 'venue_manager /venues/:id', lang, `page-checks-1366-${lang}-venue_manager-venue`);
    await context.close();

    // The operators' outbox with messages listed (it opens on the failed ones, of which there are none).
    const admin = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const login = await call('POST', '/api/v1/auth/login', { body: ADMIN });
    const [adminName, adminValue] = login.headers.getSetCookie()[0]!.split(';')[0]!.split('=') as [string, string];
    await admin.addCookies([{ name: adminName, value: adminValue, url: server.url }]);
    const outbox = await admin.newPage();
    await admin.addCookies([{ name: 'jb_lang', value: lang, url: server.url }]);
    await outbox.goto(`${server.url}/outbox`);
    await outbox.getByTestId('page-outbox').waitFor({ timeout: 15_000 });
    // Sent: the in-app messages above at least. Queued: whatever the worker has not sent yet (maybe nothing).
    await outbox.getByTestId('outbox-status').selectOption('sent');
    await outbox.getByTestId('outbox-row').first().waitFor({ timeout: 15_000 });
    await check(outbox, 'admin /outbox (sent)', lang, `page-checks-1366-${lang}-outbox-sent`);
    await outbox.getByTestId('outbox-status').selectOption('queued');
    await check(outbox, 'admin /outbox (queued)', lang);
    await admin.close();
  });

  it('found no serious accessibility violation and no text of the other language', () => {
    console.log(`page checks: ${pagesChecked} page views`);
    // The problems first: a run of a few of the walks (-t) still says what it found.
    expect(problems).toEqual([]);
    expect(pagesChecked).toBeGreaterThan(40);
  });
});
