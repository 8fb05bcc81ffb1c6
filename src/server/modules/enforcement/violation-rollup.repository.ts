import { dailyCountTable } from '../../db/daily-counts.js';
import type { Db } from '../../db/kysely.js';
import { desaOf, type SplitTotal } from '../../shared/daily-rollup.js';

/**
 * Violations per desa and day (issue #17): a recorded violation counts under the desa where it happened and its
 * local date; its annulment takes it out, in the same transaction as the record (`insertViolation`, `annulViolation`).
 */
const violationDays = dailyCountTable({ table: 'violation_daily_desa', keys: ['region_code'], count: 'violations' });

export async function addViolationCount(db: Db, regionCode: string, day: string, delta: number): Promise<void> {
  await violationDays.add(db, [{ region_code: desaOf(regionCode), day, delta }]);
}

export async function violationsPerDesaDay(db: Db, regionPrefix: string, fromDay: string, toDay: string): Promise<{ regionCode: string; day: string; count: number }[]> {
  return (await violationDays.perDay(db, 'region_code', regionPrefix, fromDay, toDay)).map((r) => ({ regionCode: r.region_code, day: r.day, count: r.count }));
}

/**
 * Totals per region of `codeLength` characters (a kecamatan 8, a kota 5: codes are hierarchical prefixes) and day,
 * split into desa counted 1 to below − 1 and the exact sum of the others: the open data's kecamatan and kota rows
 * in one grouped query.
 */
export function violationTotalsPerRegionDay(db: Db, codeLength: number, below: number, fromDay: string, toDay: string): Promise<SplitTotal[]> {
  return violationDays.splitTotals(db, 'region_code', codeLength, below, fromDay, toDay);
}
