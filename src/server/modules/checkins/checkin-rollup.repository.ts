import { sql } from 'kysely';
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

/** Adds check-ins, one upsert per venue-day and desa-day, in the caller's transaction (rows sorted: a fixed lock order). */
export async function addCheckins(db: Db, visits: readonly CheckinDay[]): Promise<void> {
  if (visits.length === 0) return;
  const venues = new Map<string, { venue_id: string; day: string; region_code: string; checkins: number }>();
  const desas = new Map<string, { region_code: string; day: string; checkins: number }>();
  for (const v of visits) {
    const desa = desaOf(v.regionCode);
    const vk = `${v.venueId}|${v.day}`;
    const dk = `${desa}|${v.day}`;
    const vr = venues.get(vk) ?? { venue_id: v.venueId, day: v.day, region_code: desa, checkins: 0 };
    vr.checkins += 1;
    venues.set(vk, vr);
    const dr = desas.get(dk) ?? { region_code: desa, day: v.day, checkins: 0 };
    dr.checkins += 1;
    desas.set(dk, dr);
  }
  const byKey = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  await db
    .insertInto('checkin_daily_venue')
    .values(byKey(venues))
    .onConflict((oc) => oc.columns(['venue_id', 'day']).doUpdateSet({ checkins: sql<number>`checkin_daily_venue.checkins + excluded.checkins` }))
    .execute();
  await db
    .insertInto('checkin_daily_desa')
    .values(byKey(desas))
    .onConflict((oc) => oc.columns(['region_code', 'day']).doUpdateSet({ checkins: sql<number>`checkin_daily_desa.checkins + excluded.checkins` }))
    .execute();
}

export interface DailyCount {
  regionCode: string;
  day: string;
  count: number;
}

/** Check-ins per desa and day, for the desa within `regionPrefix` (a region code: itself and below; '' for all). */
export async function checkinsPerDesaDay(db: Db, regionPrefix: string, fromDay: string, toDay: string): Promise<DailyCount[]> {
  let q = db.selectFrom('checkin_daily_desa').select(['region_code', 'day', 'checkins']).where('day', '>=', fromDay).where('day', '<=', toDay);
  if (regionPrefix !== '') q = q.where((eb) => eb.or([eb('region_code', '=', regionPrefix), eb('region_code', 'like', `${regionPrefix}.%`)]));
  const rows = await q.execute();
  return rows.map((r) => ({ regionCode: r.region_code, day: r.day, count: Number(r.checkins) }));
}

/** Check-ins per venue and day for these venues. */
export async function checkinsPerVenueDay(db: Db, venueIds: readonly string[], fromDay: string, toDay: string): Promise<{ venueId: string; day: string; count: number }[]> {
  if (venueIds.length === 0) return [];
  const rows = await db
    .selectFrom('checkin_daily_venue')
    .select(['venue_id', 'day', 'checkins'])
    .where('venue_id', 'in', [...venueIds])
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .orderBy('venue_id')
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ venueId: r.venue_id, day: r.day, count: Number(r.checkins) }));
}

/**
 * Totals per region of `codeLength` characters (a kecamatan 8, a kota 5: codes are hierarchical prefixes) and day,
 * split into desa counted 1 to below − 1 and the exact sum of the others: the open data's kecamatan and kota rows
 * in one grouped query.
 */
export async function checkinTotalsPerRegionDay(db: Db, codeLength: number, below: number, fromDay: string, toDay: string): Promise<SplitTotal[]> {
  // Literals (integers checked): PostgreSQL must see the same expression in the select list and the grouping.
  if (!Number.isInteger(codeLength) || !Number.isInteger(below)) throw new Error('codeLength and below must be integers');
  const small = sql<number>`sum(case when checkins between 1 and ${sql.lit(below - 1)} then 1 else 0 end)`;
  const exact = sql<number>`sum(case when checkins between 1 and ${sql.lit(below - 1)} then 0 else checkins end)`;
  const key = sql<string>`substr(region_code, 1, ${sql.lit(codeLength)})`;
  const rows = await db
    .selectFrom('checkin_daily_desa')
    .select([key.as('key'), 'day', small.as('small'), exact.as('exact')])
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .groupBy([key, 'day'])
    .execute();
  return rows.map((r) => ({ key: r.key, day: r.day, exact: Number(r.exact), small: Number(r.small) }));
}
