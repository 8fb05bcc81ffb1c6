import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCheckinPage } from '../../src/server/modules/checkins/checkin-page.js';
import { PROJECT_ROOT } from '../../src/server/shared/paths.js';
import { createTestApp, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { currentPosterToken, verifiedVenue, type VenueFixture } from '../factories/venues.js';

const run = promisify(execFile);
const BUDGET_BYTES = 60 * 1024;

describe('check-in page weight', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jagabaya-checkin-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('HTML + CSS + script stay within 60 KB gzipped (the real build, the richest page)', async () => {
    const outfile = path.join(dir, 'checkin.js');
    await run(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'build-checkin.mjs'), outfile]);
    const script = await readFile(outfile);
    const sizes: Record<string, number> = { script: gzipSync(script, { level: 9 }).length };
    for (const lang of ['id', 'en'] as const) {
      const { html } = renderCheckinPage(
        {
          kind: 'venue',
          token: 'A'.repeat(38),
          venue: { id: '01930000-0000-7000-8000-000000000000', name: 'Warung Makan Babi Guling Ibu Oka Sari Merta '.repeat(2), address: 'Jl. Tukad Punggawa No. 123, Banjar Dukuh, Serangan '.repeat(2), badge: 'yellow' },
          rules: { open: false, restricted: true, closed: false, capacityPercent: 50, closesAtLocal: null, opensAtLocal: '10:00', opening: { state: 'closed', closesAt: null, closedReason: 'outside_window', reopensDay: 'tomorrow', reopensAt: '10:00' }, zoneColour: 'orange', reason: 'Tutup pukul 21:00 WITA selama desa/kelurahan ini berzona oranye (Perwali 32/2020).' },
          occupancy: { current: 18, limit: 20 },
        },
        { lang, otherLangHref: `/c/${'A'.repeat(38)}?lang=en`, cityName: 'Kota Denpasar', zoneLabel: 'WITA', retentionDays: 21, scriptSrc: '/checkin-assets/checkin.0123456789ab.js' },
      );
      // What the server sends: gzip at the default level.
      sizes[`html-${lang}`] = gzipSync(html).length;
    }
    const total = sizes.script! + Math.max(sizes['html-id']!, sizes['html-en']!);
    console.log(`check-in page weight (gzipped bytes): ${JSON.stringify(sizes)}; total ${total} of ${BUDGET_BYTES}`);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});

// 2026-11-29 02:00 UTC is 10:00 WITA.
describeEachDatabase('check-in page GET /c/{token}', (dialect) => {
  let t: TestApp;
  let venue: VenueFixture;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    venue = await verifiedVenue(t, { name: 'Warung <Bu> Komang', capacity: 10, openingHours: { from: '08:00', until: '21:00' } });
  });
  afterAll(() => t.close());

  const page = (token: string, headers: Record<string, string> = {}) => t.request({ method: 'GET', url: `/c/${encodeURIComponent(token)}`, headers });

  it('shows the venue, its badge, the rules now and the occupancy, in Indonesian by default', async () => {
    await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: venue.token, name: 'Made', phone: '081234567890' } });
    const res = await page(venue.token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).toContain('<html lang="id">');
    expect(res.body).toContain('Warung &lt;Bu&gt; Komang');
    expect(res.body).not.toContain('<Bu>');
    expect(res.body).toContain('data-badge="grey"');
    expect(res.body).toContain('Buka sampai 21:00 WITA');
    expect(res.body).toContain('1 dari 10 orang');
    expect(res.body).toContain('21 hari');
    expect(res.body).toContain(`href="/c/${venue.token}?lang=en"`);
  });

  it('speaks English by Accept-Language, and remembers a one-tap switch in a cookie', async () => {
    const en = await page(venue.token, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Open until 21:00 WITA');
    expect(en.body).toContain('Privacy: what is stored');
    const switched = await t.request({ method: 'GET', url: `/c/${venue.token}?lang=id`, headers: { 'accept-language': 'en' } });
    expect(switched.body).toContain('<html lang="id">');
    const cookie = String(switched.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toBe('jb_lang=id');
    const next = await page(venue.token, { 'accept-language': 'en', cookie });
    expect(next.body).toContain('<html lang="id">');
  });

  it('says when the venue is closed now, with the reason', async () => {
    t.clock.set(Date.parse('2026-11-29T22:30:00+08:00'));
    try {
      const res = await page(venue.token, { 'accept-language': 'en' });
      expect(res.body).toContain('data-open="false"');
      expect(res.body).toContain('Closed now');
      // 22:30, venue hours 08:00–21:00: the shared opening status says the day too.
      expect(res.body).toContain('Reopens tomorrow at 08:00 WITA');
    } finally {
      t.clock.set(Date.parse('2026-11-29T02:00:00Z'));
    }
  });

  it('refuses unknown or forged tokens (404), replaced posters and suspended or unverified venues (410)', async () => {
    const forged = await page(`${venue.token.slice(0, -1)}${venue.token.endsWith('A') ? 'B' : 'A'}`);
    expect(forged.statusCode).toBe(404);
    expect(forged.body).toContain('QR tidak dikenal');

    const other = await verifiedVenue(t, { name: 'Pasar Senggol' });
    await t.request({ method: 'POST', url: `/api/v1/venues/${other.id}/poster`, cookie: t.adminCookie });
    const replaced = await page(other.token, { 'accept-language': 'en' });
    expect(replaced.statusCode).toBe(410);
    expect(replaced.body).toContain('This poster has been replaced');
    expect(replaced.body).toContain('Pasar Senggol');
    const fresh = await currentPosterToken(t, other.id);
    expect((await page(fresh)).statusCode).toBe(200);

    await t.request({ method: 'POST', url: `/api/v1/venues/${other.id}/suspension`, cookie: t.adminCookie, payload: { reason: 'Melanggar jam operasional' } });
    const suspended = await page(fresh);
    expect(suspended.statusCode).toBe(410);
    expect(suspended.body).toContain('Tempat ini sedang ditangguhkan');
    expect(suspended.body).not.toContain('jb-data');
  });

  it('serves its script under a content hash with long caching, gzipped when the phone accepts it', async () => {
    const html = (await page(venue.token)).body;
    const src = /<script src="(\/checkin-assets\/checkin\.[0-9a-f]{12}\.js)" defer><\/script>/.exec(html)?.[1];
    if (!src) {
      // The script has not been built in this checkout (npm run build:checkin): the form posts to the page itself.
      expect(html).toContain(`<form id="f" method="post" action="/c/${venue.token}"`);
      return;
    }
    const js = await t.request({ method: 'GET', url: src, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(js.rawPayload).toString('utf8')).toContain('jb-data');
    expect((await t.request({ method: 'GET', url: '/checkin-assets/checkin.000000000000.js' })).statusCode).toBe(404);
  });
});

// Without JavaScript (a data-saving browser, or the script not arrived yet) the same form posts to the page.
describeEachDatabase('check-in page without JavaScript: POST /c/{token}', (dialect) => {
  let t: TestApp;
  let venue: VenueFixture;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    venue = await verifiedVenue(t, { name: 'Warung Tanpa Skrip', capacity: 10, openingHours: { from: '08:00', until: '21:00' } });
  });
  afterAll(() => t.close());

  const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
  const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    t.request({ method: 'POST', url, headers: { ...FORM, ...headers }, payload: new URLSearchParams(fields).toString() });
  const visits = async () => (await t.database.db.selectFrom('visits').select(['id', 't_out']).where('venue_id', '=', venue.id).execute()).map((v) => ({ id: v.id, out: v.t_out }));
  const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1];

  it('checks in and answers with a confirmation page that holds its own check-out button', async () => {
    const res = await post(`/c/${venue.token}`, { name: '  Wayan   Tanpa Skrip ', phone: '+62 812-3456-0001', extra: 'ignored' });
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('CHECK-IN BERHASIL');
    expect(res.body).toContain('Wayan Tanpa Skrip (0812-****-0001)');
    expect(res.body).not.toContain('81234560001');
    expect(res.body).toContain('10:00 WITA');
    expect(res.body).toContain('1 / 10');
    const visitId = hidden(res.body, 'visitId');
    const secret = hidden(res.body, 'checkoutSecret');
    expect(await visits()).toEqual([{ id: visitId, out: null }]);
    expect(res.body).toContain(`action="/c/${venue.token}/checkout"`);

    // A second send of the same form (reload) is the repeated scan: no second visit, no second secret. The browser
    // proves the visit with the cookie it received (a phone number alone would be a new visit: issue #14).
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toMatch(/^jb_visit=/);
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly/i);
    const again = await post(`/c/${venue.token}`, { name: 'Wayan Tanpa Skrip', phone: '081234560001' }, { 'accept-language': 'en', cookie });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('ALREADY CHECKED IN');
    expect(again.body).not.toContain('checkoutSecret');
    expect(await visits()).toHaveLength(1);

    // Someone else's visit id with a made-up secret changes nothing.
    const wrong = await post(`/c/${venue.token}/checkout`, { visitId: visitId!, checkoutSecret: 'x'.repeat(32) });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).toContain('Perangkat ini tidak memegang kunjungan tersebut.');
    expect((await visits())[0]!.out).toBeNull();
    const broken = await post(`/c/${venue.token}/checkout`, { visitId: 'not-an-id', checkoutSecret: secret! });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).toContain('Formulir ini tidak lengkap');

    const out = await post(`/c/${venue.token}/checkout`, { visitId: visitId!, checkoutSecret: secret! });
    expect(out.statusCode).toBe(200);
    expect(out.body).toContain('CHECK-OUT BERHASIL');
    expect(out.body).toContain('Warung Tanpa Skrip');
    expect((await visits())[0]!.out).not.toBeNull();
    const twice = await post(`/c/${venue.token}/checkout`, { visitId: visitId!, checkoutSecret: secret! });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('Kunjungan ini sudah check-out.');
  });

  it('binds the visit to the browser: the same number sent from another browser is a new visit and shows nothing of the first; the cookie moves the visitor on', async () => {
    const other = await verifiedVenue(t, { name: 'Toko Tanpa Skrip', type: 'shop', capacity: 10 });
    const first = await post(`/c/${venue.token}`, { name: 'Korban', phone: '081234560099' });
    expect(first.statusCode).toBe(201);
    const firstId = hidden(first.body, 'visitId')!;
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    t.clock.advance(5 * 60_000);
    // Someone else, with the number only: a new visit of their own; the first one is neither shown nor closed.
    const stranger = await post(`/c/${venue.token}`, { name: 'x', phone: '081234560099' });
    expect(stranger.statusCode).toBe(201);
    expect(stranger.body).not.toContain(firstId);
    expect(stranger.body).toContain('10:05 WITA');
    const elsewhere = await post(`/c/${other.token}`, { name: 'x', phone: '081234560099' });
    expect(elsewhere.statusCode).toBe(201);
    const firstRow = () => t.database.db.selectFrom('visits').selectAll().where('id', '=', firstId).executeTakeFirstOrThrow();
    expect((await firstRow()).t_out).toBeNull();
    // The browser that made the visit moves on: its cookie closes it.
    const moved = await post(`/c/${other.token}`, { name: 'Korban', phone: '081234560099' }, { cookie });
    expect(moved.statusCode).toBe(201);
    expect(await firstRow()).toMatchObject({ out_kind: 'switch' });
  });

  it('rates from the checked-out page: all five items required, once per visit, only with the visit\'s secret', async () => {
    const checkedIn = await post(`/c/${venue.token}`, { name: 'Ketut Penilai', phone: '081234560011' });
    const visitId = hidden(checkedIn.body, 'visitId')!;
    const secret = hidden(checkedIn.body, 'checkoutSecret')!;
    t.clock.advance(10 * 60_000); // only a visit of ten minutes or more may rate (issue #14)
    const out = await post(`/c/${venue.token}/checkout`, { visitId, checkoutSecret: secret });
    expect(out.body).toContain(`action="/c/${venue.token}/rating"`);
    expect(hidden(out.body, 'checkoutSecret')).toBe(secret);
    expect(out.body).toMatch(/Keluar pukul <b>\d\d:\d\d WITA<\/b>/);
    const ratings = async () => (await t.database.db.selectFrom('visit_ratings').selectAll().where('visit_id', '=', visitId).execute()).length;

    const missing = await post(`/c/${venue.token}/rating`, { visitId, checkoutSecret: secret, masks: '5', handwashing: '4', distancing: '9', temperature: '3' });
    expect(missing.statusCode).toBe(400);
    const fraction = await post(`/c/${venue.token}/rating`, { visitId, checkoutSecret: secret, masks: '4.5', handwashing: '4', distancing: '4', temperature: '3', cleanliness: '5' });
    expect(fraction.statusCode).toBe(400);
    expect(missing.body).toContain('Beri nilai 1–5 untuk kelima hal.');
    expect(missing.body).toContain('Warung Tanpa Skrip');
    const long = await post(`/c/${venue.token}/rating`, { visitId, checkoutSecret: secret, masks: '5', handwashing: '4', distancing: '4', temperature: '3', cleanliness: '5', comment: 'x'.repeat(600) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Komentar paling banyak 500 karakter.');
    const forged = await post(`/c/${venue.token}/rating`, { visitId, checkoutSecret: 'y'.repeat(32), masks: '5', handwashing: '4', distancing: '4', temperature: '3', cleanliness: '5' });
    expect(forged.statusCode).toBe(403);
    expect(await ratings()).toBe(0);

    const scores = { masks: '5', handwashing: '4', distancing: '4', temperature: '3', cleanliness: '5' };
    const rated = await post(`/c/${venue.token}/rating`, { visitId, checkoutSecret: secret, ...scores, comment: 'Bersih <b>sekali</b>' }, { 'accept-language': 'en' });
    expect(rated.statusCode).toBe(201);
    expect(rated.body).toContain('Thank you! Your rating helps keep this place safe.');
    expect(await ratings()).toBe(1);
    const again = await post(`/c/${venue.token}/rating`, { visitId, checkoutSecret: secret, ...scores });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Penilaian tidak terkirim');
    expect(await ratings()).toBe(1);
  });

  it('sends the form back with a message at each refused field and the values kept, storing nothing', async () => {
    const before = await visits();
    const res = await post(`/c/${venue.token}`, { name: '', phone: '<b>12</b>' }, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('enter a name (1–100 characters, no control characters)');
    expect(res.body).toContain('is not a valid phone number (e.g. 0812 3456 7890)');
    expect(res.body).toContain('value="&lt;b&gt;12&lt;/b&gt;"');
    expect(res.body).not.toContain('<b>12</b>');
    const long = await post(`/c/${venue.token}`, { name: 'N'.repeat(500), phone: '081234560002' });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('isi nama (1–100 karakter, tanpa karakter kontrol)');
    expect(await visits()).toEqual(before);
  });

  it('refuses a full venue and a check-in outside the opening hours with a page the doorkeeper can read', async () => {
    const small = await verifiedVenue(t, { name: 'Kios Kecil', capacity: 1 });
    expect((await post(`/c/${small.token}`, { name: 'Putu', phone: '081234560003' })).statusCode).toBe(201);
    const full = await post(`/c/${small.token}`, { name: 'Kadek', phone: '081234560004' });
    expect(full.statusCode).toBe(409);
    expect(full.body).toContain('PENUH');
    expect(full.body).toContain('Tempat ini sudah penuh (1 dari 1 orang)');

    t.clock.set(Date.parse('2026-11-29T22:30:00+08:00'));
    try {
      const late = await post(`/c/${venue.token}`, { name: 'Komang', phone: '081234560005' }, { 'accept-language': 'en' });
      expect(late.statusCode).toBe(409);
      expect(late.body).toContain('OUTSIDE OPENING HOURS');
      // The refusal says when to come back (issue #18), not only "try again".
      expect(late.body).toContain('Reopens tomorrow at 08:00 WITA');
    } finally {
      t.clock.set(Date.parse('2026-11-29T02:00:00Z'));
    }
  });

  it('answers forged tokens, oversized bodies, other media types and wrong types without storing anything', async () => {
    const before = await visits();
    const forged = await post(`/c/${venue.token.slice(0, -2)}xx`, { name: 'Made', phone: '081234560006' });
    expect(forged.statusCode).toBe(404);
    expect(forged.body).toContain('QR tidak dikenal');
    const huge = await post(`/c/${venue.token}`, { name: 'Made', phone: '081234560007', filler: 'x'.repeat(5000) });
    expect(huge.statusCode).toBe(413);
    const text = await t.request({ method: 'POST', url: `/c/${venue.token}`, headers: { 'content-type': 'text/plain' }, payload: 'name=Made' });
    expect(text.statusCode).toBe(415);
    // JSON with the wrong types is the same refused form, not an error page.
    const typed = await t.request({ method: 'POST', url: `/c/${venue.token}`, headers: { 'content-type': 'application/json' }, payload: { name: 123, phone: ['081234560008'] } });
    expect(typed.statusCode).toBe(400);
    expect(typed.body).toContain('isi nama (1–100 karakter, tanpa karakter kontrol)');
    expect(typed.body).toContain('bukan nomor telepon yang valid');
    expect(await visits()).toEqual(before);
  });
});
