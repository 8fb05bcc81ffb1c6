import { sql } from 'kysely';
import type { Db } from '../../db/kysely.js';
import { desaOf, type SplitTotal } from '../../shared/daily-rollup.js';
import type { CasesTable } from './tracing.table.js';

/**
 * New cases per desa and day (issue #17): a case counts once it is confirmed (`confirmed_at` set) and not discarded,
 * under its residence desa and its episode date (onset, else specimen, else registration: the epi curve's date, a
 * local date already). Every case write keeps it in the same transaction (`insertCase`, `updateCase`): a case
 * discarded, moved to another desa or re-dated moves its count. A purge of closed cases leaves it (anonymous).
 */
type Counted = Pick<CasesTable, 'residence_code' | 'episode_date' | 'confirmed_at' | 'category'>;

export function caseDay(row: Counted): { regionCode: string; day: string } | null {
  if (row.confirmed_at === null || row.category === 'discarded') return null;
  return { regionCode: desaOf(row.residence_code), day: row.episode_date };
}

async function add(db: Db, at: { regionCode: string; day: string }, delta: number): Promise<void> {
  await db
    .insertInto('case_daily_desa')
    .values({ region_code: at.regionCode, day: at.day, new_cases: delta })
    .onConflict((oc) => oc.columns(['region_code', 'day']).doUpdateSet({ new_cases: sql<number>`case_daily_desa.new_cases + ${delta}` }))
    .execute();
}

/** Moves the count from what a case was to what it is (either may count nothing). */
export async function moveCaseCount(db: Db, before: Counted | null, after: Counted | null): Promise<void> {
  const from = before ? caseDay(before) : null;
  const to = after ? caseDay(after) : null;
  if (from && to && from.regionCode === to.regionCode && from.day === to.day) return;
  if (from) await add(db, from, -1);
  if (to) await add(db, to, 1);
}

export async function newCasesPerDesaDay(db: Db, regionPrefix: string, fromDay: string, toDay: string): Promise<{ regionCode: string; day: string; count: number }[]> {
  let q = db.selectFrom('case_daily_desa').select(['region_code', 'day', 'new_cases']).where('day', '>=', fromDay).where('day', '<=', toDay);
  if (regionPrefix !== '') q = q.where((eb) => eb.or([eb('region_code', '=', regionPrefix), eb('region_code', 'like', `${regionPrefix}.%`)]));
  const rows = await q.execute();
  return rows.map((r) => ({ regionCode: r.region_code, day: r.day, count: Number(r.new_cases) }));
}

/**
 * Totals per region of `codeLength` characters (a kecamatan 8, a kota 5: codes are hierarchical prefixes) and day,
 * split into desa counted 1 to below − 1 and the exact sum of the others: the open data's kecamatan and kota rows
 * in one grouped query.
 */
export async function newCaseTotalsPerRegionDay(db: Db, codeLength: number, below: number, fromDay: string, toDay: string): Promise<SplitTotal[]> {
  // Literals (integers checked): PostgreSQL must see the same expression in the select list and the grouping.
  if (!Number.isInteger(codeLength) || !Number.isInteger(below)) throw new Error('codeLength and below must be integers');
  const small = sql<number>`sum(case when new_cases between 1 and ${sql.lit(below - 1)} then 1 else 0 end)`;
  const exact = sql<number>`sum(case when new_cases between 1 and ${sql.lit(below - 1)} then 0 else new_cases end)`;
  const key = sql<string>`substr(region_code, 1, ${sql.lit(codeLength)})`;
  const rows = await db
    .selectFrom('case_daily_desa')
    .select([key.as('key'), 'day', small.as('small'), exact.as('exact')])
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .groupBy([key, 'day'])
    .execute();
  return rows.map((r) => ({ key: r.key, day: r.day, exact: Number(r.exact), small: Number(r.small) }));
}
