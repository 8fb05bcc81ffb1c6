// Issue #18 in Chromium: a kecamatan task force loads a CSV into the table of its desa, sees the bad rows, fixes them and saves all.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const SHOTS = '/tmp/shots/s7';
const SERANGAN = '51.71.01.1001';
const PEDUNGAN = '51.71.01.1002';

describe('bulk active-case counts on the zones screen', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = String(login.headers.get('set-cookie')).split(';')[0] ?? '';
    const res = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ username: 'satgas.selatan', displayName: 'Satgas Denpasar Selatan', password: 'staff-password-123', assignments: [{ role: 'task_force', regionCode: '51.71.01' }] }),
    });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('fills the table from a CSV, shows the problems per row, then saves all', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('satgas.selatan');
    await page.getByTestId('login-password').fill('staff-password-123');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-zones').click();
    await page.getByTestId('zones-bulk').waitFor();
    // Only the desa of Denpasar Selatan.
    const codes = await page.locator('[data-testid="bulk-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
    expect(codes.length).toBeGreaterThan(3);
    expect(codes.every((c) => c?.startsWith('51.71.01.'))).toBe(true);

    const csv = `regionCode,activeCases\n${SERANGAN},4\nPedungan,2.5\nKesiman,7\n`;
    await page.getByTestId('bulk-csv').setInputFiles({ name: 'kasus.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('bulk-csv-problems').waitFor();
    await expect(page.getByTestId('bulk-csv-problems').innerText()).resolves.toContain('Kesiman');
    await page.getByTestId('bulk-check').click();
    const pedungan = page.locator(`[data-testid="bulk-table"] tr[data-code="${PEDUNGAN}"]`);
    await expect(pedungan.innerText()).resolves.toContain('bilangan bulat');
    mkdirSync(SHOTS, { recursive: true });
    await page.getByTestId('zones-bulk').screenshot({ path: `${SHOTS}/zones-bulk-1366-problems.png` });

    await pedungan.locator('input').fill('12');
    await page.getByTestId('bulk-check').click();
    await page.getByText('2 baris siap disimpan.').waitFor();
    await page.getByTestId('bulk-save').click();
    await page.getByText(/2 jumlah kasus untuk .* disimpan/).waitFor();
    await page.getByTestId('zones-bulk').screenshot({ path: `${SHOTS}/zones-bulk-1366-saved.png` });
    await screenshot(page, 'zones-bulk-saved');
    const zones = (await (await fetch(`${server.url}/api/v1/zones`)).json()) as { regionCode: string; activeCases: number; colour: string }[];
    expect(zones.find((z) => z.regionCode === PEDUNGAN)).toMatchObject({ activeCases: 12, colour: 'orange' });
    expect(zones.find((z) => z.regionCode === SERANGAN)).toMatchObject({ activeCases: 4, colour: 'yellow' });
  });
});
