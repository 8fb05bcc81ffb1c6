import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot } from './browser.js';
import { signupLinkFor, startServer, type RunningServer } from './server.js';

// Issue #18 in Chromium: a venue manager reads in the app that the rules for their venue changed (what changed, in
// words); an administrator ends a rule set only through a dialog that names it. 1366 and 390 px.

const SERANGAN = '51.71.01.1001';
const SELATAN = '51.71.01';
const MANAGER = { name: 'Komang Pengelola', email: 'komang.aturan@example.id', phone: '081377712345', password: 'kata-sandi-aman-k1' };

describe('venue managers told of rule changes, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let adminCookie = '';
  let managerCookie = '';
  let ruleSetId = '';

  async function call(method: string, url: string, cookie?: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(server.url + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }
  async function contextWith(cookie: string, width: number): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, ...(width < 500 ? { isMobile: true, hasTouch: true } : {}) });
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    return context;
  }
  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar' }).format(new Date());

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    adminCookie = (await call('POST', '/api/v1/auth/login', undefined, ADMIN)).headers.getSetCookie()[0]!.split(';')[0]!;
    expect((await call('POST', '/api/v1/venue-managers/signup', undefined, MANAGER)).status).toBe(202);
    const token = (await signupLinkFor(server, MANAGER.email)).split('#')[1];
    const confirmed = await call('POST', '/api/v1/venue-managers/signup/confirm', undefined, { token });
    expect(confirmed.status).toBe(201);
    managerCookie = confirmed.headers.getSetCookie()[0]!.split(';')[0]!;
    const venue = await call('POST', '/api/v1/venues', managerCookie, { name: 'Kafe Pantai Serangan', sector: 'trade', type: 'cafe', regionCode: SERANGAN, address: 'Jl. Pantai 1', lat: -8.736259, lon: 115.23211, capacity: 40, indoor: true });
    expect(venue.status, await venue.clone().text()).toBe(201);
    const id = ((await venue.json()) as { id: string }).id;
    expect((await call('POST', `/api/v1/venues/${id}/verification`, adminCookie, { decision: 'approve' })).status).toBe(200);
    await server.services.venues.checkRulesChanges();

    const created = await call('POST', '/api/v1/rule-sets', adminCookie, {
      kind: 'city', scopeRegionCode: SELATAN, legalBasis: 'SE Camat Denpasar Selatan 1/2026', effectiveFrom: today(), effectiveTo: null,
      rules: [{ sector: 'trade', zoneColours: 'all', window: { from: '08:00', until: '20:00' }, capacityPercent: 50, dineIn: false, maxVisitMinutes: null, capacityMode: 'enforce' }],
    });
    expect(created.status, await created.clone().text()).toBe(201);
    ruleSetId = ((await created.json()) as { id: string }).id;
    expect((await call('POST', `/api/v1/rule-sets/${ruleSetId}/publish`, adminCookie)).status).toBe(200);
    expect((await server.services.venues.checkRulesChanges()).told).toBe(1);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const width of [1366, 390]) {
    it(`the manager reads what changed for the venue, in words, at ${width} px`, async () => {
      const context = await contextWith(managerCookie, width);
      const page = await context.newPage();
      await page.goto(`${server.url}/notifications`);
      const notice = page.locator('[data-testid="notification"][data-kind="venue_rules_changed"]');
      await notice.waitFor();
      expect(await notice.innerText()).toContain('Aturan yang berlaku untuk Kafe Pantai Serangan berubah: buka 08:00–20:00, kapasitas 50%, tidak boleh makan di tempat.');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await screenshot(page, `rules-notice-manager-id-${width}`);
      await context.close();
    });
  }

  it('a failed venue form focuses its first field in error and names fields as labelled (390 px)', async () => {
    const context = await contextWith(managerCookie, 390);
    const page = await context.newPage();
    await page.goto(`${server.url}/venues/new`);
    await page.getByTestId('venue-address').fill('Jl. Pantai 2');
    await page.getByTestId('venue-submit').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('venue-name');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    const form = await page.getByTestId('venue-form').innerText();
    expect(form).not.toMatch(/\b(regionCode|name|capacity):/);
    await screenshot(page, 'venue-form-first-error-id-390');
    await context.close();
  });

  for (const width of [1366, 390]) {
    it(`ending a rule set asks first, naming it and the region, at ${width} px; the list dates read as dates`, async () => {
      const context = await contextWith(adminCookie, width);
      const page = await context.newPage();
      await page.goto(`${server.url}/rule-sets?id=${ruleSetId}`);
      await page.getByTestId('rs-retire').waitFor();
      expect(await page.getByTestId('rule-set-list').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      // The region by its name, never its code; the page fits the screen (the list scrolls inside its panel).
      expect(await page.getByTestId('rs-scope').inputValue()).toBe('Denpasar Selatan');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await screenshot(page, `rules-rule-set-page-id-${width}`);
      await page.getByTestId('rs-retire').click({ timeout: 5_000 });
      const dialog = page.getByTestId('rs-retire-dialog');
      await dialog.waitFor();
      expect(await dialog.innerText()).toContain('Akhiri SE Camat Denpasar Selatan 1/2026 untuk Denpasar Selatan sekarang?');
      await screenshot(page, `rules-retire-dialog-id-${width}`);
      if (width === 1366) {
        await page.getByTestId('rs-retire-cancel').click();
        await dialog.waitFor({ state: 'hidden' });
      } else {
        // Confirmed: the rule set ends and the manager is told there is no restriction any more.
        await page.getByTestId('rs-retire-confirm').click();
        await dialog.waitFor({ state: 'hidden' });
        await expect.poll(async () => (await server.services.venues.checkRulesChanges()).told).toBe(1);
        const list = await (await call('GET', '/api/v1/me/notifications', managerCookie)).json() as { kind: string; text: string }[];
        expect(list.filter((n) => n.kind === 'venue_rules_changed').map((n) => n.text)[0]).toContain('tidak ada pembatasan lagi');
      }
      await context.close();
    });
  }
});
