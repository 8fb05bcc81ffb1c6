import type { Db } from '../../db/kysely.js';
import type { SplitTotal } from '../../shared/daily-rollup.js';
import { newCaseTotalsPerRegionDay, newCasesPerDesaDay, recountCaseDays } from './case-rollup.repository.js';

/** New cases per desa and day (confirmed, not discarded, by episode date), through the front door (issue #17). */
export interface CaseRollups {
  newCasesPerDay(regionPrefix: string, fromDay: string, toDay: string): Promise<{ key: string; day: string; count: number }[]>;
  /** Per region whose code is `codeLength` long (a kecamatan, the kota) and day, split for suppression below `below`. */
  newCaseTotalsPerDay(codeLength: number, below: number, fromDay: string, toDay: string): Promise<SplitTotal[]>;
}

export function createCaseRollups(db: Db): CaseRollups {
  return {
    async newCasesPerDay(regionPrefix, fromDay, toDay) {
      return (await newCasesPerDesaDay(db, regionPrefix, fromDay, toDay)).map((r) => ({ key: r.regionCode, day: r.day, count: r.count }));
    },
    newCaseTotalsPerDay: (codeLength, below, fromDay, toDay) => newCaseTotalsPerRegionDay(db, codeLength, below, fromDay, toDay),
  };
}

/** Recounts new cases of the episode dates [fromDay, toDay] from the cases held: for bulk writes (the synthetic city). */
export async function rebuildCaseRollups(db: Db, fromDay: string, toDay: string): Promise<void> {
  await db.transaction().execute((trx) => recountCaseDays(trx, fromDay, toDay));
}
