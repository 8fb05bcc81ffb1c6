import type { Db } from '../../db/kysely.js';
import type { SplitTotal } from '../../shared/daily-rollup.js';
import { addDaysToDate, localDateTimeToEpochMs } from '../../shared/local-time.js';
import { recountCheckinHours } from './checkin-hourly-rollup.repository.js';
import { checkinTotalsPerRegionDay, checkinsPerDesaDay, checkinsPerVenueDay, recountCheckinDays } from './checkin-rollup.repository.js';

/** One day's count of one desa (a region code) or one venue (an id). */
export interface DayCount {
  key: string;
  day: string;
  count: number;
}

/**
 * The check-in roll-ups through the front door (issue #17): the open data and the dashboards read check-ins per day
 * from here, never by scanning visits. Days are local dates (YYYY-MM-DD, both ends included).
 */
export interface CheckinRollups {
  /** A region code (per desa within it and itself; '' = every desa) or a list of venue ids (per venue). */
  checkinsPerDay(scope: string | readonly string[], fromDay: string, toDay: string): Promise<DayCount[]>;
  /** Per region whose code is `codeLength` long (a kecamatan, the kota) and day, split for suppression below `below`. */
  checkinTotalsPerDay(codeLength: number, below: number, fromDay: string, toDay: string): Promise<SplitTotal[]>;
}

export function createCheckinRollups(db: Db): CheckinRollups {
  return {
    async checkinsPerDay(scope, fromDay, toDay) {
      if (typeof scope === 'string') return (await checkinsPerDesaDay(db, scope, fromDay, toDay)).map((r) => ({ key: r.regionCode, day: r.day, count: r.count }));
      return (await checkinsPerVenueDay(db, scope, fromDay, toDay)).map((r) => ({ key: r.venueId, day: r.day, count: r.count }));
    },
    checkinTotalsPerDay: (codeLength, below, fromDay, toDay) => checkinTotalsPerRegionDay(db, codeLength, below, fromDay, toDay),
  };
}

/**
 * Recounts the check-in roll-ups of the local days [fromDay, toDay] from the visits held, in one transaction: for
 * writes that bypass the check-in paths (the synthetic city's bulk inserts, `npm run cli -- synth`).
 */
export async function rebuildCheckinRollups(db: Db, fromDay: string, toDay: string, timeZone: string): Promise<void> {
  const fromMs = localDateTimeToEpochMs(fromDay, '00:00', timeZone);
  const toMs = localDateTimeToEpochMs(addDaysToDate(toDay, 1), '00:00', timeZone);
  const offsetMs = Date.parse(`${fromDay}T00:00:00Z`) - fromMs;
  await db.transaction().execute(async (trx) => {
    await recountCheckinDays(trx, fromMs, toMs, fromDay, toDay, offsetMs);
    await recountCheckinHours(trx, fromMs, toMs, fromDay, toDay, offsetMs);
  });
}
