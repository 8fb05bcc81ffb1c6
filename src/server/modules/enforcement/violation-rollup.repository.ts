import { sql } from 'kysely';
import type { Db } from '../../db/kysely.js';
import { desaOf, type SplitTotal } from '../../shared/daily-rollup.js';

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

/**
 * Totals per region of `codeLength` characters (a kecamatan 8, a kota 5: codes are hierarchical prefixes) and day,
 * split into desa counted 1 to below − 1 and the exact sum of the others: the open data's kecamatan and kota rows
 * in one grouped query.
 */
export async function violationTotalsPerRegionDay(db: Db, codeLength: number, below: number, fromDay: string, toDay: string): Promise<SplitTotal[]> {
  // Literals (integers checked): PostgreSQL must see the same expression in the select list and the grouping.
  if (!Number.isInteger(codeLength) || !Number.isInteger(below)) throw new Error('codeLength and below must be integers');
  const small = sql<number>`sum(case when violations between 1 and ${sql.lit(below - 1)} then 1 else 0 end)`;
  const exact = sql<number>`sum(case when violations between 1 and ${sql.lit(below - 1)} then 0 else violations end)`;
  const key = sql<string>`substr(region_code, 1, ${sql.lit(codeLength)})`;
  const rows = await db
    .selectFrom('violation_daily_desa')
    .select([key.as('key'), 'day', small.as('small'), exact.as('exact')])
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .groupBy([key, 'day'])
    .execute();
  return rows.map((r) => ({ key: r.key, day: r.day, exact: Number(r.exact), small: Number(r.small) }));
}
