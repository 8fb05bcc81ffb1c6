import type { Db } from '../../db/kysely.js';
import { addDaysToDate, localDateTime, localDateTimeToEpochMs } from '../../shared/local-time.js';

/*
 * Check-in counts for the dashboards (issue #17): visits of venues in a region (a code prefix) per local day and per
 * hour of the day, between two local dates inclusive. For now this scans `visits`; the daily roll-ups replace the scan
 * behind the same signature.
 */
export interface CheckinStats {
  perDay: { date: string; count: number }[];
  perHour: { hour: number; count: number }[];
}

export async function checkinStats(db: Db, regionPrefix: string, from: string, to: string, timeZone: string): Promise<CheckinStats> {
  const start = localDateTimeToEpochMs(from, '00:00', timeZone);
  const end = localDateTimeToEpochMs(addDaysToDate(to, 1), '00:00', timeZone);
  const rows = await db
    .selectFrom('visits')
    .select('t_in')
    .where((eb) => eb.or([eb('region_code', '=', regionPrefix), eb('region_code', 'like', `${regionPrefix}.%`)]))
    .where('t_in', '>=', start)
    .where('t_in', '<', end)
    .execute();
  const days = new Map<string, number>();
  for (let d = from; d <= to; d = addDaysToDate(d, 1)) days.set(d, 0);
  const hours = new Array<number>(24).fill(0);
  for (const r of rows) {
    const local = localDateTime(Number(r.t_in), timeZone);
    days.set(local.date, (days.get(local.date) ?? 0) + 1);
    hours[local.hour]! += 1;
  }
  return { perDay: [...days].map(([date, count]) => ({ date, count })), perHour: hours.map((count, hour) => ({ hour, count })) };
}
