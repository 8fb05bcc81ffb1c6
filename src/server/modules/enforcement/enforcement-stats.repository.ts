import type { Db } from '../../db/kysely.js';

/* Enforcement figures for the dashboards and the weekly report (issue #17), in a region (a code prefix), by local date. */

/** Recorded violations by offence and team, with the fines imposed on them (active fine sanctions, in rupiah). */
export async function violationsByOffenceAndTeam(db: Db, regionPrefix: string, from: string, to: string): Promise<{ offence: string; team: string | null; violations: number; finesIdr: number }[]> {
  const counts = await db
    .selectFrom('violations')
    .select(['offence', 'team', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where((eb) => eb.or([eb('region_code', '=', regionPrefix), eb('region_code', 'like', `${regionPrefix}.%`)]))
    .where('status', '=', 'recorded')
    .where('local_date', '>=', from)
    .where('local_date', '<=', to)
    .groupBy(['offence', 'team'])
    .execute();
  const fines = await db
    .selectFrom('sanctions')
    .innerJoin('violations', 'violations.id', 'sanctions.violation_id')
    .select(['violations.offence', 'violations.team', (eb) => eb.fn.sum<number | string | null>('sanctions.amount_idr').as('amount')])
    .where((eb) => eb.or([eb('violations.region_code', '=', regionPrefix), eb('violations.region_code', 'like', `${regionPrefix}.%`)]))
    .where('violations.status', '=', 'recorded')
    .where('violations.local_date', '>=', from)
    .where('violations.local_date', '<=', to)
    .where('sanctions.status', '=', 'active')
    .where('sanctions.type', '=', 'denda')
    .groupBy(['violations.offence', 'violations.team'])
    .execute();
  const key = (offence: string, team: string | null) => `${offence}\u0000${team ?? ''}`;
  const amounts = new Map(fines.map((f) => [key(f.offence, f.team), Number(f.amount ?? 0)]));
  return counts
    .map((c) => ({ offence: c.offence, team: c.team, violations: Number(c.n), finesIdr: amounts.get(key(c.offence, c.team)) ?? 0 }))
    .sort((a, b) => a.offence.localeCompare(b.offence) || (a.team ?? '').localeCompare(b.team ?? ''));
}

/** Border-post checks by result, at posts in the region. */
export async function checksByResult(db: Db, regionPrefix: string, from: string, to: string): Promise<{ result: string; count: number }[]> {
  const rows = await db
    .selectFrom('checkpoint_checks')
    .innerJoin('checkpoints', 'checkpoints.id', 'checkpoint_checks.checkpoint_id')
    .select(['checkpoint_checks.result', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where((eb) => eb.or([eb('checkpoints.region_code', '=', regionPrefix), eb('checkpoints.region_code', 'like', `${regionPrefix}.%`)]))
    .where('checkpoint_checks.local_date', '>=', from)
    .where('checkpoint_checks.local_date', '<=', to)
    .groupBy('checkpoint_checks.result')
    .execute();
  const by = new Map<string, number>(rows.map((r) => [r.result, Number(r.n)]));
  return ['passed', 'turned_back', 'referred'].map((result) => ({ result, count: by.get(result) ?? 0 }));
}
