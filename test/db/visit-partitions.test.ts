import { afterEach, describe, expect, inject, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../src/server/db/kysely.js';
import { migrateTo, migrateToLatest } from '../../src/server/db/migrate.js';
import { ensureDefaultRegions } from '../../src/server/modules/regions/index.js';
import { purgeExpiredVisits, keepVisitPartitions } from '../../src/server/modules/checkins/checkins.jobs.js';
import { visitPartitions } from '../../src/server/modules/checkins/visit-partitions.repository.js';
import { findVisit } from '../../src/server/modules/checkins/checkins.repository.js';
import { overlappingOnPostgres, personVisits, visitsOverlapping } from '../../src/server/modules/tracing/tracing.read-model.js';
import { visitTimesOfVenue } from '../../src/server/modules/checkins/checkins.repository.js';
import { newId } from '../../src/server/shared/ids.js';
import { systemClock } from '../../src/server/shared/clock.js';
import { createScratchDatabase } from '../postgres.js';
import type { Db } from '../../src/server/db/kysely.js';

// Visits partitioned by day on PostgreSQL (migration 2026-12-07-01). SQLite keeps one table: nothing to test there
// beyond the suites that already run on both (checkins, tracing, citizen, retention).
const KEY = Buffer.alloc(32, 5);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const TODAY = Math.floor(Date.now() / DAY) * DAY;
const REGION = '51.71.01.1001';
const LAST_BEFORE = '2026-12-06-30-venue-rules-notices';

const dayName = (t: number) => `visits_p${new Date(t).toISOString().slice(0, 10).replaceAll('-', '')}`;

function visit(id: string, venue: string, tIn: number, tOut: number | null, extra: Record<string, unknown> = {}) {
  return {
    id, venue_id: venue, person_key: `pk-${id.slice(-6)}`, person_enc: 'v1.sealed', name_enc: null, phone_enc: null, secret_hash: null,
    t_in: tIn, t_out: tOut, out_kind: tOut === null ? null : 'checkout', estimated: 0, source: 'qr', entered_by: null,
    region_code: REGION, created_at: tIn, client_key: null, over_capacity: 0, ...extra,
  };
}

async function addVenue(db: Db, id: string): Promise<void> {
  await db.insertInto('venues').values({
    id, venue_number: Number(id.replace(/\D/g, '')) || 1, name: `Warung ${id}`, sector: 'trade', venue_type: 'warung', region_code: REGION,
    address: 'Jl. Tukad Punggawa 1', lat: -8.73, lon: 115.23, capacity: 20, indoor: 1, status: 'verified', created_at: TODAY, updated_at: TODAY,
  } as never).execute();
}

/** A query with its parameters written in, for EXPLAIN. */
function inline(query: { sql: string; parameters: readonly unknown[] }): string {
  const literal = (p: unknown): string => (Array.isArray(p) ? `array[${p.map(literal).join(',')}]` : typeof p === 'number' ? String(p) : `'${String(p)}'`);
  return query.parameters.reduce<string>((q, p, i) => q.replace(new RegExp(`\\$${i + 1}(?!\\d)`, 'g'), literal(p)), query.sql);
}

/** The partitions an EXPLAIN's plan reads (scan nodes name them). */
async function partitionsRead(db: Db, query: { sql: string; parameters: readonly unknown[] }): Promise<string[]> {
  const { rows } = await sql.raw<{ 'QUERY PLAN': string }>(`explain (costs off) ${inline(query)}`).execute(db);
  const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
  return [...new Set([...plan.matchAll(/ on (visits_\w+)/g)].map((m) => m[1]!))].sort();
}

const pgOnly = inject('postgresAvailable') ? describe : describe.skip;

pgOnly('visits partitioned by day [postgres]', () => {
  let handle: DatabaseHandle | undefined;
  let drop: () => Promise<void> = async () => undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
    await drop();
  });

  async function open(): Promise<Db> {
    const scratch = await createScratchDatabase();
    drop = scratch.drop;
    handle = openDatabase({ dialect: 'postgres', url: scratch.url }, { poolSize: 3 });
    return handle.db;
  }

  it('migrates a table with data keeping every row, and routes new days to day partitions', async () => {
    const db = await open();
    await migrateTo(db, LAST_BEFORE, KEY);
    await ensureDefaultRegions(db, systemClock);
    await addVenue(db, 'venue-1');
    const rows = Array.from({ length: 2000 }, (_, i) => {
      const tIn = TODAY - 20 * DAY + i * 13 * 60_000 + (i % 7);
      return visit(newId(tIn), 'venue-1', tIn, i % 50 === 0 ? null : tIn + HOUR, i % 10 === 0 ? { client_key: `ck-${i}`, source: 'offline' } : {});
    });
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('visits').values(rows.slice(i, i + 500)).execute();
    const before = await db.selectFrom('visits').selectAll().orderBy('id').execute();

    await migrateToLatest(db, KEY);

    const after = await db.selectFrom('visits').selectAll().orderBy('id').execute();
    expect(after.length).toBe(2000);
    expect(after).toEqual(before);
    const parts = await visitPartitions(db);
    const legacy = parts.find((p) => p.name === 'visits_legacy');
    expect(legacy).toMatchObject({ from: null, to: TODAY + DAY });
    expect(parts.at(-1)).toMatchObject({ name: 'visits_default', to: null });
    expect(parts.map((p) => p.name)).toContain(dayName(TODAY + 7 * DAY));
    const { rows: keys } = await sql<{ def: string }>`select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'visits_pkey'`.execute(db);
    expect(keys[0]!.def).toBe('PRIMARY KEY (id, t_in)');

    // Tomorrow's visit goes to its day partition, today's to the legacy one, one beyond the horizon to the default.
    const tomorrow = TODAY + DAY + 9 * HOUR;
    const far = TODAY + 30 * DAY;
    await db.insertInto('visits').values([visit(newId(tomorrow), 'venue-1', tomorrow, null), visit(newId(TODAY + HOUR), 'venue-1', TODAY + HOUR, null), visit(newId(far), 'venue-1', far, null)]).execute();
    const where = async (t: number) => (await sql<{ part: string }>`select tableoid::regclass::text as part from visits where t_in = ${t}`.execute(db)).rows[0]!.part;
    expect(await where(tomorrow)).toBe(dayName(tomorrow));
    expect(await where(TODAY + HOUR)).toBe('visits_legacy');
    expect(await where(far)).toBe('visits_default');
    // The job creating that day moves the row out of the default.
    const kept = await keepVisitPartitions(db, far);
    expect(kept?.created).toContain(dayName(far));
    expect(await where(far)).toBe(dayName(far));
    expect(Number((await sql<{ n: string }>`select count(*) as n from visits_default`.execute(db)).rows[0]!.n)).toBe(0);

    // An offline replay (same client key and claimed time) is not stored twice.
    const offline = rows[10]!;
    const again = await db.insertInto('visits').values({ ...offline, id: newId(offline.t_in) }).onConflict((oc) => oc.columns(['client_key', 't_in']).doNothing()).executeTakeFirst();
    expect(Number(again.numInsertedOrUpdatedRows ?? 0)).toBe(0);

    // The legacy partition empties through the row purge and is dropped once past the window; open visits stay.
    const purged = await purgeExpiredVisits(db, TODAY + 15 * DAY, 14);
    expect(purged.visits).toBe(before.filter((v) => v.t_out !== null).length);
    expect((await visitPartitions(db)).map((p) => p.name)).toContain('visits_legacy');
    await db.updateTable('visits').set({ t_out: TODAY + 2 * HOUR }).where('t_in', '<', TODAY + DAY).where('t_out', 'is', null).execute();
    const second = await purgeExpiredVisits(db, TODAY + 15 * DAY, 14);
    expect(second.partitionsDropped).toEqual(['visits_legacy']);
    expect(second.visits).toBe(before.filter((v) => v.t_out === null).length + 1);
  });

  it('takes the prepared keys and proven bound (the live path: nothing left to scan under the lock)', async () => {
    const db = await open();
    await migrateTo(db, LAST_BEFORE, KEY);
    await ensureDefaultRegions(db, systemClock);
    await addVenue(db, 'venue-1');
    const rows = Array.from({ length: 300 }, (_, i) => visit(newId(TODAY - i * HOUR), 'venue-1', TODAY - i * HOUR, TODAY - i * HOUR + 60_000));
    await db.insertInto('visits').values(rows).execute();
    // The steps of docs/architecture.md, run while check-ins go on (none takes a lock that stops them).
    const bound = TODAY + 2 * DAY;
    await sql`create unique index concurrently visits_legacy_id_t_in_key on visits (id, t_in)`.execute(db);
    await sql`create unique index concurrently visits_legacy_client_key_t_in_key on visits (client_key, t_in)`.execute(db);
    await sql.raw(`alter table visits add constraint visits_legacy_t_in_range check (t_in < ${bound}) not valid`).execute(db);
    await sql`alter table visits validate constraint visits_legacy_t_in_range`.execute(db);
    const { rows: oids } = await sql<{ oid: number }>`select 'visits_legacy_id_t_in_key'::regclass::oid as oid`.execute(db);

    await migrateToLatest(db, KEY);

    expect((await visitPartitions(db)).find((p) => p.name === 'visits_legacy')).toMatchObject({ from: null, to: bound });
    expect((await visitPartitions(db)).map((p) => p.name)).toContain(dayName(bound));
    expect((await visitPartitions(db)).map((p) => p.name)).not.toContain(dayName(TODAY + DAY));
    const { rows: same } = await sql<{ oid: number }>`select 'visits_legacy_id_t_in_key'::regclass::oid as oid`.execute(db);
    expect(same[0]!.oid).toBe(oids[0]!.oid);
    expect(Number((await db.selectFrom('visits').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(300);

    // down() gives one table back with every row, and up() partitions it again.
    await migrateTo(db, LAST_BEFORE, KEY);
    expect((await sql<{ kind: string }>`select relkind as kind from pg_class where oid = 'visits'::regclass`.execute(db)).rows[0]!.kind).toBe('r');
    expect(Number((await db.selectFrom('visits').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(300);
    await migrateToLatest(db, KEY);
    expect((await visitPartitions(db)).map((p) => p.name)).toContain('visits_legacy');
  });

  it('takes the covering venue index built beforehand partition by partition (the live path of 2026-12-10-01), not a half-built one', async () => {
    const db = await open();
    await migrateTo(db, '2026-12-09-01-open-data-days', KEY);
    await ensureDefaultRegions(db, systemClock);
    await addVenue(db, 'venue-1');
    await db.insertInto('visits').values(Array.from({ length: 40 }, (_, i) => visit(newId(TODAY + i * 2 * HOUR), 'venue-1', TODAY + i * 2 * HOUR, TODAY + i * 2 * HOUR + HOUR))).execute();
    const columns = '(venue_id, t_in) include (t_out, person_key, id, estimated)';
    await sql.raw(`create index visits_venue_t_in_cover_idx on only visits ${columns}`).execute(db);
    const parts = (await sql<{ name: string }>`select inhrelid::regclass::text as name from pg_inherits where inhparent = 'visits'::regclass order by 1`.execute(db)).rows.map((r) => r.name);
    expect(parts.length).toBeGreaterThan(2);
    const prepare = async (part: string) => {
      await sql.raw(`create index concurrently ${part}_venue_cover_idx on ${part} ${columns}`).execute(db);
      await sql.raw(`alter index visits_venue_t_in_cover_idx attach partition ${part}_venue_cover_idx`).execute(db);
    };
    await prepare(parts[0]!);
    await expect(migrateToLatest(db, KEY)).rejects.toThrow(/not valid/);
    for (const part of parts.slice(1)) await prepare(part);

    await migrateToLatest(db, KEY);

    const definition = async () => (await sql<{ def: string }>`select pg_get_indexdef('visits_venue_t_in_idx'::regclass) as def`.execute(db)).rows[0]!.def;
    expect(await definition()).toContain('(venue_id, t_in) INCLUDE (t_out, person_key, id, estimated)');
    const attached = async () => (await sql<{ name: string }>`select inhrelid::regclass::text as name from pg_inherits where inhparent = 'visits_venue_t_in_idx'::regclass order by 1`.execute(db)).rows.map((r) => r.name);
    expect(await attached()).toEqual(parts.map((p) => `${p}_venue_cover_idx`).sort());
    // A day partition made later gets the index too.
    await sql`select jb_ensure_visit_partitions(${TODAY + 20 * DAY}::bigint, 0)`.execute(db);
    expect((await attached()).length).toBe(parts.length + 1);

    await migrateTo(db, '2026-12-09-01-open-data-days', KEY);
    expect(await definition()).not.toContain('INCLUDE');
    expect(await definition()).toContain('(venue_id, t_in)');
  });

  it('drops whole day partitions past retention, keeps days with an open visit, and prunes visit queries', async () => {
    const db = await open();
    await migrateToLatest(db, KEY);
    await ensureDefaultRegions(db, systemClock);
    await addVenue(db, 'venue-1');
    await addVenue(db, 'venue-2');
    const start = TODAY - 20 * DAY;
    await keepVisitPartitions(db, start);
    const { rows: created } = await sql<{ name: string }>`select jb_ensure_visit_partitions(${start}::bigint, 27) as name`.execute(db);
    expect(created.length).toBeGreaterThan(0);
    const rows = [];
    for (let d = 0; d < 20; d++) for (let h = 0; h < 24; h += 3) rows.push(visit(newId(start + d * DAY + h * HOUR), d % 2 ? 'venue-1' : 'venue-2', start + d * DAY + h * HOUR, start + d * DAY + h * HOUR + HOUR));
    const openVisit = visit(newId(start + 2 * DAY + 5 * HOUR), 'venue-1', start + 2 * DAY + 5 * HOUR, null);
    rows.push(openVisit);
    await db.insertInto('visits').values(rows).execute();
    for (const r of rows) expect((await sql<{ part: string }>`select tableoid::regclass::text as part from visits where id = ${r.id}`.execute(db)).rows[0]!.part).toBe(dayName(r.t_in));
    await db.insertInto('visit_ratings').values({ visit_id: rows[0]!.id, venue_id: rows[0]!.venue_id, region_code: REGION, masks: 3, handwashing: 3, distancing: 3, temperature: 3, cleanliness: 3, comment: 'ramai', at: rows[0]!.t_in + HOUR, person_key: 'pk', origin_key: 'ok', fresh: 0, status: 'counted', held_reason: null }).execute();

    // Retention 14 days at TODAY + 6 h: days start .. start+5 are wholly past; day start+2 holds an open visit.
    const now = TODAY + 6 * HOUR;
    const limit = now - 14 * DAY;
    const result = await purgeExpiredVisits(db, now, 14);
    const dropped = Array.from({ length: 6 }, (_, d) => dayName(start + d * DAY)).filter((n) => n !== dayName(start + 2 * DAY));
    expect(result.partitionsDropped).toEqual(dropped);
    const expected = rows.filter((r) => r.t_in < limit && r.t_out !== null).length;
    expect(result.visits).toBe(expected);
    const left = await db.selectFrom('visits').select(['id', 't_in', 't_out']).execute();
    expect(left.length).toBe(rows.length - expected);
    expect(left.some((v) => v.id === openVisit.id)).toBe(true);
    expect(left.every((v) => Number(v.t_in) >= limit || v.t_out === null)).toBe(true);
    const names = (await visitPartitions(db)).map((p) => p.name);
    expect(names).toContain(dayName(start + 2 * DAY));
    for (const n of dropped) expect(names).not.toContain(n);
    const rating = await db.selectFrom('visit_ratings').selectAll().executeTakeFirstOrThrow();
    expect(rating).toMatchObject({ comment: null, person_key: null, masks: 3 });

    // Look-ups by id find the visit (bound by its id's time) and EXPLAIN shows the window's partitions only.
    const probe = rows[rows.length - 10]!;
    expect((await findVisit(db, probe.id))?.t_in).toBe(probe.t_in);
    const from = start + 15 * DAY + 2 * HOUR;
    const to = from + 2 * HOUR;
    const exposure = db
      .selectFrom('visits as v')
      .innerJoin('venues as ve', 've.id', 'v.venue_id')
      .select(['v.id'])
      .where((eb) => eb.or([eb.and([eb('v.venue_id', '=', 'venue-1'), eb('v.t_in', '>=', from - 9 * HOUR), eb('v.t_in', '<', to)])]))
      .compile();
    expect(await partitionsRead(db, exposure)).toEqual([dayName(from - 9 * HOUR), dayName(from)].filter((v, i, a) => a.indexOf(v) === i).sort());
    // The product's own exposure statement (lateral over the case's spans): the plan holds the window's days only.
    const spans = [{ venueId: 'venue-1', tInFrom: from - 9 * HOUR, from, to }, { venueId: 'venue-2', tInFrom: from + DAY, from: from + DAY, to: from + DAY + HOUR }];
    expect(await partitionsRead(db, overlappingOnPostgres(spans).compile(db))).toEqual([...new Set([dayName(from - 9 * HOUR), dayName(from), dayName(from + DAY)])].sort());
    // …and the venue index covers it (migration 2026-12-10-01): index-only scans, t_out filtered on the index entries.
    // A few hundred rows would be read by a sequential scan: index scans are forced, the choice among them is the test.
    await sql`vacuum analyze visits`.execute(db);
    const covered = await db.connection().execute(async (conn) => {
      await sql`set enable_seqscan = off`.execute(conn);
      await sql`set enable_bitmapscan = off`.execute(conn);
      const { rows: lines } = await sql.raw<{ 'QUERY PLAN': string }>(`explain (costs off) ${inline(overlappingOnPostgres(spans).compile(db))}`).execute(conn);
      await sql`reset all`.execute(conn);
      return lines.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(covered).toMatch(/Index Only Scan using visits_p\d+_venue_id_t_in_\w+ on visits_p\d+/);
    expect(covered).not.toMatch(/Index Scan using visits_p/);
    expect(covered).toContain('Filter: ((t_out IS NULL) OR (t_out > s.t_start))');
    const person = db.selectFrom('visits').select('id').where('person_key', '=', 'pk').where('t_in', '>=', from).where('t_in', '<', from + 3 * DAY).compile();
    expect(await partitionsRead(db, person)).toEqual([dayName(from), dayName(from + DAY), dayName(from + 2 * DAY), dayName(from + 3 * DAY)].sort());
    const byId = db.selectFrom('visits').selectAll().where('id', '=', probe.id).where('t_in', '>=', probe.t_in - 2 * DAY).where('t_in', '<=', probe.t_in + DAY).compile();
    expect((await partitionsRead(db, byId)).length).toBeLessThanOrEqual(4);
    // The read paths themselves still answer over partitions.
    expect((await visitTimesOfVenue(db, 'venue-1', from - DAY, from + DAY)).length).toBeGreaterThan(0);
    expect((await visitsOverlapping(db, [{ venueId: 'venue-1', tInFrom: from - DAY, from, to: from + DAY }])).length).toBeGreaterThan(0);
    expect(await personVisits(db, rows[rows.length - 10]!.person_key, probe.t_in - 1, probe.t_in + 1)).toHaveLength(1);
  });
});
