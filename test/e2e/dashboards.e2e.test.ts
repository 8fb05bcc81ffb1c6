// Issue #17 in Chromium: the city task force drills down city → kecamatan → desa on the dashboard; each level's map,
// charts and tables draw, a chart reads as a table, and each level is photographed at 1366 and 390 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { insertVisit } from '../../src/server/modules/checkins/checkins.repository.js';
import { newId } from '../../src/server/shared/ids.js';
import { addDaysToDate, localDate, localDateTime, localDateTimeToEpochMs } from '../../src/server/shared/local-time.js';
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const TZ = 'Asia/Makassar';
const SELATAN = '51.71.01';
const SERANGAN = '51.71.01.1001';
const PEDUNGAN = '51.71.01.1002';
const KESIMAN = '51.71.02.1003';

describe('dashboard drill-down', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- seeding rows with only the columns that matter
    const db = server.database.db as any;
    const now = Date.now();
    const today = localDate(now, TZ);
    for (const [code, colour, active] of [[SERANGAN, 'red', 45], [PEDUNGAN, 'yellow', 5], [KESIMAN, 'orange', 14]] as const) {
      for (let d = 6; d >= 0; d--) {
        await db.insertInto('zone_history').values({ region_code: code, date: addDaysToDate(today, -d), active_cases: d > 3 ? Math.round(active / 2) : active, colour: d > 3 ? 'yellow' : colour, count_date: today, thresholds_version_id: null, computed_at: now }).execute();
      }
    }
    for (const [code, n] of [[SERANGAN, 4], [PEDUNGAN, 2], [KESIMAN, 3]] as const) {
      for (let i = 0; i < n; i++) {
        const id = newId();
        await db.insertInto('cases').values({ id, person_key: `p-${id}`, name_enc: 'x', phone_enc: 'x', residence_code: code, category: i % 2 ? 'konfirmasi_asimptomatik' : 'konfirmasi_simptomatik', episode_date: addDaysToDate(today, -i), region_code: code, confirmed_at: now, language: 'id', created_at: now, updated_at: now }).execute();
      }
    }
    let number = 9000;
    for (const [code, name, score, badge] of [[SERANGAN, 'Warung Pantai Serangan', 48, 'red'], [PEDUNGAN, 'Kafe Pedungan', 72, 'yellow'], [PEDUNGAN, 'Toko Sinar Pedungan', 91, 'green']] as const) {
      const id = newId();
      await db.insertInto('venues').values({
        id, venue_number: number++, name, sector: 'trade', venue_type: 'warung', region_code: code, banjar_code: null, desa_adat_code: null, address: 'Jl. Uji', lat: -8.7, lon: 115.2,
        position_confirmed: 1, point_region_code: code, capacity: 20, opens_at: null, closes_at: null, indoor: 1, contact_name: null, contact_phone_enc: null, status: 'verified',
        status_reason: null, suspended_until: null, suspension_sanction_id: null, compliance_score: score, compliance_badge: badge, created_by: null, created_at: now, updated_at: now, verified_at: now,
      }).execute();
      for (let i = 0; i < 12; i++) {
        const tIn = localDateTimeToEpochMs(addDaysToDate(today, -(i % 5)), `${String(8 + (i % 10)).padStart(2, '0')}:15`, TZ);
        if (tIn > now) continue;
        // Through the check-ins write path, so the roll-ups the check-in charts read count it.
        await server.database.db.transaction().execute((trx) =>
          insertVisit(trx, { id: newId(), venue_id: id, person_key: `v-${newId()}`, person_enc: null, name_enc: null, phone_enc: null, secret_hash: null, t_in: tIn, t_out: null, out_kind: null, estimated: 0, source: 'qr', entered_by: null, region_code: code, created_at: tIn }, { localDay: localDate(tIn, TZ), localHour: localDateTime(tIn, TZ).hour }),
        );
      }
    }
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = String(login.headers.get('set-cookie')).split(';')[0] ?? '';
    const res = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ username: 'satgas.kota', displayName: 'Satgas Kota Denpasar', password: 'staff-password-123', assignments: [{ role: 'task_force', regionCode: '51.71' }] }),
    });
    expect(res.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('satgas.kota');
    await page.getByTestId('login-password').fill('staff-password-123');
    await page.getByTestId('login-submit').click();
    // The sign-in lands on the home page first; a click before that landing would be overtaken by it.
    await page.getByTestId('page-home').waitFor();
    return page;
  }

  async function levelDrawn(page: Page, region: string): Promise<void> {
    await page.getByTestId('page-dashboards').waitFor();
    await page.waitForFunction((code) => new URL(location.href).searchParams.get('region') === code || code === null, region === '51.71' ? null : region);
    await page.locator('[data-testid="panel-zone-map"] path.leaflet-interactive').first().waitFor();
    await page.locator('[data-testid="panel-checkins-per-day"] canvas').waitFor();
    await page.getByText('Diperbarui otomatis').waitFor();
  }

  it('drills down city → kecamatan → desa, each level with its map, charts and tables', async () => {
    for (const width of [1366, 390]) {
      const page = await signIn(width);
      if (width === 390) await page.goto(`${server.url}/dashboards`);
      else await page.getByTestId('nav-dashboards').click();
      await levelDrawn(page, '51.71');
      // The city: its four kecamatan on the map and in the list.
      // The map redraws after the URL changes: wait for the new level's shapes rather than count the old ones.
      await expect.poll(() => page.locator('[data-testid="panel-zone-map"] path.leaflet-interactive').count(), { timeout: 10_000 }).toBe(4);
      await expect(page.getByTestId('dashboard-breadcrumb').innerText()).resolves.toContain('Denpasar');
      await screenshot(page, `dashboard-kota-${width}`);

      await page.getByTestId(`drill-${SELATAN}`).click();
      await levelDrawn(page, SELATAN);
      // The map redraws after the URL changes: wait for the new level's shapes rather than count the old ones.
      await expect.poll(() => page.locator('[data-testid="panel-zone-map"] path.leaflet-interactive').count(), { timeout: 10_000 }).toBe(10);
      // A chart read as a table: the cases by onset date, only Selatan's (6 of the 9 seeded).
      await page.getByTestId('toggle-epi-curve').click();
      const cells = await page.locator('[data-testid="panel-epi-curve"] tbody td:last-child').allInnerTexts();
      expect(cells.reduce((n, c) => n + Number(c), 0)).toBe(6);
      await expect(page.locator('[data-testid="panel-worst-venues"] tbody tr').first().innerText()).resolves.toContain('Warung Pantai Serangan');
      await screenshot(page, `dashboard-kecamatan-${width}`);

      await page.getByTestId(`drill-${SERANGAN}`).click();
      await levelDrawn(page, SERANGAN);
      // The map redraws after the URL changes: wait for the new level's shapes rather than count the old ones.
      await expect.poll(() => page.locator('[data-testid="panel-zone-map"] path.leaflet-interactive').count(), { timeout: 10_000 }).toBe(1);
      await expect(page.getByTestId('dashboard-breadcrumb').innerText()).resolves.toContain('Serangan');
      await expect(page.locator('[data-testid^="drill-"]').count()).resolves.toBe(0);
      await screenshot(page, `dashboard-desa-${width}`);

      // The account page: the weekly report's subscription (task force) and last week's PDF.
      await page.goto(`${server.url}/account`);
      await page.getByTestId('weekly-report').waitFor();
      if (width === 1366) {
        await page.getByTestId('weekly-subscribe').check();
        await page.getByTestId('weekly-email').fill('satgas.kota@example.id');
        await page.getByTestId('weekly-save').click();
        await page.getByText('Langganan disimpan.').waitFor();
      } else {
        await expect(page.getByTestId('weekly-email').inputValue()).resolves.toBe('satgas.kota@example.id');
      }
      const pdf = await page.request.get(`${server.url}${await page.getByTestId('weekly-download').getAttribute('href')}`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      await screenshot(page, `account-weekly-report-${width}`);
      await page.close();
    }
  }, 120_000);
});
