import type { Db } from '../../db/kysely.js';

/** Zone history rows (colour and active cases per desa and day) of every desa within a region, over a range of days. */
export async function zoneHistoryInRange(db: Db, regionPrefix: string, fromDay: string, toDay: string): Promise<{ regionCode: string; day: string; colour: string; activeCases: number }[]> {
  let q = db.selectFrom('zone_history').select(['region_code', 'date', 'colour', 'active_cases']).where('date', '>=', fromDay).where('date', '<=', toDay);
  if (regionPrefix !== '') q = q.where((eb) => eb.or([eb('region_code', '=', regionPrefix), eb('region_code', 'like', `${regionPrefix}.%`)]));
  const rows = await q.execute();
  return rows.map((r) => ({ regionCode: r.region_code, day: r.date, colour: r.colour, activeCases: Number(r.active_cases) }));
}

/** The zone history through the front door: what the open data publishes as zone colour and active cases. */
export interface ZoneHistoryReader {
  zonesPerDay(regionPrefix: string, fromDay: string, toDay: string): Promise<{ regionCode: string; day: string; colour: string; activeCases: number }[]>;
}

export function createZoneHistoryReader(db: Db): ZoneHistoryReader {
  return { zonesPerDay: (regionPrefix, fromDay, toDay) => zoneHistoryInRange(db, regionPrefix, fromDay, toDay) };
}
