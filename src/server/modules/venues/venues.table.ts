export const VENUE_STATUSES = ['pending', 'verified', 'rejected', 'suspended'] as const;
export type VenueStatus = (typeof VENUE_STATUSES)[number];

export interface VenuesTable {
  id: string;
  venue_number: number;
  name: string;
  sector: string;
  venue_type: string;
  region_code: string;
  banjar_code: string | null;
  desa_adat_code: string | null;
  address: string;
  lat: number;
  lon: number;
  position_confirmed: number;
  point_region_code: string | null;
  capacity: number;
  opens_at: string | null;
  closes_at: string | null;
  indoor: number;
  contact_name: string | null;
  /** The contact's phone (E.164), sealed (venue-contact.ts). */
  contact_phone_enc: string | null;
  status: string;
  status_reason: string | null;
  /** End of a suspension imposed by an enforcement sanction (null: until lifted, or not suspended by a sanction). */
  suspended_until: number | null;
  /** The sanction (enforcement module) that suspended or closed the venue; null when an officer suspended it. */
  suspension_sanction_id: string | null;
  compliance_score: number | null;
  compliance_badge: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  verified_at: number | null;
}

export interface VenueManagersTable {
  venue_id: string;
  user_id: string;
  created_at: number;
  created_by: string | null;
}

export interface VenueManagerProfilesTable {
  user_id: string;
  /** The phone (E.164, e.g. +6281234567890), sealed (venue-contact.ts). */
  phone_enc: string;
  /** The e-mail (lower case), sealed; the account's username is the same address, in the accounts module. */
  email_enc: string;
  /** Blind indexes of the normalised phone and e-mail (contactLookup): one manager per phone, per e-mail. */
  phone_hash: string;
  email_hash: string;
  created_at: number;
}

export interface VenueStatusEventsTable {
  id: string;
  venue_id: string;
  /** registered | approved | rejected | suspended | reactivated | corrected | resubmitted */
  action: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  /**
   * JSON, e.g. a correction's `changes`: the venue's own fields with old and new values; a personal field
   * (contactPhone, contactName) with its name only, never a value.
   */
  details: string | null;
  actor_user_id: string | null;
  actor_name: string | null;
  at: number;
}

export interface VenuePostersTable {
  poster_id: string;
  venue_id: string;
  serial: number;
  poster_number: string;
  issued_at: number;
  issued_by: string | null;
  replaced_at: number | null;
}

export const ASSESSMENT_KINDS = ['self_assessment', 'inspection'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

export interface VenueAssessmentsTable {
  id: string;
  venue_id: string;
  kind: string;
  checklist_version: number;
  answers: string;
  fraction_met: number | null;
  overall_result: string | null;
  notes: string | null;
  /** Local date YYYY-MM-DD. */
  follow_up_date: string | null;
  author_user_id: string | null;
  author_name: string | null;
  region_code: string;
  at: number;
  created_at: number;
}

export interface VenueAssessmentPhotosTable {
  assessment_id: string;
  content_type: string;
  size: number;
  data: Buffer;
  uploaded_by: string | null;
  uploaded_at: number;
}

export interface VenueViolationsTable {
  id: string;
  venue_id: string;
  severity: string;
  description: string | null;
  occurred_at: number;
  source_type: string | null;
  source_id: string | null;
  recorded_by: string | null;
  created_at: number;
}

export interface VenueComplianceScoresTable {
  id: string;
  venue_id: string;
  computed_at: number;
  score: number | null;
  badge: string;
  /** JSON array of ComplianceReason. */
  reasons: string;
  /** JSON of ComplianceScore['components']. */
  components: string;
  /** inspection | violation | ratings | recompute */
  trigger: string;
}

/** The rules in force last told to a venue's managers (rules-notices.service.ts). */
export interface VenueRulesNoticesTable {
  venue_id: string;
  /** rulesDigest() of the summary. */
  digest: string;
  /** The RulesSummary as JSON: what the next message compares with. */
  summary: string;
  /** How many changes were told; the message key carries it. 0 = the first look, told nothing. */
  seq: number;
  updated_at: number;
}

/** Venues by compliance band per desa and local day, at the day's end (venue-band-days.ts); zero counts not stored. */
export interface VenueBandDailyDesaTable {
  region_code: string;
  day: string;
  /** green | yellow | red | grey (not scored yet) */
  band: string;
  venues: number;
}
