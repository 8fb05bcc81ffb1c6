/**
 * Validation problems reported by the pure policy core. Each names the offending field as a path
 * (`rules[2].window.until`) and carries both languages, so the API layer can map them onto problem+json
 * field errors without a second catalogue.
 */
export const PROBLEM_CODES = [
  'required',
  'too_long',
  'invalid_region_code',
  'invalid_kind',
  'invalid_status',
  'invalid_version',
  'invalid_instant',
  'ends_before_start',
  'target_required',
  'target_ambiguous',
  'unknown_sector',
  'unknown_venue_type',
  'invalid_zone_colours',
  'duplicate_zone_colour',
  'invalid_time',
  'empty_window',
  'window_ends_before_start',
  'midnight_flag_mismatch',
  'closed_with_window',
  'out_of_range',
  'invalid_boolean',
  'invalid_capacity_mode',
  'duplicate_rule',
  'not_increasing',
  'overlapping_version',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface ValidationProblem {
  field: string;
  code: ProblemCode;
  messageId: string;
  messageEn: string;
}

export function problem(field: string, code: ProblemCode, messageId: string, messageEn: string): ValidationProblem {
  return { field, code, messageId, messageEn };
}
