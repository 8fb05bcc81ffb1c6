import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot } from './browser.js';
import { startServer, type RunningServer } from './server.js';
import { PROJECT_ROOT } from '../../src/server/shared/paths.js';

// Issue #18: region pickers offer only the caller's scope, the PKM form's desa adat follow the chosen desa, and the
// verifying officer sees the venue's point inside its desa boundary. Screenshots also go to /tmp/shots/s6 for review.

const PEDUNGAN = '51.71.01.1002';
const DENPASAR_SELATAN = '51.71.01';
const PASSWORD = 'staff-password-123';
const USERS = [
  { username: 'perbekel.pedungan', displayName: 'Perbekel Pedungan', assignments: [{ role: 'village_officer', regionCode: PEDUNGAN }] },
  { username: 'camat.selatan', displayName: 'Camat Denpasar Selatan', assignments: [{ role: 'village_officer', regionCode: DENPASAR_SELATAN }] },
];
const SHOTS = '/tmp/shots/s6';

/** The desa/kelurahan of the shipped data, and which desa adat the import records in each (read, not restated). */
function shippedData() {
  const rows = (file: string) =>
    readFileSync(path.join(PROJECT_ROOT, 'data', 'denpasar', file), 'utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean);
  const villages = rows('regions.csv')
    .map((line) => line.split(','))
    .filter((cells) => cells[2] === 'desa' || cells[2] === 'kelurahan')
    .map((cells) => cells[0]!);
  const adatIn = new Map<string, string[]>();
  for (const line of rows('desa_adat.csv')) {
    const cells = line.split(',');
    for (const village of (cells[4] ?? '').split(/[;\s]+/).filter(Boolean)) adatIn.set(village, [...(adatIn.get(village) ?? []), cells[0]!]);
  }
  return { villages, adatIn };
}

const isVillageCode = (code: string) => /^\d+\.\d+\.\d+\.\d{4}$/.test(code);

describe('regions in the caller scope, desa adat by desa, the venue map', () => {
  let server: RunningServer;
  let browser: Browser;
  let adminCookie = '';
  const data = shippedData();

  async function api(url: string, init: { method?: string; body?: unknown; cookie?: string } = {}): Promise<Response> {
    return fetch(`${server.url}/api/v1${url}`, {
      method: init.method ?? 'GET',
      headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.cookie ? { cookie: init.cookie } : {}) },
      body: init.body === undefined ? null : JSON.stringify(init.body),
    });
  }

  async function signedInPage(username: string, password: string, width = 1366): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-regions').waitFor({ state: 'attached' });
    return page;
  }

  async function shot(page: Page, name: string) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name);
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }

  /** The region codes an oversight filter offers (the placeholder left out), once the list has loaded. */
  async function oversightChoices(page: Page): Promise<string[]> {
    await page.goto(`${server.url}/checkins/oversight`);
    const select = page.getByTestId('oversight-region');
    await select.locator('option[value]:not([value=""])').first().waitFor({ state: 'attached' });
    return select.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const login = await api('/auth/login', { method: 'POST', body: ADMIN });
    adminCookie = String(login.headers.get('set-cookie')).split(';')[0] ?? '';
    for (const user of USERS) {
      const res = await api('/users', { method: 'POST', cookie: adminCookie, body: { ...user, password: PASSWORD } });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a village officer of one desa is offered exactly that desa; a kecamatan officer its desa; the administrator all', async () => {
    const officer = await signedInPage('perbekel.pedungan', PASSWORD, 390);
    const mine = await oversightChoices(officer);
    expect(mine.filter(isVillageCode)).toEqual([PEDUNGAN]);
    for (const code of mine) expect(code === PEDUNGAN || code.startsWith(`${PEDUNGAN}.`)).toBe(true);
    await shot(officer, 's6-01-oversight-filter-desa-officer-390');

    const camat = await signedInPage('camat.selatan', PASSWORD);
    const selatan = await oversightChoices(camat);
    expect(selatan.filter(isVillageCode).sort()).toEqual(data.villages.filter((c) => c.startsWith(`${DENPASAR_SELATAN}.`)).sort());
    expect(selatan).toContain(DENPASAR_SELATAN);

    const admin = await signedInPage(ADMIN.username, ADMIN.password);
    const all = await oversightChoices(admin);
    expect(all.filter(isVillageCode).sort()).toEqual([...data.villages].sort());
    expect(data.villages.length).toBeGreaterThan(40);
  });

  it('the PKM form lists only the desa adat recorded in the chosen desa', async () => {
    const officer = await signedInPage('perbekel.pedungan', PASSWORD, 390);
    await officer.goto(`${server.url}/pkm`);
    await officer.getByTestId('pkm-new').click();
    await officer.getByTestId('pkm-form').waitFor();
    const adatOf = async (page: Page) => {
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="pkm-adat"] option').length > 1 || !!document.getElementById('pkm-adat-hint'));
      return page.getByTestId('pkm-adat').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    };
    const expected = data.adatIn.get(PEDUNGAN) ?? [];
    expect(expected.length).toBeGreaterThan(0);
    expect((await adatOf(officer)).sort()).toEqual([...expected].sort());
    await shot(officer, 's6-02-pkm-adat-of-desa-390');

    // The kecamatan officer chooses each desa in turn: the list follows, and a desa with none says so.
    const camat = await signedInPage('camat.selatan', PASSWORD);
    await camat.goto(`${server.url}/pkm`);
    await camat.getByTestId('pkm-new').click();
    await camat.getByTestId('pkm-form').waitFor();
    const selatan = data.villages.filter((c) => c.startsWith(`${DENPASAR_SELATAN}.`));
    const withNone = selatan.find((c) => !data.adatIn.has(c));
    const withSome = selatan.filter((c) => data.adatIn.has(c) && c !== PEDUNGAN).slice(0, 2);
    for (const code of withSome) {
      await camat.getByTestId('pkm-region').selectOption(code);
      await expect.poll(async () => (await adatOf(camat)).sort()).toEqual([...(data.adatIn.get(code) ?? [])].sort());
    }
    if (withNone) {
      await camat.getByTestId('pkm-region').selectOption(withNone);
      await camat.locator('#pkm-adat-hint').waitFor();
      expect(await adatOf(camat)).toEqual([]);
      await shot(camat, 's6-03-pkm-desa-without-adat-1366');
    }
  });

  it('the verifying officer sees the venue point inside the desa boundary', async () => {
    // The point is the desa's own centroid, so the server accepts it without a confirmation.
    const { centroid } = (await (await api(`/regions/${PEDUNGAN}`)).json()) as { centroid: { lat: number; lon: number } };
    const created = await api('/venues', {
      method: 'POST',
      cookie: adminCookie,
      body: { name: 'Warung Bu Made', sector: 'trade', type: 'warung', regionCode: PEDUNGAN, address: 'Jl. Raya Pesanggaran No. 7, Pedungan', lat: centroid.lat, lon: centroid.lon, indoor: true, openingHours: null, capacity: 20 },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    for (const width of [1366, 390]) {
      const officer = await signedInPage('perbekel.pedungan', PASSWORD, width);
      await officer.goto(`${server.url}/venues/${id}`);
      await officer.getByTestId('verification-panel').waitFor();
      await officer.locator('[data-testid="venue-location-map"][data-boundary="loaded"] path.location-polygon').waitFor();
      expect(await officer.locator('[data-testid="venue-location-map"] path.location-polygon').count()).toBe(1);
      await officer.locator('[data-testid="venue-location-map"] path.location-marker').waitFor();
      await shot(officer, `s6-04-venue-map-officer-${width}`);
    }
  });
});
