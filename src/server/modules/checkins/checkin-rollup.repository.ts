import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import { dailyCountTable } from '../../db/daily-counts.js';
import type { Db } from '../../db/kysely.js';
import { desaOf, type SplitTotal } from '../../shared/daily-rollup.js';

/**
 * The check-in roll-ups (issue #17): check-ins per venue and local day and per desa and local day, counted by the
 * visit's t_in. Every write of a visit adds to them in its own transaction: the group-commit batch (the check-in
 * stores, one upsert per venue-day and desa-day per batch), a desk or paper entry and an offline check-in (here).
 * A check-out, a switch or an auto-close changes no count (a check-in happened); the retention purge and a resident's
 * deletion leave them as they are (anonymous counts, two years of history for the open data).
 */
export interface CheckinDay {
  venueId: string;
  regionCode: string;
  day: string;
}

const venueDays = dailyCountTable({ table: 'checkin_daily_venue', keys: ['venue_id'], count: 'checkins', insertOnly: ['region_code'] });
const desaDays = dailyCountTable({ table: 'checkin_daily_desa', keys: ['region_code'], count: 'checkins' });

/** Adds check-ins, one upsert per venue-day and desa-day, in the caller's transaction (rows sorted: a fixed lock order). */
export async function addCheckins(db: Db, visits: readonly CheckinDay[]): Promise<void> {
  if (visits.length === 0) return;
  await venueDays.add(db, visits.map((v) => ({ venue_id: v.venueId, day: v.day, delta: 1, insertOnly: { region_code: desaOf(v.regionCode) } })));
  await desaDays.add(db, visits.map((v) => ({ region_code: desaOf(v.regionCode), day: v.day, delta: 1 })));
}

export interface DailyCount {
  regionCode: string;
  day: string;
  count: number;
}

/** Check-ins per desa and day, for the desa within `regionPrefix` (a region code: itself and below; '' for all). */
export async function checkinsPerDesaDay(db: Db, regionPrefix: string, fromDay: string, toDay: string): Promise<DailyCount[]> {
  return (await desaDays.perDay(db, 'region_code', regionPrefix, fromDay, toDay)).map((r) => ({ regionCode: r.region_code, day: r.day, count: r.count }));
}

/** Check-ins per venue and day for these venues. */
export async function checkinsPerVenueDay(db: Db, venueIds: readonly string[], fromDay: string, toDay: string): Promise<{ venueId: string; day: string; count: number }[]> {
  return (await venueDays.perDay(db, 'venue_id', venueIds, fromDay, toDay)).map((r) => ({ venueId: r.venue_id, day: r.day, count: r.count }));
}

/**
 * Totals per region of `codeLength` characters (a kecamatan 8, a kota 5: codes are hierarchical prefixes) and day,
 * split into desa counted 1 to below − 1 and the exact sum of the others: the open data's kecamatan and kota rows
 * in one grouped query.
 */
export function checkinTotalsPerRegionDay(db: Db, codeLength: number, below: number, fromDay: string, toDay: string): Promise<SplitTotal[]> {
  return desaDays.splitTotals(db, 'region_code', codeLength, below, fromDay, toDay);
}

/**
 * Replaces the check-in roll-ups of the local days [fromDay, toDay] by a recount of the visits held, for writes that
 * bypass the check-in paths (the synthetic city's bulk inserts). The same counting as the backfill of migration
 * 2026-12-06-01: a visit's local day is its t_in shifted by the city's UTC offset (`offsetMs`, one offset for the
 * window: WITA has no daylight saving), its desa the first four parts of its region code. A day's visits already
 * purged are not in the recount: call it only for days whose visits are all still held.
 */
/** SQL for the local day (YYYY-MM-DD) of a visit's t_in, for a zone `offsetMs` from UTC (an integer: it is inlined). */
export function localDayOfCheckIn(db: Db, offsetMs: number): RawBuilder<string> {
  if (!Number.isInteger(offsetMs)) throw new Error('offsetMs must be an integer');
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? sql<string>`to_char(to_timestamp((t_in + ${sql.lit(offsetMs)}) / 1000.0) at time zone 'UTC', 'YYYY-MM-DD')`
    : sql<string>`date((t_in + ${sql.lit(offsetMs)}) / 1000, 'unixepoch')`;
}

export async function recountCheckinDays(db: Db, fromMs: number, toMs: number, fromDay: string, toDay: string, offsetMs: number): Promise<void> {
  const day = localDayOfCheckIn(db, offsetMs);
  await db.deleteFrom('checkin_daily_venue').where('day', '>=', fromDay).where('day', '<=', toDay).execute();
  await db.deleteFrom('checkin_daily_desa').where('day', '>=', fromDay).where('day', '<=', toDay).execute();
  await sql`insert into checkin_daily_venue (venue_id, day, region_code, checkins)
            select venue_id, ${day}, min(substr(region_code, 1, 13)), count(*) from visits
             where t_in >= ${fromMs} and t_in < ${toMs} group by venue_id, ${day}`.execute(db);
  await sql`insert into checkin_daily_desa (region_code, day, checkins)
            select region_code, day, sum(checkins) from checkin_daily_venue
             where day >= ${fromDay} and day <= ${toDay} group by region_code, day`.execute(db);
}
