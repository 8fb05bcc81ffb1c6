import { sql } from 'kysely';
import type { Db } from '../../db/kysely.js';
import { desaOf } from '../../shared/daily-rollup.js';
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
