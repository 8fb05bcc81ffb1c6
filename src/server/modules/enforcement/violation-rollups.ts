import type { Db } from '../../db/kysely.js';
import { violationsPerDesaDay } from './violation-rollup.repository.js';

/** Violations (not annulled) per desa and day, through the front door (issue #17). */
export interface ViolationRollups {
  violationsPerDay(regionPrefix: string, fromDay: string, toDay: string): Promise<{ key: string; day: string; count: number }[]>;
}

export function createViolationRollups(db: Db): ViolationRollups {
  return {
    async violationsPerDay(regionPrefix, fromDay, toDay) {
      return (await violationsPerDesaDay(db, regionPrefix, fromDay, toDay)).map((r) => ({ key: r.regionCode, day: r.day, count: r.count }));
    },
  };
}
