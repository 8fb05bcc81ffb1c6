import { sql } from 'kysely';
import type { Db } from '../../db/kysely.js';
import { desaOf } from '../../shared/daily-rollup.js';
import { localDayOfCheckIn } from './checkin-rollup.repository.js';

/**
 * The hour-of-day roll-up (issue #17): check-ins per desa, local day and local hour of the visit's t_in. Written by
 * the same writes as the daily roll-ups and in the same transaction: the group-commit batch (the check-in stores, one
 * upsert per desa-day-hour per batch), a desk or paper entry and an offline check-in (here). Like the daily ones it is
 * an anonymous count, left as it is by check-outs, the retention purge and a resident's deletion.
 */
export interface CheckinHour {
  regionCode: string;
  day: string;
  hour: number;
}

/** Adds check-ins, one upsert per desa-day-hour, in the caller's transaction (rows sorted: a fixed lock order). */
export async function addHourlyCheckins(db: Db, visits: readonly CheckinHour[]): Promise<void> {
  if (visits.length === 0) return;
  const rows = new Map<string, { region_code: string; day: string; hour: number; checkins: number }>();
  for (const v of visits) {
    const desa = desaOf(v.regionCode);
    const key = `${desa}|${v.day}|${String(v.hour).padStart(2, '0')}`;
    const row = rows.get(key) ?? { region_code: desa, day: v.day, hour: v.hour, checkins: 0 };
    row.checkins += 1;
    rows.set(key, row);
  }
  await db
    .insertInto('checkin_hourly_desa')
    .values([...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v))
    .onConflict((oc) => oc.columns(['region_code', 'day', 'hour']).doUpdateSet({ checkins: sql<number>`checkin_hourly_desa.checkins + excluded.checkins` }))
    .execute();
}

/** Check-ins per hour of the day (0–23, summed over the days and desa) within `regionPrefix` ('' = all), days inclusive. */
export async function checkinsPerHourOfDay(db: Db, regionPrefix: string, fromDay: string, toDay: string): Promise<{ hour: number; count: number }[]> {
  let q = db
    .selectFrom('checkin_hourly_desa')
    .select(['hour', sql<number>`sum(checkins)`.as('n')])
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .groupBy('hour');
  if (regionPrefix !== '') q = q.where((eb) => eb.or([eb('region_code', '=', regionPrefix), eb('region_code', 'like', `${regionPrefix}.%`)]));
  const rows = await q.execute();
  return rows.map((r) => ({ hour: Number(r.hour), count: Number(r.n) }));
}

/**
 * Recounts the hour-of-day roll-up of local days fromDay…toDay from the visits held (synth's bulk inserts bypass the
 * roll-ups). `offsetMs` is the zone's offset from UTC, as in recountCheckinDays; fromMs/toMs bound the days' t_in.
 */
export async function recountCheckinHours(db: Db, fromMs: number, toMs: number, fromDay: string, toDay: string, offsetMs: number): Promise<void> {
  const day = localDayOfCheckIn(db, offsetMs);
  const hour = sql`cast(((t_in + ${sql.lit(offsetMs)}) % 86400000) / 3600000 as integer)`;
  await db.deleteFrom('checkin_hourly_desa').where('day', '>=', fromDay).where('day', '<=', toDay).execute();
  await sql`insert into checkin_hourly_desa (region_code, day, hour, checkins)
            select substr(region_code, 1, 13), ${day}, ${hour}, count(*) from visits
             where t_in >= ${fromMs} and t_in < ${toMs} group by substr(region_code, 1, 13), ${day}, ${hour}`.execute(db);
}
