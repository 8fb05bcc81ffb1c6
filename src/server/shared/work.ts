/**
 * One kind of work waiting for a staff member and how much of it (GET /api/v1/me/work). Each module counts its own
 * kinds in its own repository or read model; the home module only puts the answers together.
 */
export const WORK_KINDS = [
  'venues_to_verify',
  'inspections_due',
  'pkm_to_review',
  'pkm_to_approve',
  'pkm_revision',
  'evaluations_overdue',
  'exposures_to_review',
  'contacts_missed_report',
  'refused_checkins',
  'low_ratings',
] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export interface WorkCount {
  kind: WorkKind;
  count: number;
}
