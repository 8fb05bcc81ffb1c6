/**
 * Exposure finding at city scale (issue #6): 10 million visits over 28 days at 20,000 venues; the exposures of a case
 * with 20 visits, measured as server time of the tracing module's own query + core (modules/tracing/exposure-query.ts).
 * SQLite always (a file under /tmp); PostgreSQL when reachable (scratch database, created and dropped).
 * Baseline in the same run: a primary-key read of one venue through Kysely on the same database.
 *
 *   npx tsx bench/exposures.bench.ts
 *   BENCH_VISITS=10000000 BENCH_PG_VISITS=10000000 PG_BENCH_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/exposures.bench.ts
 */
import { rmSync } from 'node:fs';
import { createScratchDatabase, postgresReachable } from '../test/postgres.js';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/server/db/kysely.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { ensureDefaultRegions } from '../src/server/modules/regions/regions.service.js';
import { VENUE_TYPES, usualStayMinutes } from '../src/common/reference/sectors.js';
import { exposuresOf } from '../src/server/modules/tracing/exposure-query.js';
import { visitsOverlapping } from '../src/server/modules/tracing/tracing.read-model.js';
import type { ExposureOptions } from '../src/server/modules/tracing/exposure.js';
import { fixedClock } from '../src/server/shared/clock.js';
import { seededRandom as rng } from '../test/seeded-random.js';

const PG_URL = process.env.PG_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SQLITE_VISITS = Number(process.env.BENCH_VISITS ?? 10_000_000);
const PG_VISITS = Number(process.env.BENCH_PG_VISITS ?? 10_000_000);
const VENUES = 20_000;
const PERSONS = 500_000;
const CASES = 10;
const CASE_VISITS = 20;
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const T0 = Date.parse('2026-11-01T00:00:00Z');
const SPAN = 28 * DAY;
const venueId = (i: number) => `ven${String(i).padStart(6, '0')}`;

function opts(): ExposureOptions {
  // The cases' window: days 10–14 of the 28.
  return {
    windowStart: T0 + 10 * DAY,
    windowEnd: T0 + 14 * DAY,
    now: T0 + SPAN,
    maxStayMs: 24 * 60 * MIN,
    usualStayMs: (t) => usualStayMinutes(t) * MIN,
    closeThresholdMs: () => 15 * MIN,
  };
}

/** Deterministic pseudo-random numbers (mulberry32). */
async function seedVenues(handle: DatabaseHandle): Promise<void> {
  const clock = fixedClock(T0);
  // Not a secret: nothing here is read back with it.
  await migrateToLatest(handle.db, Buffer.alloc(32, 1));
  await ensureDefaultRegions(handle.db, clock);
  const villages = (await handle.db.selectFrom('regions').select('code').where('type', 'in', ['desa', 'kelurahan']).execute()).map((r) => r.code);
  const rand = rng(1);
  for (let start = 0; start < VENUES; start += 500) {
    const rows = [];
    for (let i = start; i < Math.min(VENUES, start + 500); i++) {
      const type = VENUE_TYPES[Math.floor(rand() * VENUE_TYPES.length)]!;
      rows.push({
        id: venueId(i), venue_number: i + 1, name: `Venue ${i}`, sector: type.sector, venue_type: type.code, region_code: villages[i % villages.length]!,
        banjar_code: null, desa_adat_code: null, address: '-', lat: -8.65, lon: 115.22, position_confirmed: 1, point_region_code: null, capacity: 50,
        opens_at: null, closes_at: null, indoor: 1, contact_name: null, contact_phone: null, status: 'verified', status_reason: null,
        compliance_score: null, compliance_badge: 'none', created_by: null, created_at: T0, updated_at: T0, verified_at: T0,
      });
    }
    await handle.db.insertInto('venues').values(rows).execute();
  }
}

const VISIT_INDEXES = ['visits_venue_t_in_idx', 'visits_person_t_in_idx', 'visits_t_in_idx', 'visits_open_person_idx', 'visits_open_t_in_idx'];

/** The cases: CASES people with CASE_VISITS visits each inside days 10–14, 20–120 minutes long. */
function caseVisits(): { person: string; venue: string; tIn: number; tOut: number }[] {
  const rand = rng(7);
  const out = [];
  for (let c = 0; c < CASES; c++) {
    for (let k = 0; k < CASE_VISITS; k++) {
      const tIn = T0 + 10 * DAY + Math.floor((rand() * 4 * DAY) / MIN) * MIN;
      out.push({ person: `case${c}`, venue: venueId(Math.floor(rand() * VENUES)), tIn, tOut: tIn + (20 + Math.floor(rand() * 100)) * MIN });
    }
  }
  return out;
}

async function seedSqlite(handle: DatabaseHandle, n: number): Promise<number> {
  if (handle.driver.dialect !== 'sqlite') throw new Error('sqlite expected');
  const s = handle.driver.sqlite;
  for (const idx of VISIT_INDEXES) s.exec(`drop index if exists ${idx}`);
  s.pragma('synchronous = OFF');
  s.pragma('journal_mode = OFF');
  s.pragma('cache_size = -1000000');
  const insert = s.prepare(`insert into visits (id, venue_id, person_key, name_enc, phone_enc, t_in, t_out, estimated, source, region_code, created_at) values (?, ?, ?, 'x', 'x', ?, ?, ?, 'bench', '51.71', ?)`);
  const started = performance.now();
  const rand = rng(42);
  const batch = s.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const tIn = T0 + Math.floor(rand() * SPAN);
      const open = rand() < 0.02;
      insert.run(`v${i}`, venueId(Math.floor(rand() * VENUES)), `p${Math.floor(rand() * PERSONS)}`, tIn, open ? null : tIn + (10 + Math.floor(rand() * 170)) * MIN, open ? 0 : rand() < 0.2 ? 1 : 0, tIn);
    }
  });
  for (let i = 0; i < n; i += 200_000) batch(i, Math.min(n, i + 200_000));
  const cases = caseVisits();
  s.transaction(() => cases.forEach((v, i) => insert.run(`case-v${i}`, v.venue, v.person, v.tIn, v.tOut, 0, v.tIn)))();
  const loaded = performance.now();
  s.exec('create index visits_venue_t_in_idx on visits (venue_id, t_in)');
  s.exec('create index visits_person_t_in_idx on visits (person_key, t_in)');
  s.exec('analyze');
  console.log(`  SQLite: ${n.toLocaleString('en')} visits inserted in ${((loaded - started) / 1000).toFixed(0)} s, indexes in ${((performance.now() - loaded) / 1000).toFixed(0)} s`);
  return n;
}

async function seedPostgres(handle: DatabaseHandle, n: number): Promise<number> {
  const { db } = handle;
  for (const idx of VISIT_INDEXES) await sql.raw(`drop index if exists ${idx}`).execute(db);
  const started = performance.now();
  // Set-based generation next to the data: one statement per 1 M rows.
  for (let from = 0; from < n; from += 1_000_000) {
    const to = Math.min(n, from + 1_000_000);
    await sql
      .raw(
        `insert into visits (id, venue_id, person_key, name_enc, phone_enc, t_in, t_out, estimated, source, region_code, created_at)
         select 'v' || g, 'ven' || lpad(floor(random() * ${VENUES})::int::text, 6, '0'), 'p' || floor(random() * ${PERSONS})::int,
                'x', 'x', t, case when random() < 0.02 then null else t + (10 + floor(random() * 170)::int) * ${MIN} end,
                case when random() < 0.2 then 1 else 0 end, 'bench', '51.71', t
         from (select g, ${T0}::bigint + floor(random() * ${SPAN})::bigint as t from generate_series(${from}, ${to - 1}) g) s`,
      )
      .execute(db);
  }
  const cases = caseVisits();
  await db
    .insertInto('visits')
    .values(cases.map((v, i) => ({ id: `case-v${i}`, venue_id: v.venue, person_key: v.person, name_enc: 'x', phone_enc: 'x', secret_hash: null, t_in: v.tIn, t_out: v.tOut, out_kind: null, estimated: 0, source: 'bench', entered_by: null, region_code: '51.71', created_at: v.tIn })))
    .execute();
  const loaded = performance.now();
  // As migration 2026-12-10-01 defines it on PostgreSQL (the covering venue index).
  await sql.raw('create index visits_venue_t_in_idx on visits (venue_id, t_in) include (t_out, person_key, id, estimated)').execute(db);
  await sql.raw('create index visits_person_t_in_idx on visits (person_key, t_in)').execute(db);
  await sql.raw('vacuum analyze visits').execute(db);
  console.log(`  PostgreSQL: ${n.toLocaleString('en')} visits inserted in ${((performance.now() - started) / 1000 - (performance.now() - loaded) / 1000).toFixed(0)} s, indexes + analyze in ${((performance.now() - loaded) / 1000).toFixed(0)} s`);
  return n;
}

function stats(samples: number[]): { median: number; p95: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!, max: s[s.length - 1]! };
}

async function measure(label: string, handle: DatabaseHandle, visits: number): Promise<void> {
  const o = opts();
  const rounds = 5;
  // Warm-up: every case once.
  for (let c = 0; c < CASES; c++) await exposuresOf(handle.db, `case${c}`, o);
  const samples: number[] = [];
  let candidates = 0;
  let close = 0;
  let caseVisitsFound = 0;
  for (let r = 0; r < rounds; r++) {
    for (let c = 0; c < CASES; c++) {
      const t = performance.now();
      const res = await exposuresOf(handle.db, `case${c}`, o);
      samples.push(performance.now() - t);
      if (r === 0) {
        candidates += res.candidates.length;
        close += res.candidates.filter((x) => x.classification === 'close').length;
        caseVisitsFound += res.caseVisits.length;
      }
    }
  }
  const base: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await handle.db.selectFrom('venues').select(['id', 'name']).where('id', '=', venueId(i * 97)).executeTakeFirst();
    base.push(performance.now() - t);
  }
  // The same second query without the lower bound on t_in (nor the check-out filter: from 0): what the bounds save.
  const unbounded: number[] = [];
  for (let c = 0; c < 3; c++) {
    const { caseVisits } = await exposuresOf(handle.db, `case${c}`, o);
    const t = performance.now();
    await visitsOverlapping(handle.db, caseVisits.map((v) => ({ venueId: v.venue_id, tInFrom: 0, from: 0, to: Math.min(o.windowEnd, v.t_out ?? o.now) })));
    unbounded.push(performance.now() - t);
  }
  const e = stats(samples);
  const b = stats(base);
  const u = stats(unbounded);
  console.log(`${label} (${visits.toLocaleString('en')} visits, ${VENUES.toLocaleString('en')} venues, ${CASES} cases × ${CASE_VISITS} visits)`);
  console.log(`  per case: ${(caseVisitsFound / CASES).toFixed(0)} visits in window, ${(candidates / CASES).toFixed(1)} candidates (${(close / CASES).toFixed(1)} close)`);
  console.log(`  exposures of a case:       median ${e.median.toFixed(2)} ms, p95 ${e.p95.toFixed(2)} ms, max ${e.max.toFixed(2)} ms (${samples.length} runs)`);
  console.log(`  baseline PK read of venue: median ${b.median.toFixed(3)} ms, p95 ${b.p95.toFixed(3)} ms  → exposures = ${(e.median / b.median).toFixed(0)}× baseline`);
  console.log(`  overlap query without the t_in lower bound: median ${u.median.toFixed(1)} ms`);
}

/** A scratch database on the benchmark's server, or null when none is reachable. */
async function scratchPostgres(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  return (await postgresReachable(PG_URL)) ? createScratchDatabase(PG_URL) : null;
}

async function main() {
  const only = process.env.BENCH_ONLY;
  if (only !== 'postgres') {
    const file = `/tmp/jb-bench-exposures-${process.pid}.sqlite`;
    const sqlite = openDatabase({ dialect: 'sqlite', file });
    try {
      await seedVenues(sqlite);
      await seedSqlite(sqlite, SQLITE_VISITS);
      await measure('SQLite', sqlite, SQLITE_VISITS);
    } finally {
      await sqlite.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    }
  }
  if (only !== 'sqlite') {
    const scratch = await scratchPostgres();
    if (!scratch) {
      console.log(`PostgreSQL not reachable at ${PG_URL}: skipped`);
      return;
    }
    const handle = openDatabase({ dialect: 'postgres', url: scratch.url }, { poolSize: 2 });
    try {
      await seedVenues(handle);
      await seedPostgres(handle, PG_VISITS);
      await measure('PostgreSQL', handle, PG_VISITS);
    } finally {
      await handle.close();
      await scratch.drop();
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
