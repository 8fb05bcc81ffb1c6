import type { Db } from '../../db/kysely.js';
import type {
  PkmApplicationsTable,
  PkmApprovalLettersTable,
  PkmEvaluationsTable,
  PkmTransitionsTable,
  RuleSetsTable,
  ZoneActiveCasesTable,
  ZoneHistoryTable,
  ZoneThresholdVersionsTable,
} from './policies.table.js';

// ---------- rule sets ----------

export async function countRuleSets(db: Db): Promise<number> {
  const row = await db.selectFrom('rule_sets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** `status_check` may be left to the column's default (0), so the seed also runs on a schema from before the column. */
export async function insertRuleSet(db: Db, row: Omit<RuleSetsTable, 'status_check'> & { status_check?: number }): Promise<void> {
  await db.insertInto('rule_sets').values(row as RuleSetsTable).execute();
}

export async function findRuleSet(db: Db, id: string): Promise<RuleSetsTable | undefined> {
  return db.selectFrom('rule_sets').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateRuleSet(db: Db, id: string, patch: Partial<RuleSetsTable>): Promise<void> {
  await db.updateTable('rule_sets').set(patch).where('id', '=', id).execute();
}

export async function deleteRuleSet(db: Db, id: string): Promise<void> {
  await db.deleteFrom('rule_sets').where('id', '=', id).execute();
}

export interface RuleSetFilter {
  status?: string;
  kind?: string;
  scopeRegionCode?: string;
  /** Only rule sets whose scope lies within one of these (prefix match); undefined = all. */
  scopes?: string[];
}

export async function listRuleSets(db: Db, filter: RuleSetFilter): Promise<RuleSetsTable[]> {
  let q = db.selectFrom('rule_sets').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.scopeRegionCode) q = q.where('scope_region_code', '=', filter.scopeRegionCode);
  const scopes = filter.scopes;
  if (scopes) {
    q = q.where((eb) => eb.or(scopes.flatMap((s) => [eb('scope_region_code', '=', s), eb('scope_region_code', 'like', `${s}.%`)])));
  }
  return q.orderBy('effective_from', 'desc').orderBy('version', 'desc').execute();
}

/** Whether a published city-wide rule set of the scope is in force at the instant. */
export async function cityRuleSetInForce(db: Db, scopeRegionCode: string, at: number): Promise<boolean> {
  const row = await db
    .selectFrom('rule_sets')
    .select('id')
    .where('status', '=', 'published')
    .where('kind', '=', 'city')
    .where('scope_region_code', '=', scopeRegionCode)
    .where('effective_from', '<=', at)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', at)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listPublishedRuleSets(db: Db): Promise<RuleSetsTable[]> {
  return db.selectFrom('rule_sets').selectAll().where('status', '=', 'published').execute();
}

/** The published rule-set overlays a village PKM application created, oldest first. */
export async function listPublishedOverlays(db: Db, applicationId: string): Promise<RuleSetsTable[]> {
  return db.selectFrom('rule_sets').selectAll().where('pkm_application_id', '=', applicationId).where('status', '=', 'published').orderBy('effective_from').execute();
}

export async function listPublishedInSeries(db: Db, scopeRegionCode: string, kind: string): Promise<RuleSetsTable[]> {
  return db
    .selectFrom('rule_sets')
    .selectAll()
    .where('status', '=', 'published')
    .where('scope_region_code', '=', scopeRegionCode)
    .where('kind', '=', kind)
    .execute();
}

export async function maxVersionInSeries(db: Db, scopeRegionCode: string, kind: string): Promise<number> {
  const row = await db
    .selectFrom('rule_sets')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('scope_region_code', '=', scopeRegionCode)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

// ---------- zone thresholds ----------

export async function listThresholdVersions(db: Db): Promise<ZoneThresholdVersionsTable[]> {
  return db.selectFrom('zone_threshold_versions').selectAll().orderBy('effective_from', 'desc').execute();
}

export async function insertThresholdVersion(db: Db, row: ZoneThresholdVersionsTable): Promise<void> {
  await db.insertInto('zone_threshold_versions').values(row).execute();
}

// ---------- active cases and zone history ----------

export async function upsertActiveCases(db: Db, row: ZoneActiveCasesTable): Promise<void> {
  await db
    .insertInto('zone_active_cases')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['region_code', 'date', 'source']).doUpdateSet({ active_cases: row.active_cases, recorded_at: row.recorded_at, recorded_by: row.recorded_by }),
    )
    .execute();
}

/** For every region with a count on or before `date`: the rows (one per source) of its latest counted date. */
export async function latestCountsOnOrBefore(db: Db, date: string, regionCode?: string): Promise<ZoneActiveCasesTable[]> {
  let latest = db.selectFrom('zone_active_cases').select(['region_code', (eb) => eb.fn.max('date').as('max_date')]).where('date', '<=', date);
  if (regionCode) latest = latest.where('region_code', '=', regionCode);
  return db
    .selectFrom('zone_active_cases as c')
    .innerJoin(latest.groupBy('region_code').as('m'), (join) =>
      join.onRef('m.region_code', '=', 'c.region_code').onRef('m.max_date', '=', 'c.date'),
    )
    .selectAll('c')
    .execute();
}

/** The first counted date after `date` for a region, if any. */
export async function nextCountDate(db: Db, regionCode: string, date: string): Promise<string | null> {
  const row = await db
    .selectFrom('zone_active_cases')
    .select((eb) => eb.fn.min('date').as('d'))
    .where('region_code', '=', regionCode)
    .where('date', '>', date)
    .executeTakeFirst();
  return row?.d ?? null;
}

export async function upsertZoneHistory(db: Db, rows: ZoneHistoryTable[]): Promise<void> {
  for (const row of rows) {
    await db
      .insertInto('zone_history')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['region_code', 'date']).doUpdateSet({
          active_cases: row.active_cases,
          colour: row.colour,
          count_date: row.count_date,
          thresholds_version_id: row.thresholds_version_id,
          computed_at: row.computed_at,
        }),
      )
      .execute();
  }
}

export async function listZoneHistory(db: Db, regionCode: string, from: string, to: string): Promise<ZoneHistoryTable[]> {
  return db
    .selectFrom('zone_history')
    .selectAll()
    .where('region_code', '=', regionCode)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date')
    .execute();
}

/** Dates of a region's stored history rows in [from, before) (before null = no upper bound). */
export async function zoneHistoryDates(db: Db, regionCode: string, from: string, before: string | null): Promise<string[]> {
  let q = db.selectFrom('zone_history').select('date').where('region_code', '=', regionCode).where('date', '>=', from);
  if (before !== null) q = q.where('date', '<', before);
  return (await q.execute()).map((r) => r.date);
}

export async function latestZoneHistoryDate(db: Db): Promise<string | null> {
  const row = await db.selectFrom('zone_history').select((eb) => eb.fn.max('date').as('d')).executeTakeFirst();
  return row?.d ?? null;
}

// ---------- village PKM ----------

export async function insertApplication(db: Db, row: PkmApplicationsTable): Promise<void> {
  await db.insertInto('pkm_applications').values(row).execute();
}

export async function findApplication(db: Db, id: string): Promise<PkmApplicationsTable | undefined> {
  return db.selectFrom('pkm_applications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateApplication(db: Db, id: string, patch: Partial<PkmApplicationsTable>): Promise<void> {
  await db.updateTable('pkm_applications').set(patch).where('id', '=', id).execute();
}

export async function listApplications(db: Db, filter: { scopes?: string[]; statuses?: string[]; regionCode?: string }): Promise<PkmApplicationsTable[]> {
  let q = db.selectFrom('pkm_applications').selectAll();
  if (filter.statuses && filter.statuses.length > 0) q = q.where('status', 'in', filter.statuses);
  if (filter.regionCode) q = q.where('region_code', '=', filter.regionCode);
  const scopes = filter.scopes;
  if (scopes) {
    q = q.where((eb) =>
      eb.or(
        scopes.flatMap((s) => [
          eb('region_code', '=', s),
          eb('region_code', 'like', `${s}.%`),
          eb('adat_region_code', '=', s),
          eb('adat_region_code', 'like', `${s}.%`),
        ]),
      ),
    );
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/** How many applications of these statuses lie in the scopes (desa or desa adat; undefined: the whole city). */
export async function countApplications(db: Db, filter: { scopes?: string[]; statuses: string[] }): Promise<number> {
  const scopes = filter.scopes;
  if (scopes && scopes.length === 0) return 0;
  let q = db.selectFrom('pkm_applications').select((eb) => eb.fn.countAll<number | string>().as('n')).where('status', 'in', filter.statuses);
  if (scopes) {
    q = q.where((eb) =>
      eb.or(scopes.flatMap((s) => [eb('region_code', '=', s), eb('region_code', 'like', `${s}.%`), eb('adat_region_code', '=', s), eb('adat_region_code', 'like', `${s}.%`)])),
    );
  }
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Applications whose dates call for a lifecycle step: APPROVED that have started, ACTIVE that have ended. */
export async function listLifecycleDue(db: Db, today: string): Promise<PkmApplicationsTable[]> {
  return db
    .selectFrom('pkm_applications')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'APPROVED'), eb('start_date', '<=', today)]),
        eb.and([eb('status', 'in', ['APPROVED', 'ACTIVE']), eb('end_date', '<=', today)]),
      ]),
    )
    .execute();
}

/** Moves an application from one status to another unless another process did first; false when it did. */
export async function setApplicationStatusIf(db: Db, id: string, from: string, to: string, now: number): Promise<boolean> {
  const result = await db.updateTable('pkm_applications').set({ status: to, updated_at: now }).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertTransition(db: Db, row: PkmTransitionsTable): Promise<void> {
  await db.insertInto('pkm_transitions').values(row).execute();
}

export async function listTransitions(db: Db, applicationId: string): Promise<PkmTransitionsTable[]> {
  return db.selectFrom('pkm_transitions').selectAll().where('application_id', '=', applicationId).orderBy('seq').execute();
}

export async function nextTransitionSeq(db: Db, applicationId: string): Promise<number> {
  const row = await db.selectFrom('pkm_transitions').select((eb) => eb.fn.max('seq').as('s')).where('application_id', '=', applicationId).executeTakeFirst();
  return Number(row?.s ?? 0) + 1;
}

export async function insertEvaluation(db: Db, row: PkmEvaluationsTable): Promise<void> {
  await db.insertInto('pkm_evaluations').values(row).execute();
}

export async function listEvaluations(db: Db, applicationIds: string[]): Promise<PkmEvaluationsTable[]> {
  if (applicationIds.length === 0) return [];
  return db.selectFrom('pkm_evaluations').selectAll().where('application_id', 'in', applicationIds).orderBy('week').execute();
}

export async function insertLetter(db: Db, row: PkmApprovalLettersTable): Promise<void> {
  await db.insertInto('pkm_approval_letters').values(row).execute();
}

export async function findLetter(db: Db, applicationId: string): Promise<PkmApprovalLettersTable | undefined> {
  return db.selectFrom('pkm_approval_letters').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
}

export async function findLetterByNumber(db: Db, number: string): Promise<PkmApprovalLettersTable | undefined> {
  return db.selectFrom('pkm_approval_letters').selectAll().where('number', '=', number).executeTakeFirst();
}

export async function countLetters(db: Db): Promise<number> {
  const row = await db.selectFrom('pkm_approval_letters').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------- cache revision ----------

export async function bumpPolicyRevision(db: Db, now: number): Promise<void> {
  await db
    .updateTable('policy_state')
    .set((eb) => ({ revision: eb('revision', '+', 1), updated_at: now }))
    .where('id', '=', 1)
    .execute();
}

export async function readPolicyRevision(db: Db): Promise<number> {
  const row = await db.selectFrom('policy_state').select('revision').where('id', '=', 1).executeTakeFirst();
  return Number(row?.revision ?? 0);
}
