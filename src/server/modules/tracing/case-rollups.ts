import type { Db } from '../../db/kysely.js';
import { newCasesPerDesaDay } from './case-rollup.repository.js';

/** New cases per desa and day (confirmed, not discarded, by episode date), through the front door (issue #17). */
export interface CaseRollups {
  newCasesPerDay(regionPrefix: string, fromDay: string, toDay: string): Promise<{ key: string; day: string; count: number }[]>;
}

export function createCaseRollups(db: Db): CaseRollups {
  return {
    async newCasesPerDay(regionPrefix, fromDay, toDay) {
      return (await newCasesPerDesaDay(db, regionPrefix, fromDay, toDay)).map((r) => ({ key: r.regionCode, day: r.day, count: r.count }));
    },
  };
}
