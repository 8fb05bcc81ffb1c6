import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { verifiedVenue, type VenueFixture } from '../factories/venues.js';

const WITA = (local: string) => Date.parse(`${local}+08:00`);
const HOUR = 3_600_000;
const key = () => randomBytes(16).toString('base64url');

/* Check-in without signal (issue #16): POST /api/v1/checkins/offline with the phone's time and its own key. */
describeEachDatabase('offline check-ins', (dialect) => {
  let t: TestApp;
  let warung: VenueFixture;
  let small: VenueFixture;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    warung = await verifiedVenue(t, { name: 'Warung Offline', capacity: 20, openingHours: { from: '08:00', until: '21:00' } });
    small = await verifiedVenue(t, { name: 'Warung Kecil', capacity: 2, openingHours: null });
  });
  afterAll(() => t.close());

  const offline = (body: Record<string, unknown>, lang = 'en') =>
    t.request({ method: 'POST', url: '/api/v1/checkins/offline', headers: { 'accept-language': lang }, payload: body });
  const kept = (token: string, at: number, overrides: Record<string, unknown> = {}) => ({
    token,
    name: 'Komang Offline',
    phone: '081377770001',
    clientKey: key(),
    checkedInAt: new Date(at).toISOString(),
    checkoutSecret: key(),
    ...overrides,
  });
  const visitsWithKey = (clientKey: string) => t.database.db.selectFrom('visits').selectAll().where('client_key', '=', clientKey).execute();

  it('accepts a check-in sent 11 hours late, at the claimed time, marked offline (the usual stay passed: ended, estimated)', async () => {
    t.clock.set(WITA('2026-12-05T20:30:00'));
    const body = kept(warung.token, t.clock.now() - 11 * HOUR);
    const res = await offline(body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ duplicate: false, source: 'offline', overCapacity: false, venue: { id: warung.id, name: 'Warung Offline' } });
    expect(Date.parse(res.json().checkedInAt)).toBe(WITA('2026-12-05T09:30:00'));
    const [row] = await visitsWithKey(body.clientKey);
    expect(row).toMatchObject({ id: res.json().visitId, source: 'offline', t_in: WITA('2026-12-05T09:30:00'), estimated: 1, out_kind: 'auto', over_capacity: 0 });
    expect(Number(row?.t_out)).toBe(WITA('2026-12-05T10:30:00'));
    // The device proves it with the secret it chose: its history shows the visit.
    const history = await t.request({ method: 'POST', url: '/api/v1/checkins/device-visits', payload: { visits: [{ visitId: res.json().visitId, checkoutSecret: body.checkoutSecret }] } });
    expect(history.json()).toHaveLength(1);
  });

  it('refuses a check-in claimed 3 days ago, or tomorrow, with problem+json naming checkedInAt; nothing stored', async () => {
    t.clock.set(WITA('2026-12-05T12:00:00'));
    for (const [at, message] of [
      [t.clock.now() - 3 * 24 * HOUR, /within the last 12 hours/],
      [t.clock.now() + 24 * HOUR, /future/],
    ] as const) {
      const body = kept(warung.token, at);
      const res = await offline(body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'checkedInAt', message: expect.stringMatching(message) })]);
      expect(await visitsWithKey(body.clientKey)).toHaveLength(0);
    }
    // Indonesian by Accept-Language.
    const id = await offline(kept(warung.token, t.clock.now() - 13 * HOUR), 'id');
    expect(id.json().errors[0]).toMatchObject({ field: 'checkedInAt', message: expect.stringMatching(/12 jam terakhir/) });
  });

  it('allows two minutes of clock skew ahead of the server, not three', async () => {
    t.clock.set(WITA('2026-12-05T12:00:00'));
    expect((await offline(kept(warung.token, t.clock.now() + 110_000))).statusCode).toBe(201);
    expect((await offline(kept(warung.token, t.clock.now() + 180_000))).statusCode).toBe(400);
  });

  it("applies the venue's hours to the claimed time, not to the time it arrives", async () => {
    // Sent at 22:30 (closed now) for 20:30 (open then): accepted, and still open (a warung's usual stay is 1 h).
    t.clock.set(WITA('2026-12-06T22:30:00'));
    const evening = await offline(kept(warung.token, WITA('2026-12-06T20:30:00')));
    expect(evening.statusCode).toBe(201);
    // Sent at 10:00 (open now) for 07:30 (closed then): refused as at the door.
    t.clock.set(WITA('2026-12-07T10:00:00'));
    const body = kept(warung.token, WITA('2026-12-07T07:30:00'));
    const early = await offline(body);
    expect(early.statusCode).toBe(409);
    expect(early.json().reason).toBe('outside_hours');
    expect(await visitsWithKey(body.clientKey)).toHaveLength(0);
  });

  it('accepts it at a full venue and records that the venue was full; the online door still refuses', async () => {
    t.clock.set(WITA('2026-12-08T12:00:00'));
    for (const phone of ['081377770011', '081377770012']) {
      expect((await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: small.token, name: 'Penuh', phone } })).statusCode).toBe(201);
    }
    expect((await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: small.token, name: 'Penuh', phone: '081377770013' } })).statusCode).toBe(409);
    t.clock.set(WITA('2026-12-08T12:10:00'));
    const body = kept(small.token, WITA('2026-12-08T12:05:00'));
    const res = await offline(body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ overCapacity: true, checkedOutAt: null });
    const [row] = await visitsWithKey(body.clientKey);
    expect(row).toMatchObject({ over_capacity: 1, source: 'offline', t_out: null });
    // The open visit counts: three inside now.
    expect((await t.request({ method: 'GET', url: `/api/v1/venues/${small.id}/occupancy` })).json().current).toBe(3);
    // A check-in claimed before the venue filled up is not marked.
    const before = await offline(kept(small.token, WITA('2026-12-08T11:00:00'), { phone: '081377770014' }));
    expect(before.json().overCapacity).toBe(false);
  });

  it('stores exactly one visit for a replayed check-in, even when the copies race; another secret under the key is refused', async () => {
    t.clock.set(WITA('2026-12-09T12:00:00'));
    const body = kept(warung.token, WITA('2026-12-09T11:58:00'));
    const first = await offline(body);
    expect(first.statusCode).toBe(201);
    const again = await offline(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, visitId: first.json().visitId });
    const raced = await Promise.all([0, 1, 2].map(() => offline({ ...body })));
    expect(raced.map((r) => r.json().visitId)).toEqual([first.json().visitId, first.json().visitId, first.json().visitId]);
    expect(await visitsWithKey(body.clientKey)).toHaveLength(1);
    // New copies racing from the start: one created, the others its replays.
    const fresh = kept(warung.token, WITA('2026-12-09T11:59:00'));
    const both = await Promise.all([offline(fresh), offline(fresh), offline(fresh)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    expect(await visitsWithKey(fresh.clientKey)).toHaveLength(1);
    const stolen = await offline({ ...body, checkoutSecret: key() });
    expect(stolen.statusCode).toBe(409);
    expect(stolen.json()).toMatchObject({ reason: 'client-key-used' });
    expect(JSON.stringify(stolen.json())).not.toContain(first.json().visitId);
    // Only the open one counts on the counter once.
    const counted = await t.database.db.selectFrom('visits').select('id').where('venue_id', '=', warung.id).where('t_out', 'is', null).execute();
    expect((await t.request({ method: 'GET', url: `/api/v1/venues/${warung.id}/occupancy` })).json().current).toBe(counted.length);
  });

  it('refuses a forged or unknown poster token and stores nothing', async () => {
    t.clock.set(WITA('2026-12-10T12:00:00'));
    const forged = `${warung.token.slice(0, -4)}${warung.token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    for (const token of [forged, 'not-a-token']) {
      const body = kept(token, t.clock.now() - HOUR);
      const res = await offline(body);
      expect(res.statusCode).toBe(404);
      expect(res.json().reason).toBe('unknown_poster');
      expect(await visitsWithKey(body.clientKey)).toHaveLength(0);
    }
  });

  it('refuses bad bodies: unknown fields, a short key, NUL bytes, a non-date time', async () => {
    t.clock.set(WITA('2026-12-10T12:00:00'));
    const base = kept(warung.token, t.clock.now() - HOUR);
    for (const body of [{ ...base, extra: 1 }, { ...base, clientKey: 'short' }, { ...base, name: 'A\u0000B' }, { ...base, checkedInAt: 'yesterday' }, { ...base, checkedInAt: 5 }]) {
      expect((await offline(body)).statusCode).toBe(400);
    }
  });
});
