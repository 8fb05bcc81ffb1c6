import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// Issue #18 at city scale: the users screen searched on the server, the audit log in words with filters; 1366 and 390 px.

const SERANGAN = '51.71.01.1001';
const SELATAN = '51.71.01';

describe('users search and readable audit log in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let adminCookie: string;

  async function call(method: string, url: string, cookie?: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(server.url + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    adminCookie = (await call('POST', '/api/v1/auth/login', undefined, ADMIN)).headers.getSetCookie()[0]!.split(';')[0]!;
    const users = [
      ['wayan.serangan', 'I Wayan Sudarma', 'village_officer', SERANGAN],
      ['ketut.tracer', 'Ketut Sudarmi', 'health_tracer', '51.71.02'],
      ['made.viewer', 'Made Wirawan', 'viewer', SELATAN],
    ] as const;
    for (const [username, displayName, role, regionCode] of users) {
      const res = await call('POST', '/api/v1/users', adminCookie, { username, displayName, password: `${username}-pass-word-9`, assignments: [{ role, regionCode }] });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const width of [1366, 390]) {
    it(`users screen searched by name and region, and the audit log in words, at ${width} px`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 }, ...(width < 500 ? { isMobile: true, hasTouch: true } : {}) });
      const [name, value] = adminCookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
      const page = await context.newPage();
      await page.goto(`${server.url}/users`);
      await page.getByTestId('user-filters').waitFor();
      await page.locator('#user-q').fill('sudarm');
      await page.getByTestId('user-search').click();
      await page.waitForURL(/q=sudarm/);
      // The list reloads from the server: wait until only the matches are left.
      await expect.poll(async () => {
        const list = await page.getByTestId('user-list').innerText();
        return list.includes('ketut.tracer') && list.includes('wayan.serangan') && !list.includes('made.viewer');
      }).toBe(true);
      await screenshot(page, `s5-users-search-id-${width}`);

      await page.goto(`${server.url}/audit?action=user.create`);
      await page.getByTestId('audit-table').waitFor();
      const text = await page.getByTestId('audit-table').innerText();
      expect(text).toContain('Pengguna: dibuat');
      expect(text).not.toContain('user.create');
      expect(text).toContain('Serangan');
      await screenshot(page, `s5-audit-id-${width}`);

      // The user filter finds part of a username, upper or lower case (issue #18).
      await page.goto(`${server.url}/audit`);
      await page.getByTestId('audit-filters').waitFor();
      await page.locator('#audit-user').fill('ADM');
      await page.getByTestId('audit-filters').getByRole('button', { name: 'Terapkan' }).click();
      await page.waitForURL(/user=ADM/);
      await expect.poll(async () => {
        const rows = await page.getByTestId('audit-table').locator('tbody tr').allInnerTexts();
        return rows.length > 0 && rows.every((r) => r.includes('admin'));
      }).toBe(true);
      await screenshot(page, `s5-audit-user-search-id-${width}`);
      await context.close();
    });
  }
});
