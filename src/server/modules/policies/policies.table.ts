/** Row types of the policies area: rule sets, zone thresholds, active-case counts, zone history, village PKM. */

export interface RuleSetsTable {
  id: string;
  kind: string;
  scope_region_code: string;
  legal_basis: string;
  title_id: string | null;
  title_en: string | null;
  /** UTC epoch ms; effective_to null = until replaced by a newer version of the same series. */
  effective_from: number;
  effective_to: number | null;
  /** draft | published | retired */
  status: string;
  version: number;
  /** JSON text: Rule[] (see rule-set.ts). */
  rules: string;
  /** 1: the door checks each visitor's status colour (issue #16); 0 in every rule set before Sep 2021. */
  status_check: number;
  copied_from_id: string | null;
  /** Set when the rule set is the overlay of an approved village PKM application. */
  pkm_application_id: string | null;
  created_at: number;
  created_by: string | null;
  updated_at: number;
  published_at: number | null;
  published_by: string | null;
  retired_at: number | null;
  retired_by: string | null;
}

export interface ZoneThresholdVersionsTable {
  id: string;
  scope_region_code: string;
  effective_from: number;
  effective_to: number | null;
  yellow_from: number;
  orange_from: number;
  red_from: number;
  basis: string;
  created_at: number;
  created_by: string | null;
}

/** Daily active-case counts per desa/kelurahan; one row per source so the case register can feed it later. */
export interface ZoneActiveCasesTable {
  region_code: string;
  /** Local date YYYY-MM-DD. */
  date: string;
  /** manual | case_register | import */
  source: string;
  active_cases: number;
  recorded_at: number;
  recorded_by: string | null;
}

/** One row per desa/kelurahan per day: the zone as computed that day. */
export interface ZoneHistoryTable {
  region_code: string;
  date: string;
  active_cases: number;
  colour: string;
  /** The date of the count used (counts carry forward until the next one); null when there is none yet. */
  count_date: string | null;
  /** null = the built-in defaults. */
  thresholds_version_id: string | null;
  computed_at: number;
}

export interface PkmApplicationsTable {
  id: string;
  region_code: string;
  adat_region_code: string;
  /** DRAFT | SUBMITTED | UNDER_REVIEW | RETURNED | RECOMMENDED | APPROVED | REJECTED | ACTIVE | ENDED */
  status: string;
  grounds: string;
  /** Active cases of the desa filled in from the system at submission. */
  active_cases: number | null;
  active_cases_date: string | null;
  /** JSON text: Rule[] proposed (stricter hours, capacity …). */
  rules: string;
  border_posts: number;
  max_gathering_size: number | null;
  other_measures: string;
  /** Local dates YYYY-MM-DD; end_date is the first day no longer under PKM. */
  start_date: string;
  length_days: number;
  end_date: string;
  rule_set_id: string | null;
  created_at: number;
  created_by: string;
  submitted_at: number | null;
  submitted_by: string | null;
  updated_at: number;
}

export interface PkmTransitionsTable {
  id: string;
  application_id: string;
  /** 1, 2, 3 … per application: the order of events even within one millisecond. */
  seq: number;
  action: string;
  from_status: string;
  to_status: string;
  actor_user_id: string | null;
  actor_username: string | null;
  comment: string | null;
  at: number;
}

export interface PkmEvaluationsTable {
  id: string;
  application_id: string;
  /** 1 for the first week after the start date, 2 for the second … */
  week: number;
  due_date: string;
  active_cases: number | null;
  /** continue | extend | end */
  recommendation: string;
  notes: string;
  evaluated_at: number;
  evaluated_by: string | null;
  evaluated_by_username: string | null;
}

export interface PkmApprovalLettersTable {
  id: string;
  application_id: string;
  number: string;
  /** Local date YYYY-MM-DD. */
  letter_date: string;
  approver_name: string;
  issued_at: number;
  issued_by: string | null;
}

/** One row (id 1): bumped by every change that affects the rules in force, so other processes drop their caches. */
export interface PolicyStateTable {
  id: number;
  revision: number;
  updated_at: number;
}
