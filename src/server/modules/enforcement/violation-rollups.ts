import type { Db } from '../../db/kysely.js';
import type { SplitTotal } from '../../shared/daily-rollup.js';
import { violationTotalsPerRegionDay, violationsPerDesaDay } from './violation-rollup.repository.js';

/** Violations (not annulled) per desa and day, through the front door (issue #17). */
export interface ViolationRollups {
  violationsPerDay(regionPrefix: string, fromDay: string, toDay: string): Promise<{ key: string; day: string; count: number }[]>;
  /** Per region whose code is `codeLength` long (a kecamatan, the kota) and day, split for suppression below `below`. */
  violationTotalsPerDay(codeLength: number, below: number, fromDay: string, toDay: string): Promise<SplitTotal[]>;
}

export function createViolationRollups(db: Db): ViolationRollups {
  return {
    async violationsPerDay(regionPrefix, fromDay, toDay) {
      return (await violationsPerDesaDay(db, regionPrefix, fromDay, toDay)).map((r) => ({ key: r.regionCode, day: r.day, count: r.count }));
    },
    violationTotalsPerDay: (codeLength, below, fromDay, toDay) => violationTotalsPerRegionDay(db, codeLength, below, fromDay, toDay),
  };
}
