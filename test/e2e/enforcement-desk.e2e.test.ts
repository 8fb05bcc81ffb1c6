import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Dialect } from '../../src/server/db/kysely.js';
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot as fullPageScreenshot } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// The violation desk (issue #15): a violation with a photo and a written warning, recorded through the API as the
// phone would, then read by the city's task force on the desktop: the list in scope, the detail with the photo, the
// warning's letter downloaded, a fine corrected and then annulled with a reason (task force only). Screenshots at 1366 px and on a 390 px phone.

const SERANGAN = '51.71.01.1001';
const TASK_FORCE = { username: 'satgas.kota', password: 'satgas-password-123' };
const OFFICER = { username: 'satpolpp.selatan', password: 'satpol-password-123' };
const DIALECTS: Dialect[] = inject('postgresAvailable') ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(DIALECTS)('the violation desk in Chromium [%s]', (dialect) => {
  let server: RunningServer;
  let browser: Browser;
  let violationId = '';
  let warningId = '';

  async function call(method: string, url: string, options: { cookie?: string; body?: unknown; raw?: Buffer; contentType?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.raw) headers['content-type'] = options.contentType ?? 'image/jpeg';
    const body = options.raw ? new Uint8Array(options.raw) : options.body === undefined ? undefined : JSON.stringify(options.body);
    return fetch(server.url + url, { method, headers, body });
  }

  /** From the top, so the shell's sticky header is not drawn over the middle of a full-page capture. */
  async function screenshot(page: Page, name: string) {
    await page.evaluate(() => window.scrollTo(0, 0));
    return fullPageScreenshot(page, name);
  }

  async function signIn(page: Page, who = TASK_FORCE) {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(who.username);
    await page.getByTestId('login-password').fill(who.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-enforcement-violations').first().waitFor({ state: 'attached' });
  }

  beforeAll(async () => {
    server = await startServer(dialect);
    browser = await launchBrowser();
    const login = await call('POST', '/api/v1/auth/login', { body: ADMIN });
    const adminCookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const user = await call('POST', '/api/v1/users', { cookie: adminCookie, body: { ...TASK_FORCE, displayName: 'Satgas Kota Denpasar', assignments: [{ role: 'task_force', regionCode: '51.71' }] } });
    expect(user.status).toBe(201);
    const officer = await call('POST', '/api/v1/users', { cookie: adminCookie, body: { ...OFFICER, displayName: 'Satpol PP Denpasar Selatan', assignments: [{ role: 'enforcement_officer', regionCode: '51.71.01' }] } });
    expect(officer.status).toBe(201);
    const taskForce = (await call('POST', '/api/v1/auth/login', { body: TASK_FORCE })).headers.getSetCookie()[0]!.split(';')[0]!;

    // Two earlier violations of others, and the one this story follows: a second wrongly-worn mask (a written warning).
    const person = (name: string, nik: string, minutesAgo: number) => ({
      offence: 'masker_tidak_benar',
      regionCode: SERANGAN,
      occurredAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      subject: { kind: 'person', nik, name, phone: '081234567890' },
      team: 'Tim Yustisi Selatan',
    });
    expect((await call('POST', '/api/v1/violations', { cookie: taskForce, body: person('Ni Made Lain', '5171015708850002', 90) })).status).toBe(201);
    expect((await call('POST', '/api/v1/violations', { cookie: taskForce, body: person('I Wayan Pelanggar', '5171011708850001', 60) })).status).toBe(201);
    const recorded = await call('POST', '/api/v1/violations', { cookie: taskForce, body: person('I Wayan Pelanggar', '5171011708850001', 20) });
    expect(recorded.status).toBe(201);
    violationId = ((await recorded.json()) as { id: string }).id;
    const warning = await call('POST', `/api/v1/violations/${violationId}/sanctions`, { cookie: taskForce, body: { type: 'teguran_tertulis' } });
    expect(warning.status, await warning.clone().text()).toBe(201);
    warningId = ((await warning.json()) as { id: string }).id;
    // A fine given by mistake, which the task force annuls below.
    expect((await call('POST', `/api/v1/violations/${violationId}/sanctions`, { cookie: taskForce, body: { type: 'denda', amountIdr: 100_000, reason: 'Menolak ditegur' } })).status).toBe(201);
    const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#c0392b' } })
      .composite([{ input: Buffer.from('<svg width="1200" height="900"><rect x="300" y="250" width="600" height="400" fill="#f4d03f"/></svg>'), top: 0, left: 0 }])
      .jpeg()
      .toBuffer();
    expect((await call('POST', `/api/v1/violations/${violationId}/photos`, { cookie: taskForce, raw: photo })).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists the violations in scope, opens one with its photo and letter, corrects and annuls a sanction with a reason (1366 px)', async () => {
    const context = await browser.newContext({ locale: 'id-ID', viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page);
    await page.getByTestId('nav-enforcement-violations').first().click();
    await page.getByTestId('violations-table').waitFor();
    const rows = page.getByTestId('violation-row');
    expect(await rows.count()).toBe(3);
    // Newest first, readable: local time, the kelurahan's name, the person, the offence's label, the sanctions.
    const first = rows.first();
    await expect.poll(() => first.innerText()).toContain('Serangan');
    const text = await first.innerText();
    expect(text).toContain('I Wayan Pelanggar');
    expect(text).toContain('Masker tidak dipakai dengan benar');
    expect(text).toContain('Teguran tertulis');
    expect(text).toContain('Denda administratif Rp100.000');
    expect(text).toMatch(/WITA/);
    await screenshot(page, `enforcement-desk-${dialect}-01-list-1366`);

    // The date filter: tomorrow onwards holds nothing.
    const tomorrow = new Date(Date.now() + 86_400_000 * 2).toISOString().slice(0, 10);
    await page.getByTestId('violations-from').fill(tomorrow);
    await page.getByText('Tidak ada pelanggaran untuk saringan ini.').waitFor();
    await page.getByTestId('violations-from').fill('');
    await page.getByTestId('violations-table').waitFor();

    await rows.first().getByTestId('violation-link').click();
    await page.getByTestId('page-enforcement-violation').waitFor();
    const img = page.getByTestId('violation-photos').locator('img');
    await img.waitFor();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(1200);
    expect(await page.getByTestId('sanction-item').count()).toBe(2);
    await screenshot(page, `enforcement-desk-${dialect}-02-detail-1366`);

    // The written warning's letter: a PDF download.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sanction-letter').click()]);
    expect(download.suggestedFilename()).toMatch(/^surat-teguran-.*\.pdf$/);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await page.getByTestId('sanction-letter').count()).toBe(1);

    // The fine, corrected to another amount with a reason: the old one stays on record as corrected.
    const fine = page.getByTestId('sanction-item').filter({ hasText: 'Denda administratif Rp100.000' });
    await fine.getByTestId('sanction-correct').click();
    await fine.getByTestId('correct-amount').fill('50000');
    await fine.getByTestId('correct-reason').fill('Salah nominal denda');
    await fine.getByTestId('correct-submit').click();
    await fine.getByText('Alasan perubahan: Salah nominal denda').waitFor();
    expect(await fine.getByText('dikoreksi').count()).toBe(1);
    expect(await page.getByTestId('sanction-item').count()).toBe(3);

    // The corrected fine, annulled with a reason.
    const corrected = page.getByTestId('sanction-item').filter({ hasText: 'Denda administratif Rp50.000' });
    await corrected.getByTestId('sanction-annul').click();
    await corrected.getByTestId('annul-reason').fill('Denda diberikan keliru, cukup teguran');
    await screenshot(page, `enforcement-desk-${dialect}-03-annul-form-1366`);
    await corrected.getByTestId('annul-submit').click();
    await corrected.getByText('Alasan perubahan: Denda diberikan keliru, cukup teguran').waitFor();
    expect(await corrected.getByTestId('sanction-annul').count()).toBe(0);
    const stored = await server.database.db.selectFrom('sanctions').select(['amount_idr', 'status', 'change_reason']).where('violation_id', '=', violationId).where('type', '=', 'denda').orderBy('created_at').execute();
    expect(stored.map((r) => ({ ...r, amount_idr: Number(r.amount_idr) }))).toEqual([
      { amount_idr: 100_000, status: 'corrected', change_reason: 'Salah nominal denda' },
      { amount_idr: 50_000, status: 'annulled', change_reason: 'Denda diberikan keliru, cukup teguran' },
    ]);
    await screenshot(page, `enforcement-desk-${dialect}-04-annulled-1366`);
    await context.close();
  }, 120_000);

  it('an enforcement officer reads the violation and its letter but neither corrects nor annuls', async () => {
    const context = await browser.newContext({ locale: 'id-ID', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, OFFICER);
    await page.goto(`${server.url}/enforcement/violations/${violationId}`);
    await page.getByTestId('sanction-letter').waitFor();
    expect(await page.getByTestId('sanction-correct').count()).toBe(0);
    expect(await page.getByTestId('sanction-annul').count()).toBe(0);
    await context.close();
  }, 60_000);

  it('reads on a 390 px phone', async () => {
    const context = await browser.newContext({ locale: 'id-ID', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${server.url}/enforcement/violations`);
    await page.getByTestId('violations-table').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, `enforcement-desk-${dialect}-05-list-390`);
    await page.goto(`${server.url}/enforcement/violations/${violationId}`);
    await page.getByTestId('violation-photos').locator('img').waitFor();
    await page.getByTestId('sanction-letter').waitFor();
    expect(await page.locator(`a[href$="/sanctions/${warningId}/letter.pdf"]`).count()).toBe(1);
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, `enforcement-desk-${dialect}-06-detail-390`);
    await context.close();
  }, 60_000);
});
