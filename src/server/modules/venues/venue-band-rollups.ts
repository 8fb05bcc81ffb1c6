import type { Db } from '../../db/kysely.js';
import type { SplitTotal } from '../../shared/daily-rollup.js';
import { addDaysToDate, localDate, localDateTimeToEpochMs } from '../../shared/local-time.js';
import { bandDayCounts, COMPLIANCE_BANDS, type ComplianceBand } from './venue-band-days.js';
import { badgeChanges, badgesBefore, countedVenues, lastBandDay, replaceBandDays, venueBandTotalsPerRegionDay, venuesAcrossBandsDesaDay, venuesPerBandDesaDay } from './venue-band-rollup.repository.js';

/** How far back the first run fills the days: the two years the open data promises. */
export const BAND_DAYS_BACKFILL = 730;

export interface BandDayCount {
  key: string;
  day: string;
  band: ComplianceBand;
  count: number;
}

/**
 * Venues by compliance band per desa and day through the front door (issue #17): the open data reads them here, and
 * the venues' band-days job (venues.jobs.ts) and the synthetic city write them (venue-band-days.ts says how).
 */
export interface VenueBandRollups {
  /** Per desa within `regionPrefix` (a region code: itself and below; '' = every desa), day and band. */
  venuesPerBandPerDay(regionPrefix: string, fromDay: string, toDay: string): Promise<BandDayCount[]>;
  /** The same, one row per desa and day with the venues of every band (what the open data's desa table reads). */
  venuesAcrossBandsPerDay(regionPrefix: string, fromDay: string, toDay: string): Promise<{ key: string; day: string; bands: Record<ComplianceBand, number> }[]>;
  /** Per region whose code is `codeLength` long (a kecamatan, the kota), day and band, split for suppression below `below`. */
  venueBandTotalsPerDay(codeLength: number, below: number, fromDay: string, toDay: string): Promise<(SplitTotal & { band: ComplianceBand })[]>;
  /**
   * (Re)writes the days from `fromDay` (default: the last day written, which may have been written before it ended;
   * none yet: the day the first venue was verified, at most BAND_DAYS_BACKFILL days back) to `toDay` (default: today,
   * so far) from the score history. Idempotent; null when there is nothing to write.
   */
  refreshBandDays(options: { now: number; timeZone: string; fromDay?: string; toDay?: string }): Promise<{ from: string; to: string; rows: number } | null>;
}

export function createVenueBandRollups(db: Db): VenueBandRollups {
  return {
    async venuesPerBandPerDay(regionPrefix, fromDay, toDay) {
      return (await venuesPerBandDesaDay(db, regionPrefix, fromDay, toDay)).map((r) => ({ key: r.regionCode, day: r.day, band: r.band as ComplianceBand, count: r.count }));
    },
    async venuesAcrossBandsPerDay(regionPrefix, fromDay, toDay) {
      return (await venuesAcrossBandsDesaDay(db, regionPrefix, fromDay, toDay, COMPLIANCE_BANDS)).map((r) => ({
        key: r.regionCode,
        day: r.day,
        bands: Object.fromEntries(COMPLIANCE_BANDS.map((b, i) => [b, r.counts[i] ?? 0])) as Record<ComplianceBand, number>,
      }));
    },
    async venueBandTotalsPerDay(codeLength, below, fromDay, toDay) {
      return (await venueBandTotalsPerRegionDay(db, codeLength, below, fromDay, toDay)).map((t) => ({ ...t, band: t.band as ComplianceBand }));
    },
    async refreshBandDays({ now, timeZone, fromDay, toDay }) {
      const to = toDay ?? localDate(now, timeZone);
      const venues = await countedVenues(db);
      let from = fromDay ?? (await lastBandDay(db));
      if (from === null) {
        if (venues.length === 0) return null;
        const first = localDate(venues.reduce((min, v) => Math.min(min, v.verifiedAt), Infinity), timeZone);
        const earliest = addDaysToDate(to, -(BAND_DAYS_BACKFILL - 1));
        from = first < earliest ? earliest : first;
      }
      if (from > to) return null;
      const days: { day: string; endMs: number }[] = [];
      for (let d = from; d <= to; d = addDaysToDate(d, 1)) days.push({ day: d, endMs: localDateTimeToEpochMs(addDaysToDate(d, 1), '00:00', timeZone) });
      const startMs = localDateTimeToEpochMs(from, '00:00', timeZone);
      const [initial, changes] = await Promise.all([badgesBefore(db, startMs), badgeChanges(db, startMs, days.at(-1)!.endMs)]);
      const rows = bandDayCounts({ venues, initial, changes, days });
      const start = from;
      await db.transaction().execute((trx) => replaceBandDays(trx, start, to, rows));
      return { from, to, rows: rows.length };
    },
  };
}
