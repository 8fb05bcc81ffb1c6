import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot as fullScreenshot } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const PEDUNGAN = '51.71.01.1002';
const PASSWORD = 'staff-password-123';
const USERS = [
  { username: 'perbekel.pedungan', displayName: 'Perbekel Pedungan', assignments: [{ role: 'village_officer', regionCode: PEDUNGAN }] },
  { username: 'satgas.kota', displayName: 'Satgas Kota Denpasar', assignments: [{ role: 'task_force', regionCode: '51.71' }] },
  { username: 'walikota', displayName: 'Walikota Denpasar', assignments: [{ role: 'approver', regionCode: '51.71' }] },
];

/** A few counts so that the map shows every colour. */
const COUNTS: [string, number][] = [
  [PEDUNGAN, 17],
  ['51.71.01.1003', 44],
  ['51.71.02.1003', 6],
  ['51.71.03.1005', 12],
  ['51.71.04.1004', 3],
  ['51.71.01.1001', 1],
];

/** The shell's header is sticky: scroll to the top first so that a full-page screenshot does not show it mid-page. */
async function screenshot(page: Page, name: string): Promise<string> {
  await page.evaluate(() => window.scrollTo(0, 0));
  return fullScreenshot(page, name);
}

const todayInDenpasar = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('zones, rules in force and village PKM in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  async function api(path: string, init: { method?: string; body?: unknown; cookie?: string } = {}): Promise<Response> {
    return fetch(`${server.url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.cookie ? { cookie: init.cookie } : {}) },
      body: init.body === undefined ? null : JSON.stringify(init.body),
    });
  }

  async function signedInPage(username: string, password: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-regions').waitFor();
    return page;
  }

  async function act(page: Page, action: string, status: string, fill?: (page: Page) => Promise<void>) {
    await page.getByTestId(`pkm-action-${action}`).click();
    await page.getByTestId('pkm-action-form').waitFor();
    if (fill) await fill(page);
    await page.getByTestId('pkm-confirm').click();
    await page.locator(`[data-testid="pkm-detail"][data-status="${status}"]`).waitFor();
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const login = await api('/auth/login', { method: 'POST', body: ADMIN });
    const cookie = String(login.headers.get('set-cookie')).split(';')[0] ?? '';
    for (const user of USERS) {
      const res = await api('/users', { method: 'POST', cookie, body: { ...user, password: PASSWORD } });
      expect(res.status).toBe(201);
    }
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    for (const [regionCode, activeCases] of COUNTS) {
      const res = await api('/zones/active-cases', { method: 'POST', cookie, body: { regionCode, date: today, activeCases } });
      expect(res.status).toBe(200);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the public zone page, reached from the login page without logging in, in Indonesian and English', async () => {
    // A browser set to Indonesian: the server draws the page in the language of Accept-Language until one is chosen.
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'id-ID' });
    await page.goto(`${server.url}/login`);
    await page.getByTestId('public-zones-link').click();
    await page.getByTestId('page-public-zones').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.zone-polygon[data-colour="red"]').length > 0);
    expect(await page.locator('.zone-polygon').count()).toBe(43);
    for (const colour of ['green', 'yellow', 'orange', 'red']) {
      expect(await page.locator(`.zone-polygon[data-colour="${colour}"]`).count()).toBeGreaterThan(0);
    }
    // The page has no script: the choice is a GET form, sent with its button.
    expect(await page.locator('script').count()).toBe(0);
    await page.getByTestId('public-desa').selectOption(PEDUNGAN);
    await page.getByTestId('public-type').selectOption('restaurant');
    await Promise.all([page.waitForURL(/[?&]desa=51\.71\.01\.1002&sector=trade&type=restaurant/), page.getByTestId('public-zones-submit').click()]);
    await page.getByTestId('rules-verdict').waitFor();
    await expect(page.getByTestId('zone-summary').innerText()).resolves.toContain('Oranye');
    await expect(page.getByTestId('rules-in-force').innerText()).resolves.toContain('Tidak ada aturan pembatasan');
    await screenshot(page, 'policies-01-public-zones-id');
    await Promise.all([page.waitForURL(/[?&]lang=en/), page.getByTestId('lang-switch').click()]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByTestId('rules-in-force').getByText('No restriction is in force').waitFor();
    await screenshot(page, 'policies-02-public-zones-en');
    // A desa on the map is a link to the page with it chosen (the sector, type and language kept).
    await Promise.all([page.waitForURL(/[?&]desa=51\.71\.01\.1003&sector=trade&type=restaurant&lang=en/), page.locator(`.zone-polygon[data-code="51.71.01.1003"]`).click({ force: true })]);
    await page.getByTestId('zone-summary').getByText('Red').waitFor();
    await page.close();
  });

  it('a village PKM application walks through submit → review → recommend → approve with three users', async () => {
    // The perbekel drafts and submits.
    const officer = await signedInPage('perbekel.pedungan', PASSWORD);
    await officer.getByTestId('nav-pkm').click();
    await officer.getByTestId('pkm-new').click();
    await officer.getByTestId('pkm-form').waitFor();
    await officer.getByTestId('pkm-adat').selectOption('51.71.DA04');
    await officer.getByTestId('pkm-grounds').fill('Kasus positif aktif meningkat di Banjar Kaja dan Banjar Kelod.');
    await officer.getByTestId('pkm-border-posts').fill('4');
    await officer.getByTestId('pkm-save').click();
    await officer.locator('[data-testid="pkm-detail"][data-status="DRAFT"]').waitFor();
    await act(officer, 'submit', 'SUBMITTED');
    await expect(officer.getByTestId('pkm-detail').innerText()).resolves.toContain('17');
    await screenshot(officer, 'policies-03-pkm-submitted-officer');
    await expect(officer.getByTestId('pkm-action-approve').count()).resolves.toBe(0);

    // The task force reviews and recommends.
    const taskForce = await signedInPage('satgas.kota', PASSWORD);
    await taskForce.getByTestId('nav-pkm').click();
    await taskForce.getByTestId('pkm-row').first().click();
    await taskForce.locator('[data-testid="pkm-detail"][data-status="SUBMITTED"]').waitFor();
    await act(taskForce, 'start_review', 'UNDER_REVIEW');
    await act(taskForce, 'recommend', 'RECOMMENDED', (p) => p.getByTestId('pkm-comment').fill('Layak disetujui: kasus aktif 17, zona oranye.'));
    await expect(taskForce.getByTestId('pkm-action-approve').count()).resolves.toBe(0);
    await screenshot(taskForce, 'policies-04-pkm-recommended-task-force');

    // The mayor approves: the letter is issued.
    const mayor = await signedInPage('walikota', PASSWORD);
    await mayor.getByTestId('nav-pkm').click();
    await mayor.getByTestId('pkm-row').first().click();
    await mayor.locator('[data-testid="pkm-detail"][data-status="RECOMMENDED"]').waitFor();
    // Approved to start today, so it is in force at once.
    await act(mayor, 'approve', 'ACTIVE', async (p) => {
      await p.getByTestId('pkm-letter-number').fill('180/321/HK/2026');
      await p.getByTestId('pkm-approver-name').fill('I Gusti Ngurah Jaya Negara');
      await p.getByTestId('pkm-approved-start').fill(todayInDenpasar());
    });
    await mayor.getByTestId('pkm-letter').waitFor();
    await expect(mayor.getByTestId('pkm-history').innerText()).resolves.toMatch(/disetujui/);
    await screenshot(mayor, 'policies-05-pkm-approved-mayor');
    const pdfHead = await mayor.evaluate(async (href) => {
      const res = await fetch(href);
      return { type: res.headers.get('content-type'), head: new TextDecoder().decode((await res.arrayBuffer()).slice(0, 5)) };
    }, (await mayor.getByTestId('pkm-letter').getAttribute('href')) ?? '');
    expect(pdfHead).toEqual({ type: 'application/pdf', head: '%PDF-' });

    // The officer sees the approval; the public page shows the village overlay in force for Pedungan.
    await officer.reload();
    await officer.locator('[data-testid="pkm-detail"][data-status="ACTIVE"]').waitFor();
    for (const page of [officer, taskForce, mayor]) await page.context().close();
    const visitor = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'id-ID' });
    await visitor.goto(`${server.url}/zona?desa=${PEDUNGAN}&sector=trade&type=warung`);
    await visitor.getByTestId('rules-sources').getByText('180/321/HK/2026').waitFor();
    await expect(visitor.getByTestId('rules-in-force').innerText()).resolves.toContain('50%');
    await screenshot(visitor, 'policies-06-public-village-pkm-in-force');
    await visitor.close();
  });

  it('task force pages: zones with counts and history, rule sets with a published version read-only', async () => {
    const taskForce = await signedInPage('satgas.kota', PASSWORD);
    await taskForce.getByTestId('nav-zones').click();
    await taskForce.getByTestId('zones-table').waitFor();
    await taskForce.locator(`[data-testid="zones-table"] tr[data-code="${PEDUNGAN}"]`).click();
    await taskForce.getByTestId('zones-history').waitFor();
    await screenshot(taskForce, 'policies-07-zones-task-force');
    await taskForce.getByTestId('nav-rule-sets').click();
    await taskForce.getByTestId('rule-set-list').getByText('Perwali Denpasar 32/2020 (revised)').click();
    await taskForce.getByTestId('rs-copy').waitFor();
    await screenshot(taskForce, 'policies-08-rule-set-published');
    await taskForce.getByTestId('rs-copy').click();
    await taskForce.getByTestId('rs-publish').waitFor();
    await screenshot(taskForce, 'policies-09-rule-set-new-version');
    // Publishing a city-wide rule set is never one click: the dialog names the region and the start.
    await taskForce.getByTestId('rs-publish').click();
    const dialog = taskForce.getByTestId('rs-publish-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/^Publikasikan aturan ini untuk Kota Denpasar mulai \d+ \w+ \d{4}/);
    await screenshot(taskForce, 'policies-10-publish-dialog');
    await taskForce.getByTestId('rs-publish-cancel').click();
    await dialog.waitFor({ state: 'hidden' });
    await taskForce.getByTestId('rs-save').waitFor();
    await taskForce.context().close();
  });
});

describe.skipIf(!inject('postgresAvailable'))('the public zone page on PostgreSQL', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer('postgres');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the zone colours from counts stored in PostgreSQL and the rules of a historical instant', async () => {
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = String(login.headers.get('set-cookie')).split(';')[0] ?? '';
    const count = await fetch(`${server.url}/api/v1/zones/active-cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ regionCode: PEDUNGAN, date: todayInDenpasar(), activeCases: 41 }),
    });
    expect(count.status).toBe(200);
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'id-ID' });
    await page.goto(`${server.url}/zona?desa=${PEDUNGAN}&sector=trade&type=restaurant`);
    await page.waitForFunction((code) => document.querySelector(`.zone-polygon[data-code="${code}"]`)?.getAttribute('data-colour') === 'red', PEDUNGAN);
    await expect(page.getByTestId('zone-summary').innerText()).resolves.toContain('Merah');
    await page.getByTestId('rules-verdict').waitFor();
    await screenshot(page, 'policies-10-public-zones-postgres');
    // Asked from here: the page allows no script, nor its requests.
    const historical = (await (await fetch(`${server.url}/api/v1/rules/in-force?region=${PEDUNGAN}&sector=trade&venueType=restaurant&at=2020-08-02T22:30:00%2B08:00`)).json()) as {
      open: boolean;
      sources: { legalBasis: string }[];
    };
    expect(historical.sources.map((s) => s.legalBasis)).toEqual(['Perwali Denpasar 32/2020 (revised)']);
    await page.close();
  });
});
