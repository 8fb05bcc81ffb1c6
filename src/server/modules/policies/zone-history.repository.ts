import { sql } from 'kysely';
import type { Db } from '../../db/kysely.js';
import type { SplitTotal } from '../../shared/daily-rollup.js';

/** Zone history rows (colour and active cases per desa and day) of every desa within a region, over a range of days. */
export async function zoneHistoryInRange(db: Db, regionPrefix: string, fromDay: string, toDay: string): Promise<{ regionCode: string; day: string; colour: string; activeCases: number }[]> {
  let q = db.selectFrom('zone_history').select(['region_code', 'date', 'colour', 'active_cases']).where('date', '>=', fromDay).where('date', '<=', toDay);
  if (regionPrefix !== '') q = q.where((eb) => eb.or([eb('region_code', '=', regionPrefix), eb('region_code', 'like', `${regionPrefix}.%`)]));
  const rows = await q.execute();
  return rows.map((r) => ({ regionCode: r.region_code, day: r.date, colour: r.colour, activeCases: Number(r.active_cases) }));
}

/** The colours from least to most severe: a total's colour is the most severe of its desa's. */
const SEVERITY = ['green', 'yellow', 'orange', 'red'] as const;

/**
 * Zone history per region of `codeLength` characters (a kecamatan or the kota) and day: the most severe colour of its
 * desa and their active cases split for suppression (desa with 1 to below − 1, the exact sum of the others).
 */
export async function zoneTotalsInRange(db: Db, codeLength: number, below: number, fromDay: string, toDay: string): Promise<(SplitTotal & { colour: string | null })[]> {
  const key = sql<string>`substr(region_code, 1, ${sql.lit(codeLength)})`;
  const severity = sql<number>`max(case colour when 'red' then 3 when 'orange' then 2 when 'yellow' then 1 when 'green' then 0 else -1 end)`;
  const rows = await db
    .selectFrom('zone_history')
    .select([
      key.as('key'),
      'date',
      severity.as('severity'),
      sql<number>`sum(case when active_cases between 1 and ${sql.lit(below - 1)} then 1 else 0 end)`.as('small'),
      sql<number>`sum(case when active_cases between 1 and ${sql.lit(below - 1)} then 0 else active_cases end)`.as('exact'),
    ])
    .where('date', '>=', fromDay)
    .where('date', '<=', toDay)
    .groupBy([key, 'date'])
    .execute();
  return rows.map((r) => ({ key: r.key, day: r.date, colour: SEVERITY[Number(r.severity)] ?? null, exact: Number(r.exact), small: Number(r.small) }));
}

/** The zone history through the front door: what the open data publishes as zone colour and active cases. */
export interface ZoneHistoryReader {
  zonesPerDay(regionPrefix: string, fromDay: string, toDay: string): Promise<{ regionCode: string; day: string; colour: string; activeCases: number }[]>;
  /** Per kecamatan or kota (regions whose codes are `codeLength` long) and day: see zoneTotalsInRange. */
  zoneTotalsPerDay(codeLength: number, below: number, fromDay: string, toDay: string): Promise<(SplitTotal & { colour: string | null })[]>;
}

export function createZoneHistoryReader(db: Db): ZoneHistoryReader {
  return {
    zonesPerDay: (regionPrefix, fromDay, toDay) => zoneHistoryInRange(db, regionPrefix, fromDay, toDay),
    zoneTotalsPerDay: (codeLength, below, fromDay, toDay) => zoneTotalsInRange(db, codeLength, below, fromDay, toDay),
  };
}
