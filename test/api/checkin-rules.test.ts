import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOverdueVisits, purgeExpiredVisits } from '../../src/server/modules/checkins/index.js';
import { createTestApp, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { verifiedVenue, type VenueFixture } from '../factories/venues.js';

const WITA = (local: string) => Date.parse(`${local}+08:00`);

describeEachDatabase('check-in rules, auto-close and retention', (dialect) => {
  let t: TestApp;
  let warung: VenueFixture;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    warung = await verifiedVenue(t, { capacity: 10, openingHours: { from: '08:00', until: '21:00' } });
  });
  afterAll(() => t.close());

  const checkIn = (phone: string, lang = 'id') =>
    t.request({ method: 'POST', url: '/api/v1/checkins', headers: { 'accept-language': lang }, payload: { token: warung.token, name: 'Wayan', phone } });

  it("follows the venue's own hours when no rule set is in force: open at 20:59, refused at 21:00 and at 07:59", async () => {
    t.clock.set(WITA('2026-11-30T20:59:00'));
    expect((await checkIn('081300000001')).statusCode).toBe(201);
    t.clock.set(WITA('2026-11-30T21:00:00'));
    const late = await checkIn('081300000002', 'en');
    expect(late.statusCode).toBe(409);
    expect(late.json().reason).toBe('outside_hours');
    // The refusal says when the venue reopens (the shared opening status), not only that it is closed.
    expect(late.json()).toMatchObject({ opensAtLocal: '08:00', reopensDay: 'tomorrow' });
    expect(late.json().detail).toContain('Reopens tomorrow at 08:00 WITA');
    t.clock.set(WITA('2026-12-01T07:59:00'));
    const early = await checkIn('081300000003');
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toContain('Buka kembali hari ini pukul 08:00 WITA');
    t.clock.set(WITA('2026-12-01T08:00:00'));
    expect((await checkIn('081300000004')).statusCode).toBe(201);
    const attempts = await t.database.db.selectFrom('checkin_attempts').select('reason').where('venue_id', '=', warung.id).execute();
    expect(attempts.filter((a) => a.reason === 'outside_hours')).toHaveLength(2);
    // The desk and oversight pages show the stored reason in the reader's language: both are kept.
    const details = await t.database.db.selectFrom('checkin_attempts').select('detail').where('venue_id', '=', warung.id).where('reason', '=', 'outside_hours').execute();
    for (const d of details) expect(Object.keys(JSON.parse(d.detail ?? '{}')).sort()).toEqual(['reasonEn', 'reasonId']);
  });

  it('applies the historical Perwali 32/2020 closing time (21:00 WITA outside green zones, Aug 2020)', async () => {
    t.clock.set(WITA('2020-08-10T20:59:00'));
    const open = await checkIn('081300000010');
    expect(open.statusCode).toBe(201);
    t.clock.set(WITA('2020-08-10T21:00:00'));
    const closed = await checkIn('081300000011', 'en');
    expect(closed.statusCode).toBe(409);
    expect(closed.json().reason).toBe('outside_hours');
    expect(closed.json().detail).toMatch(/21:00/);
  });

  it('closes visits left open after the usual stay (1 h at a warung), marked as estimated', async () => {
    t.clock.set(WITA('2026-12-02T10:00:00'));
    const visit = (await checkIn('081300000020')).json();
    t.clock.set(WITA('2026-12-02T10:59:00'));
    await closeOverdueVisits(t.database.db, t.clock.now());
    let row = await t.database.db.selectFrom('visits').selectAll().where('id', '=', visit.visitId).executeTakeFirstOrThrow();
    expect(row.t_out).toBeNull();
    t.clock.set(WITA('2026-12-02T11:00:00'));
    expect(await closeOverdueVisits(t.database.db, t.clock.now())).toBeGreaterThanOrEqual(1);
    row = await t.database.db.selectFrom('visits').selectAll().where('id', '=', visit.visitId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ t_out: WITA('2026-12-02T11:00:00'), estimated: 1, out_kind: 'auto' });
    expect((await t.request({ method: 'GET', url: `/api/v1/venues/${warung.id}/occupancy` })).json().current).toBe(0);
  });

  it('purges visits after the retention period; rating scores stay, anonymous', async () => {
    t.clock.set(WITA('2026-12-03T10:00:00'));
    const visit = (await checkIn('081300000030')).json();
    t.clock.advance(10 * 60_000); // only a visit of ten minutes or more may rate
    await t.request({ method: 'POST', url: `/api/v1/checkins/${visit.visitId}/checkout`, payload: { checkoutSecret: visit.checkoutSecret } });
    const rated = await t.request({
      method: 'POST',
      url: `/api/v1/checkins/${visit.visitId}/rating`,
      payload: { checkoutSecret: visit.checkoutSecret, scores: { masks: 2, handwashing: 2, distancing: 2, temperature: 2, cleanliness: 2 }, comment: 'Pak Made tidak pakai masker' },
    });
    expect(rated.statusCode).toBe(201);
    expect(await t.database.db.selectFrom('visit_ratings').select(['person_key', 'origin_key']).where('visit_id', '=', visit.visitId).executeTakeFirstOrThrow()).toMatchObject({
      person_key: expect.any(String),
      origin_key: expect.any(String),
    });
    await purgeExpiredVisits(t.database.db, WITA('2026-12-23T10:00:00'), 21);
    expect(await t.database.db.selectFrom('visits').select('id').where('id', '=', visit.visitId).executeTakeFirst()).toBeDefined();
    await purgeExpiredVisits(t.database.db, WITA('2026-12-24T10:00:01'), 21);
    expect(await t.database.db.selectFrom('visits').select('id').where('id', '=', visit.visitId).executeTakeFirst()).toBeUndefined();
    const rating = await t.database.db.selectFrom('visit_ratings').selectAll().where('visit_id', '=', visit.visitId).executeTakeFirstOrThrow();
    // The scores stay; the comment and the rating's links to a person and an address go with the visit.
    expect(rating).toMatchObject({ masks: 2, comment: null, person_key: null, origin_key: null });
  });
});

describe('encryption at rest', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jb-at-rest-'));
    t = await createTestApp('sqlite', {}, { sqliteFile: path.join(dir, 'jagabaya.sqlite') });
  });
  afterAll(() => t.close());

  it('the SQLite files contain no phone number or name in plaintext', async () => {
    const venue = await verifiedVenue(t);
    const res = await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: venue.token, name: 'Ni Luh Sekar Arum', phone: '0813-9876-5432' } });
    expect(res.statusCode).toBe(201);
    const bytes = readdirSync(dir).map((f) => readFileSync(path.join(dir, f)).toString('latin1')).join('');
    expect(bytes.length).toBeGreaterThan(10_000);
    for (const needle of ['81398765432', '0813-9876-5432', '813 9876', 'Sekar Arum']) expect(bytes).not.toContain(needle);
  });
});
