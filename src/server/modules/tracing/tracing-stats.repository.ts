import type { Db } from '../../db/kysely.js';
import { addDaysToDate } from '../../shared/local-time.js';
import { groupsWithin } from './clusters.service.js';

/*
 * Case figures for the dashboards and the weekly report (issue #17), counted from the case register in a region
 * (residence code prefix). No personal field is read.
 */
/** A case counts as active on `date` from its episode date until its isolation ended (or 14 days without an end). */
export const ACTIVE_CASE_DAYS = 14;

/** Cases by episode date (onset, else specimen, else registration) and category, discarded ones left out. */
export async function casesByOnset(db: Db, regionPrefix: string, from: string, to: string): Promise<{ date: string; category: string; count: number }[]> {
  const rows = await db
    .selectFrom('cases')
    .select(['episode_date', 'category', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where((eb) => eb.or([eb('residence_code', '=', regionPrefix), eb('residence_code', 'like', `${regionPrefix}.%`)]))
    .where('category', '!=', 'discarded')
    .where('episode_date', '>=', from)
    .where('episode_date', '<=', to)
    .groupBy(['episode_date', 'category'])
    .orderBy('episode_date')
    .orderBy('category')
    .execute();
  return rows.map((r) => ({ date: r.episode_date, category: r.category, count: Number(r.n) }));
}

/**
 * Active cases on `date` per desa of residence. Two disjoint reads, each on its own index (migration 2026-12-08-01),
 * instead of one OR that scanned the whole register: cases whose isolation ends on or after the day, and cases with
 * no isolation end whose episode date lies in the last ACTIVE_CASE_DAYS days.
 */
export async function activeCasesByResidence(db: Db, regionPrefix: string, date: string): Promise<Map<string, number>> {
  const base = () =>
    db
      .selectFrom('cases')
      .select(['residence_code', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where((eb) => eb.or([eb('residence_code', '=', regionPrefix), eb('residence_code', 'like', `${regionPrefix}.%`)]))
      .where('category', '!=', 'discarded')
      .where('episode_date', '<=', date)
      .groupBy('residence_code');
  const [ending, open] = await Promise.all([
    base().where('isolation_end', '>=', date).execute(),
    base().where('isolation_end', 'is', null).where('episode_date', '>', addDaysToDate(date, -ACTIVE_CASE_DAYS)).execute(),
  ]);
  const out = new Map<string, number>();
  for (const r of [...ending, ...open]) out.set(r.residence_code, (out.get(r.residence_code) ?? 0) + Number(r.n));
  return out;
}

/** Desa clusters: two or more confirmed cases of one desa whose episode dates lie within `clusterDays` of each other. */
export async function desaClusters(db: Db, regionPrefix: string, from: string, to: string, clusterDays: number): Promise<{ regionCode: string; size: number; from: string; to: string }[]> {
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'residence_code', 'episode_date'])
    .where((eb) => eb.or([eb('residence_code', '=', regionPrefix), eb('residence_code', 'like', `${regionPrefix}.%`)]))
    .where('confirmed_at', 'is not', null)
    .where('category', '!=', 'discarded')
    .where('episode_date', '>=', from)
    .where('episode_date', '<=', to)
    .execute();
  const byDesa = new Map<string, typeof rows>();
  for (const r of rows) byDesa.set(r.residence_code, [...(byDesa.get(r.residence_code) ?? []), r]);
  const day = 86_400_000;
  const out: { regionCode: string; size: number; from: string; to: string }[] = [];
  for (const [regionCode, list] of [...byDesa].sort(([a], [b]) => a.localeCompare(b))) {
    for (const g of groupsWithin(list, clusterDays * day, (c) => Date.parse(c.episode_date), (c) => c.id)) {
      out.push({ regionCode, size: g.length, from: g[0]!.episode_date, to: g[g.length - 1]!.episode_date });
    }
  }
  return out;
}
