/**
 * Exposure finding on a synthetic city (`npm run cli -- synth …` first): every seeded case's exposures over its
 * window (onset − 2 days … onset + 2 days, as bench/exposures.bench.ts), 3 rounds after a warm-up; median, p95 and max
 * server time, with a primary-key read of a venue as the baseline in the same run.
 *
 *   DATABASE_URL=postgres://…/city npx tsx bench/synth-exposures.bench.ts
 *   BENCH_CASES=500 …        every k-th case only, 500 in all (the 50 M city seeds 21,296 cases: all of them × 4
 *                            rounds would take most of an hour)
 */
import { openDatabase } from '../src/server/db/kysely.js';
import { usualStayMinutes } from '../src/common/reference/sectors.js';
import { exposuresOf } from '../src/server/modules/tracing/exposure-query.js';
import type { ExposureOptions } from '../src/server/modules/tracing/exposure.js';
import { loadConfig } from '../src/server/config.js';
import { localDateTimeToEpochMs } from '../src/server/shared/local-time.js';

const MIN = 60_000;
const config = loadConfig();
const handle = openDatabase(config.database);
const allCases = await handle.db.selectFrom('cases').select(['person_key', 'onset_date']).orderBy('id').execute();
const sample = Number(process.env.BENCH_CASES ?? allCases.length);
const step = Math.max(1, allCases.length / sample);
const cases = allCases.filter((_, i) => Math.floor(i / step) !== Math.floor((i - 1) / step)).slice(0, sample);
const venue = await handle.db.selectFrom('venues').select('id').limit(1).executeTakeFirstOrThrow();
const optionsOf = (onset: string): ExposureOptions => {
  const at = localDateTimeToEpochMs(onset, '00:00', config.timeZone);
  return { windowStart: at - 2 * 1440 * MIN, windowEnd: at + 2 * 1440 * MIN, now: at + 3 * 1440 * MIN, maxStayMs: 24 * 60 * MIN, usualStayMs: (t) => usualStayMinutes(t) * MIN, closeThresholdMs: () => 15 * MIN };
};
const times: number[] = [];
const baseline: number[] = [];
let caseVisits = 0;
let candidates = 0;
for (let round = 0; round < 4; round++) {
  for (const c of cases) {
    const t0 = performance.now();
    const found = await exposuresOf(handle.db, c.person_key, optionsOf(c.onset_date!));
    const t1 = performance.now();
    await handle.db.selectFrom('venues').select(['id', 'name']).where('id', '=', venue.id).executeTakeFirst();
    const t2 = performance.now();
    if (round === 0) continue; // warm-up
    times.push(t1 - t0);
    baseline.push(t2 - t1);
    caseVisits += found.caseVisits.length;
    candidates += found.candidates.length;
  }
}
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const visits = await handle.db.selectFrom('visits').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
console.log(`${config.database.dialect}: ${Number(visits.n)} visits, ${cases.length} of ${allCases.length} cases × 3 rounds; per case ${(caseVisits / times.length).toFixed(1)} visits in the window, ${(candidates / times.length).toFixed(1)} candidates`);
console.log(`exposures of a case: median ${q(times, 0.5).toFixed(2)} ms, p95 ${q(times, 0.95).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms; baseline PK read median ${q(baseline, 0.5).toFixed(3)} ms`);
await handle.close();
