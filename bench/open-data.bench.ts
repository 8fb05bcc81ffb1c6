/**
 * Open data and check-ins per day from the daily roll-ups vs the same answer by scanning visits (issue #17).
 * SQLite always (a file under /tmp); PostgreSQL when reachable (scratch database, created and dropped).
 *
 *   npx tsx bench/open-data.bench.ts
 *   BENCH_VISITS=3000000 BENCH_PG_VISITS=3000000 BENCH_ONLY=sqlite|postgres npx tsx bench/open-data.bench.ts
 *
 * Data: BENCH_VISITS visits over 28 days at 2,000 venues spread over the city's 43 desa, the venue and desa roll-ups
 * as the write path leaves them (built here with one aggregate, like the migration's backfill), and two years of zone
 * history, new cases and violations per desa. Measured, median of ROUNDS after a warm-up:
 *   A  the open data of 28 days per desa (the service's whole answer without its cache: regions, four roll-ups, rows,
 *      suppression, JSON) vs the check-ins part of it by scanning visits (group by desa and day over 28 days);
 *   B  one desa's check-ins per day over 28 days: checkinsPerDay(desa, …) vs a scan of its visits;
 *   C  the open data of 366 days per kecamatan (roll-ups only: visits are kept 21 days, so no scan can answer it).
 * The ratio scan / roll-up is the figure to compare across machines.
 */
import { rmSync } from 'node:fs';
import { sql } from 'kysely';
import { createScratchDatabase, postgresReachable } from '../test/postgres.js';
import { openDatabase, type DatabaseHandle } from '../src/server/db/kysely.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { createRegionsService, ensureDefaultRegions } from '../src/server/modules/regions/index.js';
import { createCheckinRollups } from '../src/server/modules/checkins/index.js';
import { createOpenDataService } from '../src/server/modules/open-data/index.js';
import { openDataSources } from '../src/server/app.js';
import { fixedClock } from '../src/server/shared/clock.js';
import { addDaysToDate } from '../src/server/shared/local-time.js';
import { seededRandom as rng } from '../test/seeded-random.js';

const PG_URL = process.env.PG_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SQLITE_VISITS = Number(process.env.BENCH_VISITS ?? 3_000_000);
const PG_VISITS = Number(process.env.BENCH_PG_VISITS ?? 3_000_000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const VENUES = 2_000;
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const WITA = 8 * 60 * MIN;
// Local midnight of 2026-11-01 (WITA, UTC+8): the 28 days of visits start there.
const FIRST_DAY = '2026-11-01';
const T0 = Date.parse(`${FIRST_DAY}T00:00:00Z`) - WITA;
const LAST_DAY = addDaysToDate(FIRST_DAY, 27);
const venueId = (i: number) => `ven${String(i).padStart(6, '0')}`;

async function seedCommon(handle: DatabaseHandle): Promise<string[]> {
  await migrateToLatest(handle.db, Buffer.alloc(32, 1));
  await ensureDefaultRegions(handle.db, fixedClock(T0));
  const villages = (await handle.db.selectFrom('regions').select('code').where('type', 'in', ['desa', 'kelurahan']).orderBy('code').execute()).map((r) => r.code);
  for (let start = 0; start < VENUES; start += 500) {
    const rows = [];
    for (let i = start; i < Math.min(VENUES, start + 500); i++) {
      rows.push({
        id: venueId(i), venue_number: i + 1, name: `Venue ${i}`, sector: 'trade', venue_type: 'warung', region_code: villages[i % villages.length]!,
        banjar_code: null, desa_adat_code: null, address: '-', lat: -8.65, lon: 115.22, position_confirmed: 1, point_region_code: null, capacity: 50,
        opens_at: null, closes_at: null, indoor: 1, contact_name: null, contact_phone_enc: null, status: 'verified', status_reason: null,
        compliance_score: null, compliance_badge: 'none', created_by: null, created_at: T0, updated_at: T0, verified_at: T0,
      });
    }
    await handle.db.insertInto('venues').values(rows).execute();
  }
  // Two years of daily zone history, new cases and violations per desa.
  const rand = rng(3);
  const colours = ['green', 'yellow', 'orange', 'red'];
  for (let d = -730 + 28; d < 28; d += 20) {
    const zones = [];
    const cases = [];
    const violations = [];
    for (let k = d; k < Math.min(28, d + 20); k++) {
      const day = addDaysToDate(FIRST_DAY, k);
      for (const v of villages) {
        const active = Math.floor(rand() * 30);
        zones.push({ region_code: v, date: day, active_cases: active, colour: colours[active < 3 ? 0 : active < 11 ? 1 : active < 41 ? 2 : 3]!, count_date: day, thresholds_version_id: null, computed_at: T0 });
        cases.push({ region_code: v, day, new_cases: Math.floor(rand() * 8) });
        violations.push({ region_code: v, day, violations: Math.floor(rand() * 12) });
      }
    }
    await handle.db.insertInto('zone_history').values(zones).execute();
    await handle.db.insertInto('case_daily_desa').values(cases).execute();
    await handle.db.insertInto('violation_daily_desa').values(violations).execute();
  }
  return villages;
}

const VISIT_INDEXES = ['visits_venue_t_in_idx', 'visits_person_t_in_idx', 'visits_t_in_idx', 'visits_open_person_idx', 'visits_open_t_in_idx'];

/** The roll-ups the write path would have left: one aggregate over the visits (the migration's backfill). */
async function buildRollups(handle: DatabaseHandle, postgres: boolean): Promise<number> {
  const started = performance.now();
  const day = postgres ? `to_char(to_timestamp((t_in + ${WITA}) / 1000.0) at time zone 'UTC', 'YYYY-MM-DD')` : `date((t_in + ${WITA}) / 1000, 'unixepoch')`;
  await sql.raw(`insert into checkin_daily_venue (venue_id, day, region_code, checkins) select venue_id, ${day}, min(region_code), count(*) from visits group by venue_id, ${day}`).execute(handle.db);
  await sql.raw('insert into checkin_daily_desa (region_code, day, checkins) select region_code, day, sum(checkins) from checkin_daily_venue group by region_code, day').execute(handle.db);
  await sql.raw(postgres ? 'vacuum analyze' : 'analyze').execute(handle.db);
  return (performance.now() - started) / 1000;
}

async function seedSqlite(handle: DatabaseHandle, n: number, villages: string[]): Promise<void> {
  if (handle.driver.dialect !== 'sqlite') throw new Error('sqlite expected');
  const s = handle.driver.sqlite;
  for (const idx of VISIT_INDEXES) s.exec(`drop index if exists ${idx}`);
  s.pragma('synchronous = OFF');
  s.pragma('cache_size = -500000');
  const insert = s.prepare(`insert into visits (id, venue_id, person_key, name_enc, phone_enc, t_in, t_out, estimated, source, region_code, created_at) values (?, ?, ?, 'x', 'x', ?, ?, 0, 'bench', ?, ?)`);
  const started = performance.now();
  const rand = rng(42);
  const batch = s.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const tIn = T0 + Math.floor(rand() * 28 * DAY);
      const v = Math.floor(rand() * VENUES);
      insert.run(`v${i}`, venueId(v), `p${Math.floor(rand() * 500_000)}`, tIn, tIn + 60 * MIN, villages[v % villages.length]!, tIn);
    }
  });
  for (let i = 0; i < n; i += 200_000) batch(i, Math.min(n, i + 200_000));
  const loaded = performance.now();
  s.exec('create index visits_venue_t_in_idx on visits (venue_id, t_in)');
  s.exec('create index visits_t_in_idx on visits (t_in)');
  const rollups = await buildRollups(handle, false);
  console.log(`  SQLite: ${n.toLocaleString('en')} visits inserted in ${((loaded - started) / 1000).toFixed(0)} s, indexes ${((performance.now() - loaded) / 1000 - rollups).toFixed(0)} s, roll-ups ${rollups.toFixed(0)} s`);
}

async function seedPostgres(handle: DatabaseHandle, n: number, villages: string[]): Promise<void> {
  const { db } = handle;
  for (const idx of VISIT_INDEXES) await sql.raw(`drop index if exists ${idx}`).execute(db);
  const started = performance.now();
  const desaArray = `array[${villages.map((v) => `'${v}'`).join(',')}]`;
  for (let from = 0; from < n; from += 1_000_000) {
    const to = Math.min(n, from + 1_000_000);
    await sql
      .raw(
        `insert into visits (id, venue_id, person_key, name_enc, phone_enc, t_in, t_out, estimated, source, region_code, created_at)
         select 'v' || g, 'ven' || lpad(v::text, 6, '0'), 'p' || floor(random() * 500000)::int, 'x', 'x', t, t + ${60 * MIN}, 0, 'bench',
                (${desaArray})[(v % ${villages.length}) + 1], t
           from (select g, floor(random() * ${VENUES})::int as v, ${T0}::bigint + floor(random() * ${28 * DAY})::bigint as t
                   from generate_series(${from}, ${to - 1}) g) s`,
      )
      .execute(db);
  }
  const loaded = performance.now();
  await sql.raw('create index visits_venue_t_in_idx on visits (venue_id, t_in)').execute(db);
  await sql.raw('create index visits_t_in_idx on visits (t_in)').execute(db);
  const rollups = await buildRollups(handle, true);
  console.log(`  PostgreSQL: ${n.toLocaleString('en')} visits inserted in ${((loaded - started) / 1000).toFixed(0)} s, indexes ${((performance.now() - loaded) / 1000 - rollups).toFixed(0)} s, roll-ups + analyze ${rollups.toFixed(0)} s`);
}

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  await f();
  const samples: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    value = await f();
    samples.push(performance.now() - t);
  }
  return { ms: median(samples), value: value as T };
}

async function measure(label: string, handle: DatabaseHandle, visits: number, villages: string[]): Promise<void> {
  const postgres = handle.driver.dialect === 'postgres';
  const { db } = handle;
  const localDay = postgres ? `(t_in + ${WITA}) / ${DAY}` : `(t_in + ${WITA}) / ${DAY}`;
  const from = T0;
  const to = T0 + 28 * DAY;
  const deps = {
    regions: createRegionsService({ db, clock: fixedClock(to) }),
    db,
    sources: openDataSources,
    clock: fixedClock(to + DAY),
    timeZone: 'Asia/Makassar',
  };
  // A fresh service per call: its cache would answer every call after the first.
  const openData = (q: { from: string; to: string; level: 'desa' | 'kecamatan' }) => createOpenDataService(deps).daily({ ...q, format: 'json' });
  const a = await time(() => openData({ from: FIRST_DAY, to: LAST_DAY, level: 'desa' }));
  const aScan = await time(() => sql.raw<{ region_code: string; d: number; n: number }>(`select region_code, ${localDay} as d, count(*) as n from visits where t_in >= ${from} and t_in < ${to} group by region_code, ${localDay}`).execute(db));
  const desa = villages[7]!;
  const b = await time(() => createCheckinRollups(db).checkinsPerDay(desa, FIRST_DAY, LAST_DAY));
  const bScan = await time(() => sql.raw<{ d: number; n: number }>(`select ${localDay} as d, count(*) as n from visits where region_code = '${desa}' and t_in >= ${from} and t_in < ${to} group by ${localDay}`).execute(db));
  // The two answers agree (B): the roll-up is the scan's count.
  const scanned = new Map(bScan.value.rows.map((r) => [addDaysToDate('1970-01-01', Number(r.d)), Number(r.n)]));
  for (const r of b.value) if (scanned.get(r.day) !== r.count) throw new Error(`roll-up ${r.day}: ${r.count} ≠ scan ${scanned.get(r.day)}`);
  const c = await time(() => openData({ from: addDaysToDate(LAST_DAY, -365), to: LAST_DAY, level: 'kecamatan' }));
  const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
  console.log(`${label}: ${visits.toLocaleString('en')} visits over 28 days, ${VENUES.toLocaleString('en')} venues, ${villages.length} desa, 730 days of zone/case/violation history (median of ${ROUNDS})`);
  console.log(`  A open data, 28 days per desa (${JSON.parse(a.value.body).length} rows): roll-ups ${fmt(a.ms)} | check-ins alone by scanning visits ${fmt(aScan.ms)} → ${(aScan.ms / a.ms).toFixed(0)}×`);
  console.log(`  B one desa's check-ins per day, 28 days:              roll-ups ${fmt(b.ms)} | scanning visits ${fmt(bScan.ms)} → ${(bScan.ms / b.ms).toFixed(0)}×`);
  console.log(`  C open data, 366 days per kecamatan (${JSON.parse(c.value.body).length} rows):        roll-ups ${fmt(c.ms)} | (visits are kept 21 days: no scan can answer)`);
}

async function main() {
  const only = process.env.BENCH_ONLY;
  if (only !== 'postgres') {
    const file = `/tmp/jb-bench-open-data-${process.pid}.sqlite`;
    const sqlite = openDatabase({ dialect: 'sqlite', file });
    try {
      const villages = await seedCommon(sqlite);
      await seedSqlite(sqlite, SQLITE_VISITS, villages);
      await measure('SQLite', sqlite, SQLITE_VISITS, villages);
    } finally {
      await sqlite.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    }
  }
  if (only !== 'sqlite') {
    if (!(await postgresReachable(PG_URL))) {
      console.log(`PostgreSQL not reachable at ${PG_URL}: skipped`);
      return;
    }
    const scratch = await createScratchDatabase(PG_URL);
    const handle = openDatabase({ dialect: 'postgres', url: scratch.url }, { poolSize: 4 });
    try {
      const villages = await seedCommon(handle);
      await seedPostgres(handle, PG_VISITS, villages);
      await measure('PostgreSQL', handle, PG_VISITS, villages);
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
