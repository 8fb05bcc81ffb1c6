import { sql } from 'kysely';
import { dailyCountTable } from '../../db/daily-counts.js';
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

const caseDays = dailyCountTable({ table: 'case_daily_desa', keys: ['region_code'], count: 'new_cases' });

async function add(db: Db, at: { regionCode: string; day: string }, delta: number): Promise<void> {
  await caseDays.add(db, [{ region_code: at.regionCode, day: at.day, delta }]);
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
  return (await caseDays.perDay(db, 'region_code', regionPrefix, fromDay, toDay)).map((r) => ({ regionCode: r.region_code, day: r.day, count: r.count }));
}

/**
 * Totals per region of `codeLength` characters (a kecamatan 8, a kota 5: codes are hierarchical prefixes) and day,
 * split into desa counted 1 to below − 1 and the exact sum of the others: the open data's kecamatan and kota rows
 * in one grouped query.
 */
export function newCaseTotalsPerRegionDay(db: Db, codeLength: number, below: number, fromDay: string, toDay: string): Promise<SplitTotal[]> {
  return caseDays.splitTotals(db, 'region_code', codeLength, below, fromDay, toDay);
}

/**
 * Replaces the new-cases roll-up of the episode dates [fromDay, toDay] by a recount of the cases held, for writes that
 * bypass `insertCase` (the synthetic city's bulk inserts); the same counting as the backfill of migration 2026-12-06-01.
 */
export async function recountCaseDays(db: Db, fromDay: string, toDay: string): Promise<void> {
  await db.deleteFrom('case_daily_desa').where('day', '>=', fromDay).where('day', '<=', toDay).execute();
  await sql`insert into case_daily_desa (region_code, day, new_cases)
            select substr(residence_code, 1, 13), episode_date, count(*) from cases
             where confirmed_at is not null and category <> 'discarded' and episode_date >= ${fromDay} and episode_date <= ${toDay}
             group by substr(residence_code, 1, 13), episode_date`.execute(db);
}
