/**
 * Cost of PoliciesService.inForce() — the "which rules are in force for this venue now?" question asked on every
 * check-in — on a seeded database (the historical Denpasar rule sets, plus one village PKM overlay per desa and a
 * count per desa per day), on SQLite and, when reachable, PostgreSQL. A baseline measured in the same run (a bare
 * Map.get loop and a JSON.parse of a small object) makes the figure comparable across machines.
 *
 *   npx tsx bench/rules-in-force.bench.ts            (PG_BENCH_URL or postgres://postgres@127.0.0.1:5432/postgres)
 */
import { createScratchDatabase, postgresReachable } from '../test/postgres.js';
import { openDatabase, type DatabaseHandle } from '../src/server/db/kysely.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { ensureDefaultPolicies, createPoliciesService, type InForceQuery } from '../src/server/modules/policies/index.js';
import { bumpPolicyRevision, insertRuleSet, upsertActiveCases } from '../src/server/modules/policies/policies.repository.js';
import { localDateTimeToEpochMs, addDaysToDate } from '../src/server/shared/local-time.js';
import { SECTOR_CODES, VENUE_TYPES } from '../src/common/reference/sectors.js';
import { createRegionsService, ensureDefaultRegions } from '../src/server/modules/regions/regions.service.js';
import { newId } from '../src/server/shared/ids.js';
import { fixedClock } from '../src/server/shared/clock.js';

const TZ = 'Asia/Makassar';
const PG_URL = process.env.PG_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const wita = (date: string, time: string) => localDateTimeToEpochMs(date, time, TZ);

function timeLoop(label: string, n: number, fn: (i: number) => number): number {
  for (let i = 0; i < Math.min(n, 20_000); i++) fn(i); // warm-up
  let sink = 0;
  const started = performance.now();
  for (let i = 0; i < n; i++) sink += fn(i);
  const us = ((performance.now() - started) * 1000) / n;
  if (sink === Number.MIN_VALUE) console.log(label); // keeps the loop from being optimised away
  return us;
}

async function timeAsync(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(n, 20_000); i++) await fn(i);
  const started = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return ((performance.now() - started) * 1000) / n;
}

/** A scratch database on the benchmark's server, or null when none is reachable. */
async function scratchPostgres(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  return (await postgresReachable(PG_URL)) ? createScratchDatabase(PG_URL) : null;
}

async function seed(handle: DatabaseHandle, clock: ReturnType<typeof fixedClock>) {
  const { db } = handle;
  // Not a secret: nothing here is read back with it.
  await migrateToLatest(db, Buffer.alloc(32, 1));
  await ensureDefaultRegions(db, clock);
  await ensureDefaultPolicies(db, clock);
  const villages = await db.selectFrom('regions').select(['code']).where('type', 'in', ['desa', 'kelurahan']).orderBy('code').execute();
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    // One village PKM overlay per desa (May–Dec 2020) and a count per desa every 3 days through 2020–2021.
    for (const [i, v] of villages.entries()) {
      await insertRuleSet(trx, {
        id: newId(now),
        kind: 'village_pkm',
        scope_region_code: v.code,
        legal_basis: `Surat Persetujuan Walikota No. PKM/2020/${String(i + 1).padStart(3, '0')}`,
        title_id: null,
        title_en: null,
        effective_from: wita('2020-05-28', '00:00'),
        effective_to: wita('2020-12-31', '00:00'),
        status: 'published',
        version: 1,
        rules: JSON.stringify([{ sector: 'trade', zoneColours: 'all', window: { from: '06:00', until: '20:00' }, capacityPercent: 50, dineIn: false, maxVisitMinutes: 60, capacityMode: 'enforce' }]),
        status_check: 0,
        copied_from_id: null,
        pkm_application_id: null,
        created_at: now,
        created_by: null,
        updated_at: now,
        published_at: now,
        published_by: null,
        retired_at: null,
        retired_by: null,
      });
      for (let d = 0; d < 600; d += 3) {
        await upsertActiveCases(trx, { region_code: v.code, date: addDaysToDate('2020-05-01', d), source: 'manual', active_cases: (i * 7 + d) % 60, recorded_at: now, recorded_by: null });
      }
    }
    await bumpPolicyRevision(trx, now);
  });
  return villages.map((v) => v.code);
}

async function benchDialect(label: string, handle: DatabaseHandle): Promise<Record<string, number>> {
  const clock = fixedClock(wita('2026-11-29', '10:00'));
  const villages = await seed(handle, clock);
  const regions = createRegionsService({ db: handle.db, clock });
  const policies = createPoliciesService({ db: handle.db, clock, regions, timeZone: TZ, cityName: 'Kota Denpasar' });
  const restaurants: InForceQuery[] = villages.map((regionCode) => ({ regionCode, sector: 'trade', venueType: 'restaurant', at: 0, venueHours: { from: '10:00', until: '22:00' } }));
  const types = VENUE_TYPES.map((v) => ({ sector: v.sector, venueType: v.code }));

  const coldStart = performance.now();
  await policies.inForce({ ...restaurants[0]!, at: wita('2020-06-01', '19:00') });
  const coldMs = performance.now() - coldStart;

  const checkInHour = wita('2020-06-01', '19:00');
  const results: Record<string, number> = { 'first call (cold: loads rules, regions, zones of the day) ms': coldMs };
  results['check-in path: one desa, one hour (µs/call)'] = await timeAsync(200_000, (i) => policies.inForce({ ...restaurants[0]!, at: checkInHour + (i % 3600) * 1000 }));
  results['43 desa × 36 venue types, one day (µs/call)'] = await timeAsync(200_000, (i) => {
    const t = types[i % types.length]!;
    return policies.inForce({ regionCode: villages[i % villages.length]!, sector: t.sector, venueType: t.venueType, at: checkInHour + (i % 86_400) * 1000 });
  });
  results['spread over 60 days of 2020 (µs/call)'] = await timeAsync(200_000, (i) =>
    policies.inForce({ ...restaurants[i % restaurants.length]!, at: checkInHour + (i % 60) * 86_400_000 + (i % 3600) * 1000 }),
  );
  results['today, unrestricted (µs/call)'] = await timeAsync(200_000, (i) => policies.inForce({ ...restaurants[i % restaurants.length]!, at: clock.now() + (i % 3600) * 1000 }));
  console.log(`  ${label}: ${SECTOR_CODES.length} sectors, ${villages.length} desa, rule sets published: ${(await handle.db.selectFrom('rule_sets').select('id').where('status', '=', 'published').execute()).length}`);
  return results;
}

async function main() {
  const keys = Array.from({ length: 43 }, (_, i) => `51.71.0${(i % 4) + 1}.${1001 + i}`);
  const map = new Map(keys.map((k, i) => [k, i]));
  const mapGetUs = timeLoop('map', 5_000_000, (i) => map.get(keys[i % keys.length]!) ?? 0);
  const small = JSON.stringify({ open: true, window: { from: '00:00', until: '21:00' }, capacityPercent: 50, zoneColour: 'yellow' });
  const jsonParseUs = timeLoop('json', 1_000_000, () => (JSON.parse(small) as { capacityPercent: number }).capacityPercent);
  console.log(`Baselines: Map.get ${mapGetUs.toFixed(4)} µs/call; JSON.parse of a 90-byte object ${jsonParseUs.toFixed(3)} µs/call`);

  const rows: [string, Record<string, number>][] = [];
  const sqlite = openDatabase({ dialect: 'sqlite', file: ':memory:' });
  try {
    rows.push(['SQLite', await benchDialect('SQLite', sqlite)]);
  } finally {
    await sqlite.close();
  }
  const scratch = await scratchPostgres();
  if (scratch) {
    const handle = openDatabase({ dialect: 'postgres', url: scratch.url }, { poolSize: 5 });
    try {
      rows.push(['PostgreSQL', await benchDialect('PostgreSQL', handle)]);
    } finally {
      await handle.close();
      await scratch.drop();
    }
  } else {
    console.log(`  PostgreSQL not reachable at ${PG_URL}: skipped`);
  }

  console.log('');
  for (const [dialect, results] of rows) {
    console.log(dialect);
    for (const [name, value] of Object.entries(results)) {
      if (name.endsWith(' ms')) {
        console.log(`  ${name.padEnd(62)} ${value.toFixed(2)}`);
      } else {
        console.log(`  ${name.padEnd(62)} ${value.toFixed(3)}   (${(value / jsonParseUs).toFixed(1)}× JSON.parse, ${(value / mapGetUs).toFixed(0)}× Map.get)`);
      }
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
