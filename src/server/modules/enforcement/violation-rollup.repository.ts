import { sql } from 'kysely';
import type { Db } from '../../db/kysely.js';
import { desaOf } from '../../shared/daily-rollup.js';

/**
 * Violations per desa and day (issue #17): a recorded violation counts under the desa where it happened and its
 * local date; its annulment takes it out, in the same transaction as the record (`insertViolation`, `annulViolation`).
 */
export async function addViolationCount(db: Db, regionCode: string, day: string, delta: number): Promise<void> {
  await db
    .insertInto('violation_daily_desa')
    .values({ region_code: desaOf(regionCode), day, violations: delta })
    .onConflict((oc) => oc.columns(['region_code', 'day']).doUpdateSet({ violations: sql<number>`violation_daily_desa.violations + ${delta}` }))
    .execute();
}

export async function violationsPerDesaDay(db: Db, regionPrefix: string, fromDay: string, toDay: string): Promise<{ regionCode: string; day: string; count: number }[]> {
  let q = db.selectFrom('violation_daily_desa').select(['region_code', 'day', 'violations']).where('day', '>=', fromDay).where('day', '<=', toDay);
  if (regionPrefix !== '') q = q.where((eb) => eb.or([eb('region_code', '=', regionPrefix), eb('region_code', 'like', `${regionPrefix}.%`)]));
  const rows = await q.execute();
  return rows.map((r) => ({ regionCode: r.region_code, day: r.day, count: Number(r.violations) }));
}
