/** A registered case (issue #6). Personal data encrypted like visits; the person found by the same keyed hash. */
export interface CasesTable {
  id: string;
  /** Keyed hash of the E.164 phone (same key as visits.person_key): finds the case's visits. */
  person_key: string;
  name_enc: string;
  phone_enc: string;
  nik_enc: string | null;
  /** Keyed hash of the NIK (duplicate detection without decrypting). */
  nik_key: string | null;
  /** Desa/kelurahan of residence (a banjar is stored in banjar_code). */
  residence_code: string;
  banjar_code: string | null;
  category: string;
  /** Local dates YYYY-MM-DD in the region's time zone. */
  onset_date: string | null;
  specimen_date: string | null;
  isolation_start: string | null;
  isolation_place: string | null;
  isolation_end: string | null;
  /** The date the episode is counted from (onset, else specimen, else registration date). */
  episode_date: string;
  /** The tracer's region when registering: whose list a case with an outside residence is on. */
  region_code: string;
  /** The case whose contact this person was (chain of transmission), when known. */
  source_case_id: string | null;
  /** When the case was first confirmed (RT-PCR): confirmed cases count for zones and clusters. */
  confirmed_at: number | null;
  language: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  /** The laboratory's reference of the test (RT-PCR/antigen) behind a confirmed or probable case: what opens the exposure search. */
  test_reference: string | null;
  /** Four eyes for a suspect's exposure search: who asked, when and why; then who else approved, when. */
  search_requested_by: string | null;
  search_requested_at: number | null;
  search_purpose: string | null;
  search_approved_by: string | null;
  search_approved_at: number | null;
}

/** One exposure search (GET /cases/{id}/exposures): counted per account and day for the volume alert. */
export interface ExposureSearchesTable {
  id: string;
  case_id: string;
  user_id: string;
  /** 'test' (a confirmed or probable case with a test reference) or 'four_eyes' (an approved suspect). */
  basis: string;
  at: number;
}

/** The account and day an unusual volume was reported to the administrators: the alert is raised once. */
export interface TracingVolumeAlertsTable {
  user_id: string;
  /** Local date YYYY-MM-DD. */
  date: string;
  searches: number;
  cases_without_test: number;
  at: number;
}

/** One candidate contact of a case, persisted when first computed so that decisions stick. */
export interface ExposureCandidatesTable {
  id: string;
  case_id: string;
  person_key: string;
  /** The latest visit of the person (its encrypted name and phone are what the tracer sees). */
  visit_id: string;
  classification: string;
  total_overlap_minutes: number;
  last_exposure_at: number;
  /** JSON [{venueId, overlapMinutes, estimated}]. */
  venues: string;
  status: string;
  reason: string | null;
  decided_by: string | null;
  decided_at: number | null;
  computed_at: number;
}

export interface ContactsTable {
  id: string;
  /** The case whose contact this is; null for a self-isolation followed on its own (a newcomer, issue #15). */
  case_id: string | null;
  candidate_id: string | null;
  person_key: string;
  name_enc: string;
  phone_enc: string;
  /** The desa whose puskesmas follows the contact (unknown residence → the tracer's own region). */
  follow_up_region_code: string;
  last_exposure_at: number;
  quarantine_end: string;
  /** sha256 of the personal follow-up link's token. */
  token_hash: string;
  language: string;
  status: string;
  test_result: string | null;
  test_date: string | null;
  became_case_id: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface ContactReportsTable {
  id: string;
  contact_id: string;
  /** Local date of the report. */
  date: string;
  symptomatic: number;
  /** JSON array of symptom codes. */
  symptoms: string;
  temperature_c: number | null;
  at: number;
}

/** A notice to a venue the case visited: date and time span only, never the person. */
export interface VenueNoticesTable {
  id: string;
  venue_id: string;
  case_id: string;
  region_code: string;
  date: string;
  from_at: number;
  until_at: number;
  created_at: number;
}

/** Confirmed cases (not discarded) per residence desa and episode date (issue #17), kept with every case write. */
export interface CaseDailyDesaTable {
  region_code: string;
  day: string;
  new_cases: number;
}
