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
