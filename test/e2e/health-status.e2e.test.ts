import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { posterTokenFor } from '../../src/server/modules/venues/index.js';
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot, signInOnSaya } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// Issue #16 in Chromium: /saya with each status colour and the door's refusal at 390 px, and the health workers'
// screen (a CSV file checked row by row) at 1366 px.

const SERANGAN = { regionCode: '51.71.01.1001', lat: -8.736259, lon: 115.23211 };
const WORKER = { username: 'puskesmas.sesetan', password: 'kata-sandi-puskesmas-7', displayName: 'Ni Luh Puskesmas' };

describe('status colours, the door and health records in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let workerCookie = '';
  let token = '';

  async function call(method: string, url: string, options: { cookie?: string; body?: unknown } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(server.url + url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  }
  async function login(credentials: { username: string; password: string }): Promise<string> {
    const res = await call('POST', '/api/v1/auth/login', { body: credentials });
    expect(res.status, await res.clone().text()).toBe(200);
    return res.headers.getSetCookie()[0]!.split(';')[0]!;
  }
  const vaccinate = async (phone: string, doses: number) => {
    for (let dose = 1; dose <= doses; dose++) expect((await call('POST', '/api/v1/vaccinations', { cookie: workerCookie, body: { phone, dose, vaccine: 'pfizer', date: `2021-0${dose + 5}-01` } })).status).toBe(201);
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const adminCookie = await login(ADMIN);
    expect((await call('POST', '/api/v1/users', { cookie: adminCookie, body: { ...WORKER, assignments: [{ role: 'health_worker', regionCode: '51.71.01' }] } })).status).toBe(201);
    workerCookie = await login({ username: WORKER.username, password: WORKER.password });
    const created = await call('POST', '/api/v1/venues', {
      cookie: adminCookie,
      body: { name: 'Warung Makan Bu Komang', sector: 'trade', type: 'warung', regionCode: SERANGAN.regionCode, address: 'Jl. Tukad Punggawa 1', lat: SERANGAN.lat, lon: SERANGAN.lon, capacity: 40, indoor: true, openingHours: null },
    });
    const { id } = (await created.json()) as { id: string };
    expect((await call('POST', `/api/v1/venues/${id}/verification`, { cookie: adminCookie, body: { decision: 'approve' } })).status).toBe(200);
    expect((await call('POST', `/api/v1/venues/${id}/poster`, { cookie: adminCookie })).status).toBeLessThan(300);
    const poster = await server.database.db.selectFrom('venue_posters').select('poster_id').where('venue_id', '=', id).where('replaced_at', 'is', null).executeTakeFirstOrThrow();
    token = posterTokenFor(Buffer.alloc(32, 7), poster.poster_id);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const rs = await call('POST', '/api/v1/rule-sets', { cookie: adminCookie, body: { kind: 'city', scopeRegionCode: '51.71.01', legalBasis: 'SE Walikota Denpasar 443/2026 (pemeriksaan status)', effectiveFrom: today, effectiveTo: null, rules: [], statusCheck: true } });
    expect(rs.status).toBe(201);
    const published = await call('POST', `/api/v1/rule-sets/${((await rs.json()) as { id: string }).id}/publish`, { cookie: adminCookie });
    expect(published.status, await published.text()).toBe(200);
    await vaccinate('081234560001', 3);
    await vaccinate('081234560002', 2);
    expect((await call('POST', '/api/v1/test-results', { cookie: workerCookie, body: { phone: '081234560004', kind: 'pcr', result: 'positive', at: new Date(Date.now() - 3_600_000).toISOString() } })).status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const residents: [string, string, string][] = [
    ['hijau', '081234560001', 'Hijau'],
    ['kuning', '081234560002', 'Kuning'],
    ['merah', '081234560003', 'Merah'],
    ['hitam', '081234560004', 'Hitam'],
  ];
  const signedIn = new Map<string, BrowserContext>();
  for (const [colour, phone, word] of residents) {
    it(`/saya shows ${colour} with its reason and until when`, async () => {
      const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
      await signInOnSaya(page, server, phone);
      await page.getByTestId('saya-status').waitFor();
      expect(await page.getByTestId('saya-status').textContent()).toContain(word);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, `status-saya-${colour}-id-390`);
      // Kept signed in: the door test below checks in from this phone as this resident.
      signedIn.set(colour, page.context());
    });
  }

  it('the door: hitam refused kindly, hijau shown big, a number not one\'s own unverified (390 px, both languages)', async () => {
    const cases = [
      ['id', '081234560004', 'hitam', 'refused-hitam', 'hitam'],
      ['en', '081234560004', 'hitam', 'refused-hitam', 'hitam'],
      ['id', '081234560001', 'hijau', 'admitted-hijau', 'hijau'],
      // The isolated person's number typed on a phone signed in as nobody: no colour is revealed.
      ['id', '081234560004', null, 'unverified', 'unverified'],
    ] as const;
    for (const [lang, phone, resident, name, colour] of cases) {
      const context = resident ? signedIn.get(resident)! : await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      await page.goto(`${server.url}/c/${token}?lang=${lang}`);
      await page.getByTestId('checkin-name').first().fill('Wayan Warga');
      await page.getByTestId('checkin-phone').first().fill(phone);
      await page.getByTestId('checkin-submit').first().click();
      const box = page.locator('[data-testid="status-colour"]:visible');
      await box.waitFor();
      expect(await box.getAttribute('data-colour')).toBe(colour);
      await screenshot(page, `status-door-${name}-${lang}-390`);
      await page.close();
    }
  });

  it('the health workers’ screen checks a CSV file row by row (1366 px)', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const [name, value] = workerCookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/health-records`);
    await page.getByTestId('health-record-form').waitFor();
    await page.getByTestId('hr-file').setInputFiles({ name: 'vaksinasi.csv', mimeType: 'text/csv', buffer: Buffer.from('phone,nik,dose,vaccine,date\n081234560009,,1,sinovac,2021-07-01\n,5171014508900011,2,pfizer,2021-08-01\n081234560010,,9,sinovac,2021-07-01\n') });
    await page.getByTestId('hr-preview').click();
    await page.getByTestId('hr-preview-table').waitFor();
    await screenshot(page, 'health-records-preview-id-1366');
    await context.close();
  });
});
