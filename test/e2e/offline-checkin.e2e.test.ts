import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { posterTokenFor } from '../../src/server/modules/venues/index.js';
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// Issue #16, check-in without signal: a phone that opened a check-in page once (the service worker is installed)
// scans another poster with the network off, checks in, and the check-in is sent when the network returns: exactly
// one visit stored, marked offline. Screenshots at 390 px also go to /work/notes/shots/h2-offline when it exists.

const SERANGAN = { regionCode: '51.71.01.1001', lat: -8.736259, lon: 115.23211 };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const NOTES = '/work/notes/shots/h2-offline';

describe('check-in without signal in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let adminCookie = '';

  async function call(method: string, url: string, options: { cookie?: string; body?: unknown } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(server.url + url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  }

  async function venueUrl(name: string): Promise<{ id: string; url: string }> {
    const created = await call('POST', '/api/v1/venues', {
      cookie: adminCookie,
      body: { name, capacity: 30, sector: 'trade', type: 'warung', regionCode: SERANGAN.regionCode, address: 'Jl. Tukad Punggawa No. 2, Serangan', lat: SERANGAN.lat, lon: SERANGAN.lon, indoor: true, openingHours: null },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await call('POST', `/api/v1/venues/${id}/verification`, { cookie: adminCookie, body: { decision: 'approve' } })).status).toBe(200);
    let poster = await server.database.db.selectFrom('venue_posters').select('poster_id').where('venue_id', '=', id).where('replaced_at', 'is', null).executeTakeFirst();
    if (!poster) {
      expect((await call('POST', `/api/v1/venues/${id}/poster`, { cookie: adminCookie })).status).toBeLessThan(300);
      poster = await server.database.db.selectFrom('venue_posters').select('poster_id').where('venue_id', '=', id).where('replaced_at', 'is', null).executeTakeFirstOrThrow();
    }
    return { id, url: `${server.url}/c/${posterTokenFor(Buffer.alloc(32, 7), poster.poster_id)}` };
  }

  async function shot(page: import('playwright-core').Page, name: string) {
    const file = await screenshot(page, name);
    try {
      mkdirSync(NOTES, { recursive: true });
      copyFileSync(file, path.join(NOTES, path.basename(file)));
    } catch {
      // notes folder not available: the test-results copy is enough
    }
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const login = await call('POST', '/api/v1/auth/login', { body: { username: ADMIN.username, password: ADMIN.password } });
    adminCookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const locale of ['id-ID', 'en-GB']) {
    it(`keeps a check-in made with the network off and sends it once when it returns (${locale})`, async () => {
      const first = await venueUrl(`Warung Sinyal ${locale}`);
      const second = await venueUrl(`Pantai Tanpa Sinyal ${locale}`);
      const context = await browser.newContext({ ...PHONE, locale });
      const page = await context.newPage();
      // Online: the first poster's page installs the service worker.
      await page.goto(first.url);
      await page.getByTestId('checkin-name').waitFor();
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      // Wait until the worker controls pages (claim) and holds the offline page.
      await page.waitForFunction(async () => (await caches.keys()).some((k) => k.indexOf('jb-checkin-') === 0));

      await context.setOffline(true);
      await page.goto(second.url);
      await page.getByTestId('checkin-name').waitFor();
      await page.getByTestId('checkin-name').fill('Ni Luh Offline');
      await page.getByTestId('checkin-phone').fill('0812 9999 0001');
      await page.getByTestId('checkin-submit').tap();
      const pending = page.getByTestId('offline-pending');
      await pending.waitFor();
      const text = (await pending.textContent()) ?? '';
      // Both languages on the pending screen, for the doorkeeper.
      expect(text).toContain('TERSIMPAN, BELUM TERKIRIM');
      expect(text).toContain('SAVED, NOT SENT YET');
      expect(await server.database.db.selectFrom('visits').select('id').where('venue_id', '=', second.id).execute()).toHaveLength(0);
      // The button while still offline: the check-in stays.
      await page.getByTestId('offline-send').tap();
      await page.getByRole('alert').waitFor();
      expect(await page.evaluate(() => window.localStorage.getItem('jb.pending.v1'))).toContain('Ni Luh Offline');
      await shot(page, `offline-01-pending-${locale}`);

      await context.setOffline(false);
      const sent = page.getByTestId('offline-sent');
      await sent.waitFor({ timeout: 20_000 });
      expect(await sent.textContent()).toContain(`Pantai Tanpa Sinyal ${locale}`);
      await shot(page, `offline-02-sent-${locale}`);

      // Sent again by a reload or the button: still exactly one visit.
      await page.reload();
      // The phone now holds the visit: the page offers its check-out.
      await page.locator('#i-out').waitFor();
      const visits = await server.database.db.selectFrom('visits').selectAll().where('venue_id', '=', second.id).execute();
      expect(visits).toHaveLength(1);
      expect(visits[0]).toMatchObject({ source: 'offline', t_out: null });
      expect(await page.evaluate(() => window.localStorage.getItem('jb.pending.v1'))).toBeNull();
      await context.close();
    });
  }

  it('shows the device inbox on the check-in page: an exposure notice with its follow-up link', async () => {
    const venue = await venueUrl('Warung Pesan');
    const context = await browser.newContext({ ...PHONE, locale: 'id-ID' });
    const page = await context.newPage();
    await page.goto(venue.url);
    await page.getByTestId('checkin-name').fill('Ketut Pesan');
    await page.getByTestId('checkin-phone').fill('0812 9999 0002');
    await page.getByTestId('checkin-submit').tap();
    await page.getByTestId('confirmation').waitFor();
    const personKey = server.services.checkins.personKeyOf('+6281299990002');
    await server.services.notifications.enqueue(server.database.db, { channel: 'inbox', recipient: 'inbox', personKey, subject: 'Pemberitahuan paparan', body: `Anda berada di Warung Pesan bersama kasus terkonfirmasi. Lapor harian: ${server.url}/k/contoh`, dedupeKey: 'e2e-inbox-1', lang: 'id' });
    await server.services.notifications.enqueue(server.database.db, { channel: 'inbox', recipient: 'inbox', personKey: server.services.checkins.personKeyOf('+6281299990003'), body: 'Pesan orang lain', dedupeKey: 'e2e-inbox-2', lang: 'id' });
    await page.reload();
    const inbox = page.getByTestId('device-inbox');
    await inbox.getByTestId('device-message').first().waitFor();
    expect(await inbox.getByTestId('device-message').count()).toBe(1);
    expect(await inbox.textContent()).not.toContain('Pesan orang lain');
    expect(await inbox.locator('a').getAttribute('href')).toBe(`${server.url}/k/contoh`);
    await inbox.scrollIntoViewIfNeeded();
    await shot(page, 'offline-03-device-inbox');
    await context.close();
  });
});
