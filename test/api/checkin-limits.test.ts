import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { verifiedVenue, type VenueFixture } from '../factories/venues.js';
import { doorRatePerMinute } from '../../src/server/modules/checkins/checkin-limits.js';
import { redisForTests, TEST_REDIS_URL } from '../redis.js';

/*
 * Issue #14, finding 4: the attacks of the finding, replayed against the public check-in surface. Each request comes
 * from an address of its test (remoteAddress), so tests do not share counters; the app's clock is pinned, so a window
 * only ends when a test moves it.
 */

let phoneSeq = 0;
const phone = () => `0813${String(10_000_000 + phoneSeq++).padStart(8, '0')}`;

describeEachDatabase('anti-automation on the public check-in surface', (dialect) => {
  let t: TestApp;
  let warung: VenueFixture;
  let market: VenueFixture;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    warung = await verifiedVenue(t, { name: 'Warung Dua Puluh', capacity: 20 });
    market = await verifiedVenue(t, { name: 'Pasar Uji', type: 'traditional_market', capacity: 400 });
  });
  afterAll(() => t.close());

  const checkIn = (token: string, ip: string, extra: Record<string, unknown> = {}, lang = 'id') =>
    t.request({ method: 'POST', url: '/api/v1/checkins', remoteAddress: ip, headers: { 'accept-language': lang }, payload: { token, name: 'Pengunjung', phone: phone(), ...extra } });

  it('20 made-up check-ins from one address cannot fill a venue of capacity 20: the limit stops them, a real visitor gets in', async () => {
    expect(doorRatePerMinute(20)).toBe(10);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await checkIn(warung.token, '198.51.100.20')).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    const refused = await checkIn(warung.token, '198.51.100.20', {}, 'en');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.json()).toMatchObject({ status: 429, type: expect.stringMatching(/rate-limited$/) });
    const inIndonesian = await checkIn(warung.token, '198.51.100.20');
    expect(inIndonesian.json().title).not.toBe(refused.json().title);
    // Someone else, at the door, from their own phone:
    const real = await checkIn(warung.token, '203.0.113.77');
    expect(real.statusCode).toBe(201);
    expect(real.json().occupancy).toEqual({ current: 11, limit: 20 });
  });

  it('the window passes: the same address may check in again a minute later', async () => {
    const ip = '198.51.100.21';
    const market2 = await verifiedVenue(t, { name: 'Warung Sebelah', capacity: 20 });
    for (let i = 0; i < 10; i++) expect((await checkIn(market2.token, ip)).statusCode).toBe(201);
    expect((await checkIn(market2.token, ip)).statusCode).toBe(429);
    t.clock.advance(60_000);
    expect((await checkIn(market2.token, ip)).statusCode).toBe(201);
  });

  it('a queue behind one carrier NAT address at a busy market entrance does not hit any limit', async () => {
    // One check-in every 0.6 s (100 a minute, above what one entrance lets through) for three minutes, all from one
    // address: every one is accepted.
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const status = (await checkIn(market.token, '100.64.0.1')).statusCode;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      t.clock.advance(600);
    }
    expect([...statuses]).toEqual([[201, 300]]);
  });

  it('from many addresses, one poster takes at most twice what its door lets through in a minute', async () => {
    const venue = await verifiedVenue(t, { name: 'Warung Banyak Alamat', capacity: 20 });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await checkIn(venue.token, `192.0.2.${i + 1}`)).statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
  });

  it('a device that proves its open visit gets 6 check-ins a minute, wherever it comes from', async () => {
    const first = (await checkIn(market.token, '198.51.100.30')).json();
    const proof = { currentVisit: { visitId: first.visitId, checkoutSecret: first.checkoutSecret } };
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await checkIn(market.token, `198.51.101.${i + 1}`, { ...proof, phone: '081399990000' })).statusCode);
    expect(statuses.slice(0, 6).every((s) => s < 300)).toBe(true);
    expect(statuses.slice(6)).toEqual([429, 429]);
  });

  it('150 rapid calls of the device inbox and of the device history get 429 after the limit', async () => {
    let visit = (await checkIn(market.token, '198.51.100.40')).json();
    for (const url of ['/api/v1/inbox', '/api/v1/checkins/device-visits']) {
      visit = (await checkIn(market.token, '198.51.100.40')).json();
      const claims = [{ visitId: visit.visitId, checkoutSecret: visit.checkoutSecret }];
      const statuses: number[] = [];
      for (let i = 0; i < 150; i++) statuses.push((await t.request({ method: 'POST', url, remoteAddress: `198.51.102.${i % 200}`, payload: { visits: claims } })).statusCode);
      expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    }
    // One address cycling through made-up claims is held at 240 a minute.
    const statuses: number[] = [];
    for (let i = 0; i < 250; i++) {
      const made = [{ visitId: visit.visitId, checkoutSecret: `guess${String(i).padStart(12, '0')}` }];
      statuses.push((await t.request({ method: 'POST', url: '/api/v1/inbox', remoteAddress: '198.51.100.41', payload: { visits: made } })).statusCode);
    }
    expect(statuses.slice(0, 240).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(240).every((s) => s === 429)).toBe(true);
  });

  it('guessing check-out secrets of one visit is held after 10 tries a minute, from any address', async () => {
    const visit = (await checkIn(market.token, '198.51.100.50')).json();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await t.request({ method: 'POST', url: `/api/v1/checkins/${visit.visitId}/checkout`, remoteAddress: `198.51.103.${i + 1}`, payload: { checkoutSecret: `wrong${String(i).padStart(12, '0')}` } })).statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 403)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('/k/ follow-up tokens: 30 guesses a minute per address, then 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await t.request({ method: 'GET', url: `/k/${randomBytes(32).toString('base64url')}`, remoteAddress: '198.51.100.60' })).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    expect((await t.request({ method: 'GET', url: `/k/${randomBytes(32).toString('base64url')}`, remoteAddress: '198.51.100.61' })).statusCode).toBe(404);
  });

  it("shows the venue's desk a burst nobody could have made at the door, with the count and the minute", async () => {
    const desk = async (venue: VenueFixture, lang = 'id') => {
      const res = await t.request({ method: 'GET', url: `/api/v1/venues/${venue.id}/visits/open`, cookie: t.adminCookie, headers: { 'accept-language': lang } });
      expect(res.statusCode).toBe(200);
      return res.json<{ bursts: { at: string; checkins: number; perMinute: number; reason: string }[] }>().bursts;
    };
    // Nothing unusual: a few people a minute.
    const calm = await verifiedVenue(t, { name: 'Warung Tenang', capacity: 20 });
    for (let i = 0; i < 3; i++) expect((await checkIn(calm.token, `203.0.113.${10 + i}`)).statusCode).toBe(201);
    expect(await desk(calm)).toEqual([]);

    // One address: 10 got in, the rest ran into the limit.
    const oneAddress = await verifiedVenue(t, { name: 'Warung Satu Koneksi', capacity: 20 });
    for (let i = 0; i < 20; i++) await checkIn(oneAddress.token, '198.51.100.80');
    expect(await desk(oneAddress)).toEqual([{ at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000\+08:00$/), checkins: 10, perMinute: 10, reason: 'one_address' }]);
    const noted = await t.database.db.selectFrom('checkin_attempts').select('reason').where('venue_id', '=', oneAddress.id).execute();
    expect(noted).toEqual([{ reason: 'rate_limited' }]); // once a minute, not once per refused request

    // Fifteen phones from fifteen addresses within a minute at a door that lets through ten: under every limit,
    // but more than the door.
    const crowded = await verifiedVenue(t, { name: 'Warung Lima Belas', capacity: 20 });
    for (let i = 0; i < 15; i++) expect((await checkIn(crowded.token, `203.0.113.${100 + i}`)).statusCode).toBe(201);
    expect(await desk(crowded)).toMatchObject([{ checkins: 15, perMinute: 10, reason: 'beyond_door' }]);
  });

  it('the check-in page without the script counts on the same counters as the API', async () => {
    const venue = await verifiedVenue(t, { name: 'Warung Formulir', capacity: 20 });
    const ip = '198.51.100.70';
    for (let i = 0; i < 10; i++) expect((await checkIn(venue.token, ip)).statusCode).toBe(201);
    const form = await t.request({
      method: 'POST',
      url: `/c/${venue.token}`,
      remoteAddress: ip,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `name=Form&phone=${phone()}`,
    });
    expect(form.statusCode).toBe(429);
    expect(Number(form.headers['retry-after'])).toBeGreaterThan(0);
  });
});

const REDIS_URL = TEST_REDIS_URL;
const reachable = await redisForTests('the Redis check-in limit tests');

describe.skipIf(!reachable)('check-in limits with REDIS_URL', () => {
  const nameSpace = `jagabaya-test:${randomBytes(6).toString('hex')}:`;
  const file = path.join('/tmp', `jb-limits-${randomBytes(4).toString('hex')}.sqlite`);
  const apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${nameSpace}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('two app instances share one limit per poster and address: ten check-ins through either, the eleventh refused by both', async () => {
    apps.push(await createTestApp('sqlite', { redisUrl: REDIS_URL }, { sqliteFile: file, rateLimitNamespace: nameSpace }));
    apps.push(await createTestApp('sqlite', { redisUrl: REDIS_URL }, { sqliteFile: file, rateLimitNamespace: nameSpace }));
    const [a, b] = apps as [TestApp, TestApp];
    const venue = await verifiedVenue(a, { name: 'Warung Dua Proses', capacity: 20 });
    const send = (app: TestApp) => app.request({ method: 'POST', url: '/api/v1/checkins', remoteAddress: '198.51.100.90', payload: { token: venue.token, name: 'Pengunjung', phone: phone() } });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await send(i % 2 === 0 ? a : b)).statusCode);
    expect(statuses.every((s) => s === 201)).toBe(true);
    const refusedA = await send(a);
    const refusedB = await send(b);
    expect([refusedA.statusCode, refusedB.statusCode]).toEqual([429, 429]);
    expect(Number(refusedB.headers['retry-after'])).toBeGreaterThan(0);
    const redis = new Redis(REDIS_URL);
    expect((await redis.keys(`${nameSpace}*checkin-poster-address*`)).length).toBe(1);
    await redis.quit();
  });
});
