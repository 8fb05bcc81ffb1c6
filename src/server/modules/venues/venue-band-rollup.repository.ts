import { dailyCountTable } from '../../db/daily-counts.js';
import type { Db } from '../../db/kysely.js';
import type { SplitTotal } from '../../shared/daily-rollup.js';

/*
 * Venues by compliance band per desa and local day (issue #17; venue-band-days.ts writes them): the venues the public
 * sees (verified or suspended), their stored badge history (venue_compliance_scores) and the day table.
 */
const bandDays = dailyCountTable({ table: 'venue_band_daily_desa', keys: ['region_code', 'band'], count: 'venues' });

/** A venue that counts: listed publicly, with the instant it was verified. */
export interface CountedVenue {
  id: string;
  regionCode: string;
  verifiedAt: number;
}

export async function countedVenues(db: Db): Promise<CountedVenue[]> {
  const rows = await db
    .selectFrom('venues')
    .select(['id', 'region_code', 'verified_at'])
    .where('status', 'in', ['verified', 'suspended'])
    .where('verified_at', 'is not', null)
    .execute();
  return rows.map((r) => ({ id: r.id, regionCode: r.region_code, verifiedAt: Number(r.verified_at) }));
}

/** Each venue's badge as stored last before `beforeMs` (of two stored in the same millisecond, the larger id). */
export async function badgesBefore(db: Db, beforeMs: number): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('venue_compliance_scores as s')
    .select(['s.venue_id', 's.badge'])
    .where('s.computed_at', '<', beforeMs)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('venue_compliance_scores as t')
            .select('t.id')
            .whereRef('t.venue_id', '=', 's.venue_id')
            .where('t.computed_at', '<', beforeMs)
            .where((w) => w.or([w('t.computed_at', '>', w.ref('s.computed_at')), w.and([w('t.computed_at', '=', w.ref('s.computed_at')), w('t.id', '>', w.ref('s.id'))])])),
        ),
      ),
    )
    .execute();
  return new Map(rows.map((r) => [r.venue_id, r.badge]));
}

/** The badges stored in [fromMs, toMs), in the order they were stored. */
export async function badgeChanges(db: Db, fromMs: number, toMs: number): Promise<{ venueId: string; at: number; badge: string }[]> {
  const rows = await db
    .selectFrom('venue_compliance_scores')
    .select(['venue_id', 'computed_at', 'badge'])
    .where('computed_at', '>=', fromMs)
    .where('computed_at', '<', toMs)
    .orderBy('computed_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ venueId: r.venue_id, at: Number(r.computed_at), badge: r.badge }));
}

/** Replaces the days [fromDay, toDay] with these counts, in the caller's transaction. */
export async function replaceBandDays(db: Db, fromDay: string, toDay: string, rows: readonly { regionCode: string; day: string; band: string; venues: number }[]): Promise<void> {
  await db.deleteFrom('venue_band_daily_desa').where('day', '>=', fromDay).where('day', '<=', toDay).execute();
  const values = rows.filter((r) => r.venues !== 0).map((r) => ({ region_code: r.regionCode, day: r.day, band: r.band, venues: r.venues }));
  for (let i = 0; i < values.length; i += 500) await db.insertInto('venue_band_daily_desa').values(values.slice(i, i + 500)).execute();
}

/** The last day written (null: none yet). */
export async function lastBandDay(db: Db): Promise<string | null> {
  const row = await db.selectFrom('venue_band_daily_desa').select((eb) => eb.fn.max('day').as('day')).executeTakeFirst();
  return row?.day ?? null;
}

export async function venuesPerBandDesaDay(db: Db, regionPrefix: string, fromDay: string, toDay: string): Promise<{ regionCode: string; band: string; day: string; count: number }[]> {
  return (await bandDays.perDay(db, 'region_code', regionPrefix, fromDay, toDay)).map((r) => ({ regionCode: r.region_code, band: r.band, day: r.day, count: r.count }));
}

/** Per desa and day, the venues of each band in the order of `bands` (one row per desa-day, not one per band). */
export async function venuesAcrossBandsDesaDay(db: Db, regionPrefix: string, fromDay: string, toDay: string, bands: readonly string[]): Promise<{ regionCode: string; day: string; counts: number[] }[]> {
  return (await bandDays.perDayAcross(db, 'region_code', regionPrefix, fromDay, toDay, 'band', bands)).map((r) => ({ regionCode: r.region_code ?? '', day: r.day, counts: r.counts }));
}

/** Per region of `codeLength` characters, day and band, split for suppression below `below`. */
export async function venueBandTotalsPerRegionDay(db: Db, codeLength: number, below: number, fromDay: string, toDay: string): Promise<(SplitTotal & { band: string })[]> {
  return (await bandDays.splitTotals(db, 'region_code', codeLength, below, fromDay, toDay, 'band')).map(({ by, ...t }) => ({ ...t, band: by ?? '' }));
}
