import type { Db } from '../../db/kysely.js';
import type { OpenDataLevel } from './open-data-rows.js';

export interface PublishedDay {
  level: OpenDataLevel;
  day: string;
  digest: string;
  json: string;
  csv: string;
}

/** The open data's published days (open_data_days, migration 2026-12-09-01). */
export function createOpenDataDays(db: Db) {
  return {
    /** The stored text of each published day of [from, to] in one format, by day. */
    async texts(level: OpenDataLevel, from: string, to: string, format: 'json' | 'csv'): Promise<Map<string, string>> {
      const rows = await db
        .selectFrom('open_data_days')
        .select(['day', format === 'json' ? 'json as text' : 'csv as text'])
        .where('level', '=', level)
        .where('day', '>=', from)
        .where('day', '<=', to)
        .execute();
      return new Map(rows.map((r) => [r.day, r.text]));
    },

    async digests(level: OpenDataLevel, from: string, to: string): Promise<Map<string, string>> {
      const rows = await db.selectFrom('open_data_days').select(['day', 'digest']).where('level', '=', level).where('day', '>=', from).where('day', '<=', to).execute();
      return new Map(rows.map((r) => [r.day, r.digest]));
    },

    /** Writes (or rewrites) these days, in one transaction. */
    async write(days: readonly PublishedDay[], at: number): Promise<void> {
      if (days.length === 0) return;
      await db.transaction().execute(async (trx) => {
        // 100 rows a statement: far under either engine's limit on bound parameters (7 each).
        for (let i = 0; i < days.length; i += 100) {
          await trx
            .insertInto('open_data_days')
            .values(days.slice(i, i + 100).map((d) => ({ ...d, published_at: at })))
            .onConflict((oc) =>
              oc.columns(['level', 'day']).doUpdateSet((eb) => ({ digest: eb.ref('excluded.digest'), json: eb.ref('excluded.json'), csv: eb.ref('excluded.csv'), published_at: eb.ref('excluded.published_at') })),
            )
            .execute();
        }
      });
    },
  };
}

export type OpenDataDays = ReturnType<typeof createOpenDataDays>;

/** Forgets the published texts of [from, to] (after a bulk load that bypassed the roll-ups' paths): built on request until the next publish run. */
export async function forgetPublishedOpenData(db: Db, from: string, to: string): Promise<void> {
  await db.deleteFrom('open_data_days').where('day', '>=', from).where('day', '<=', to).execute();
}
