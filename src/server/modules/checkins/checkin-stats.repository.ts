import type { Db } from '../../db/kysely.js';
import { addDaysToDate } from '../../shared/local-time.js';
import { checkinsPerHourOfDay } from './checkin-hourly-rollup.repository.js';
import { createCheckinRollups } from './checkin-rollups.js';

/*
 * Check-in counts for the dashboards (issue #17): check-ins at venues in a region (a code prefix) per local day and
 * per hour of the day, between two local dates inclusive. Read from the roll-ups, never from `visits`: per day from
 * checkin_daily_desa (the open data's own roll-up), per hour from checkin_hourly_desa. Their size is desa × days
 * (× 24), whatever the number of visits (bench/rollups-scale.bench.ts). The days are the city's local days, which
 * the roll-ups are kept in, so `timeZone` only has to match the one the server writes them with.
 */
export interface CheckinStats {
  perDay: { date: string; count: number }[];
  perHour: { hour: number; count: number }[];
}

export async function checkinStats(db: Db, regionPrefix: string, from: string, to: string, _timeZone: string): Promise<CheckinStats> {
  const [daily, hourly] = await Promise.all([createCheckinRollups(db).checkinsPerDay(regionPrefix, from, to), checkinsPerHourOfDay(db, regionPrefix, from, to)]);
  const days = new Map<string, number>();
  for (let d = from; d <= to; d = addDaysToDate(d, 1)) days.set(d, 0);
  for (const r of daily) if (days.has(r.day)) days.set(r.day, days.get(r.day)! + r.count);
  const hours = new Array<number>(24).fill(0);
  for (const r of hourly) if (r.hour >= 0 && r.hour < 24) hours[r.hour]! += r.count;
  return { perDay: [...days].map(([date, count]) => ({ date, count })), perHour: hours.map((count, hour) => ({ hour, count })) };
}
