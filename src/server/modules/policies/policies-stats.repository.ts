import type { Db } from '../../db/kysely.js';
import { addDaysToDate } from '../../shared/local-time.js';
import { nextEvaluationDue } from './pkm-views.js';

/* Zone and PKM figures for the dashboards and the weekly report (issue #17), in a region (a code prefix). */

export interface ZoneOfDesa {
  regionCode: string;
  colour: string;
  activeCases: number;
  date: string;
}

/** Each desa's zone on `date` (the latest computed day on or before it, looking back at most 31 days). */
export async function zonesOn(db: Db, regionPrefix: string, date: string): Promise<ZoneOfDesa[]> {
  const rows = await db
    .selectFrom('zone_history')
    .select(['region_code', 'date', 'colour', 'active_cases'])
    .where((eb) => eb.or([eb('region_code', '=', regionPrefix), eb('region_code', 'like', `${regionPrefix}.%`)]))
    .where('date', '<=', date)
    .where('date', '>=', addDaysToDate(date, -31))
    .execute();
  const latest = new Map<string, ZoneOfDesa>();
  for (const r of rows) {
    const prev = latest.get(r.region_code);
    if (!prev || r.date > prev.date) latest.set(r.region_code, { regionCode: r.region_code, colour: r.colour, activeCases: Number(r.active_cases), date: r.date });
  }
  return [...latest.values()].sort((a, b) => a.regionCode.localeCompare(b.regionCode));
}

/** How many desa were in each zone colour, per day. */
export async function zoneHistoryCounts(db: Db, regionPrefix: string, from: string, to: string): Promise<{ date: string; colour: string; count: number }[]> {
  const rows = await db
    .selectFrom('zone_history')
    .select(['date', 'colour', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where((eb) => eb.or([eb('region_code', '=', regionPrefix), eb('region_code', 'like', `${regionPrefix}.%`)]))
    .where('date', '>=', from)
    .where('date', '<=', to)
    .groupBy(['date', 'colour'])
    .orderBy('date')
    .orderBy('colour')
    .execute();
  return rows.map((r) => ({ date: r.date, colour: r.colour, count: Number(r.n) }));
}

/** Each desa's zone colour per day in the period (for the weekly report's zone changes and red streaks). */
export async function zoneHistoryOfDesa(db: Db, regionPrefix: string, from: string, to: string): Promise<{ regionCode: string; date: string; colour: string }[]> {
  const rows = await db
    .selectFrom('zone_history')
    .select(['region_code', 'date', 'colour'])
    .where((eb) => eb.or([eb('region_code', '=', regionPrefix), eb('region_code', 'like', `${regionPrefix}.%`)]))
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('region_code')
    .orderBy('date')
    .execute();
  return rows.map((r) => ({ regionCode: r.region_code, date: r.date, colour: r.colour }));
}

/** PKM applications by status (stage), and the active ones whose weekly evaluation is overdue on `today`. */
export async function pkmFigures(db: Db, regionPrefix: string, today: string): Promise<{ byStage: { status: string; count: number }[]; overdue: { id: string; regionCode: string; due: string }[]; activeRegions: string[] }> {
  const apps = await db
    .selectFrom('pkm_applications')
    .selectAll()
    .where((eb) => eb.or([eb('region_code', '=', regionPrefix), eb('region_code', 'like', `${regionPrefix}.%`)]))
    .execute();
  const stages = new Map<string, number>();
  for (const a of apps) stages.set(a.status, (stages.get(a.status) ?? 0) + 1);
  const active = apps.filter((a) => a.status === 'ACTIVE');
  const evaluations = active.length
    ? await db.selectFrom('pkm_evaluations').select(['application_id']).where('application_id', 'in', active.map((a) => a.id)).execute()
    : [];
  const overdue: { id: string; regionCode: string; due: string }[] = [];
  for (const a of active) {
    const due = nextEvaluationDue(a, evaluations.filter((e) => e.application_id === a.id).length);
    if (due !== null && due < today) overdue.push({ id: a.id, regionCode: a.region_code, due });
  }
  return { byStage: [...stages].map(([status, count]) => ({ status, count })).sort((a, b) => a.status.localeCompare(b.status)), overdue: overdue.sort((a, b) => a.due.localeCompare(b.due)), activeRegions: [...new Set(active.map((a) => a.region_code))].sort() };
}

/** The weekly evaluations recorded between two instants (the weekly report). */
export async function evaluationsBetween(db: Db, regionPrefix: string, fromMs: number, toMs: number): Promise<{ applicationId: string; regionCode: string; week: number; dueDate: string; activeCases: number | null; recommendation: string }[]> {
  const rows = await db
    .selectFrom('pkm_evaluations')
    .innerJoin('pkm_applications', 'pkm_applications.id', 'pkm_evaluations.application_id')
    .select(['pkm_evaluations.application_id', 'pkm_applications.region_code', 'pkm_evaluations.week', 'pkm_evaluations.due_date', 'pkm_evaluations.active_cases', 'pkm_evaluations.recommendation'])
    .where((eb) => eb.or([eb('pkm_applications.region_code', '=', regionPrefix), eb('pkm_applications.region_code', 'like', `${regionPrefix}.%`)]))
    .where('pkm_evaluations.evaluated_at', '>=', fromMs)
    .where('pkm_evaluations.evaluated_at', '<', toMs)
    .orderBy('pkm_applications.region_code')
    .orderBy('pkm_evaluations.week')
    .execute();
  return rows.map((r) => ({ applicationId: r.application_id, regionCode: r.region_code, week: Number(r.week), dueDate: r.due_date, activeCases: r.active_cases === null ? null : Number(r.active_cases), recommendation: r.recommendation }));
}
