import { toIso } from '../../shared/clock.js';
import { openingViewOf } from '../../shared/opening-text.js';
import type { PkmAction } from './pkm-workflow.js';
import type { PkmApplicationsTable, PkmApprovalLettersTable, PkmEvaluationsTable, PkmTransitionsTable, RuleSetsTable, ZoneHistoryTable, ZoneThresholdVersionsTable } from './policies.table.js';
import type { RulesInForce } from './resolve-rules.js';
import type { Rule } from './rule-set.js';
import type { ZoneColour } from './zone-colour.js';

/** A rule as it leaves the server (JSON arrays are mutable). */
export type RuleOut = Omit<Rule, 'zoneColours'> & { zoneColours: ZoneColour[] | 'all' };

/** A desa/kelurahan's zone on one day, as computed from counts and the thresholds in force. */
export interface ZoneOfDay {
  regionCode: string;
  name: string;
  colour: ZoneColour;
  activeCases: number;
  /** Date of the count used (counts carry forward); null when the desa has no count yet. */
  countDate: string | null;
  source: string | null;
  thresholdsVersionId: string | null;
}

export function presentRuleSet(row: RuleSetsTable, timeZone: string, scopeRegionName: string | null) {
  return {
    id: row.id,
    kind: row.kind,
    scopeRegionCode: row.scope_region_code,
    scopeRegionName,
    legalBasis: row.legal_basis,
    titleId: row.title_id,
    titleEn: row.title_en,
    effectiveFrom: toIso(row.effective_from, timeZone),
    effectiveTo: row.effective_to === null ? null : toIso(row.effective_to, timeZone),
    status: row.status,
    version: row.version,
    rules: JSON.parse(row.rules) as RuleOut[],
    statusCheck: row.status_check === 1,
    copiedFromId: row.copied_from_id,
    pkmApplicationId: row.pkm_application_id,
    createdAt: toIso(row.created_at, timeZone),
    updatedAt: toIso(row.updated_at, timeZone),
    publishedAt: row.published_at === null ? null : toIso(row.published_at, timeZone),
    retiredAt: row.retired_at === null ? null : toIso(row.retired_at, timeZone),
  };
}
export type RuleSetView = ReturnType<typeof presentRuleSet>;

export function presentThresholds(row: ZoneThresholdVersionsTable, timeZone: string) {
  return {
    id: row.id,
    scopeRegionCode: row.scope_region_code,
    effectiveFrom: toIso(row.effective_from, timeZone),
    effectiveTo: row.effective_to === null ? null : toIso(row.effective_to, timeZone),
    yellowFrom: row.yellow_from,
    orangeFrom: row.orange_from,
    redFrom: row.red_from,
    basis: row.basis,
  };
}

export function presentHistory(row: ZoneHistoryTable) {
  return {
    date: row.date,
    activeCases: row.active_cases,
    colour: row.colour,
    countDate: row.count_date,
    thresholdsVersionId: row.thresholds_version_id,
  };
}

export function presentInForce(answer: RulesInForce, at: number, timeZone: string) {
  return {
    open: answer.open,
    window: answer.window ? { ...answer.window } : null,
    windows: answer.windows.map((w) => ({ ...w })),
    capacityPercent: answer.capacityPercent,
    capacityMode: answer.capacityMode,
    zoneColour: answer.zoneColour,
    restricted: answer.restricted,
    closed: answer.closed,
    dineIn: answer.dineIn,
    maxVisitMinutes: answer.maxVisitMinutes,
    at: toIso(at, timeZone),
    localTime: answer.localTime,
    closesAtLocal: answer.closesAtLocal ?? null,
    closesAt: answer.closesAt === undefined ? null : toIso(answer.closesAt, timeZone),
    opensAtLocal: answer.opensAtLocal ?? null,
    // A sector in a desa, no venue: a window from midnight is a closing time, not a reopening at 00:00.
    opening: openingViewOf(answer, false),
    sources: answer.sources.map((s) => ({ ruleSetId: s.ruleSetId, legalBasis: s.legalBasis, kind: s.kind, scopeRegionCode: s.scopeRegionCode, version: s.version })),
    measures: answer.measures.map((m) => ({ ruleSetId: m.ruleSetId, measuresId: m.measuresId ?? null, measuresEn: m.measuresEn ?? null })),
    reasonCode: answer.reasonCode ?? null,
    reasonId: answer.reasonId ?? null,
    reasonEn: answer.reasonEn ?? null,
  };
}

export interface ApplicationExtras {
  regionName: string;
  adatRegionName: string;
  transitions: PkmTransitionsTable[];
  evaluations: PkmEvaluationsTable[];
  letter: PkmApprovalLettersTable | undefined;
  nextEvaluationDue: string | null;
  evaluationOverdue: boolean;
  allowedActions: PkmAction[];
  createdByUsername: string | null;
}

export function presentApplication(row: PkmApplicationsTable, extras: ApplicationExtras, timeZone: string) {
  return {
    id: row.id,
    regionCode: row.region_code,
    regionName: extras.regionName,
    adatRegionCode: row.adat_region_code,
    adatRegionName: extras.adatRegionName,
    status: row.status,
    grounds: row.grounds,
    activeCases: row.active_cases,
    activeCasesDate: row.active_cases_date,
    rules: JSON.parse(row.rules) as RuleOut[],
    borderPosts: row.border_posts,
    maxGatheringSize: row.max_gathering_size,
    otherMeasures: row.other_measures,
    startDate: row.start_date,
    lengthDays: row.length_days,
    endDate: row.end_date,
    ruleSetId: row.rule_set_id,
    createdAt: toIso(row.created_at, timeZone),
    createdByUsername: extras.createdByUsername,
    submittedAt: row.submitted_at === null ? null : toIso(row.submitted_at, timeZone),
    updatedAt: toIso(row.updated_at, timeZone),
    letter: extras.letter ? { number: extras.letter.number, date: extras.letter.letter_date, approverName: extras.letter.approver_name } : null,
    nextEvaluationDue: extras.nextEvaluationDue,
    evaluationOverdue: extras.evaluationOverdue,
    allowedActions: extras.allowedActions,
    transitions: extras.transitions.map((t) => ({
      action: t.action,
      fromStatus: t.from_status,
      toStatus: t.to_status,
      actorUsername: t.actor_username,
      comment: t.comment,
      at: toIso(t.at, timeZone),
    })),
    evaluations: extras.evaluations.map((e) => ({
      week: e.week,
      dueDate: e.due_date,
      activeCases: e.active_cases,
      recommendation: e.recommendation,
      notes: e.notes,
      evaluatedAt: toIso(e.evaluated_at, timeZone),
      evaluatedByUsername: e.evaluated_by_username,
    })),
  };
}
export type ApplicationView = ReturnType<typeof presentApplication>;
