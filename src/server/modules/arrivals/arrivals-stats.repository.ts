import type { Db } from '../../db/kysely.js';

/* Newcomer figures for the dashboards and the weekly report (issue #17), in a region (a code prefix). */

/** Newcomers whose 14-day self-isolation covers `date`, by status (reported: not visited yet; visited). */
export async function newcomersInIsolation(db: Db, regionPrefix: string, date: string): Promise<{ status: string; count: number }[]> {
  const rows = await db
    .selectFrom('arrivals')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where((eb) => eb.or([eb('region_code', '=', regionPrefix), eb('region_code', 'like', `${regionPrefix}.%`)]))
    .where('arrival_date', '<=', date)
    .where('isolation_until', '>=', date)
    .groupBy('status')
    .execute();
  const by = new Map<string, number>(rows.map((r) => [r.status, Number(r.n)]));
  return ['reported', 'visited'].map((status) => ({ status, count: by.get(status) ?? 0 }));
}
