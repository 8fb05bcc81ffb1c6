import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { notificationDataKey, openNotification } from '../../src/server/modules/notifications/notifications.outbox.js';
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot, SCREENSHOT_DIR } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// Issue #15, the staff screens around enforcement that are not the officer's phone forms, in Chromium:
// - newcomers: a report → the village officer's visit → the /k/ link sent by SMS works → the daily report (a fever)
//   appears in the officer's queue;
// - border posts: the task force creates a post, checks are logged, the day's counts per shift show;
// - fines: the ledger per team, a due fine paid later, a deposit to the kas daerah, the cash report CSV and PDF.
// Each screen is photographed at 1366 and 390 px.

const SERANGAN = '51.71.01.1001';
const SELATAN = '51.71.01';
const PASSWORD = 'staff-password-123';
const USERS = {
  lurah: { username: 'lurah.serangan', role: 'village_officer', regionCode: SERANGAN },
  satgas: { username: 'satgas.kota', role: 'task_force', regionCode: '51.71' },
  satpol: { username: 'satpol.selatan', role: 'enforcement_officer', regionCode: SELATAN },
} as const;
const WIDE = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

/** YYYY-MM-DD in the city (WITA), `days` from today. */
function cityDate(days = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

describe('enforcement administration in Chromium: newcomers, border posts, fines', () => {
  let server: RunningServer;
  let browser: Browser;
  let adminCookie = '';

  async function call(method: string, url: string, options: { cookie?: string; body?: unknown; lang?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = { 'accept-language': options.lang ?? 'id' };
    if (options.cookie) headers.cookie = options.cookie;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(server.url + url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  }
  async function cookieOf(username: string, password = PASSWORD): Promise<string> {
    const res = await call('POST', '/api/v1/auth/login', { body: { username, password } });
    expect(res.status).toBe(200);
    return res.headers.getSetCookie()[0]!.split(';')[0]!;
  }
  async function signIn(username: string): Promise<Page> {
    const page = await browser.newPage({ viewport: WIDE });
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-account').waitFor();
    return page;
  }
  /** The same screen at 1366 px and at 390 px (a phone), each photographed whole. */
  async function bothWidths(page: Page, name: string, ready: () => Promise<unknown>): Promise<void> {
    const top = () => page.evaluate(() => window.scrollTo(0, 0));
    await page.setViewportSize(WIDE);
    await ready();
    await top();
    await screenshot(page, `${name}-1366`);
    await page.setViewportSize(PHONE);
    await ready();
    await top();
    await screenshot(page, `${name}-390`);
    await page.setViewportSize(WIDE);
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    adminCookie = await cookieOf(ADMIN.username, ADMIN.password);
    for (const u of Object.values(USERS)) {
      const res = await call('POST', '/api/v1/users', { cookie: adminCookie, body: { username: u.username, password: PASSWORD, displayName: u.username, assignments: [{ role: u.role, regionCode: u.regionCode }] } });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lapor diri: a kos owner reports two tenants at once on a phone; a wrong NIK is marked on its tenant and nothing is stored', async () => {
    // A kos owner's phone in Indonesian: the server's page follows Accept-Language, the kos form the language it showed.
    const page = await browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'id-ID' });
    // The newcomer's page is the server's; its "Pemilik kos" link loads the web app's kos form.
    await page.goto(`${server.url}/lapor-diri`);
    await Promise.all([page.waitForURL('**/lapor-diri/kos'), page.getByTestId('arrival-mode-kos').click()]);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="kos-region"] option').length > 40);
    await page.getByTestId('kos-owner-name').fill('Bu Kadek Kos Melati');
    await page.getByTestId('kos-owner-phone').fill('0812 1111 2222');
    await page.getByTestId('kos-region').selectOption({ label: 'Serangan' });
    await page.getByTestId('kos-address').fill('Kos Melati, Jl. Tukad Punggawa 9');
    await page.getByTestId('kos-add-tenant').click();
    const tenants = page.getByTestId('kos-tenant');
    const fill = async (i: number, values: Record<string, string>) => {
      for (const [field, value] of Object.entries(values)) await tenants.nth(i).getByTestId(`kos-tenant-${field}`).fill(value);
    };
    await fill(0, { name: 'Gede Penyewa Satu', identity: '3578011708850005', phone: '081233330001', origin: 'Malang', room: 'Kamar 1', purpose: 'Bekerja' });
    await fill(1, { name: 'Luh Penyewa Dua', identity: '5171013202850001', phone: '081233330002', origin: 'Jember', room: 'Kamar 2', purpose: 'Kuliah' });
    const before = (await server.database.db.selectFrom('arrivals').select('id').execute()).length;
    await page.getByTestId('kos-submit').click();
    await tenants.nth(1).getByText('tanggal lahir pada NIK tidak mungkin').waitFor();
    expect((await server.database.db.selectFrom('arrivals').select('id').execute()).length).toBe(before);
    await screenshot(page, 'enforcement-admin-00-kos-error-390');
    await fill(1, { identity: '5171015202000002' });
    await page.getByTestId('kos-submit').click();
    await page.getByTestId('kos-receipt').waitFor();
    expect(await page.getByTestId('kos-receipt').textContent()).toMatch(/Gede Penyewa Satu: LD-[0-9A-Z]{8}.*Luh Penyewa Dua: LD-[0-9A-Z]{8}/s);
    await screenshot(page, 'enforcement-admin-00-kos-receipt-390');
    await page.close();
  });

  it('newcomers: the officer records the visit, the SMS link opens the daily self-report, and its fever shows in the queue', async () => {
    const arrival = { nik: '3578011708850001', phone: '081255556666', origin: 'Surabaya, Jawa Timur', arrivalDate: cityDate(-1), regionCode: SERANGAN, address: 'Jl. Tukad Punggawa, Kos Melati kamar 3', purpose: 'Bekerja' };
    expect((await call('POST', '/api/v1/arrivals', { body: { ...arrival, name: 'Putu Pendatang' } })).status).toBe(201);
    expect((await call('POST', '/api/v1/arrivals', { lang: 'en', body: { ...arrival, nik: undefined, passport: 'X1234567', name: 'Jane Doe', phone: '+61412345678', origin: 'Perth, Australia', purpose: 'Remote work' } })).status).toBe(201);

    const page = await signIn(USERS.lurah.username);
    await page.getByTestId('nav-arrival-queue').click();
    const putu = page.locator('[data-testid="arrival-row"][data-name="Putu Pendatang"]');
    await putu.waitFor();
    expect(await putu.getAttribute('data-stage')).toBe('reported');
    // Readable: the desa's name and local dates, not codes or ISO dates.
    const card = (await putu.textContent()) ?? '';
    expect(card).toContain('Serangan');
    expect(card).not.toContain(SERANGAN);
    expect(card).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // The kos owner's tenants are in the queue with who reported them.
    expect(await page.locator('[data-testid="arrival-row"][data-name="Luh Penyewa Dua"]').textContent()).toContain('Bu Kadek Kos Melati');
    await bothWidths(page, 'enforcement-admin-01-arrivals-reported', () => putu.waitFor());

    await putu.getByTestId('arrival-visit-note').fill('Sudah dikunjungi, diedukasi isolasi mandiri 14 hari');
    await putu.getByTestId('arrival-visit').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="arrival-row"][data-name="Putu Pendatang"]')?.getAttribute('data-stage') === 'isolating');
    expect(await putu.getByTestId('arrival-stage').textContent()).toMatch(/^Isolasi mandiri s\/d \d{1,2} [A-Z][a-z]{2} \d{4}$/);

    // The SMS in the outbox carries the personal link; the newcomer opens it on a phone and reports a fever.
    const rows = await server.database.db.selectFrom('notifications').selectAll().where('channel', '=', 'sms').execute();
    const sms = rows.map((row) => openNotification(notificationDataKey(Buffer.alloc(32, 7)), row)).find((m) => m.to === '+6281255556666');
    expect(sms?.body).toContain('Isolasi mandiri s/d');
    const link = /https?:\/\/\S+\/k\/[\w-]+/.exec(sms!.body)![0];
    const phone = await browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    await phone.goto(link);
    await phone.getByText('Petugas desa/kelurahan membaca laporan ini').waitFor();
    await phone.locator('input[name="condition"][value="symptoms"]').check();
    await phone.locator('input[name="symptoms"][value="cough"]').check();
    await phone.locator('input[name="temperature"]').fill('38.5');
    await screenshot(phone, 'enforcement-admin-02-self-report-390');
    await phone.getByRole('button').click();
    await phone.locator('.ok').waitFor();
    await phone.close();

    await page.reload();
    await putu.getByTestId('arrival-fever').waitFor();
    expect(await putu.getByTestId('arrival-last-report').textContent()).toMatch(/bergejala \(batuk\) · 38,5\s°C/);
    expect(await putu.getByTestId('arrival-fever').textContent()).toMatch(/^Demam 38,5\s°C/);
    await bothWidths(page, 'enforcement-admin-03-arrivals-fever', () => putu.getByTestId('arrival-fever').waitFor());
    await page.close();
  });

  it('border posts: the task force creates a post, and the day’s checks are counted per shift and result', async () => {
    const page = await signIn(USERS.satgas.username);
    await page.getByTestId('nav-border-posts').click();
    await page.getByTestId('border-post-name').fill('Pos Pantau Pelabuhan Benoa');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="border-post-region"] option').length > 40);
    await page.getByTestId('border-post-region').selectOption(SERANGAN);
    await page.getByTestId('border-post-create').click();
    const post = page.locator('[data-testid="border-post"][data-name="Pos Pantau Pelabuhan Benoa"]');
    await post.waitFor();
    expect(await post.textContent()).toContain('07.30–15.00, 15.00–22.00 WITA');

    // Yesterday's checks (a whole day, whatever the hour now): two in the morning shift, two in the afternoon.
    const [created] = (await (await call('GET', '/api/v1/checkpoints', { cookie: await cookieOf(USERS.satgas.username) })).json()) as { id: string }[];
    const satpol = await cookieOf(USERS.satpol.username);
    const day = cityDate(-1);
    const at = (hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
    const base = { masked: true, temperatureC: 36.6, purpose: 'Bekerja', letter: 'surat_tugas' };
    for (const check of [
      { ...base, at: at('08:10') },
      { ...base, at: at('09:20'), masked: false },
      { ...base, at: at('16:05') },
      { ...base, at: at('17:45'), temperatureC: 38.3 },
    ]) expect((await call('POST', `/api/v1/checkpoints/${created!.id}/checks`, { cookie: satpol, body: check })).status).toBe(201);

    await page.getByTestId('border-post-date').fill(day);
    const rowsOf = page.getByTestId('border-post-shift-row');
    await page.waitForFunction(() => document.querySelector('[data-testid="border-post-day-total"]')?.textContent === '4');
    const cells = async (i: number) => (await rowsOf.nth(i).locator('td').allTextContents()).map(Number);
    expect(await cells(0)).toEqual([1, 1, 0, 2]);
    expect(await cells(1)).toEqual([1, 0, 1, 2]);
    await bothWidths(page, 'enforcement-admin-04-border-posts', () => page.getByTestId('border-post-counts').waitFor());
    await page.close();
  });

  it('fines: the day’s ledger per team, a due fine paid later, a deposit with its reference, and the cash report', async () => {
    const satpol = await cookieOf(USERS.satpol.username);
    const fine = async (nik: string, name: string, team: string, paid: boolean) => {
      const v = await call('POST', '/api/v1/violations', { cookie: satpol, body: { offence: 'masker_tidak_dipakai', regionCode: SERANGAN, occurredAt: new Date(Date.now() - 60_000).toISOString(), subject: { kind: 'person', nik, name }, team } });
      expect(v.status).toBe(201);
      const { id } = (await v.json()) as { id: string };
      const s = await call('POST', `/api/v1/violations/${id}/sanctions`, { cookie: satpol, body: { type: 'denda', amountIdr: 100_000, paid, ...(paid ? { receiptNumber: `KW-${nik.slice(-4)}` } : {}) } });
      expect(s.status).toBe(201);
    };
    await fine('5171010505050010', 'Made Tanpa Masker', 'Tim Yustisi A', true);
    await fine('5171010606060011', 'Ketut Tanpa Masker', 'Tim Yustisi A', true);
    await fine('5171010707070012', 'Nyoman Belum Bayar', 'Tim Yustisi A', false);
    await fine('5171010808080013', 'Komang Belum Bayar', 'Tim Yustisi B', false);

    const page = await signIn(USERS.satpol.username);
    await page.getByTestId('nav-fines').click();
    const teamA = page.locator('[data-testid="fines-row"][data-team="Tim Yustisi A"]');
    await teamA.waitFor();
    expect(await teamA.textContent()).toContain('Rp 300.000'.replace(' ', '\u00a0'));
    await bothWidths(page, 'enforcement-admin-05-fines-ledger', () => teamA.waitFor());

    // Nyoman pays at the office: the receipt is recorded against the due fine.
    const due = page.locator('[data-testid="fines-due-item"]', { hasText: 'Nyoman Belum Bayar' });
    await due.getByTestId('fines-receipt').fill('KW-LATE-1');
    await due.getByTestId('fines-pay').click();
    await due.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.querySelector('[data-testid="fines-row"][data-team="Tim Yustisi A"] [data-label="Belum dibayar"]')?.textContent?.includes('0 denda'));

    // Team A hands Rp 250.000 to the kas daerah.
    await page.getByTestId('fines-deposit-team').fill('Tim Yustisi A');
    await page.getByTestId('fines-deposit-region').selectOption(SERANGAN);
    await page.getByTestId('fines-deposit-amount').fill('250.000');
    await page.getByTestId('fines-deposit-reference').fill('STS-2026-001');
    await page.getByTestId('fines-deposit-submit').click();
    await page.getByTestId('fines-deposit-saved').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="fines-row"][data-team="Tim Yustisi A"]')?.textContent?.includes('STS-2026-001'));
    const cash = (await teamA.getByTestId('fines-cash-on-hand').textContent())?.replace(/\s/g, ' ');
    expect(cash).toBe('Rp 50.000');
    await bothWidths(page, 'enforcement-admin-06-fines-deposit', () => teamA.waitFor());

    // The cash report as the officer downloads it (in the app's language): the CSV sums to the ledger, the PDF is
    // rendered to PNG for a look.
    const download = async (format: 'csv' | 'pdf') => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`fines-${format}`).click()]);
      expect(file.suggestedFilename()).toBe(`kas-denda-${cityDate()}.${format}`);
      return readFileSync(await file.path());
    };
    const csv = (await download('csv')).toString('utf8');
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('"Tim"');
    const collected = (line: string) => Number(line.split(',')[5]!.replaceAll('"', ''));
    // Collected: two paid on the spot and one paid later (Komang still owes).
    expect(collected(lines.at(-1)!)).toBe(300_000);
    const pdf = await download('pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(path.join(tmpdir(), 'cash-report-'));
    writeFileSync(path.join(dir, 'report.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', '80', path.join(dir, 'report.pdf'), path.join(SCREENSHOT_DIR, 'enforcement-admin-07-cash-report')]);
    expect(execFileSync('pdftotext', [path.join(dir, 'report.pdf'), '-']).toString()).toMatch(/Laporan Kas Harian Denda Prokes — \d{1,2} \w+ \d{4}/);
    expect(readdirSync(SCREENSHOT_DIR).some((f) => f.startsWith('enforcement-admin-07-cash-report'))).toBe(true);
    await page.close();
  });
});
