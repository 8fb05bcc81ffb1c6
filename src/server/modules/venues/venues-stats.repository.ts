import type { Db } from '../../db/kysely.js';

/* Venue figures for the dashboards and the weekly report (issue #17), in a region (a code prefix). */

/** Verified venues by compliance badge (green, yellow, red; grey or none: not scored yet). */
export async function venuesByBadge(db: Db, regionPrefix: string): Promise<{ badge: string; count: number }[]> {
  const rows = await db
    .selectFrom('venues')
    .select(['compliance_badge', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where((eb) => eb.or([eb('region_code', '=', regionPrefix), eb('region_code', 'like', `${regionPrefix}.%`)]))
    .where('status', '=', 'verified')
    .groupBy('compliance_badge')
    .execute();
  return rows.map((r) => ({ badge: r.compliance_badge === 'none' ? 'grey' : r.compliance_badge, count: Number(r.n) }));
}

/** The verified venues with the lowest compliance score. */
export async function worstRatedVenues(db: Db, regionPrefix: string, limit: number): Promise<{ id: string; name: string; regionCode: string; score: number }[]> {
  const rows = await db
    .selectFrom('venues')
    .select(['id', 'name', 'region_code', 'compliance_score'])
    .where((eb) => eb.or([eb('region_code', '=', regionPrefix), eb('region_code', 'like', `${regionPrefix}.%`)]))
    .where('status', '=', 'verified')
    .where('compliance_score', 'is not', null)
    .orderBy('compliance_score')
    .orderBy('name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, regionCode: r.region_code, score: Number(r.compliance_score) }));
}

/**
 * Inspections: done between two instants, follow-up visits due on or before the last day (dated by an inspection of
 * the period or before it, not yet followed by a later inspection) and verified venues never inspected.
 */
export async function inspectionFigures(db: Db, regionPrefix: string, fromMs: number, toMs: number, toDate: string): Promise<{ done: number; followUpsDue: number; neverInspected: number }> {
  // The three counts are independent: on PostgreSQL they run side by side on the pool.
  const [done, due, never] = await Promise.all([
    db
      .selectFrom('venue_assessments')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where((eb) => eb.or([eb('region_code', '=', regionPrefix), eb('region_code', 'like', `${regionPrefix}.%`)]))
      .where('kind', '=', 'inspection')
      .where('at', '>=', fromMs)
      .where('at', '<', toMs)
      .executeTakeFirstOrThrow(),
    // Counted in SQL (a later inspection of the venue excluded by an anti-join) rather than every
    // inspection before the end read into the process: the city-wide read grew with the assessments (issue #17).
    db
      .selectFrom('venue_assessments as a')
      .select((eb) => eb.fn.count<number | string>('a.venue_id').distinct().as('n'))
      .where((eb) => eb.or([eb('a.region_code', '=', regionPrefix), eb('a.region_code', 'like', `${regionPrefix}.%`)]))
      .where('a.kind', '=', 'inspection')
      .where('a.at', '<', toMs)
      .where('a.follow_up_date', 'is not', null)
      .where('a.follow_up_date', '<=', toDate)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('venue_assessments as b')
              .select('b.id')
              .whereRef('b.venue_id', '=', 'a.venue_id')
              .where('b.kind', '=', 'inspection')
              .where('b.at', '<', toMs)
              .whereRef('b.at', '>', 'a.at')
              .where((eb) => eb.or([eb('b.region_code', '=', regionPrefix), eb('b.region_code', 'like', `${regionPrefix}.%`)])),
          ),
        ),
      )
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('venues')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where((eb) => eb.or([eb('region_code', '=', regionPrefix), eb('region_code', 'like', `${regionPrefix}.%`)]))
      .where('status', '=', 'verified')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('venue_assessments').select('venue_assessments.id').whereRef('venue_assessments.venue_id', '=', 'venues.id').where('venue_assessments.kind', '=', 'inspection'))))
      .executeTakeFirstOrThrow(),
  ]);
  return { done: Number(done.n), followUpsDue: Number(due.n), neverInspected: Number(never.n) };
}
