/**
 * Visits partitioned by day (issue #19), PostgreSQL only: exposure finding for a case of 20 visits, and the retention
 * purge of one day, on the partitioned `visits` (day partitions, migration 2026-12-07-01) against the same rows in an
 * unpartitioned table (the schema before that migration: primary key (id), indexes on (venue_id, t_in) and
 * (person_key, t_in)) as the baseline, in the same run and the same database. The baseline runs the product's own
 * code: a second pool whose search_path puts schema `flat` (holding the plain `visits`) before `public`.
 *
 *   BENCH_VISITS=5000000 npx tsx bench/partitions.bench.ts
 *   BENCH_KEEP=1 …                      keeps the scratch database and prints its name (50 M visits take an hour to build)
 *   BENCH_DATABASE=jb_test_… …          measures again on a kept database: no seeding; each run's purge drops the next day
 *
 * Prints the EXPLAIN plans of the exposure-finding queries and a venue-window query on both tables.
 *
 * Exposure finding before and after the t_out filter and the covering venue index (migration 2026-12-10-01), in the
 * same run on the same partitioned rows: `before` is the statement as it was (`overlappingBefore` below: every visit
 * of the span's t_in range reaches the process) on the plain (venue_id, t_in) index the bench keeps beside the
 * product's (`bench_venue_t_in_plain`); `after` is the product's code on its covering index. Each runs in a
 * transaction that drops the other's index and rolls back, so the planner cannot pick the other. Both give every case
 * the same candidates (checked; the run fails otherwise). The pure core is today's in every variant: they differ in the read
 * only. A third variant, `filter only`, runs the product's statement on the plain index (t_out filtered after the heap
 * fetch): what the index adds.
 */
import { createScratchDatabase, postgresReachable } from '../test/postgres.js';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle, type Db } from '../src/server/db/kysely.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { ensureDefaultRegions } from '../src/server/modules/regions/regions.service.js';
import { VENUE_TYPES, usualStayMinutes } from '../src/common/reference/sectors.js';
import { caseSpans, exposuresOf } from '../src/server/modules/tracing/exposure-query.js';
import { overlappingOnPostgres, personVisits, type OverlapSpan, type VisitRow } from '../src/server/modules/tracing/tracing.read-model.js';
import { earliestRelevantTIn, findExposures, type ExposureCandidate } from '../src/server/modules/tracing/exposure.js';
import { visitSecondaryIndexes } from '../src/server/modules/checkins/checkins.bulk.repository.js';
import { purgeExpiredVisits } from '../src/server/modules/checkins/checkins.jobs.js';
import type { ExposureOptions } from '../src/server/modules/tracing/exposure.js';
import { fixedClock } from '../src/server/shared/clock.js';
import { seededRandom as rng } from '../test/seeded-random.js';

const PG_URL = process.env.PG_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const VISITS = Number(process.env.BENCH_VISITS ?? 5_000_000);
const KEEP = process.env.BENCH_KEEP === '1';
const REUSE = process.env.BENCH_DATABASE;
const VENUES = 20_000;
const PERSONS = 500_000;
const CASES = 10;
const CASE_VISITS = 20;
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const T0 = Date.parse('2026-11-01T00:00:00Z');
const SPAN = 28 * DAY;
const venueId = (i: number) => `ven${String(i).padStart(6, '0')}`;

const opts = (): ExposureOptions => ({
  windowStart: T0 + 10 * DAY,
  windowEnd: T0 + 14 * DAY,
  now: T0 + SPAN,
  maxStayMs: 24 * 60 * MIN,
  usualStayMs: (t) => usualStayMinutes(t) * MIN,
  closeThresholdMs: () => 15 * MIN,
});

const secs = (from: number) => ((performance.now() - from) / 1000).toFixed(0);

async function seed(handle: DatabaseHandle): Promise<void> {
  const db = handle.db;
  await migrateToLatest(db, Buffer.alloc(32, 1));
  await ensureDefaultRegions(db, fixedClock(T0));
  const villages = (await db.selectFrom('regions').select('code').where('type', 'in', ['desa', 'kelurahan']).execute()).map((r) => r.code);
  const rand = rng(1);
  for (let start = 0; start < VENUES; start += 500) {
    const rows = [];
    for (let i = start; i < Math.min(VENUES, start + 500); i++) {
      const type = VENUE_TYPES[Math.floor(rand() * VENUE_TYPES.length)]!;
      rows.push({
        id: venueId(i), venue_number: i + 1, name: `Venue ${i}`, sector: type.sector, venue_type: type.code, region_code: villages[i % villages.length]!,
        address: '-', lat: -8.65, lon: 115.22, capacity: 50, indoor: 1, status: 'verified', created_at: T0, updated_at: T0,
      });
    }
    await db.insertInto('venues').values(rows as never).execute();
  }
  // The 28 days' partitions, then the rows without the secondary indexes (built after, as a restore would).
  await sql`select jb_ensure_visit_partitions(${T0}::bigint, 28)`.execute(db);
  // As the migrations define them (read from the database, as the synthetic city's bulk load does).
  const indexes = (await visitSecondaryIndexes(handle)).filter((i) => ['visits_venue_t_in_idx', 'visits_person_t_in_idx', 'visits_open_t_in_idx'].includes(i.name));
  for (const idx of indexes) await sql.raw(`drop index ${idx.name}`).execute(db);
  let started = performance.now();
  for (let from = 0; from < VISITS; from += 1_000_000) {
    const to = Math.min(VISITS, from + 1_000_000);
    // Open visits only on the last day (older ones have been auto-closed, as in production).
    await sql
      .raw(
        `insert into visits (id, venue_id, person_key, name_enc, phone_enc, t_in, t_out, estimated, source, region_code, created_at)
         select 'v' || g, 'ven' || lpad(floor(random() * ${VENUES})::int::text, 6, '0'), 'p' || floor(random() * ${PERSONS})::int,
                'x', 'x', t, case when t > ${T0 + SPAN - DAY} and random() < 0.3 then null else t + (10 + floor(random() * 170)::int) * ${MIN} end,
                0, 'bench', '51.71', t
         from (select g, ${T0}::bigint + floor(random() * ${SPAN})::bigint as t from generate_series(${from}, ${to - 1}) g) s`,
      )
      .execute(db);
  }
  const r2 = rng(7);
  const cases = [];
  for (let c = 0; c < CASES; c++) {
    for (let k = 0; k < CASE_VISITS; k++) {
      const tIn = T0 + 10 * DAY + Math.floor((r2() * 4 * DAY) / MIN) * MIN;
      cases.push({ id: `case-v${c}-${k}`, venue_id: venueId(Math.floor(r2() * VENUES)), person_key: `case${c}`, name_enc: 'x', phone_enc: 'x', t_in: tIn, t_out: tIn + (20 + Math.floor(r2() * 100)) * MIN, estimated: 0, source: 'bench', region_code: '51.71', created_at: tIn });
    }
  }
  await db.insertInto('visits').values(cases).execute();
  console.log(`  partitioned: ${VISITS.toLocaleString('en')} visits generated in ${secs(started)} s`);
  started = performance.now();
  await sql`create schema flat`.execute(db);
  await sql`create table flat.visits (like public.visits including defaults)`.execute(db);
  await sql`insert into flat.visits select * from public.visits`.execute(db);
  console.log(`  unpartitioned copy in ${secs(started)} s`);
  started = performance.now();
  for (const idx of indexes) await sql.raw(idx.definition).execute(db);
  await sql`alter table flat.visits add primary key (id)`.execute(db);
  await sql`create index on flat.visits (person_key, t_in)`.execute(db);
  await sql`create index on flat.visits (t_in) where t_out is null`.execute(db);
  await benchIndexes(db);
  await sql`vacuum analyze`.execute(db);
  console.log(`  indexes + analyze (both) in ${secs(started)} s`);
}

/**
 * The bench's own indexes, also on a kept database built before migration 2026-12-10-01: the plain venue index of
 * before, for the `before` statement, and the one table's venue index as the product now defines it (the baseline is
 * the table, not the index).
 */
async function benchIndexes(db: Db): Promise<void> {
  await sql`create index if not exists bench_venue_t_in_plain on public.visits (venue_id, t_in)`.execute(db);
  await sql`drop index if exists flat.visits_venue_id_t_in_idx`.execute(db);
  await sql`create index if not exists visits_venue_cover_idx on flat.visits (venue_id, t_in) include (t_out, person_key, id, estimated)`.execute(db);
}

/** The exposure statement before the t_out filter (as it was up to migration 2026-12-09-01's release). */
function overlappingBefore(spans: readonly OverlapSpan[]) {
  return sql<VisitRow>`
    select v.id, v.venue_id, v.person_key, v.t_in, v.t_out, v.estimated, ve.venue_type
      from unnest(${spans.map((s) => s.venueId)}::text[], ${spans.map((s) => s.tInFrom)}::bigint[], ${spans.map((s) => s.to)}::bigint[]) as s(venue_id, t_from, t_to)
      cross join lateral (select v.id, v.venue_id, v.person_key, v.t_in, v.t_out, v.estimated from visits v
                           where v.venue_id = s.venue_id and v.t_in >= s.t_from and v.t_in < s.t_to
                             and v.t_in >= ${Math.min(...spans.map((s) => s.tInFrom))}::bigint and v.t_in < ${Math.max(...spans.map((s) => s.to))}::bigint
                           offset 0) v
      join venues ve on ve.id = v.venue_id`;
}

const toSpan = (v: VisitRow) => ({ visitId: v.id, personKey: v.person_key, venueId: v.venue_id, venueType: v.venue_type, tIn: Number(v.t_in), tOut: v.t_out === null ? null : Number(v.t_out), estimated: Number(v.estimated) === 1 });

/** exposuresOf as it was: the same two reads and core, the second read without the t_out filter. */
async function exposuresBefore(db: Db, personKey: string, o: ExposureOptions): Promise<ExposureCandidate[]> {
  const caseVisits = await personVisits(db, personKey, earliestRelevantTIn(o.windowStart, o.maxStayMs), o.windowEnd);
  const { rows } = await overlappingBefore(caseSpans(caseVisits, o)).execute(db);
  const others = [...new Map(rows.map((r) => [r.id, r])).values()];
  return findExposures(caseVisits.map(toSpan), others.map(toSpan), o);
}

/** The rows the second read of a case sends to the process, before and after (untimed). */
async function rowsSent(db: Db, personKey: string, o: ExposureOptions, statement: typeof overlappingBefore | typeof overlappingOnPostgres): Promise<number> {
  const caseVisits = await personVisits(db, personKey, earliestRelevantTIn(o.windowStart, o.maxStayMs), o.windowEnd);
  return (await statement(caseSpans(caseVisits, o)).execute(db)).rows.length;
}

class Rollback extends Error {}

/** `fn` with one index of visits dropped for it alone: a transaction rolled back (the DROP holds ACCESS EXCLUSIVE meanwhile). */
async function without<T>(db: Db, index: string, fn: (trx: Db) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await db
    .transaction()
    .execute(async (trx) => {
      await sql.raw(`drop index ${index}`).execute(trx);
      out = await fn(trx);
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return out!;
}

/**
 * Exposure finding before and after, alternating passes; same candidates checked. Three variants: `before` (the old
 * statement, plain index), `filter only` (the product's statement on the plain index: t_out filtered after the heap
 * fetch) and `after` (the product's statement on its covering index: index-only).
 */
async function beforeAfter(db: Db): Promise<void> {
  const o = opts();
  const variants = [
    { label: 'before', drop: 'visits_venue_t_in_idx', run: (trx: Db, c: string) => exposuresBefore(trx, c, o), statement: overlappingBefore },
    { label: 'filter only', drop: 'visits_venue_t_in_idx', run: async (trx: Db, c: string) => (await exposuresOf(trx, c, o)).candidates, statement: overlappingOnPostgres },
    { label: 'after', drop: 'bench_venue_t_in_plain', run: async (trx: Db, c: string) => (await exposuresOf(trx, c, o)).candidates, statement: overlappingOnPostgres },
  ].map((v) => ({ ...v, samples: [] as number[], rows: 0, answers: [] as string[] }));
  for (let p = 0; p < 2; p++) {
    for (const v of variants) {
      await without(db, v.drop, async (trx) => {
        for (let c = 0; c < CASES; c++) await v.run(trx, `case${c}`);
        for (let r = 0; r < 10; r++) {
          for (let c = 0; c < CASES; c++) {
            const t = performance.now();
            const candidates = await v.run(trx, `case${c}`);
            v.samples.push(performance.now() - t);
            if (p === 0 && r === 0) {
              v.rows += await rowsSent(trx, `case${c}`, o, v.statement);
              v.answers.push(JSON.stringify(candidates));
            }
          }
        }
      });
    }
  }
  const [before] = variants;
  for (const v of variants) if (v.answers.length !== CASES || v.answers.some((a, i) => a !== before!.answers[i])) throw new Error(`${v.label}: other candidates than before`);
  const candidates = before!.answers.reduce((n, a) => n + (JSON.parse(a) as unknown[]).length, 0) / CASES;
  console.log(`  same candidates in every variant for all ${CASES} cases (${candidates.toFixed(1)} per case)`);
  const med = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)]!;
  for (const v of variants) {
    console.log(`  ${v.label.padEnd(14)} rows reaching the process per case ${(v.rows / CASES).toFixed(0)}; exposures of a case: ${stats(v.samples)}; before / this median ${(med(before!.samples) / med(v.samples)).toFixed(2)}×`);
  }
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
  return `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms, max ${s[s.length - 1]!.toFixed(2)} ms (${s.length} runs)`;
}

async function exposures(label: string, db: Db): Promise<void> {
  const o = opts();
  for (let c = 0; c < CASES; c++) await exposuresOf(db, `case${c}`, o);
  const samples: number[] = [];
  let candidates = 0;
  for (let r = 0; r < 10; r++) {
    for (let c = 0; c < CASES; c++) {
      const t = performance.now();
      const res = await exposuresOf(db, `case${c}`, o);
      samples.push(performance.now() - t);
      if (r === 0) candidates += res.candidates.length;
    }
  }
  console.log(`  ${label.padEnd(14)} exposures of a case (${(candidates / CASES).toFixed(1)} candidates): ${stats(samples)}`);
}

async function plan(db: Db, text: string | { sql: string; parameters: readonly unknown[] }): Promise<string> {
  if (typeof text !== 'string') {
    const literal = (p: unknown): string => (Array.isArray(p) ? `array[${p.map(literal).join(',')}]` : typeof p === 'number' ? String(p) : `'${String(p)}'`);
    text = text.parameters.reduce<string>((q, p, i) => q.replace(new RegExp(`\\$${i + 1}(?!\\d)`, 'g'), literal(p)), text.sql);
  }
  const { rows } = await sql.raw<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off, timing off, summary off) ${text}`).execute(db);
  return rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n');
}

async function plans(label: string, db: Db): Promise<void> {
  const { caseVisits } = await exposuresOf(db, 'case0', opts());
  const v = caseVisits[0]!;
  const product = <T>(fn: (trx: Db) => Promise<T>) => (label === 'partitioned' ? without(db, 'bench_venue_t_in_plain', fn) : fn(db));
  console.log(`  ${label}: a case's visits in the window (person_key, t_in)`);
  console.log(await product((trx) => plan(trx, `select v.id from visits v join venues ve on ve.id = v.venue_id where v.person_key = 'case0' and v.t_in >= ${T0 + 9 * DAY} and v.t_in < ${T0 + 14 * DAY}`)));
  console.log(`  ${label}: visits overlapping one case visit (venue_id, t_in >= start − longest stay)`);
  console.log(await product((trx) => plan(trx, `select v.id from visits v join venues ve on ve.id = v.venue_id where v.venue_id = '${v.venue_id}' and v.t_in >= ${v.t_in - DAY} and v.t_in < ${v.t_out}`)));
  if (label === 'partitioned') {
    // The product's own statement for the 20 spans of case0 (visitsOverlapping on PostgreSQL), as exposuresOf builds them.
    const spans = caseSpans(caseVisits, opts());
    console.log(`  ${label}, before: the exposure statement without the t_out filter, plain (venue_id, t_in) index, ${spans.length} spans`);
    console.log(await without(db, 'visits_venue_t_in_idx', (trx) => plan(trx, overlappingBefore(spans).compile(trx))));
    console.log(`  ${label}, filter only: the exposure statement with the t_out filter on the plain (venue_id, t_in) index`);
    console.log(await without(db, 'visits_venue_t_in_idx', (trx) => plan(trx, overlappingOnPostgres(spans).compile(trx))));
    console.log(`  ${label}, after: the exposure statement for all ${spans.length} spans (lateral over unnest; t_out filtered on the covering index)`);
    console.log(await without(db, 'bench_venue_t_in_plain', (trx) => plan(trx, overlappingOnPostgres(spans).compile(trx))));
  }
}

async function purge(label: string, db: Db, dayNumber: number): Promise<void> {
  const t = performance.now();
  // Retention 27 days at the end of day 27 + dayNumber: the oldest day left goes.
  const result = await purgeExpiredVisits(db, T0 + SPAN + (dayNumber - 1) * DAY, 27);
  console.log(`  ${label.padEnd(14)} retention purge of one day: ${(performance.now() - t).toFixed(0)} ms, ${result.visits.toLocaleString('en')} visits${result.partitionsDropped ? ` (dropped ${result.partitionsDropped.join(', ')})` : ''}`);
}

/** A kept database, or a new scratch one; the purge of a reused database drops the day after the last run's. */
async function database(): Promise<{ url: string; fresh: boolean; drop: () => Promise<void> }> {
  if (!REUSE) return { ...(await createScratchDatabase(PG_URL)), fresh: true };
  if (!/^jb_test_[a-z0-9_]+$/.test(REUSE)) throw new Error('BENCH_DATABASE: a jb_test_… name printed by a BENCH_KEEP=1 run');
  const url = new URL(PG_URL);
  url.pathname = `/${REUSE}`;
  return { url: url.toString(), fresh: false, drop: async () => {} };
}

async function main(): Promise<void> {
  if (!(await postgresReachable(PG_URL))) {
    console.log(`PostgreSQL not reachable at ${PG_URL}: skipped`);
    return;
  }
  const scratch = await database();
  const partitioned: DatabaseHandle = openDatabase({ dialect: 'postgres', url: scratch.url }, { poolSize: 2 });
  const flat: DatabaseHandle = openDatabase({ dialect: 'postgres', url: scratch.url }, { poolSize: 2 });
  if (flat.driver.dialect !== 'postgres' || partitioned.driver.dialect !== 'postgres') throw new Error('postgres expected');
  // Index builds at 50 M sort in memory rather than in many temporary files (the server default is 64 MB).
  partitioned.driver.pool.on('connect', (client) => void client.query(`set maintenance_work_mem = '1GB'`));
  flat.driver.pool.on('connect', (client) => void client.query('set search_path = flat, public'));
  try {
    let run = 1;
    if (scratch.fresh) {
      console.log(`Visits partitioned by day vs one table, PostgreSQL, ${VISITS.toLocaleString('en')} visits over 28 days, ${VENUES.toLocaleString('en')} venues`);
      await seed(partitioned);
      await sql`create table flat.bench_runs (run int primary key)`.execute(partitioned.db);
    } else {
      const { rows } = await sql<{ n: number; visits: string }>`select coalesce(max(run), 0) + 1 as n, (select reltuples::bigint::text from pg_class where oid = 'flat.visits'::regclass) as visits from flat.bench_runs`.execute(partitioned.db);
      run = rows[0]!.n;
      console.log(`Visits partitioned by day vs one table, PostgreSQL, kept database ${REUSE} (≈ ${Number(rows[0]!.visits).toLocaleString('en')} visits), run ${run}`);
      // A database kept by an older build: its pending migrations (timed: what they cost on these rows), then the bench's indexes.
      const started = performance.now();
      const applied = await migrateToLatest(partitioned.db, Buffer.alloc(32, 1));
      if (applied.length > 0) console.log(`  migrated (${applied.join(', ')}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      await benchIndexes(partitioned.db);
    }
    await sql`insert into flat.bench_runs (run) values (${run})`.execute(partitioned.db);
    const check = await sql<{ t: string }>`select n.nspname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = to_regclass('visits')`.execute(flat.db);
    if (check.rows[0]!.t !== 'flat') throw new Error(`baseline pool reads ${check.rows[0]!.t}`);
    // The product's schema: its covering venue index, without the bench's plain one.
    await without(partitioned.db, 'bench_venue_t_in_plain', (trx) => exposures('partitioned', trx));
    await exposures('one table', flat.db);
    await beforeAfter(partitioned.db);
    await plans('partitioned', partitioned.db);
    await plans('one table', flat.db);
    await purge('partitioned', partitioned.db, run);
    await purge('one table', flat.db, run);
  } finally {
    await flat.close();
    await partitioned.close();
    if (KEEP || !scratch.fresh) console.log(`  database kept: BENCH_DATABASE=${new URL(scratch.url).pathname.slice(1)}`);
    else await scratch.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
