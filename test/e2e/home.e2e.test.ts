import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN } from '../app-harness.js';
import { launchBrowser } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// Each role lands on its home page, which lists exactly the work seeded for it; the bell, the notification list and
// the administrator's outbox page. Screenshots at 1366 and 390 px into /tmp/shots/s3-work-notify/.

const SHOTS = '/tmp/shots/s3-work-notify';
const STAFF_PASSWORD = 'staff-password-123';

describe('home page, notifications and the outbox in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let adminCookie: string;

  async function api(method: string, url: string, cookie: string, payload?: unknown) {
    const res = await server.app.inject({ method: method as 'GET', url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json<Record<string, unknown>>();
  }
  async function login(username: string, password: string): Promise<string> {
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    return String([res.headers['set-cookie']].flat()[0]).split(';')[0]!;
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
    adminCookie = await login(ADMIN.username, ADMIN.password);
    for (const [username, role, regionCode] of [
      ['lurah.beranda', 'village_officer', '51.71.01'],
      ['satgas.beranda', 'task_force', '51.71.01'],
      ['tracer.beranda', 'health_tracer', '51.71.01'],
    ] as const) {
      await api('POST', '/api/v1/users', adminCookie, { username, password: STAFF_PASSWORD, displayName: username, assignments: [{ role, regionCode }] });
    }
    const officer = await login('lurah.beranda', STAFF_PASSWORD);
    // Two venues waiting for verification in Serangan.
    for (const name of ['Warung Menunggu Satu', 'Kafe Menunggu Dua']) {
      await api('POST', '/api/v1/venues', adminCookie, { name, sector: 'trade', type: 'cafe', regionCode: '51.71.01.1001', address: 'Jl. Uji 1', lat: -8.736259, lon: 115.23211, capacity: 10, indoor: true });
    }
    // A PKM submitted by the officer: the task force has one to review, and is told so.
    const trade = { sector: 'trade', window: { from: '00:00', until: '20:00' }, capacityPercent: 50 };
    const pkm = await api('POST', '/api/v1/pkm-applications', officer, { regionCode: '51.71.01.1002', adatRegionCode: '51.71.DA04', grounds: 'Klaster uji', rules: [trade], borderPosts: 1, maxGatheringSize: 20, otherMeasures: 'Penyekatan', startDate: '2027-01-05', lengthDays: 14 });
    await api('POST', `/api/v1/pkm-applications/${String(pkm.id)}/submit`, officer, { comment: 'mohon ditelaah' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(username: string, password: string, width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: width > 800 ? 860 : 844 } });
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('page-home').waitFor();
    await page.getByTestId('work-list').or(page.getByTestId('home-empty')).waitFor();
    return page;
  }
  const work = (page: Page) => page.getByTestId('work-item').evaluateAll((items) => items.map((i) => [i.getAttribute('data-kind'), Number(i.getAttribute('data-count'))]));
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  it('lands each role on a home page listing exactly its waiting work', async () => {
    for (const width of [1366, 390]) {
      const officer = await signIn('lurah.beranda', STAFF_PASSWORD, width);
      expect(await work(officer)).toEqual([['venues_to_verify', 2], ['inspections_due', 0], ['pkm_revision', 0]]);
      await shot(officer, `home-village-officer-${width}`);
      await officer.close();

      const taskForce = await signIn('satgas.beranda', STAFF_PASSWORD, width);
      expect(await work(taskForce)).toEqual([['pkm_to_review', 1], ['evaluations_overdue', 0]]);
      await shot(taskForce, `home-task-force-${width}`);
      await taskForce.getByTestId('notification-unread').waitFor();
      expect(await taskForce.getByTestId('notification-unread').textContent()).toBe('1');
      await taskForce.getByTestId('notification-bell').click();
      await taskForce.getByTestId('notification').first().waitFor();
      await shot(taskForce, `notifications-${width}`);
      if (width === 390) {
        await taskForce.getByTestId('mark-read').click();
        await taskForce.locator('[data-testid="notification"][data-read="true"]').waitFor();
        await taskForce.getByTestId('notification-unread').waitFor({ state: 'detached' });
        await shot(taskForce, `notifications-read-${width}`);
      }
      await taskForce.close();

      const tracer = await signIn('tracer.beranda', STAFF_PASSWORD, width);
      expect(await work(tracer)).toEqual([['exposures_to_review', 0], ['contacts_missed_report', 0]]);
      await shot(tracer, `home-tracer-${width}`);
      await tracer.close();
    }
  });

  it('shows the administrator the outbox by status', async () => {
    for (const width of [1366, 390]) {
      const admin = await signIn(ADMIN.username, ADMIN.password, width);
      await admin.goto(`${server.url}/outbox`);
      await admin.getByTestId('outbox-counts').waitFor();
      await admin.getByTestId('outbox-status').selectOption('sent');
      await admin.getByTestId('outbox-row').first().waitFor();
      await shot(admin, `outbox-${width}`);
      await admin.close();
    }
  });
});
