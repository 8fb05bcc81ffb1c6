import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { posterTokenFor } from '../../src/server/modules/venues/index.js';
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// Issue #15 in Chromium on a 390 px phone: an enforcement officer records violations and a border-post check with the
// network switched off; the entries wait in the phone's queue ("3 menunggu dikirim"), are sent when the network
// returns, and are stored exactly once — also when an answer is lost on the way (the replay answers 409) and when the
// page is reloaded and syncs again.

const SERANGAN = '51.71.01.1001';
const OFFICER = { username: 'satpol.selatan', password: 'satpol-password-123' };
const NEXT_OFFICER = { username: 'satpol.selatan.2', password: 'satpol-password-456' };
const NIKS = ['5171011708850001', '5171015708850002', '5171012001900003'];

describe('officer field screens offline in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let adminCookie = '';

  async function call(method: string, url: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { cookie: adminCookie };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(server.url + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  const count = async (table: 'violations' | 'sanctions' | 'checkpoint_checks') =>
    Number((await server.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  const badge = () => page.getByTestId('queue-badge');
  const badgeCount = async () => Number(await badge().getAttribute('data-count'));
  const waitForBadge = (n: number) => page.waitForFunction((want) => document.querySelector('[data-testid="queue-badge"]')?.getAttribute('data-count') === String(want), n, { timeout: 20_000 });

  async function fillPerson(nik: string, name: string) {
    await page.getByTestId('violation-form').waitFor();
    await page.getByTestId('v-nik').fill(nik);
    await page.getByTestId('v-name').fill(name);
    await page.getByTestId('v-offence').selectOption('masker_tidak_benar');
    await page.getByTestId('v-region').selectOption(SERANGAN);
    await page.getByTestId('v-team').fill('Tim Yustisi A');
  }

  /** On the phone the logout button is in the menu. */
  async function logout() {
    await page.getByTestId('menu-toggle').tap();
    await page.getByTestId('logout').tap();
    await page.waitForURL('**/login');
  }

  async function signIn(who: { username: string; password: string }) {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(who.username);
    await page.getByTestId('login-password').fill(who.password);
    await page.getByTestId('login-submit').click();
    await page.waitForFunction(() => location.pathname !== '/login');
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    adminCookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const user = await call('POST', '/api/v1/users', { ...OFFICER, displayName: 'Satpol PP Denpasar Selatan', assignments: [{ role: 'enforcement_officer', regionCode: '51.71.01' }] });
    expect(user.status, await user.clone().text()).toBe(201);
    const next = await call('POST', '/api/v1/users', { ...NEXT_OFFICER, displayName: 'Satpol PP Denpasar Selatan 2', assignments: [{ role: 'enforcement_officer', regionCode: '51.71.01' }] });
    expect(next.status, await next.clone().text()).toBe(201);
    const post = await call('POST', '/api/v1/checkpoints', { name: 'Pos Pantau Jembatan Suwung', regionCode: SERANGAN });
    expect(post.status, await post.clone().text()).toBe(201);

    context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    page = await context.newPage();
    await signIn(OFFICER);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('records three violations with no signal, shows "3 menunggu dikirim", and stores exactly three once back online', async () => {
    await page.goto(`${server.url}/enforcement/record`);
    await page.getByTestId('violation-form').waitFor();
    // The lists arrive while online (and are kept on the phone for later).
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="v-region"] option').length > 1 && document.querySelectorAll('[data-testid="v-offence"] option').length > 1);
    expect(await badge().textContent()).toBe('Semua terkirim');
    await screenshot(page, 'field-01-record-form-390');

    await context.setOffline(true);
    await page.getByTestId('queue-offline').waitFor();
    for (const [i, nik] of NIKS.entries()) {
      await fillPerson(nik, `Pelanggar Offline ${i + 1}`);
      await page.getByTestId('violation-save').click();
      await page.getByTestId('saved-offline').waitFor();
      if (i === 0) {
        // A sanction chosen without signal: sent after its violation with the automatic reason.
        await page.getByTestId('offline-sanction-note').waitFor();
        await page.getByTestId('sanction-form-type').selectOption('teguran_lisan');
        await screenshot(page, 'field-02-offline-sanction-390');
        await page.getByTestId('sanction-form-submit').click();
        await page.getByTestId('sanction-applied').waitFor();
      }
      await page.getByTestId('record-next').click();
    }
    await waitForBadge(3);
    expect(await badge().textContent()).toBe('3 menunggu dikirim');
    expect(await count('violations')).toBe(0);
    await screenshot(page, 'field-03-queue-badge-3-offline-390');

    // The first answer is lost on the way back (the server stored the violation): that entry stays queued.
    let lost = 0;
    await page.route('**/api/v1/violations', async (route) => {
      if (lost === 0 && route.request().method() === 'POST') {
        lost += 1;
        await route.fetch();
        await route.abort('failed');
        return;
      }
      await route.continue();
    });
    await context.setOffline(false);
    await waitForBadge(1);
    expect(lost).toBe(1);
    expect(await count('violations')).toBe(3);
    // Sent again by hand: the server answers 409 with the stored id, which counts as sent.
    await page.getByTestId('queue-sync').click();
    await waitForBadge(0);
    await page.unroute('**/api/v1/violations');
    // The replay counted as sent, not as a refusal.
    expect(await page.getByTestId('queue-failed').count()).toBe(0);
    expect(await count('violations')).toBe(3);
    expect(await count('sanctions')).toBe(1);
    const sanction = await server.database.db.selectFrom('sanctions').selectAll().executeTakeFirstOrThrow();
    expect(sanction).toMatchObject({ type: 'teguran_lisan', as_proposed: 1 });
    expect(sanction.reason).toMatch(/Dipilih tanpa sinyal/);
    const teams = await server.database.db.selectFrom('violations').select(['team', 'client_key']).execute();
    expect(teams.every((v) => v.team === 'Tim Yustisi A' && v.client_key !== null)).toBe(true);
    await screenshot(page, 'field-04-queue-synced-390');

    // A reload syncs again: nothing is sent twice.
    await page.reload();
    await page.getByTestId('violation-form').waitFor();
    await waitForBadge(0);
    expect(await count('violations')).toBe(3);
    expect(await count('sanctions')).toBe(1);
  });

  it('online: the server’s NIK error by the field, then the earlier offence and the proposed sanction, applied', async () => {
    await page.goto(`${server.url}/enforcement/record`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="v-region"] option').length > 1 && document.querySelectorAll('[data-testid="v-offence"] option').length > 1);
    await fillPerson('5171013202850001', 'Pelanggar NIK Salah');
    await page.getByTestId('violation-save').click();
    await page.getByTestId('v-nik-error').waitFor();
    expect(await page.getByTestId('v-nik-error').textContent()).toMatch(/tanggal lahir/);
    expect(await badgeCount()).toBe(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'field-05-nik-error-390');

    // The first offline offender again: the ladder's second step, with the earlier offence listed.
    await page.getByTestId('v-nik').fill(NIKS[0]!);
    await page.getByTestId('v-name').fill('Pelanggar Offline 1');
    await page.getByTestId('violation-save').click();
    await page.getByTestId('proposal').waitFor();
    expect(await page.getByTestId('proposal-type').textContent()).toBe('Teguran tertulis');
    expect(await page.getByTestId('prior-offences').textContent()).toMatch(/Masker tidak dipakai dengan benar/);
    await screenshot(page, 'field-06-proposal-390');
    await page.getByTestId('apply-proposal-submit').click();
    await page.getByTestId('sanction-applied').waitFor();
    expect(await count('violations')).toBe(4);
    const applied = await server.database.db.selectFrom('sanctions').selectAll().where('type', '=', 'teguran_tertulis').executeTakeFirstOrThrow();
    expect(applied).toMatchObject({ as_proposed: 1, reason: null });
    await screenshot(page, 'field-07-sanction-applied-390');
  });

  it('a border check with no signal shows the estimate, is stored once when back online, and its rapid test follows', async () => {
    await page.goto(`${server.url}/checkpoints/check`);
    await page.getByTestId('check-form').waitFor();
    // The only post in scope is chosen by itself, and remembered.
    await page.waitForFunction(() => document.querySelector<HTMLSelectElement>('[data-testid="c-post"]')?.value !== '');
    await context.setOffline(true);
    await page.getByTestId('c-masked-yes').click();
    await page.getByTestId('c-nik').fill('3578011708850002');
    await page.getByTestId('c-purpose').fill('Bekerja di Sanur');
    await page.getByTestId('c-letter').selectOption('surat_tugas');
    await page.getByTestId('c-temp').fill('38,4');
    await screenshot(page, 'field-08-border-form-390');
    await page.getByTestId('check-save').click();
    await page.getByTestId('check-result').waitFor();
    expect(await page.getByTestId('check-result').getAttribute('data-result')).toBe('referred');
    expect(await page.getByTestId('check-result').getAttribute('data-estimate')).toBe('yes');
    await page.getByTestId('rapid-negative').click();
    await page.getByTestId('rapid-save').click();
    await page.getByTestId('rapid-queued').waitFor();
    await waitForBadge(1);
    await screenshot(page, 'field-09-border-offline-estimate-390');
    expect(await count('checkpoint_checks')).toBe(0);

    await context.setOffline(false);
    await waitForBadge(0);
    await page.locator('[data-testid="check-result"][data-estimate="no"]').waitFor();
    expect(await page.getByTestId('check-origin').textContent()).toMatch(/35/);
    await page.getByTestId('rapid-saved').waitFor();
    const checks = await server.database.db.selectFrom('checkpoint_checks').selectAll().execute();
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ result: 'referred', rapid_test: 'negative', origin_province: '35' });
    await screenshot(page, 'field-10-border-result-390');

    await page.reload();
    await page.getByTestId('check-form').waitFor();
    await waitForBadge(0);
    expect(await count('checkpoint_checks')).toBe(1);
  });
  it('in English: a venue found by pasting its poster link, its first offence proposes a written warning', async () => {
    const created = await call('POST', '/api/v1/venues', {
      name: 'Kafe Pantai Serangan', sector: 'trade', type: 'cafe', regionCode: SERANGAN, address: 'Jl. Tukad Punggawa 9', lat: -8.736259, lon: 115.23211, capacity: 20, indoor: true, openingHours: null,
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await call('POST', `/api/v1/venues/${id}/verification`, { decision: 'approve' })).status).toBe(200);
    const poster = await server.database.db.selectFrom('venue_posters').select('poster_id').where('venue_id', '=', id).where('replaced_at', 'is', null).executeTakeFirstOrThrow();
    const link = `${server.url}/c/${posterTokenFor(Buffer.alloc(32, 7), poster.poster_id)}`;

    await page.goto(`${server.url}/enforcement/record`);
    await page.getByTestId('lang-switch').click();
    await page.locator('#page-title', { hasText: 'Record a violation' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="v-region"] option').length > 1);
    await page.getByTestId('subject-venue').click();
    await page.getByTestId('venue-by-poster').click();
    // Headless Chromium has no BarcodeDetector: the officer pastes the link instead.
    await page.getByTestId('poster-no-scanner').waitFor();
    await page.getByTestId('poster-link').fill('https://example.org/not-a-poster');
    await page.getByTestId('poster-find').click();
    await page.getByText('That is not a Jaga Baya poster link.').waitFor();
    await page.getByTestId('poster-link').fill(link);
    await screenshot(page, 'field-11-venue-by-poster-en-390');
    await page.getByTestId('poster-find').click();
    await page.getByTestId('venue-chosen').waitFor();
    expect(await page.getByTestId('venue-chosen').textContent()).toContain('Kafe Pantai Serangan');
    expect(await page.getByTestId('v-region').inputValue()).toBe(SERANGAN);
    await page.getByTestId('v-offence').selectOption('fasilitas_prokes_tidak_ada');
    await page.getByTestId('violation-save').click();
    await page.getByTestId('proposal').waitFor();
    expect(await page.getByTestId('proposal-type').textContent()).toBe('Written warning');
    await screenshot(page, 'field-12-venue-proposal-en-390');
    const stored = await server.database.db.selectFrom('violations').select(['venue_id', 'subject_kind']).where('venue_id', '=', id).execute();
    expect(stored).toEqual([{ venue_id: id, subject_kind: 'venue' }]);
    await page.getByTestId('lang-switch').click();
  });
  it('a photo taken with no signal goes with its violation once back online: stored once, re-encoded, with no EXIF or GPS left', async () => {
    // A camera file as a phone writes it: EXIF with the place it was taken.
    const camera = await sharp({ create: { width: 2400, height: 1800, channels: 3, background: { r: 180, g: 60, b: 40 } } })
      .jpeg()
      .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Murah 1' }, IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '8/1 41/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '115/1 13/1 0/1' } })
      .toBuffer();
    expect((await sharp(camera).metadata()).exif).toBeDefined();
    await page.goto(`${server.url}/enforcement/record`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="v-region"] option').length > 1 && document.querySelectorAll('[data-testid="v-offence"] option').length > 1);
    await context.setOffline(true);
    await page.getByTestId('queue-offline').waitFor();
    await fillPerson('5171011708850009', 'Pelanggar Berfoto');
    await page.getByTestId('v-photos').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: camera });
    await page.getByTestId('violation-save').click();
    await page.getByTestId('saved-offline').waitFor();
    await waitForBadge(1);
    await context.setOffline(false);
    await waitForBadge(0);
    const violation = await server.database.db.selectFrom('violations').select('id').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const photos = await server.database.db.selectFrom('violation_photos').selectAll().where('violation_id', '=', violation.id).execute();
    expect(photos).toHaveLength(1);
    const stored = await sharp(Buffer.from(photos[0]!.data)).metadata();
    expect(stored.format).toBe('jpeg');
    expect(stored.exif).toBeUndefined();
    expect(Math.max(stored.width ?? 0, stored.height ?? 0)).toBeLessThanOrEqual(1600);
    // A reload syncs again: nothing is sent twice.
    await page.reload();
    await page.getByTestId('violation-form').waitFor();
    expect(await server.database.db.selectFrom('violation_photos').select('id').where('violation_id', '=', violation.id).execute()).toHaveLength(1);
  });

  it('a shared phone: the next officer signing in neither sends nor sees the first one’s waiting entry; its officer sends it later', async () => {
    const before = await count('violations');
    await page.goto(`${server.url}/enforcement/record`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="v-region"] option').length > 1 && document.querySelectorAll('[data-testid="v-offence"] option').length > 1);
    // The violation does not get through (a dead spot at the market); the phone keeps it.
    const blocked = (route: Route) => route.abort('internetdisconnected');
    await page.route('**/api/v1/violations', blocked);
    await fillPerson('5171011708850011', 'Pelanggar Petugas Pertama');
    await page.getByTestId('violation-save').click();
    await page.getByTestId('saved-offline').waitFor();
    await waitForBadge(1);
    // End of shift: the first officer signs out and hands the phone over.
    await logout();
    await page.unroute('**/api/v1/violations', blocked);
    await signIn(NEXT_OFFICER);
    await page.goto(`${server.url}/enforcement/record`);
    await page.getByTestId('violation-form').waitFor();
    await page.getByTestId('queue-others').waitFor();
    expect(await page.getByTestId('queue-others').getAttribute('data-count')).toBe('1');
    expect(await badgeCount()).toBe(0);
    expect(await page.content()).not.toContain('Pelanggar Petugas Pertama');
    expect(await page.getByTestId('queue-sync').isDisabled()).toBe(true);
    await page.waitForTimeout(500);
    expect(await count('violations')).toBe(before);
    await screenshot(page, 'field-06-next-officer-390');
    // The first officer signs in again: the entry is theirs and goes, under their account.
    await logout();
    await signIn(OFFICER);
    await page.goto(`${server.url}/enforcement/record`);
    // The badge reads 0 also before the queue is loaded: wait for the stored violation itself, then the panel.
    await expect.poll(() => count('violations'), { timeout: 20_000 }).toBe(before + 1);
    await waitForBadge(0);
    await page.waitForFunction(() => !document.querySelector('[data-testid="queue-others"]'));
    const stored = await server.database.db.selectFrom('violations').select(['recorded_by']).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const firstOfficer = await server.database.db.selectFrom('users').select('id').where('username', '=', OFFICER.username).executeTakeFirstOrThrow();
    expect(stored.recorded_by).toBe(firstOfficer.id);
  });
});
