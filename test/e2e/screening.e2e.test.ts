import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot, SCREENSHOT_DIR, signInOnSaya } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// Issue #16, self-screening in Chromium: the resident's page at 390 px without JavaScript (a plain form post), from
// /saya, sent to the puskesmas; the staff's health facilities screen at 1366 px; a page of the PDF export rendered.

const SELATAN = '51.71.01';
const allWeek = (from: string, until: string) => Array.from({ length: 7 }, () => ({ from, until }));

describe('self-screening in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let adminCookie: string;

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
    adminCookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const facilities = [
      { name: 'Puskesmas II Denpasar Selatan', kind: 'puskesmas', regionCode: SELATAN, address: 'Jl. Danau Buyan No. 2, Sanur', phone: '(0361) 288 604', hours: allWeek('00:00', '24:00') },
      { name: 'Puskesmas Pembantu Serangan', kind: 'puskesmas_pembantu', regionCode: '51.71.01.1001', address: 'Jl. Pulau Serangan', phone: '0361 720 011', hours: [...Array.from({ length: 6 }, () => ({ from: '08:00', until: '08:01' })), null] },
      { name: 'RSUP Prof. dr. I.G.N.G. Ngoerah', kind: 'rumah_sakit', regionCode: '51.71.03', address: 'Jl. Diponegoro, Dauh Puri Klod', phone: '0361 227 911', hours: allWeek('00:00', '24:00') },
    ];
    for (const body of facilities) expect((await call('POST', '/api/v1/health-facilities', { cookie: adminCookie, body })).status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a resident screens themself on a 390 px phone without JavaScript, from /saya, and sends it to the puskesmas', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signInOnSaya(page, server, '0813 5555 0390');
    await page.getByTestId('saya-screening-link').waitFor();
    expect(await page.getByTestId('saya-export-pdf').getAttribute('href')).toBe('/api/v1/citizen/me/export.pdf');
    await screenshot(page, 'screening-01-saya-id-390');

    // The screening page without any script: a plain form and a plain post.
    const noScript = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, javaScriptEnabled: false });
    await noScript.addCookies(await context.cookies());
    const form = await noScript.newPage();
    await form.goto(`${server.url}${await page.getByTestId('saya-screening-link').getAttribute('href')}`);
    await form.locator('input[name=symptoms][value=fever]').check();
    await form.locator('input[name=symptoms][value=loss_of_smell]').check();
    await form.locator('input[name=contact][value=yes]').check();
    await form.locator('input[name=travel][value=no]').check();
    await form.locator('select[name=kecamatan]').selectOption(SELATAN);
    expect(await form.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(form, 'screening-02-questions-id-390');
    await form.locator('button[type=submit]').click();
    await form.getByTestId('screening-advice').waitFor();
    expect(await form.getByTestId('screening-advice').getAttribute('data-advice')).toBe('stay_home');
    expect(await form.getByTestId('facility').count()).toBe(2);
    expect(await form.locator('a[href="tel:0361288604"]').count()).toBe(1);
    expect(await form.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(form, 'screening-03-result-id-390');
    await form.getByTestId('screening-send').click();
    await form.getByTestId('screening-sent').waitFor();
    expect(await server.database.db.selectFrom('screening_referrals').select('region_code').execute()).toEqual([{ region_code: SELATAN }]);

    // In English, the advice for someone with severe breathing trouble.
    await form.goto(`${server.url}/skrining?lang=en`);
    await form.locator('input[name=severe]').check();
    await form.locator('input[name=contact][value=no]').check();
    await form.locator('input[name=travel][value=no]').check();
    await form.locator('select[name=kecamatan]').selectOption(SELATAN);
    await form.locator('button[type=submit]').click();
    await form.getByTestId('screening-advice').waitFor();
    expect(await form.getByTestId('screening-advice').textContent()).toContain('emergency');
    await screenshot(form, 'screening-04-result-emergency-en-390');

    // The PDF export, one page rendered to look at.
    const pdf = await call('GET', '/api/v1/citizen/me/export.pdf', { cookie: (await context.cookies()).filter((c) => c.name === 'jb_resident').map((c) => `${c.name}=${c.value}`).join('') });
    expect(pdf.status).toBe(200);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, 'screening-export.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '1', '-singlefile', file, path.join(SCREENSHOT_DIR, 'screening-05-export-pdf-page1')]);
    await noScript.close();
    await context.close();
  });

  it('the staff screen of health facilities at 1366 px: the list, and an administrator’s form', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const [name, value] = adminCookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/health-facilities`);
    await page.getByTestId('facilities-table').waitFor();
    expect(await page.getByTestId('facility-row').count()).toBe(3);
    await page.getByTestId('facility-name').fill('Klinik Pratama Sanur');
    await page.getByTestId('facility-address').fill('Jl. Danau Tamblingan 40');
    await page.getByTestId('facility-region').selectOption(SELATAN);
    await screenshot(page, 'screening-06-facilities-id-1366');
    await page.getByTestId('facility-save').click();
    const added = page.locator('[data-testid=facility-row][data-name="Klinik Pratama Sanur"]');
    await added.waitFor();
    // Removing asks first in a dialog naming the facility (never window.confirm); cancelled, it stays; confirmed, it goes.
    await added.getByTestId('facility-remove').click();
    const dialog = added.getByTestId('facility-remove-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Klinik Pratama Sanur');
    await screenshot(page, 'screening-07-facility-remove-dialog-id-1366');
    await added.getByTestId('facility-remove-cancel').click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('facility-row').count()).toBe(4);
    await added.getByTestId('facility-remove').click();
    await added.getByTestId('facility-remove-confirm').click();
    await added.waitFor({ state: 'detached' });
    await context.close();
  });

  it('health tracers see the referrals of their kecamatan on a staff screen and mark one handled (1366 and 390 px, both languages)', async () => {
    const tracers = [
      { username: 'tracer.selatan', displayName: 'Tracer Denpasar Selatan', assignments: [{ role: 'health_tracer', regionCode: SELATAN }] },
      { username: 'tracer.barat', displayName: 'Tracer Denpasar Barat', assignments: [{ role: 'health_tracer', regionCode: '51.71.03' }] },
    ];
    for (const user of tracers) expect((await call('POST', '/api/v1/users', { cookie: adminCookie, body: { ...user, password: 'tracer-password-1' } })).status).toBe(201);
    const sent = await server.database.db.selectFrom('screening_referrals').select(['id', 'region_code']).where('handled_at', 'is', null).execute();
    const inSelatan = sent.filter((r) => r.region_code === SELATAN || r.region_code.startsWith(`${SELATAN}.`));
    expect(inSelatan.length).toBeGreaterThan(0);
    const signIn = async (username: string, width: number) => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill('tracer-password-1');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('nav-screening-referrals').waitFor({ state: 'attached' });
      await page.goto(`${server.url}/screening-referrals`);
      await page.getByTestId('page-screening-referrals').waitFor();
      return { context, page };
    };
    const shots = '/tmp/shots/s6';
    mkdirSync(shots, { recursive: true });

    // Another kecamatan's tracer sees none of them.
    const barat = await signIn('tracer.barat', 1366);
    await barat.page.getByTestId('referrals-empty').waitFor();
    await barat.context.close();

    const phone = await signIn('tracer.selatan', 390);
    await phone.page.getByTestId('referral').first().waitFor();
    expect((await phone.page.getByTestId('referral').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')))).sort()).toEqual(inSelatan.map((r) => r.id).sort());
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.page.screenshot({ path: path.join(shots, 's6-05-referrals-id-390.png'), fullPage: true });
    await phone.context.close();

    const desk = await signIn('tracer.selatan', 1366);
    await desk.page.getByTestId('lang-switch').click();
    await desk.page.getByText('Self-screening referrals').waitFor();
    await desk.page.screenshot({ path: path.join(shots, 's6-06-referrals-en-1366.png'), fullPage: true });
    const first = inSelatan[0]!.id;
    await desk.page.locator(`[data-testid=referral][data-id="${first}"] [data-testid=referral-handled]`).click();
    await desk.page.locator(`[data-testid=referral][data-id="${first}"]`).waitFor({ state: 'detached' });
    const row = await server.database.db.selectFrom('screening_referrals').select(['handled_at']).where('id', '=', first).executeTakeFirstOrThrow();
    expect(row.handled_at).not.toBeNull();
    await desk.page.getByTestId('referrals-status').selectOption('handled');
    await desk.page.locator(`[data-testid=referral][data-id="${first}"][data-handled="true"]`).waitFor();
    await desk.page.screenshot({ path: path.join(shots, 's6-07-referrals-handled-en-1366.png'), fullPage: true });
    await desk.context.close();
  });
});
