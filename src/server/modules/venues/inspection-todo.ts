import { tallyChecklist, type PartialChecklistResults } from './prokes-checklist.js';

/*
 * The inspection to-do list's ranking, pure: which verified venues need a visit, why, and how urgently. The priority
 * of a venue is the sum of the weights of its reasons; the list is most urgent first, then by name.
 */

const MS_PER_DAY = 86_400_000;

/** How much each reason adds to a venue's priority. */
export const INSPECTION_TODO_WEIGHTS = {
  poorRatings: 40,
  badgeRed: 35,
  followUpDue: 30,
  lastInspectionNonCompliant: 25,
  badgeYellow: 15,
  lastInspectionPartial: 10,
  neverInspected: 5,
  inspectionStale: 5,
  selfAssessmentGaps: 5,
} as const;

/** Which visitor ratings count as poor (1–5 scale), and when an inspection is old. */
export const INSPECTION_TODO_THRESHOLDS = {
  ratingsWindowDays: 30,
  poorRatingThreshold: 2.5,
  poorRatingMinCount: 3,
  staleInspectionDays: 180,
} as const;

export type TodoReasonCode =
  | 'poor_ratings'
  | 'badge_red'
  | 'badge_yellow'
  | 'follow_up_due'
  | 'last_inspection_non_compliant'
  | 'last_inspection_partial'
  | 'never_inspected'
  | 'inspection_stale'
  | 'self_assessment_gaps';

export interface TodoReason {
  code: TodoReasonCode;
  weight: number;
  params: Record<string, string | number>;
}

export interface TodoVenue {
  id: string;
  name: string;
  compliance_badge: string;
  compliance_score: number | null;
}

export interface TodoEvidence {
  /** The venue's latest inspection, if any. */
  lastInspection?: { at: number; follow_up_date: string | null; overall_result: string | null };
  /** The venue's latest self-assessment, if any. */
  lastSelfAssessment?: { fraction_met: number | null; answers: PartialChecklistResults };
  /** Poor visitor ratings in the window, if the venue has them. */
  poorRatings?: { count: number; mean: number };
}

export interface TodoItem<V extends TodoVenue> {
  venue: V;
  priority: number;
  reasons: TodoReason[];
}

/** Why one venue needs a visit (empty: it does not), in the order the list shows them. */
export function todoReasons(venue: TodoVenue, evidence: TodoEvidence, now: number, today: string): TodoReason[] {
  const w = INSPECTION_TODO_WEIGHTS;
  const reasons: TodoReason[] = [];
  const rated = evidence.poorRatings;
  if (rated) reasons.push({ code: 'poor_ratings', weight: w.poorRatings, params: { count: rated.count, mean: Math.round(rated.mean * 10) / 10 } });
  if (venue.compliance_badge === 'red') reasons.push({ code: 'badge_red', weight: w.badgeRed, params: { score: venue.compliance_score ?? 0 } });
  if (venue.compliance_badge === 'yellow') reasons.push({ code: 'badge_yellow', weight: w.badgeYellow, params: { score: venue.compliance_score ?? 0 } });
  const last = evidence.lastInspection;
  if (last?.follow_up_date && last.follow_up_date <= today) reasons.push({ code: 'follow_up_due', weight: w.followUpDue, params: { date: last.follow_up_date } });
  if (last?.overall_result === 'non_compliant') reasons.push({ code: 'last_inspection_non_compliant', weight: w.lastInspectionNonCompliant, params: {} });
  if (last?.overall_result === 'partially_compliant') reasons.push({ code: 'last_inspection_partial', weight: w.lastInspectionPartial, params: {} });
  if (!last) reasons.push({ code: 'never_inspected', weight: w.neverInspected, params: {} });
  else if (last.at < now - INSPECTION_TODO_THRESHOLDS.staleInspectionDays * MS_PER_DAY) {
    reasons.push({ code: 'inspection_stale', weight: w.inspectionStale, params: { days: Math.floor((now - last.at) / MS_PER_DAY) } });
  }
  const self = evidence.lastSelfAssessment;
  if (self && self.fraction_met !== null && self.fraction_met < 1) {
    reasons.push({ code: 'self_assessment_gaps', weight: w.selfAssessmentGaps, params: { notMet: tallyChecklist(self.answers).notMet.length } });
  }
  return reasons;
}

/**
 * The to-do list: the venues with at least one reason, most urgent first (ties by name). `now` is epoch ms, `today`
 * the local date (YYYY-MM-DD) follow-up dates are compared with.
 */
export function rankInspectionTodo<V extends TodoVenue>(venues: readonly V[], evidenceOf: (venue: V) => TodoEvidence, now: number, today: string): TodoItem<V>[] {
  const items = venues.flatMap((venue) => {
    const reasons = todoReasons(venue, evidenceOf(venue), now, today);
    if (reasons.length === 0) return [];
    return [{ venue, priority: reasons.reduce((sum, r) => sum + r.weight, 0), reasons }];
  });
  return items.sort((x, y) => y.priority - x.priority || x.venue.name.localeCompare(y.venue.name));
}
