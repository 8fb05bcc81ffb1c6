import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Dialect } from '../../src/server/db/kysely.js';
import { usualStayMinutes } from '../../src/common/reference/sectors.js';
import { newId } from '../../src/server/shared/ids.js';
import { caseSpans, exposuresOf } from '../../src/server/modules/tracing/exposure-query.js';
import { findExposures, type ExposureOptions, type VisitSpan } from '../../src/server/modules/tracing/exposure.js';
import { visitsOverlapping, type OverlapSpan } from '../../src/server/modules/tracing/tracing.read-model.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../databases.js';
import { seededRandom } from '../seeded-random.js';

/*
 * Exposure finding prunes in SQL the visits that left before the case came (t_out ≤ span start; issue #19). The
 * answer must be the one the pure core gives when every visit of the span's t_in range reaches it, as before the
 * filter (the statement of before is written out here): visits ending before or exactly at the span's start go, open
 * visits (whatever their estimated end) and auto-closed (estimated) ones that reach into the span stay, a one-minute
 * overlap stays. On both databases (PostgreSQL: partitioned visits, the covering venue index).
 */
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const REGION = '51.71.01.1001';
// Tomorrow 08:00 UTC: a day partition on PostgreSQL (the migration creates today and 7 days ahead).
const T0 = (Math.floor(Date.now() / DAY) + 1) * DAY + 8 * HOUR;
const at = (minutes: number) => T0 + minutes * MIN;

const opts = (over: Partial<ExposureOptions> = {}): ExposureOptions => ({
  windowStart: at(-120),
  windowEnd: at(24 * 60),
  now: at(2 * 24 * 60),
  maxStayMs: DAY,
  usualStayMs: (t) => usualStayMinutes(t) * MIN,
  closeThresholdMs: () => 15 * MIN,
  ...over,
});

const toSpan = (v: { id: string; person_key: string; venue_id: string; venue_type: string | null; t_in: number; t_out: number | null; estimated: number }): VisitSpan => ({
  visitId: v.id,
  personKey: v.person_key,
  venueId: v.venue_id,
  venueType: v.venue_type,
  tIn: v.t_in,
  tOut: v.t_out,
  estimated: v.estimated === 1,
});

/** The second read as it was before the t_out filter: every visit of each span's (venue_id, t_in) range. */
async function visitsAsBefore(db: Db, spans: readonly OverlapSpan[]) {
  if (spans.length === 0) return [];
  const rows = await db
    .selectFrom('visits as v')
    .innerJoin('venues as ve', 've.id', 'v.venue_id')
    .select(['v.id', 'v.venue_id', 'v.person_key', 'v.t_in', 'v.t_out', 'v.estimated', 've.venue_type'])
    .where((eb) => eb.or(spans.map((s) => eb.and([eb('v.venue_id', '=', s.venueId), eb('v.t_in', '>=', s.tInFrom), eb('v.t_in', '<', s.to)]))))
    .execute();
  return rows.map((r) => ({ ...r, t_in: Number(r.t_in), t_out: r.t_out === null ? null : Number(r.t_out), estimated: Number(r.estimated) }));
}

/** exposuresOf as it was: the same case visits and spans, the candidates from the unfiltered read. */
async function exposuresAsBefore(db: Db, personKey: string, o: ExposureOptions) {
  const { caseVisits } = await exposuresOf(db, personKey, o);
  const others = await visitsAsBefore(db, caseSpans(caseVisits, o));
  return findExposures(caseVisits.map(toSpan), others.map(toSpan), o);
}

/** A visit row; `from` and `to` in minutes from T0, or epoch ms. */
function row(name: string, person: string, venue: string, from: number, to: number | null, estimated = 0) {
  const ms = (t: number) => (t > 1e12 ? t : at(t));
  const tIn = ms(from);
  const tOut = to === null ? null : ms(to);
  return {
    id: `${newId(tIn)}:${name}`, venue_id: venue, person_key: person, person_enc: 'v1.sealed', name_enc: null, phone_enc: null, secret_hash: null,
    t_in: tIn, t_out: tOut, out_kind: tOut === null ? null : estimated ? 'auto' : 'checkout', estimated, source: 'qr', entered_by: null,
    region_code: REGION, created_at: tIn, client_key: null, over_capacity: 0,
  };
}

async function addVenue(db: Db, id: string, type: string, n: number): Promise<void> {
  await db.insertInto('venues').values({
    id, venue_number: n, name: `Venue ${id}`, sector: type === 'office' ? 'services_construction' : 'trade', venue_type: type, region_code: REGION,
    address: 'Jl. Tukad Punggawa 1', lat: -8.73, lon: 115.23, capacity: 50, indoor: 1, status: 'verified', created_at: T0 - 30 * DAY, updated_at: T0 - 30 * DAY,
  } as never).execute();
}

describe.each(testDialects())('exposure finding prunes visits that left before the case came [%s]', (dialect: Dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    await addVenue(db.db, 'ven-a', 'warung', 1); // usual stay 60 min
    await addVenue(db.db, 'ven-b', 'cafe', 2); // usual stay 90 min
    await addVenue(db.db, 'ven-c', 'office', 3); // usual stay 540 min
  });
  afterAll(async () => {
    await db?.close();
  });

  it('keeps open, estimated and one-minute visits, drops those that ended at or before the span, same candidates as before', async () => {
    const rows = [
      // The case: two visits at A (two spans at one venue), an open one at B.
      row('case-a1', 'case', 'ven-a', 0, 60),
      row('case-a2', 'case', 'ven-a', 180, 240),
      row('case-b', 'case', 'ven-b', 600, null),
      // At A.
      row('before', 'p-before', 'ven-a', -120, -10),
      row('touch', 'p-touch', 'ven-a', -60, 0), // ends the minute the case comes: no shared time
      row('one-minute', 'p-1min', 'ven-a', -60, 1),
      row('one-ms', 'p-1ms', 'ven-a', -60, at(0) + 1), // in SQL's range, under a minute for the core
      row('between', 'p-between', 'ven-a', 70, 170), // between the case's two visits: overlaps neither
      row('span2', 'p-span2', 'ven-a', 200, 215),
      row('open-old', 'p-open-old', 'ven-a', -600, null), // open, its usual stay ended long before: SQL keeps it, the core drops it
      row('open-recent', 'p-open-recent', 'ven-a', -30, null),
      row('estimated', 'p-estimated', 'ven-a', -100, 20, 1),
      row('estimated-before', 'p-estimated-before', 'ven-a', -200, -50, 1),
      row('capped', 'p-capped', 'ven-a', -1430, 30), // 23 h 50 min: cut at 24 h, i.e. 10 min into the case's visit
      row('too-early', 'p-too-early', 'ven-a', -1500, 10), // checked in more than 24 h before: outside every range
      row('two-left', 'p-two', 'ven-a', -50, -5),
      row('two-right', 'p-two', 'ven-a', 30, 50),
      // At B (the case's visit is open: it ends with B's usual stay, 90 min).
      row('b-open', 'p-b-open', 'ven-b', 590, null),
      row('b-touch', 'p-b-touch', 'ven-b', 500, 600),
      row('b-after-case', 'p-b-after', 'ven-b', 700, 720), // after the case's estimated end: SQL keeps it, the core drops it
    ];
    await db.db.insertInto('visits').values(rows).execute();
    const id = (name: string) => rows.find((r) => r.id.endsWith(`:${name}`))!.id;
    const o = opts();

    const { caseVisits, candidates } = await exposuresOf(db.db, 'case', o);
    expect(caseVisits).toHaveLength(3);
    const spans = caseSpans(caseVisits, o);
    const returned = new Set((await visitsOverlapping(db.db, spans)).map((v) => v.id));
    for (const kept of ['case-a1', 'case-a2', 'case-b', 'one-minute', 'one-ms', 'span2', 'open-old', 'open-recent', 'estimated', 'capped', 'two-right', 'b-open', 'b-after-case']) expect(returned, kept).toContain(id(kept));
    for (const pruned of ['before', 'touch', 'between', 'estimated-before', 'too-early', 'two-left', 'b-touch']) expect(returned, pruned).not.toContain(id(pruned));

    expect(candidates).toEqual(await exposuresAsBefore(db.db, 'case', o));
    const byPerson = new Map(candidates.map((c) => [c.personKey, c]));
    expect([...byPerson.keys()].sort()).toEqual(['p-1min', 'p-b-open', 'p-capped', 'p-estimated', 'p-open-recent', 'p-span2', 'p-two'].sort());
    expect(byPerson.get('p-1min')).toMatchObject({ totalOverlapMinutes: 1, classification: 'low' });
    expect(byPerson.get('p-span2')).toMatchObject({ totalOverlapMinutes: 15, classification: 'close' });
    expect(byPerson.get('p-open-recent')!.venues[0]).toMatchObject({ overlapMinutes: 30, estimated: true });
    expect(byPerson.get('p-estimated')!.venues[0]).toMatchObject({ overlapMinutes: 20, estimated: true });
    expect(byPerson.get('p-capped')).toMatchObject({ totalOverlapMinutes: 10 });
    expect(byPerson.get('p-two')).toMatchObject({ totalOverlapMinutes: 20, latestVisitId: id('two-right') });
    expect(byPerson.get('p-b-open')).toMatchObject({ totalOverlapMinutes: 80 }); // both open: the case's ends at 690 (90 min), theirs at 680
  });

  it('gives every case the candidates of before on random visits (open, auto-closed, long, touching)', async () => {
    const rand = seededRandom(19);
    const venues = ['ven-a', 'ven-b', 'ven-c'];
    const base = 3 * DAY; // apart from the first test's rows
    const rows = [];
    for (let i = 0; i < 600; i++) {
      const person = `r${Math.floor(rand() * 60)}`;
      // Minute-aligned starts over two days, stays from 0 to 26 h (some cut at the longest stay), some ending on a
      // minute another visit starts.
      const tIn = T0 + base + Math.floor(rand() * 2 * 24 * 60) * MIN;
      const kind = rand();
      const length = kind < 0.5 ? Math.floor(rand() * 180) * MIN : kind < 0.8 ? Math.floor(rand() * 600) * MIN : Math.floor(rand() * 26 * 60) * MIN;
      const open = rand() < 0.15;
      rows.push(row(`r${i}`, person, venues[Math.floor(rand() * venues.length)]!, tIn, open ? null : tIn + length, !open && rand() < 0.2 ? 1 : 0));
    }
    for (let i = 0; i < rows.length; i += 200) await db.db.insertInto('visits').values(rows.slice(i, i + 200)).execute();
    let compared = 0;
    let found = 0;
    for (let p = 0; p < 60; p++) {
      for (const [start, hours, nowAfter] of [
        [base + 6 * HOUR, 24, 3 * DAY],
        [base + 20 * HOUR, 8, 2 * HOUR], // now inside the data: open visits end at now
      ] as const) {
        const o = opts({ windowStart: T0 + start, windowEnd: T0 + start + hours * HOUR, now: T0 + start + nowAfter });
        const after = await exposuresOf(db.db, `r${p}`, o);
        expect(after.candidates, `r${p} from ${start}`).toEqual(await exposuresAsBefore(db.db, `r${p}`, o));
        compared++;
        found += after.candidates.length;
      }
    }
    expect(compared).toBe(120);
    expect(found).toBeGreaterThan(100);
  });
});
