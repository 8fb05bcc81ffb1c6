import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// The whole visitor flow on a phone, starting from the QR printed on the venue's poster, over a slow network;
// then desk mode, the paper guest book, the live page and the task force's oversight in the web app.
// Needs poppler-utils (pdftoppm) and zbar-tools (zbarimg), like the poster tests.

const run = promisify(execFile);
const SERANGAN = { regionCode: '51.71.01.1001', lat: -8.736259, lon: 115.23211 };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
/** A slow 3G-like link: 400 kbit/s each way, 400 ms latency. */
const SLOW = { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 };

describe('check-in in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let workDir = '';
  let adminCookie = '';
  let warung: { id: string; url: string };
  const MANAGER = { username: 'komang.sari', password: 'manager-password-123', displayName: 'Komang Sari' };

  async function call(method: string, url: string, options: { cookie?: string; body?: unknown } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(server.url + url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  }

  async function login(username: string, password: string): Promise<string> {
    const res = await call('POST', '/api/v1/auth/login', { body: { username, password } });
    expect(res.status).toBe(200);
    return res.headers.getSetCookie()[0]!.split(';')[0]!;
  }

  async function registerVerifiedVenue(body: Record<string, unknown>): Promise<string> {
    const created = await call('POST', '/api/v1/venues', {
      cookie: adminCookie,
      body: { sector: 'trade', type: 'warung', regionCode: SERANGAN.regionCode, address: 'Jl. Tukad Punggawa No. 1, Serangan', lat: SERANGAN.lat, lon: SERANGAN.lon, indoor: true, openingHours: null, ...body },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const verified = await call('POST', `/api/v1/venues/${id}/verification`, { cookie: adminCookie, body: { decision: 'approve' } });
    expect(verified.status).toBe(200);
    return id;
  }

  /** The URL the printed poster's QR holds: PDF → 150 dpi PNG → zbarimg. */
  async function posterUrl(venueId: string): Promise<string> {
    const pdf = await call('GET', `/api/v1/venues/${venueId}/poster.pdf`, { cookie: adminCookie });
    expect(pdf.status).toBe(200);
    const file = path.join(workDir, `${venueId}.pdf`);
    await writeFile(file, Buffer.from(await pdf.arrayBuffer()));
    const prefix = path.join(workDir, venueId);
    await run('pdftoppm', ['-r', '150', '-png', '-singlefile', file, prefix]);
    const { stdout } = await run('zbarimg', ['--raw', '-q', `${prefix}.png`]);
    return stdout.trim();
  }

  /** A phone: 360×740, touch, Indonesian, on a slow network; counts the bytes each page load transfers. */
  async function phone(locale = 'id-ID'): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession; bytes: () => number; resetBytes: () => void }> {
    const context = await browser.newContext({ ...PHONE, locale });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW);
    let bytes = 0;
    cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
      bytes += e.encodedDataLength;
    });
    return { context, page, cdp, bytes: () => bytes, resetBytes: () => (bytes = 0) };
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    workDir = await mkdtemp(path.join(tmpdir(), 'jagabaya-checkin-e2e-'));
    adminCookie = await login(ADMIN.username, ADMIN.password);
    const manager = await call('POST', '/api/v1/users', {
      cookie: adminCookie,
      body: { ...MANAGER, assignments: [{ role: 'venue_manager', regionCode: '51.71' }] },
    });
    expect(manager.status, await manager.clone().text()).toBe(201);
    const { id: managerUserId } = (await manager.json()) as { id: string };
    const id = await registerVerifiedVenue({ name: 'Warung Makan Bu Komang', capacity: 40, managerUserId });
    warung = { id, url: await posterUrl(id) };
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  describe('a visitor on a phone', () => {
    let p: Awaited<ReturnType<typeof phone>>;
    beforeAll(async () => {
      p = await phone();
    });
    afterAll(() => p.context.close());

    it('the poster QR opens the check-in page, in Indonesian, light enough for a slow network', async () => {
      expect(warung.url).toMatch(new RegExp(`^${server.url}/c/[A-Za-z0-9_-]{38}$`));
      await p.page.goto(warung.url);
      await p.page.getByTestId('checkin-name').waitFor();
      expect(await p.page.locator('html').getAttribute('lang')).toBe('id');
      await expect(p.page.getByTestId('venue-name').textContent()).resolves.toBe('Warung Makan Bu Komang');
      await expect(p.page.getByTestId('occupancy').textContent()).resolves.toBe('0 dari 40 orang');
      const transferred = p.bytes();
      console.log(`check-in page, first load over the network: ${transferred} bytes`);
      expect(transferred).toBeLessThan(60 * 1024);
      // Nothing wider than the phone.
      expect(await p.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await screenshot(p.page, 'checkin-01-phone-form');
    });

    it('checks in with name and phone and shows a big confirmation for the doorkeeper', async () => {
      await p.page.getByTestId('checkin-submit').tap();
      await p.page.getByText('Isi nama Anda').waitFor();
      await p.page.getByTestId('checkin-name').fill('Made Wirawan');
      await p.page.getByTestId('checkin-phone').fill('0812 3456 7890');
      await p.page.getByTestId('checkin-submit').tap();
      const confirmation = p.page.getByTestId('confirmation');
      await confirmation.waitFor();
      await expect(confirmation.textContent()).resolves.toContain('CHECK-IN BERHASIL');
      await expect(confirmation.textContent()).resolves.toContain('Made Wirawan (0812-****-7890)');
      await expect(confirmation.textContent()).resolves.toMatch(/\d\d:\d\d WITA/);
      await expect(p.page.getByTestId('occupancy').textContent()).resolves.toBe('1 dari 40 orang');
      await screenshot(p.page, 'checkin-02-phone-confirmed');
    });

    it('checks out from the same page and rates the prokes', async () => {
      server.advanceClock(10 * 60_000); // only a visit of ten minutes or more may rate
      await p.page.getByTestId('confirmation').getByTestId('checkout').tap();
      await p.page.getByTestId('rating-form').waitFor();
      await screenshot(p.page, 'checkin-03-phone-checked-out-rating');
      await p.page.getByTestId('rate-submit').tap();
      await p.page.getByText('Beri nilai 1–5 untuk kelima hal.').waitFor();
      const scores = { masks: 4, handwashing: 5, distancing: 3, temperature: 2, cleanliness: 4 };
      for (const [item, score] of Object.entries(scores)) await p.page.getByTestId(`rate-${item}-${score}`).tap({ force: true });
      await p.page.getByTestId('rate-comment').fill('Tempat cuci tangan ada, tapi tidak ada cek suhu.');
      await screenshot(p.page, 'checkin-04-phone-rating-filled');
      await p.page.getByTestId('rate-submit').tap();
      await p.page.getByTestId('rating-thanks').waitFor();
      await screenshot(p.page, 'checkin-05-phone-rated');
      const rating = await server.database.db.selectFrom('visit_ratings').selectAll().where('venue_id', '=', warung.id).executeTakeFirstOrThrow();
      expect(rating).toMatchObject({ ...scores, comment: 'Tempat cuci tangan ada, tapi tidak ada cek suhu.' });
    });

    it('the next scan is one tap; scanning again while inside offers check-out first', async () => {
      p.resetBytes();
      await p.page.goto(warung.url);
      const quick = p.page.getByTestId('checkin-quick');
      await quick.waitFor();
      console.log(`check-in page, repeat load (script cached): ${p.bytes()} bytes`);
      await expect(quick.textContent()).resolves.toContain('Check in sebagai');
      await expect(quick.textContent()).resolves.toContain('Made Wirawan (0812-****-7890)');
      await expect(p.page.getByTestId('checkin-not-you').isVisible()).resolves.toBe(true);
      await screenshot(p.page, 'checkin-06-phone-one-tap');
      await quick.tap();
      await p.page.getByTestId('confirmation').waitFor();
      await p.page.goto(warung.url);
      const checkout = p.page.locator('#p-inside').getByTestId('checkout');
      await checkout.waitFor();
      await expect(p.page.getByTestId('checkin-quick').isVisible()).resolves.toBe(false);
      await screenshot(p.page, 'checkin-07-phone-inside-checkout-first');
    });

    it('lists the visits kept on this device', async () => {
      await p.page.getByTestId('my-visits').locator('summary').tap();
      await p.page.getByTestId('my-visits').getByText('masih di dalam').waitFor();
      await p.page.getByTestId('privacy').locator('summary').tap();
      await p.page.getByTestId('privacy').getByText('21 hari').waitFor();
      await screenshot(p.page, 'checkin-08-phone-my-visits-privacy');
    });

    it('fits a 320 px phone without sideways scrolling', async () => {
      const narrow = await browser.newContext({ ...PHONE, viewport: { width: 320, height: 640 }, locale: 'id-ID' });
      const page = await narrow.newPage();
      await page.goto(warung.url);
      await page.getByTestId('checkin-name').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await screenshot(page, 'checkin-08b-phone-320px');
      await narrow.close();
    });

    it('switches to English in one tap', async () => {
      await p.page.getByTestId('lang-switch').tap();
      await p.page.waitForFunction(() => document.documentElement.lang === 'en');
      await p.page.locator('#p-inside').getByTestId('checkout').waitFor();
      await p.page.locator('#p-inside').getByTestId('checkout').tap();
      await p.page.getByTestId('rating-form').waitFor();
      await p.page.getByText('How well are health protocols kept here?').waitFor();
      await screenshot(p.page, 'checkin-09-phone-english-checked-out');
    });
  });

  describe('a phone without JavaScript', () => {
    it('checks in with the plain form, shows the confirmation, checks out and rates from it', async () => {
      const context = await browser.newContext({ ...PHONE, locale: 'id-ID', javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.goto(warung.url);
        await expect(page.getByTestId('checkin-name').isVisible()).resolves.toBe(true);
        await screenshot(page, 'checkin-09a-no-javascript-form');
        // Playwright's text selectors skip <noscript>; the browser's rendered text does not.
        await expect(page.locator('#act').innerText()).resolves.toContain('Tanpa JavaScript halaman ini tidak dapat mengingat Anda');
        await expect(page.getByTestId('my-visits').isVisible()).resolves.toBe(false);
        await page.getByTestId('checkin-submit').click();
        await page.getByText('isi nama (1–100 karakter, tanpa karakter kontrol)').waitFor();
        await expect(page.getByTestId('checkin-phone').inputValue()).resolves.toBe('');
        await page.getByTestId('checkin-name').fill('Nyoman Tanpa Skrip');
        await page.getByTestId('checkin-phone').fill('0813 5555 0101');
        await page.getByTestId('checkin-submit').click();
        const confirmation = page.getByTestId('confirmation');
        await confirmation.waitFor();
        await expect(confirmation.textContent()).resolves.toContain('CHECK-IN BERHASIL');
        await expect(confirmation.textContent()).resolves.toContain('Nyoman Tanpa Skrip (0813-****-0101)');
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
        await screenshot(page, 'checkin-09b-no-javascript-confirmed');
        server.advanceClock(10 * 60_000); // only a visit of ten minutes or more may rate
        await confirmation.getByTestId('checkout').click();
        await page.getByTestId('checked-out').waitFor();
        await expect(page.getByTestId('checked-out').textContent()).resolves.toContain('CHECK-OUT BERHASIL');
        await screenshot(page, 'checkin-09c-no-javascript-checked-out');
        for (const item of ['masks', 'handwashing', 'distancing', 'temperature', 'cleanliness']) await page.getByTestId(`rate-${item}-4`).check();
        await page.getByTestId('rate-comment').fill('Cuci tangan tersedia di pintu.');
        await page.getByTestId('rate-submit').click();
        await page.getByTestId('rating-thanks').waitFor();
        await screenshot(page, 'checkin-09d-no-javascript-rated');
      } finally {
        await context.close();
      }
    });
  });

  describe('refusals a doorkeeper must see at a glance', () => {
    it('a full venue refuses in big red with the reason', async () => {
      const id = await registerVerifiedVenue({ name: 'Kopi Kecil Sanur', type: 'cafe', capacity: 1 });
      const url = await posterUrl(id);
      const first = await phone();
      await first.page.goto(url);
      await first.page.getByTestId('checkin-name').fill('Ketut');
      await first.page.getByTestId('checkin-phone').fill('+62 813 1111 2222');
      await first.page.getByTestId('checkin-submit').tap();
      await first.page.getByTestId('confirmation').waitFor();
      await first.context.close();

      const second = await phone();
      await second.page.goto(url);
      await second.page.getByTestId('checkin-name').fill('Nyoman');
      await second.page.getByTestId('checkin-phone').fill('6281322223333');
      await second.page.getByTestId('checkin-submit').tap();
      const refusal = second.page.getByTestId('refusal');
      await refusal.waitFor();
      await expect(refusal.textContent()).resolves.toContain('PENUH');
      await expect(refusal.textContent()).resolves.toContain('Tempat ini sudah penuh (1 dari 1 orang)');
      await screenshot(second.page, 'checkin-10-phone-refused-full');
      await second.context.close();
    });

    it('outside opening hours refuses in amber with the closing time', async () => {
      const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Makassar', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
      const openingHours = hour < 12 ? { from: '13:00', until: '15:00' } : { from: '06:00', until: '08:00' };
      const id = await registerVerifiedVenue({ name: 'Salon Ayu', sector: 'services_construction', type: 'personal_care', capacity: 8, openingHours });
      const url = await posterUrl(id);
      const p = await phone('en-US');
      await p.page.goto(url);
      await p.page.getByText('Closed now').waitFor();
      await p.page.getByTestId('checkin-name').fill('Jane Doe');
      await p.page.getByTestId('checkin-phone').fill('081344445555');
      await p.page.getByTestId('checkin-submit').tap();
      const refusal = p.page.getByTestId('refusal');
      await refusal.waitFor();
      await expect(refusal.textContent()).resolves.toContain('OUTSIDE OPENING HOURS');
      await screenshot(p.page, 'checkin-11-phone-refused-outside-hours');
      await p.context.close();
      const attempts = await server.database.db.selectFrom('checkin_attempts').selectAll().where('venue_id', '=', id).execute();
      expect(attempts.map((a) => a.reason)).toEqual(['outside_hours']);
    });

    it('without a connection the check-in is kept on the phone, and sent once the network is back', async () => {
      // A venue of its own: the visit stays open, and the desk test below counts the warung's occupancy.
      const id = await registerVerifiedVenue({ name: 'Warung Tanpa Sinyal', capacity: 10 });
      const p = await phone();
      await p.page.goto(await posterUrl(id));
      await p.page.getByTestId('checkin-name').fill('Gede');
      await p.page.getByTestId('checkin-phone').fill('081355550000');
      await p.cdp.send('Network.emulateNetworkConditions', { ...SLOW, offline: true });
      await p.page.getByTestId('checkin-submit').tap();
      // Issue #16: no longer "try again": the check-in waits on the phone with the phone's time.
      await p.page.getByTestId('offline-pending').waitFor();
      await screenshot(p.page, 'checkin-14-phone-offline');
      await p.cdp.send('Network.emulateNetworkConditions', SLOW);
      const sent = p.page.getByTestId('offline-sent');
      // Sent on 'online'; the button is the visitor's own way when the event does not come.
      if (!(await sent.isVisible())) await p.page.getByTestId('offline-send').tap({ timeout: 5_000 }).catch(() => undefined);
      await sent.waitFor({ timeout: 20_000 });
      await p.context.close();
    });

    it('a replaced poster and a forged QR get clear pages', async () => {
      const id = await registerVerifiedVenue({ name: 'Toko Oleh-oleh Serangan', capacity: 10 });
      const oldUrl = await posterUrl(id);
      expect((await call('POST', `/api/v1/venues/${id}/poster`, { cookie: adminCookie })).status).toBe(201);
      const p = await phone();
      const replaced = await p.page.goto(oldUrl);
      expect(replaced?.status()).toBe(410);
      await p.page.getByText('Poster ini sudah diganti').waitFor();
      await screenshot(p.page, 'checkin-12-phone-poster-replaced');
      const forged = await p.page.goto(`${server.url}/c/not-a-real-token`);
      expect(forged?.status()).toBe(404);
      await p.page.getByText('QR tidak dikenal').waitFor();
      await screenshot(p.page, 'checkin-13-phone-unknown-qr');
      await p.context.close();
    });
  });

  describe('venue staff and the task force in the web app', () => {
    async function signIn(page: Page, username: string, password: string): Promise<void> {
      await page.goto(`${server.url}/login`);
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('header-user').waitFor({ state: 'attached' });
    }

    it('desk mode on the manager\'s phone: check a visitor in by name and phone, see who is inside, check out', async () => {
      const qr = await call('POST', '/api/v1/checkins', { body: { token: warung.url.split('/c/')[1], name: 'Kadek Ayu', phone: '081377770000' } });
      expect(qr.status).toBe(201);
      const context = await browser.newContext({ ...PHONE, locale: 'id-ID' });
      const page = await context.newPage();
      await signIn(page, MANAGER.username, MANAGER.password);
      await page.getByTestId('menu-toggle').tap();
      await page.getByTestId('nav-checkin-desk').tap();
      await page.getByTestId('page-checkin-desk').waitFor();
      // The manager's only venue is chosen without asking; the visitor who came in by QR is listed.
      await page.getByTestId('desk-person').filter({ hasText: 'Kadek Ayu' }).waitFor();
      await expect(page.getByTestId('venue-picker').inputValue()).resolves.toBe(warung.id);
      await page.getByTestId('desk-name').fill('Ibu Wayan Sukerti');
      await page.getByTestId('desk-phone').fill('0813 5555 6666');
      await page.getByTestId('desk-submit').tap();
      await page.getByTestId('desk-done').waitFor();
      const wayan = page.getByTestId('desk-person').filter({ hasText: 'Ibu Wayan Sukerti' });
      await wayan.waitFor();
      await expect(wayan.textContent()).resolves.toContain('0813-****-6666');
      await expect(page.getByTestId('desk-occupancy').textContent()).resolves.toBe('2 / 40');
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'checkin-20-desk-phone-checked-in');
      await wayan.getByTestId('desk-checkout').tap();
      await page.getByText('Ibu Wayan Sukerti tercatat keluar').waitFor();
      await page.getByTestId('desk-person').filter({ hasText: 'Ibu Wayan Sukerti' }).waitFor({ state: 'detached' });
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'checkin-21-desk-phone-checked-out');

      await page.getByTestId('tab-paper').tap();
      await page.getByTestId('paper-form').waitFor();
      // Yesterday's guest book: today's 08:15 may still lie ahead (the suite also runs at night in Denpasar).
      const yesterday = new Date(Date.now() - 24 * 60 * 60 * 1000).toLocaleDateString('en-CA', { timeZone: 'Asia/Makassar' });
      await page.getByTestId('paper-date').fill(yesterday);
      await page.getByTestId('paper-name').fill('Pak Nyoman');
      await page.getByTestId('paper-phone').fill('081299990001');
      await page.getByTestId('paper-in').fill('08:15');
      await page.getByTestId('paper-out').fill('09:00');
      await page.getByTestId('paper-submit').tap();
      await page.getByTestId('paper-line').filter({ hasText: 'Pak Nyoman' }).waitFor();
      await page.getByTestId('paper-date').fill(yesterday);
      await page.getByTestId('paper-name').fill('Bu Putu');
      await page.getByTestId('paper-phone').fill('081299990002');
      await page.getByTestId('paper-in').fill('08:30');
      await page.getByTestId('paper-submit').tap();
      await page.getByTestId('paper-line').filter({ hasText: 'Bu Putu' }).waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'checkin-22-paper-guest-book-phone');
      const paper = await server.database.db.selectFrom('visits').select(['source', 'estimated']).where('venue_id', '=', warung.id).where('source', '=', 'paper').execute();
      expect(paper.map((v) => v.estimated).sort()).toEqual([0, 1]);
      const audit = await server.database.db.selectFrom('audit_log').select('action').where('action', '=', 'visit.read_open').execute();
      expect(audit.length).toBeGreaterThan(0);
      await context.close();
    });

    it("the manager's live page refreshes itself: occupancy, visits by hour, ratings and comments", async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
      const page = await context.newPage();
      await signIn(page, MANAGER.username, MANAGER.password);
      await page.getByTestId('nav-checkin-live').click();
      await page.getByTestId('live-occupancy').waitFor();
      const before = Number((await page.getByTestId('live-occupancy').textContent())!.split('/')[0]);
      await page.getByTestId('live-ratings').getByText('Tempat cuci tangan ada, tapi tidak ada cek suhu.').waitFor();
      await screenshot(page, 'checkin-23-live-desktop');
      // A new QR check-in shows up without touching the page.
      const token = warung.url.split('/c/')[1]!;
      const res = await call('POST', '/api/v1/checkins', { body: { token, name: 'Kadek', phone: '081377778888' } });
      expect(res.status).toBe(201);
      await page.waitForFunction(
        (n) => Number(document.querySelector('[data-testid="live-occupancy"]')?.textContent?.split('/')[0]) === n,
        before + 1,
        { timeout: 30_000, polling: 500 },
      );
      await context.close();
    }, 60_000);

    it('the live page on a phone', async () => {
      const context = await browser.newContext({ ...PHONE, locale: 'en-GB' });
      const page = await context.newPage();
      await signIn(page, MANAGER.username, MANAGER.password);
      await page.goto(`${server.url}/checkins/live`);
      await page.getByTestId('live-occupancy').waitFor();
      await page.getByTestId('lang-switch').first().tap();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      await page.getByText('Inside now').first().waitFor();
      await screenshot(page, 'checkin-24-live-phone');
      await context.close();
    });

    it("the task force's oversight: over capacity, poor ratings, refused check-ins outside hours", async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
      const page = await context.newPage();
      await signIn(page, ADMIN.username, ADMIN.password);
      await page.getByTestId('nav-checkin-oversight').click();
      await page.getByTestId('oversight-attempts').waitFor();
      await page.getByTestId('oversight-attempts').getByText('Di luar jam buka').first().waitFor();
      await page.getByTestId('oversight-attempts').getByText('Penuh').first().waitFor();
      await screenshot(page, 'checkin-25-oversight-desktop');
      await context.close();
    });

    it('the desk warns of a burst of check-ins nobody could have made at the door, in both languages', async () => {
      const doorkeeper = { username: 'made.pintu', password: 'doorkeeper-password-123', displayName: 'Made Pintu' };
      const created = await call('POST', '/api/v1/users', { cookie: adminCookie, body: { ...doorkeeper, assignments: [{ role: 'venue_manager', regionCode: '51.71' }] } });
      expect(created.status).toBe(201);
      const { id: managerUserId } = (await created.json()) as { id: string };
      const id = await registerVerifiedVenue({ name: 'Warung Dua Puluh Kursi', capacity: 20, managerUserId });
      const token = (await posterUrl(id)).split('/c/')[1]!;
      // A script at one address: 20 check-ins in a moment; the limit lets 10 in, the desk is told.
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await call('POST', '/api/v1/checkins', { body: { token, name: `Palsu ${i}`, phone: `08138888${String(i).padStart(4, '0')}` } })).status);
      expect(statuses.filter((x) => x === 201)).toHaveLength(10);
      expect(statuses.filter((x) => x === 429)).toHaveLength(10);

      const context = await browser.newContext({ ...PHONE, locale: 'id-ID' });
      const page = await context.newPage();
      await signIn(page, doorkeeper.username, doorkeeper.password);
      await page.goto(`${server.url}/checkins/desk`);
      const warning = page.getByTestId('desk-bursts');
      await warning.waitFor();
      await expect(warning.textContent()).resolves.toContain('Check-in yang tidak wajar');
      await expect(warning.textContent()).resolves.toMatch(/\d\d:\d\d WITA: rentetan check-in dari satu perangkat atau satu koneksi dihentikan; 10 sempat masuk pada menit itu\./);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'checkin-26-desk-burst-warning');
      await page.getByTestId('lang-switch').first().tap();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      await expect(warning.textContent()).resolves.toMatch(/Unusual check-ins.*\d\d:\d\d WITA: a burst of check-ins from one device or connection was stopped; 10 got in that minute\./);
      await screenshot(page, 'checkin-27-desk-burst-warning-en');
      await context.close();
    });
  });
});
