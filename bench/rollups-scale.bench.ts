/**
 * "Must hold at scale" (issue #17): every dashboard panel query and the open-data daily query at the size the roll-ups
 * reach with 50 M visits over 28 days at 20,000 venues and two years of daily history, on SQLite and PostgreSQL,
 * with a primary-key read as the baseline in the same run.
 *
 *   npx tsx bench/rollups-scale.bench.ts
 *   ROUNDS=21 HISTORY_DAYS=730 BENCH_ONLY=sqlite|postgres npx tsx bench/rollups-scale.bench.ts
 *
 * The argument: no dashboard or open-data query reads `visits` (checkin-stats.repository.ts, open-data through the
 * owners' roll-ups), so their cost is a function of the roll-ups' size, venues × days and desa × days (× 24), not of
 * the visit count. This bench therefore fills the roll-up tables DIRECTLY at that size and does not generate the 50 M
 * raw visits (that would take hours here and change no query below). Sizes (43 desa/kelurahan of the shipped
 * regions, HISTORY_DAYS = 730):
 *   checkin_daily_venue   20,000 venues × 730 days = 14.6 M rows (kept two years; ~89 check-ins a venue-day = 50 M / 28 d)
 *   checkin_daily_desa    43 × 730 = 31,390 rows (~41,500 a desa-day)
 *   checkin_hourly_desa   43 × 730 × 24 = 753,360 rows (every desa-hour has check-ins at that rate)
 *   zone_history, case_daily_desa, violation_daily_desa   43 × 730 = 31,390 rows each
 *   venue_band_daily_desa                                  43 × 730 × 4 bands = 125,560 rows
 * and the registers the other panels count from, at a plausible two-year size: 20,000 venues (scores in every band),
 * one inspection per venue, ~3 confirmed cases a desa-day (~94 k cases), ~4 violations a desa-day (~125 k, every
 * second one fined), 10 border posts × 200 checks a day over the 28 days (56 k), 10,000 newcomers, 60 PKM applications.
 * Measured per query: median and p95 of ROUNDS after one warm-up; each dashboard panel for the city (51.71), one
 * kecamatan (51.71.01) and one desa (51.71.01.1001) over 28 days; the open data of 28 and 366 days per desa and
 * 366 days per kecamatan (a fresh service per call: its cache would answer the rest).
 */
import { rmSync } from 'node:fs';
import { sql } from 'kysely';
import { createScratchDatabase, postgresReachable } from '../test/postgres.js';
import { openDatabase, type DatabaseHandle } from '../src/server/db/kysely.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { createRegionsService, ensureDefaultRegions } from '../src/server/modules/regions/index.js';
import { createOpenDataService } from '../src/server/modules/open-data/index.js';
import { openDataSources } from '../src/server/app.js';
import { PANELS } from '../src/server/modules/dashboards/index.js';
import { fixedClock } from '../src/server/shared/clock.js';
import { addDaysToDate, localDateTimeToEpochMs } from '../src/server/shared/local-time.js';
import { seededRandom as rng } from '../test/seeded-random.js';

const PG_URL = process.env.PG_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROUNDS = Number(process.env.ROUNDS ?? 21);
const HISTORY_DAYS = Number(process.env.HISTORY_DAYS ?? 730);
// The venue roll-up's days (the last ones of the history). No query timed here reads it (a venue's own page reads its
// rows by primary key), so a shorter one only shortens the seeding: 14.6 M rows took over 6 min on a loaded PostgreSQL.
const VENUE_HISTORY_DAYS = Math.min(HISTORY_DAYS, Number(process.env.VENUE_HISTORY_DAYS ?? HISTORY_DAYS));
const VENUES = 20_000;
const VISITS_28_DAYS = 50_000_000;
const TZ = 'Asia/Makassar';
const LAST_DAY = '2026-11-28';
const FIRST_DAY = addDaysToDate(LAST_DAY, -27);
const HISTORY_START = addDaysToDate(LAST_DAY, -(HISTORY_DAYS - 1));
const T_LAST = localDateTimeToEpochMs(LAST_DAY, '12:00', TZ);
const venueId = (i: number) => `ven${String(i).padStart(6, '0')}`;
const PER_VENUE_DAY = Math.round(VISITS_28_DAYS / VENUES / 28);
// Check-ins by hour of the day (a city's day: quiet nights, a lunch and an evening peak); sums to 1.
const HOUR_SHAPE = (() => {
  const w = Array.from({ length: 24 }, (_, h) => (h < 6 ? 0.2 : h < 11 ? 1 + h / 10 : h < 14 ? 3 : h < 17 ? 2 : h < 21 ? 3.5 : 1));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
})();

const days: string[] = [];
for (let d = HISTORY_START; d <= LAST_DAY; d = addDaysToDate(d, 1)) days.push(d);

/** Rows in chunks (SQLite's bound-variable limit; one statement per chunk on PostgreSQL). */
async function insertChunks(handle: DatabaseHandle, table: string, rows: Record<string, unknown>[]): Promise<void> {
  const per = Math.max(1, Math.floor(30_000 / Math.max(1, Object.keys(rows[0] ?? { a: 1 }).length)));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bench seeding across tables
  for (let i = 0; i < rows.length; i += per) await (handle.db as any).insertInto(table).values(rows.slice(i, i + per)).execute();
}

async function seed(handle: DatabaseHandle): Promise<{ villages: string[]; sizes: Record<string, number> }> {
  const postgres = handle.driver.dialect === 'postgres';
  const { db } = handle;
  await migrateToLatest(db, Buffer.alloc(32, 1));
  await ensureDefaultRegions(db, fixedClock(T_LAST));
  const villages = (await db.selectFrom('regions').select('code').where('type', 'in', ['desa', 'kelurahan']).orderBy('code').execute()).map((r) => r.code);
  const rand = rng(7);
  const started = performance.now();

  // Venues, one inspection each.
  const badges = ['red', 'yellow', 'green', 'grey', 'none'];
  await insertChunks(handle, 'venues', Array.from({ length: VENUES }, (_, i) => {
    const score = Math.floor(rand() * 101);
    return {
      id: venueId(i), venue_number: i + 1, name: `Venue ${i}`, sector: 'trade', venue_type: 'warung', region_code: villages[i % villages.length]!, banjar_code: null,
      desa_adat_code: null, address: '-', lat: -8.65, lon: 115.22, position_confirmed: 1, point_region_code: null, capacity: 50, opens_at: null, closes_at: null, indoor: 1,
      contact_name: null, contact_phone_enc: null, status: 'verified', status_reason: null, compliance_score: i % 10 === 0 ? null : score,
      compliance_badge: i % 10 === 0 ? badges[3]! : badges[score < 50 ? 0 : score < 80 ? 1 : 2]!, created_by: null, created_at: T_LAST, updated_at: T_LAST, verified_at: T_LAST,
    };
  }));
  await insertChunks(handle, 'venue_assessments', Array.from({ length: VENUES }, (_, i) => {
    const day = days[days.length - 1 - Math.floor(rand() * Math.min(120, days.length))]!;
    return {
      id: `ins${i}`, venue_id: venueId(i), kind: 'inspection', checklist_version: 1, answers: '{}', fraction_met: 0.8, overall_result: 'partial', notes: null,
      follow_up_date: addDaysToDate(day, 30), author_user_id: null, author_name: 'Petugas', region_code: villages[i % villages.length]!,
      at: localDateTimeToEpochMs(day, '10:00', TZ), created_at: T_LAST,
    };
  }));

  // The venue roll-up: every venue every day of the history (the steady state after two years).
  const vStart = performance.now();
  if (postgres) {
    const desaArray = `array[${villages.map((v) => `'${v}'`).join(',')}]`;
    await sql.raw(
      `insert into checkin_daily_venue (venue_id, day, region_code, checkins)
       select 'ven' || lpad(v::text, 6, '0'), to_char(date '${LAST_DAY}' - d, 'YYYY-MM-DD'), (${desaArray})[(v % ${villages.length}) + 1],
              ${PER_VENUE_DAY - 40} + floor(random() * 81)::int
         from generate_series(0, ${VENUES - 1}) v, generate_series(0, ${VENUE_HISTORY_DAYS - 1}) d`,
    ).execute(db);
  } else {
    if (handle.driver.dialect !== 'sqlite') throw new Error('sqlite expected');
    const s = handle.driver.sqlite;
    s.pragma('synchronous = OFF');
    s.pragma('cache_size = -500000');
    const insert = s.prepare('insert into checkin_daily_venue (venue_id, day, region_code, checkins) values (?, ?, ?, ?)');
    const fill = s.transaction((from: number, to: number) => {
      for (let v = from; v < to; v++) for (const day of days.slice(-VENUE_HISTORY_DAYS)) insert.run(venueId(v), day, villages[v % villages.length]!, PER_VENUE_DAY - 40 + Math.floor(rand() * 81));
    });
    for (let v = 0; v < VENUES; v += 1000) fill(v, Math.min(VENUES, v + 1000));
  }
  const venueRollupSeconds = (performance.now() - vStart) / 1000;
  // Desa per day: what the venue roll-up sums to (as the write path keeps them equal), every day of the history; per
  // hour: that day's count spread over the hours.
  const desaDays = days.flatMap((day) => villages.map((v) => ({ region_code: v, day, checkins: Math.round((VENUES / villages.length) * (PER_VENUE_DAY - 40 + rand() * 81)) })));
  await insertChunks(handle, 'checkin_daily_desa', desaDays);
  const hourly: Record<string, unknown>[] = [];
  for (const r of desaDays) HOUR_SHAPE.forEach((share, hour) => hourly.push({ region_code: r.region_code, day: r.day, hour, checkins: Math.max(1, Math.round(Number(r.checkins) * share)) }));
  await insertChunks(handle, 'checkin_hourly_desa', hourly);

  // Two years of zone history and the case and violation roll-ups per desa, with the registers behind the panels.
  const colours = ['green', 'yellow', 'orange', 'red'];
  const zones: Record<string, unknown>[] = [];
  const caseDays: Record<string, unknown>[] = [];
  const violationDays: Record<string, unknown>[] = [];
  const bandDays: Record<string, unknown>[] = [];
  const cases: Record<string, unknown>[] = [];
  const violations: Record<string, unknown>[] = [];
  const categories = ['konfirmasi_simptomatik', 'konfirmasi_asimptomatik'];
  const offences = ['no_mask', 'crowd', 'curfew'];
  const ladder = (await db.selectFrom('sanction_ladders').select('id').executeTakeFirstOrThrow()).id;
  for (const day of days) {
    for (const v of villages) {
      const active = Math.floor(rand() * 50);
      zones.push({ region_code: v, date: day, active_cases: active, colour: colours[active < 3 ? 0 : active < 11 ? 1 : active < 41 ? 2 : 3]!, count_date: day, thresholds_version_id: null, computed_at: T_LAST });
      const n = Math.floor(rand() * 7);
      caseDays.push({ region_code: v, day, new_cases: n });
      for (let k = 0; k < n; k++) {
        const id = `case${cases.length}`;
        cases.push({ id, person_key: `p${id}`, name_enc: 'x', phone_enc: 'x', residence_code: v, category: categories[k % 2]!, episode_date: day, onset_date: day, region_code: v, confirmed_at: T_LAST, language: 'id', created_at: T_LAST, updated_at: T_LAST });
      }
      // Venues by compliance band: about 465 venues per desa (20,000 / 43), split over the four bands.
      for (const band of ['green', 'yellow', 'red', 'grey']) bandDays.push({ region_code: v, day, band, venues: 50 + Math.floor(rand() * 200) });
      const m = Math.floor(rand() * 9);
      violationDays.push({ region_code: v, day, violations: m });
      for (let k = 0; k < m; k++) {
        const id = `vio${violations.length}`;
        violations.push({
          id, offence: offences[k % 3]!, family: 'masks', subject_kind: 'person', venue_id: null, person_key: `v${id}`, nik_enc: null, name_enc: null, phone_enc: null, region_code: v,
          desa_adat_code: null, lat: null, lon: null, occurred_at: localDateTimeToEpochMs(day, '10:00', TZ), local_date: day, team: `Tim ${k % 4}`, note: null, ladder_id: ladder,
          proposed: '{}', prior_count: 0, client_key: null, status: 'recorded', annul_reason: null, annulled_by: null, annulled_at: null, recorded_by: 'bench', created_at: T_LAST,
        });
      }
    }
  }
  await insertChunks(handle, 'zone_history', zones);
  await insertChunks(handle, 'case_daily_desa', caseDays);
  await insertChunks(handle, 'violation_daily_desa', violationDays);
  await insertChunks(handle, 'venue_band_daily_desa', bandDays);
  await insertChunks(handle, 'cases', cases);
  await insertChunks(handle, 'violations', violations);
  await sql.raw(`insert into sanctions (id, violation_id, type, amount_idr, days, rice_kg, assembly, receipt_number, paid, paid_at, paid_on, issued_on, starts_at, ends_at, as_proposed, reason, status, replaced_by, change_reason, changed_by, changed_at, client_key, recorded_by, created_at)
                 select 's' || id, id, 'denda', 100000, null, null, null, null, 0, null, null, local_date, occurred_at, null, 1, null, 'active', null, null, null, null, null, 'bench', created_at
                   from violations where ${postgres ? "substr(id, 4)::int % 2 = 0" : 'cast(substr(id, 4) as integer) % 2 = 0'}`).execute(db);

  // Border posts over the 28 days, newcomers, PKM applications.
  const checks: Record<string, unknown>[] = [];
  const results = ['passed', 'turned_back', 'referred'];
  for (let p = 0; p < 10; p++) {
    await db.insertInto('checkpoints').values({ id: `post${p}`, name: `Pos ${p}`, region_code: villages[p * 4]!, shifts: '[]', created_by: 'bench', created_at: T_LAST }).execute();
    for (let d = 0; d < 28; d++) {
      const day = addDaysToDate(FIRST_DAY, d);
      for (let k = 0; k < 200; k++) {
        checks.push({
          id: `chk${checks.length}`, checkpoint_id: `post${p}`, at: localDateTimeToEpochMs(day, '09:00', TZ), local_date: day, shift: null, masked: 1, nik_enc: null, origin_province: null,
          origin_regency: null, temperature_c: 36.5, purpose: 'work', letter: 'none', result: results[k % 3]!, reasons: '[]', rapid_test: null, rapid_test_at: null, case_opened: null,
          client_key: null, recorded_by: 'bench', created_at: T_LAST,
        });
      }
    }
  }
  await insertChunks(handle, 'checkpoint_checks', checks);
  await insertChunks(handle, 'arrivals', Array.from({ length: 10_000 }, (_, i) => {
    const day = days[days.length - 1 - Math.floor(rand() * Math.min(365, days.length))]!;
    return {
      id: `arr${i}`, reference: `LD-${i}`, name_enc: 'x', nik_enc: null, passport_enc: null, phone_enc: 'x', person_key: `a${i}`, origin: 'Jawa Timur', arrival_date: day,
      isolation_until: addDaysToDate(day, 14), region_code: villages[i % villages.length]!, address_enc: 'x', purpose: 'work', reporter_name_enc: null, reporter_phone_enc: null,
      language: 'id', status: i % 2 ? 'reported' : 'visited', visited_at: null, visited_by: null, visit_note: null, follow_up_id: null, created_at: T_LAST,
    };
  }));
  await insertChunks(handle, 'pkm_applications', Array.from({ length: 60 }, (_, i) => ({
    id: `pkm${i}`, region_code: villages[i % villages.length]!, adat_region_code: '51.71.DA04', status: ['ACTIVE', 'SUBMITTED', 'ENDED'][i % 3]!, grounds: 'Bench', active_cases: null,
    active_cases_date: null, rules: '[]', border_posts: 0, max_gathering_size: null, other_measures: '', start_date: addDaysToDate(LAST_DAY, -(i * 7)), length_days: 28,
    end_date: addDaysToDate(LAST_DAY, 28 - i * 7), rule_set_id: null, created_at: T_LAST, created_by: 'bench', submitted_at: null, submitted_by: null, updated_at: T_LAST,
  })));
  await sql.raw(postgres ? 'vacuum analyze' : 'analyze').execute(db);

  const count = async (table: string) => Number((await sql.raw<{ n: number | string }>(`select count(*) as n from ${table}`).execute(db)).rows[0]!.n);
  const sizes: Record<string, number> = {};
  for (const t of ['checkin_daily_venue', 'checkin_daily_desa', 'checkin_hourly_desa', 'zone_history', 'case_daily_desa', 'violation_daily_desa', 'venue_band_daily_desa', 'venues', 'cases', 'violations', 'sanctions', 'checkpoint_checks', 'arrivals']) sizes[t] = await count(t);
  console.log(`  seeded in ${((performance.now() - started) / 1000).toFixed(0)} s (venue roll-up ${venueRollupSeconds.toFixed(0)} s): ${Object.entries(sizes).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`);
  return { villages, sizes };
}

interface Timing { median: number; p95: number }

async function time(f: () => Promise<unknown>): Promise<Timing> {
  await f();
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await f();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, p95: samples[Math.min(samples.length - 1, Math.ceil(samples.length * 0.95) - 1)]! };
}

const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)}`;

async function measure(label: string, handle: DatabaseHandle): Promise<void> {
  const { db } = handle;
  const regions = createRegionsService({ db, clock: fixedClock(T_LAST) });
  const all = await db.selectFrom('regions').select(['code', 'name', 'type']).execute();
  const names = new Map(all.map((r) => [r.code, r.name]));
  const scopeOf = (code: string) => {
    const region = all.find((r) => r.code === code)!;
    const children = all.filter((r) => r.code.startsWith(`${code}.`) && r.code.split('.').length === code.split('.').length + 1 && ['kecamatan', 'desa', 'kelurahan'].includes(r.type));
    return { region, children, from: FIRST_DAY, to: LAST_DAY, timeZone: TZ, clusterDays: 14, names };
  };
  const baseline = await time(() => db.selectFrom('venues').selectAll().where('id', '=', venueId(12_345)).executeTakeFirstOrThrow());
  console.log(`${label} (median / p95 ms over ${ROUNDS} rounds; baseline: one venue by primary key ${fmt(baseline.median)} / ${fmt(baseline.p95)} ms)`);
  const worst = { ms: 0, what: '' };
  const levels = [['city 51.71', '51.71'], ['kecamatan 51.71.01', '51.71.01'], ['desa 51.71.01.1001', '51.71.01.1001']] as const;
  console.log(`  ${'panel'.padEnd(18)} ${levels.map(([l]) => l.padEnd(26)).join('')}`);
  const totals = levels.map(() => ({ median: 0, p95: 0 }));
  for (const panel of PANELS) {
    const cells: string[] = [];
    for (const [i, [levelLabel, code]] of levels.entries()) {
      const scope = scopeOf(code);
      const t = await time(() => panel.rows(db, scope));
      totals[i]!.median += t.median;
      totals[i]!.p95 += t.p95;
      if (t.p95 > worst.ms) Object.assign(worst, { ms: t.p95, what: `${panel.id} (${levelLabel})` });
      cells.push(`${fmt(t.median)} / ${fmt(t.p95)} (${(t.median / baseline.median).toFixed(0)}×)`.padEnd(26));
    }
    console.log(`  ${panel.id.padEnd(18)} ${cells.join('')}`);
  }
  console.log(`  ${'all 15, in a row'.padEnd(18)} ${totals.map((t) => `${fmt(t.median)} / ${fmt(t.p95)}`.padEnd(26)).join('')}`);
  const deps = {
    regions,
    db,
    sources: openDataSources,
    clock: fixedClock(T_LAST + 86_400_000),
    timeZone: TZ,
  };
  const openData = (q: { from: string; to: string; level: 'desa' | 'kecamatan' }) => () => createOpenDataService(deps).daily({ ...q, format: 'json' });
  const queries = [
    ['open data, 28 days per desa', { from: FIRST_DAY, to: LAST_DAY, level: 'desa' as const }],
    ['open data, 366 days per desa', { from: addDaysToDate(LAST_DAY, -365), to: LAST_DAY, level: 'desa' as const }],
    ['open data, 366 days per kecamatan', { from: addDaysToDate(LAST_DAY, -365), to: LAST_DAY, level: 'kecamatan' as const }],
  ] as const;
  // First built from the roll-ups (nothing published: a new instance before its first job run), then with the
  // settled days published (every day but the last, "yesterday" for this clock).
  for (const [what, q] of queries) {
    const t = await time(openData(q));
    console.log(`  ${`${what}, built`.padEnd(41)} ${fmt(t.median)} / ${fmt(t.p95)} ms (${(t.median / baseline.median).toFixed(0)}× the baseline)`);
  }
  const started = performance.now();
  const published = await createOpenDataService(deps).publish();
  console.log(`  publish job, first run: ${published.written.toLocaleString('en')} days × levels written in ${fmt(performance.now() - started)} ms`);
  for (const [what, q] of queries) {
    const t = await time(openData(q));
    if (t.p95 > worst.ms) Object.assign(worst, { ms: t.p95, what });
    console.log(`  ${`${what}, published`.padEnd(41)} ${fmt(t.median)} / ${fmt(t.p95)} ms (${(t.median / baseline.median).toFixed(0)}× the baseline)`);
  }
  console.log(`  slowest p95: ${worst.what} ${fmt(worst.ms)} ms → ${worst.ms < 100 ? 'under' : 'OVER'} 100 ms`);
}

async function main() {
  console.log(`Roll-ups at the size of ${VISITS_28_DAYS.toLocaleString('en')} visits over 28 days (${PER_VENUE_DAY} a venue-day), ${VENUES.toLocaleString('en')} venues, ${HISTORY_DAYS} days of history (venue roll-up ${VENUE_HISTORY_DAYS}); the visits themselves are not generated.`);
  const only = process.env.BENCH_ONLY;
  if (only !== 'postgres') {
    const file = `/tmp/jb-bench-rollups-scale-${process.pid}.sqlite`;
    const sqlite = openDatabase({ dialect: 'sqlite', file });
    try {
      await seed(sqlite);
      await measure('SQLite', sqlite);
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
      await seed(handle);
      await measure('PostgreSQL', handle);
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
