import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN } from '../app-harness.js';
import { enterSayaCode, launchBrowser, requestSayaCode, screenshot } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// Issue #16 in Chromium on a 390 px phone: a resident signs in at /saya with their number and the code of the SMS,
// and sees their status and the visit a venue's desk recorded under the number typed another way.

const SERANGAN = { regionCode: '51.71.01.1001', lat: -8.736259, lon: 115.23211 };

describe('the resident’s own space (/saya) in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  async function call(method: string, url: string, options: { cookie?: string; body?: unknown } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(server.url + url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  }


  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const login = await call('POST', '/api/v1/auth/login', { body: ADMIN });
    const adminCookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const created = await call('POST', '/api/v1/venues', {
      cookie: adminCookie,
      body: { name: 'Warung Makan Bu Komang', sector: 'trade', type: 'warung', regionCode: SERANGAN.regionCode, address: 'Jl. Tukad Punggawa 1', lat: SERANGAN.lat, lon: SERANGAN.lon, capacity: 40, indoor: true, openingHours: null },
    });
    const { id } = (await created.json()) as { id: string };
    expect((await call('POST', `/api/v1/venues/${id}/verification`, { cookie: adminCookie, body: { decision: 'approve' } })).status).toBe(200);
    const now = Date.now();
    const desk = await call('POST', `/api/v1/venues/${id}/visits`, { cookie: adminCookie, body: { name: 'Made Warga', phone: '0812-3456-789', checkedInAt: new Date(now - 90 * 60_000).toISOString(), checkedOutAt: new Date(now - 30 * 60_000).toISOString(), source: 'desk' } });
    expect(desk.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in by phone and code, shows the status and the desk’s visit; a wrong code is said by the field', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const code = await requestSayaCode(page, server, '+62 812 3456 789', { screenshotOfForm: 'citizen-01-phone-id-390' });
    await enterSayaCode(page, code === '000000' ? '111111' : '000000');
    await page.getByTestId('saya-error').waitFor();
    expect(await page.getByTestId('saya-error').textContent()).toContain('Periksa kode di SMS terakhir');
    await screenshot(page, 'citizen-02-wrong-code-id-390');
    await enterSayaCode(page, code);
    await page.getByTestId('saya-visit').first().waitFor();
    // No vaccination on record under the Jul 2022 status rule: red (status-rule.ts).
    expect(await page.getByTestId('saya-status').textContent()).toContain('Merah');
    expect(await page.getByTestId('saya-visits').textContent()).toContain('Warung Makan Bu Komang');
    expect(await page.getByTestId('saya-number').textContent()).toContain('0812-****-6789');
    // The page fits the phone's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'citizen-03-my-visits-id-390');
    // Reloaded, the resident cookie keeps the resident signed in; signing out ends it.
    await page.reload();
    await page.getByTestId('saya-space').waitFor();
    await page.getByTestId('saya-sign-out').click();
    await page.getByTestId('saya-phone-form').waitFor();
    await page.close();
  });
});
