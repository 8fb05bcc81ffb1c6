/**
 * What the daily roll-ups cost the check-in batch (issue #17), measured on the store itself, paired: batches of
 * BATCH check-ins at 50 venues go alternately through the store as it is (the batch plus one upsert per venue-day
 * and desa-day) and through the same batch without the roll-ups (`jb_checkin_batch` alone, the statement before this
 * change). PostgreSQL only: on SQLite the roll-ups are two prepared upserts per batch in the writer's transaction.
 * Prints the median time per batch of each and the ratio.
 *
 *   npx tsx bench/checkin-rollup.bench.ts          # BATCH=20 ROUNDS=20 PER_ROUND=50
 */
import pg from 'pg';
import { createScratchDatabase, postgresReachable } from '../test/postgres.js';
import { openDatabase } from '../src/server/db/kysely.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { ensureDefaultRegions } from '../src/server/modules/regions/index.js';
import { createCheckinStore } from '../src/server/modules/checkins/checkin-store.js';
import type { CheckinRequest } from '../src/server/modules/checkins/checkin-batch.js';
import { sealCheckin } from '../src/server/modules/checkins/visit-person.js';
import { fixedClock } from '../src/server/shared/clock.js';

const PG_URL = process.env.PG_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BATCH = Number(process.env.BATCH ?? 20);
const ROUNDS = Number(process.env.ROUNDS ?? 20);
const PER_ROUND = Number(process.env.PER_ROUND ?? 50);
const KEYS = { dataKey: Buffer.alloc(32, 1), personKeyKey: Buffer.alloc(32, 2) };
const T0 = Date.parse('2026-11-29T02:00:00Z');
let n = 0;

const PLAIN = `select idx, kind, visit_id, at_ms, occupancy, closed_visit_id
  from jb_checkin_batch($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::bigint[], $9::text[], $10::int[], $11::boolean[], $12::text[], $13::text[], $14::text[])`;

function batch(): CheckinRequest[] {
  return Array.from({ length: BATCH }, () => {
    n += 1;
    return {
      visitId: `v${String(n).padStart(10, '0')}`, venueId: `ven${n % 50}`, regionCode: '51.71.01.1001', person: { name: 'Bench', phone: `+62812${String(n).padStart(8, '0')}` },
      checkoutSecret: `s${n}`, proof: null, source: 'qr', enteredBy: null, at: T0 + n, localDay: '2026-11-29', localHour: 0, limit: 1_000_000, enforceLimit: false,
    };
  });
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

async function main() {
  if (!(await postgresReachable(PG_URL))) return console.log('PostgreSQL not reachable: skipped');
  const scratch = await createScratchDatabase(PG_URL);
  const handle = openDatabase({ dialect: 'postgres', url: scratch.url }, { poolSize: 2 });
  const pool = new pg.Pool({ connectionString: scratch.url, max: 1 });
  try {
    await migrateToLatest(handle.db, Buffer.alloc(32, 1));
    await ensureDefaultRegions(handle.db, fixedClock(T0));
    await handle.db.insertInto('venues').values(Array.from({ length: 50 }, (_, i) => ({
      id: `ven${i}`, venue_number: i + 1, name: `V${i}`, sector: 'trade', venue_type: 'warung', region_code: '51.71.01.1001', address: '-', lat: -8.7, lon: 115.2,
      capacity: 1000, indoor: 1, status: 'verified', created_at: T0, updated_at: T0,
    })) as never).execute();
    const store = createCheckinStore(handle, KEYS);
    const plain = async (requests: CheckinRequest[]) => {
      const c = requests.map((r) => sealCheckin(KEYS, r));
      await pool.query({ name: 'jb_plain_batch', text: PLAIN, values: [c.map((x) => x.visitId), c.map((x) => x.venueId), c.map((x) => x.personKey), c.map((x) => x.personEnc), c.map((x) => x.secretHash), c.map((x) => x.source), c.map((x) => x.enteredBy), c.map((x) => x.at), c.map((x) => x.regionCode), c.map((x) => x.limit), c.map((x) => x.enforceLimit), c.map(() => `a${++n}`), c.map((x) => x.proofVisitId), c.map((x) => x.proofSecretHash)] });
    };
    const withRollups = async (requests: CheckinRequest[]) => void (await store.applyBatch(requests, () => `a${++n}`));
    for (let i = 0; i < 20; i++) {
      await plain(batch());
      await withRollups(batch());
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const [f, out] of (r % 2 === 0 ? [[plain, a], [withRollups, b]] : [[withRollups, b], [plain, a]]) as [(x: CheckinRequest[]) => Promise<void>, number[]][]) {
        const t = performance.now();
        for (let i = 0; i < PER_ROUND; i++) await f(batch());
        out.push((performance.now() - t) / PER_ROUND);
      }
    }
    console.log(`PostgreSQL, batches of ${BATCH} check-ins at 50 venues, ${ROUNDS} alternating rounds of ${PER_ROUND} batches:`);
    console.log(`  jb_checkin_batch alone:        median ${median(a).toFixed(2)} ms per batch`);
    console.log(`  with the roll-ups (as shipped): median ${median(b).toFixed(2)} ms per batch → ×${(median(b) / median(a)).toFixed(3)}`);
    // Each round's pair ran back to back: the median of their ratios is steadier than the ratio of the medians.
    const ratios = b.map((x, i) => x / a[i]!);
    console.log(`  paired ratio per round: median ×${median(ratios).toFixed(3)} (range ×${Math.min(...ratios).toFixed(2)}–×${Math.max(...ratios).toFixed(2)})`);
  } finally {
    await pool.end();
    await handle.close();
    await scratch.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
