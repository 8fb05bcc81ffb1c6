import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, SERANGAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { verifiedVenue, type VenueFixture } from '../factories/venues.js';
import { PROKES_ITEM_CODES } from '../../src/server/modules/venues/prokes-checklist.js';

/*
 * Issue #14, finding 4: "25 made-up visitors rating 1★ turned a venue's public badge red and put it on the inspection
 * list". Replayed: the visitors check in (within the check-in limits), stay ten minutes, check out and rate.
 */

const ONE_STAR = { masks: 1, handwashing: 1, distancing: 1, temperature: 1, cleanliness: 1 };
let seq = 0;
const madeUpPhone = () => `0857${String(20_000_000 + seq++).padStart(8, '0')}`;

describeEachDatabase('ratings resist stuffing', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  async function inspectedVenue(name: string): Promise<VenueFixture> {
    const venue = await verifiedVenue(t, { name, capacity: 100 });
    const answers = PROKES_ITEM_CODES.map((item) => ({ item, answer: 'met' }));
    const inspected = await t.request({ method: 'POST', url: `/api/v1/venues/${venue.id}/inspections`, cookie: t.adminCookie, payload: { answers, overallResult: 'compliant' } });
    expect(inspected.statusCode).toBe(201);
    expect(inspected.json().compliance.badge).toBe('green');
    return venue;
  }

  /** `count` visits (each from `ipOf(i)`), ten minutes inside, checked out: their ids and secrets. */
  async function visits(venue: VenueFixture, count: number, ipOf: (i: number) => string, phoneOf: (i: number) => string = madeUpPhone) {
    const made: { visitId: string; checkoutSecret: string; ip: string }[] = [];
    for (let i = 0; i < count; i++) {
      const res = await t.request({ method: 'POST', url: '/api/v1/checkins', remoteAddress: ipOf(i), payload: { token: venue.token, name: `Tamu ${i}`, phone: phoneOf(i) } });
      expect(res.statusCode).toBe(201);
      made.push({ ...res.json<{ visitId: string; checkoutSecret: string }>(), ip: ipOf(i) });
    }
    t.clock.advance(10 * 60_000);
    for (const v of made) {
      expect((await t.request({ method: 'POST', url: `/api/v1/checkins/${v.visitId}/checkout`, remoteAddress: v.ip, payload: { checkoutSecret: v.checkoutSecret } })).statusCode).toBe(200);
    }
    return made;
  }

  const rate = (v: { visitId: string; checkoutSecret: string; ip: string }, scores = ONE_STAR, lang = 'id') =>
    t.request({ method: 'POST', url: `/api/v1/checkins/${v.visitId}/rating`, remoteAddress: v.ip, headers: { 'accept-language': lang }, payload: { checkoutSecret: v.checkoutSecret, scores } });

  const statuses = async (venueId: string) => {
    const rows = await t.database.db.selectFrom('visit_ratings').select(['status', 'held_reason']).where('venue_id', '=', venueId).execute();
    return { counted: rows.filter((r) => r.status === 'counted').length, held: rows.filter((r) => r.status === 'held').length, reasons: new Set(rows.map((r) => r.held_reason).filter(Boolean)) };
  };

  it('25 made-up visitors from one address rating 1★ no longer turn the badge red nor put the venue on the inspection list', async () => {
    // Not inspected yet (grey): the venue the attack turned red, since ratings are all its score has.
    const venue = await verifiedVenue(t, { name: 'Warung Korban Satu Alamat', capacity: 100 });
    const made = await visits(venue, 25, () => '198.51.100.120');
    for (const v of made) expect((await rate(v)).statusCode).toBe(201); // the same answer: a script learns nothing
    expect(await statuses(venue.id)).toEqual({ counted: 2, held: 23, reasons: new Set(['address_burst']) });
    expect((await t.services.venues.refreshCompliance(venue.id, 'ratings')).badge).toBe('grey');
    expect((await t.request({ method: 'GET', url: `/api/v1/public/venues/${venue.id}` })).json().compliance.badge).toBe('grey');
    const oversight = (await t.request({ method: 'GET', url: `/api/v1/checkins/oversight?region=${SERANGAN}`, cookie: t.adminCookie })).json();
    expect(oversight.poorRatings.map((p: { venueId: string }) => p.venueId)).not.toContain(venue.id);
    const todo = (await t.request({ method: 'GET', url: `/api/v1/inspections/todo?region=${SERANGAN}`, cookie: t.adminCookie })).json();
    const entry = todo.find((i: { venue: { id: string } }) => i.venue.id === venue.id);
    expect(entry?.reasons.map((r: { code: string }) => r.code) ?? []).not.toContain('badge_red');

    // Staff with oversight of the venue see the held ratings, and an officer may count them after a look.
    const summary = (await t.request({ method: 'GET', url: `/api/v1/venues/${venue.id}/checkin-summary`, cookie: t.adminCookie })).json();
    expect(summary.ratings).toMatchObject({ count: 2, held: { count: 23, fromOneAddress: 23, fromNewPhones: 0 } });
    expect(summary.ratings.held.latestAt).toMatch(/^2026-11-29T/);
    const released = await t.request({ method: 'POST', url: `/api/v1/venues/${venue.id}/ratings/release`, cookie: t.adminCookie });
    expect(released.json()).toEqual({ released: 23 });
    expect(await statuses(venue.id)).toMatchObject({ counted: 25, held: 0 });
    // Released, they count: what the attack did before holding existed.
    expect((await t.services.venues.refreshCompliance(venue.id, 'ratings')).badge).toBe('red');
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', venue.id).where('action', '=', 'venue.ratings_release').execute();
    expect(audit).toHaveLength(1);
  });

  it('only a visit of ten minutes can rate, and a person rates a venue once a day', async () => {
    const venue = await verifiedVenue(t, { name: 'Warung Sekali Sehari', capacity: 100 });
    const quick = (await t.request({ method: 'POST', url: '/api/v1/checkins', remoteAddress: '203.0.113.9', payload: { token: venue.token, name: 'Cepat', phone: '081300002222' } })).json();
    t.clock.advance(9 * 60_000);
    await t.request({ method: 'POST', url: `/api/v1/checkins/${quick.visitId}/checkout`, remoteAddress: '203.0.113.9', payload: { checkoutSecret: quick.checkoutSecret } });
    const tooShort = await rate({ ...quick, ip: '203.0.113.9' }, ONE_STAR, 'en');
    expect(tooShort.statusCode).toBe(409);
    expect(tooShort.json()).toMatchObject({ reason: 'visit-too-short', detail: 'Only a visit of at least 10 minutes can rate: long enough to see the health protocols of this place.' });

    const [first] = await visits(venue, 1, () => '203.0.113.9', () => '081300002222');
    expect((await rate(first!)).statusCode).toBe(201);
    const [second] = await visits(venue, 1, () => '203.0.113.9', () => '081300002222');
    const again = await rate(second!, ONE_STAR, 'en');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ reason: 'rated-today', detail: 'You have already rated this place today. One rating per person, place and day.' });
    expect((await rate(first!)).json().reason).toBe('already-rated');
  });

  it('25 made-up phones from 25 addresses are held too (new phones in a burst); a regular visitor still counts', async () => {
    const venue = await inspectedVenue('Warung Korban Banyak Alamat');
    // A regular: checked in somewhere before today's visit.
    const regularPhone = '081300001111';
    await visits(venue, 1, () => '203.0.113.5', () => regularPhone);
    t.clock.advance(24 * 60 * 60_000);
    const made = await visits(venue, 25, (i) => `192.0.2.${100 + i}`);
    for (const v of made) expect((await rate(v)).statusCode).toBe(201);
    expect(await statuses(venue.id)).toEqual({ counted: 2, held: 23, reasons: new Set(['fresh_burst']) });
    const [regular] = await visits(venue, 1, () => '203.0.113.5', () => regularPhone);
    expect((await rate(regular!, { masks: 4, handwashing: 4, distancing: 4, temperature: 4, cleanliness: 4 })).statusCode).toBe(201);
    expect(await statuses(venue.id)).toMatchObject({ counted: 3, held: 23 });
    expect((await t.services.venues.refreshCompliance(venue.id, 'ratings')).badge).toBe('green');
  });
});
