import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/server/db/kysely.js';
import { sha256Hex } from '../../src/server/shared/crypto.js';
import { OPEN_VISIT_HORIZON_MS, planCheckinBatch, type CheckinRequest } from '../../src/server/modules/checkins/checkin-batch.js';
import { createCheckinStore, type CheckinStore } from '../../src/server/modules/checkins/checkin-store.js';
import { openVisitPerson, personKeyOf, sealCheckin, type VisitKeys } from '../../src/server/modules/checkins/visit-person.js';
import { createTestApp, type TestApp } from '../app-harness.js';
import { testDialects } from '../databases.js';
import { verifiedVenue } from '../factories/venues.js';

// The SQLite store runs the pure planner in process; PostgreSQL runs the same decision in jb_checkin_batch. One batch
// with every case in it (switches, refusals, duplicates and warn-only limits inside the batch) must come out the same.
// A visit is bound to the device that made it: a duplicate or a switch needs the device's proof of its open visit.
const variants: { title: string; dialect: Dialect; writerThread: boolean }[] = [
  ...testDialects().map((dialect) => ({ title: dialect, dialect, writerThread: false })),
  // The server's own SQLite set-up: a database file, written from the check-in writer thread.
  { title: 'sqlite file, writer thread', dialect: 'sqlite', writerThread: true },
];

describe.each(variants)('a batch of check-ins, written by the store [$title]', ({ dialect, writerThread }) => {
  let t: TestApp;
  let dir: string | undefined;
  let store: CheckinStore;
  let A: string;
  let B: string;
  let ids = 0;
  const T0 = Date.parse('2026-11-29T02:00:00Z');
  const KEYS: VisitKeys = { dataKey: Buffer.alloc(32, 1), personKeyKey: Buffer.alloc(32, 2) };
  // People p1, p2, …: each a phone number of their own.
  const phoneOf = (person: string) => `+628120000${person.slice(1).padStart(4, '0')}`;
  const keyOf = (person: string) => personKeyOf(KEYS, phoneOf(person));
  const cmd = (person: string, venueId: string, over: Partial<CheckinRequest> = {}): CheckinRequest => ({
    visitId: `visit-${++ids}`,
    venueId,
    regionCode: '51.71.01.1001',
    person: { name: `Orang ${person}`, phone: phoneOf(person) },
    checkoutSecret: `secret-of-${person}`,
    proof: null,
    source: 'qr',
    enteredBy: null,
    at: T0 + ids,
    localDay: '2026-11-29',
    localHour: 10, // T0 is 10:00 WITA
    limit: venueId === A ? 2 : 10,
    enforceLimit: true,
    ...over,
  });

  /** The proof a person's device holds of a visit made with `cmd` (the secret is `secret-of-<person>`). */
  const proofOf = (visit: CheckinRequest) => ({ visitId: visit.visitId, checkoutSecret: visit.checkoutSecret! });
  let firstBatch: CheckinRequest[] = [];

  beforeAll(async () => {
    dir = writerThread ? mkdtempSync(path.join(tmpdir(), 'jb-store-')) : undefined;
    t = await createTestApp(dialect, {}, { sqliteFile: dir && path.join(dir, 'jagabaya.sqlite') });
    A = (await verifiedVenue(t, { name: 'Warung A' })).id;
    B = (await verifiedVenue(t, { name: 'Warung B' })).id;
    store = createCheckinStore(t.database, KEYS, { writerThread });
  });
  afterAll(async () => {
    await store.close?.();
    await t.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const counters = async () =>
    Object.fromEntries((await t.database.db.selectFrom('venue_occupancy').select(['venue_id', 'current']).execute()).map((r) => [r.venue_id, Number(r.current)]));
  const openVisits = async () =>
    (await t.database.db.selectFrom('visits').select(['id', 'venue_id', 'person_key', 'secret_hash', 't_in']).where('t_out', 'is', null).execute()).map((v) => ({
      id: v.id,
      venueId: v.venue_id,
      personKey: v.person_key,
      secretHash: v.secret_hash,
      tIn: Number(v.t_in),
    }));

  it('decides every case inside one batch as the planner does, and writes exactly its plan', async () => {
    const batch = [
      cmd('p5', B), // 1 created
      cmd('p1', A), // 2 created
      cmd('p2', A), // 3 created: A is full now
      cmd('p3', A), // 4 refused: full
    ];
    batch.push(
      cmd('p1', B, { proof: proofOf(batch[1]!) }), // 5 created, closes p1's visit at A (a switch inside the batch)
      cmd('p3', A), // 6 created: p1 left
      cmd('p2', A, { proof: proofOf(batch[2]!) }), // 7 duplicate of 3
      cmd('p4', A, { enforceLimit: false }), // 8 created beyond the limit: the rule only warns
    );
    firstBatch = batch;
    // The planner decides on sealed commands: the people are told apart by their keyed phone hash.
    const expected = planCheckinBatch(batch.map((r) => sealCheckin(KEYS, r)), [], new Map()).outcomes;
    const outcomes = await store.applyBatch(batch, () => `attempt-${++ids}`);
    expect(outcomes).toEqual(expected);
    expect(outcomes.map((o) => o.kind)).toEqual(['created', 'created', 'created', 'full', 'created', 'created', 'duplicate', 'created']);
    expect(outcomes[4]).toMatchObject({ closedVisitId: batch[1]!.visitId });
    expect(outcomes[6]).toMatchObject({ visitId: batch[2]!.visitId });

    // Stored sealed, whichever store (or thread) sealed it.
    const first = await t.database.db.selectFrom('visits').selectAll().where('id', '=', batch[0]!.visitId).executeTakeFirstOrThrow();
    expect(first.person_key).toBe(keyOf('p5'));
    expect(openVisitPerson(KEYS.dataKey, first)).toEqual({ name: 'Orang p5', phone: phoneOf('p5') });
    expect(first.secret_hash).toBe(sha256Hex('secret-of-p5'));
    expect(JSON.stringify(first)).not.toContain(phoneOf('p5'));

    expect(await counters()).toEqual({ [A]: 3, [B]: 2 });
    const closed = await t.database.db.selectFrom('visits').selectAll().where('id', '=', batch[1]!.visitId).executeTakeFirstOrThrow();
    expect({ t_out: Number(closed.t_out), out_kind: closed.out_kind }).toEqual({ t_out: batch[4]!.at, out_kind: 'switch' });
    expect((await t.database.db.selectFrom('visits').select('id').execute()).length).toBe(6);
    const attempts = await t.database.db.selectFrom('checkin_attempts').selectAll().execute();
    expect(attempts.map((a) => ({ venue: a.venue_id, reason: a.reason, detail: JSON.parse(a.detail ?? '{}') as unknown }))).toEqual([
      { venue: A, reason: 'venue_full', detail: { occupancy: 2, limit: 2 } },
    ]);
  });

  it('finds open visits from earlier batches: a switch closes them, a rescan is a duplicate', async () => {
    const before = await openVisits();
    const batch = [cmd('p5', A, { limit: 10, proof: proofOf(firstBatch[0]!) }), cmd('p3', A, { limit: 10, proof: proofOf(firstBatch[5]!) }), cmd('p6', B)];
    const expected = planCheckinBatch(batch.map((r) => sealCheckin(KEYS, r)), before, new Map(Object.entries(await counters()))).outcomes;
    const outcomes = await store.applyBatch(batch, () => `attempt-${++ids}`);
    expect(outcomes).toEqual(expected);
    expect(outcomes.map((o) => o.kind)).toEqual(['created', 'duplicate', 'created']);
    expect(await counters()).toEqual({ [A]: 4, [B]: 2 });
  });

  it('looks for open visits only within the last 24 hours: an older one is left to the auto-close job', async () => {
    const oldVisit = cmd('p7', A, { limit: 10, at: T0 - OPEN_VISIT_HORIZON_MS - 60_000 });
    const [old] = await store.applyBatch([oldVisit], () => `attempt-${++ids}`);
    expect(old).toMatchObject({ kind: 'created' });
    const [again] = await store.applyBatch([cmd('p7', A, { limit: 10, proof: proofOf(oldVisit) })], () => `attempt-${++ids}`);
    expect(again).toMatchObject({ kind: 'created', closedVisitId: null });
    const open = (await openVisits()).filter((v) => v.personKey === keyOf('p7'));
    expect(open).toHaveLength(2);
  });

  it('a phone number alone finds and closes nothing; a wrong secret, another person\'s proof or a desk visit proves nothing', async () => {
    const p8AtA = cmd('p8', A, { limit: 100 });
    const desk = cmd('p10', A, { limit: 100, checkoutSecret: null, source: 'desk' });
    await store.applyBatch([p8AtA, desk], () => `attempt-${++ids}`);
    const before = await openVisits();
    const countersBefore = await counters();
    const batch = [
      cmd('p8', A, { limit: 100 }), // the same number at the same venue, no proof: a new visit, not a duplicate
      cmd('p8', B), // the same number elsewhere, no proof: a new visit; the visit at A stays open
      cmd('p8', B, { proof: { visitId: p8AtA.visitId, checkoutSecret: 'a-guessed-secret-1234' } }), // wrong secret
      cmd('p11', B, { proof: proofOf(p8AtA) }), // the proof of someone else's visit
      cmd('p10', B, { proof: { visitId: desk.visitId, checkoutSecret: 'secret-of-p10' } }), // a desk visit has no secret
    ];
    const expected = planCheckinBatch(batch.map((r) => sealCheckin(KEYS, r)), before, new Map(Object.entries(countersBefore))).outcomes;
    const outcomes = await store.applyBatch(batch, () => `attempt-${++ids}`);
    expect(outcomes).toEqual(expected);
    expect(outcomes.map((o) => (o.kind === 'created' ? o.closedVisitId : o.kind))).toEqual([null, null, null, null, null]);
    const stillOpen = (await openVisits()).map((v) => v.id);
    expect(stillOpen).toEqual(expect.arrayContaining([p8AtA.visitId, desk.visitId]));
    expect(await counters()).toEqual({ [A]: countersBefore[A]! + 1, [B]: countersBefore[B]! + 4 });
  });

  if (writerThread) {
    it('starts a new writer thread for the next batch once the previous one has stopped', async () => {
      await store.close?.();
      const [outcome] = await store.applyBatch([cmd('p9', B)], () => `attempt-${++ids}`);
      expect(outcome).toMatchObject({ kind: 'created' });
      expect(await t.database.db.selectFrom('visits').select('id').where('person_key', '=', keyOf('p9')).execute()).toHaveLength(1);
    });
  }
});
