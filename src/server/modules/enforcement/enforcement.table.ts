/** One version of the sanction ladder (sanction-ladder.ts), with its legal basis. Versions are never edited. */
export interface SanctionLaddersTable {
  id: string;
  legal_basis: string;
  /** YYYY-MM-DD (local). */
  effective_from: string;
  /** YYYY-MM-DD exclusive, or null. */
  effective_until: string | null;
  grace_days: number;
  window_months: number;
  /** JSON: Record<offence code, LadderStep[]>. */
  steps: string;
  created_by: string | null;
  created_at: number;
}

/** One recorded violation: a person (identified by a keyed hash, details encrypted) or a registered venue. */
export interface ViolationsTable {
  id: string;
  offence: string;
  family: string;
  /** person | venue */
  subject_kind: string;
  venue_id: string | null;
  /** Keyed hash of the NIK (or of the E.164 phone when there is none): the person across records. */
  person_key: string | null;
  nik_enc: string | null;
  name_enc: string | null;
  phone_enc: string | null;
  /** The desa/kelurahan (or banjar) where it happened. */
  region_code: string;
  /** The desa adat, when known: its adat officers see it and may add adat sanctions. */
  desa_adat_code: string | null;
  lat: number | null;
  lon: number | null;
  occurred_at: number;
  /** YYYY-MM-DD local date of occurred_at: the ladder's window and version are by day. */
  local_date: string;
  team: string | null;
  note: string | null;
  ladder_id: string;
  /** JSON ProposedSanction at the time of recording. */
  proposed: string;
  prior_count: number;
  /** The offline queue's idempotency key, unique per recording officer. */
  client_key: string | null;
  status: 'recorded' | 'annulled';
  annul_reason: string | null;
  annulled_by: string | null;
  annulled_at: number | null;
  recorded_by: string;
  created_at: number;
}

/** A sanction applied for a violation. Never deleted: a correction replaces it, an annulment keeps it with its reason. */
export interface SanctionsTable {
  id: string;
  violation_id: string;
  type: string;
  amount_idr: number | null;
  days: number | null;
  rice_kg: number | null;
  /** The paruman/sangkepan of a public apology. */
  assembly: string | null;
  receipt_number: string | null;
  /** 1 once a fine is paid (on the spot, or later with its receipt). */
  paid: number;
  paid_at: number | null;
  /** Local date of payment: the fines ledger's day. */
  paid_on: string | null;
  /** Local date the sanction was applied. */
  issued_on: string;
  starts_at: number;
  /** End of a temporary suspension; null otherwise. */
  ends_at: number | null;
  /** 1 when the officer applied what the ladder proposed. */
  as_proposed: number;
  reason: string | null;
  status: 'active' | 'corrected' | 'annulled';
  replaced_by: string | null;
  change_reason: string | null;
  changed_by: string | null;
  changed_at: number | null;
  /** The offline queue's idempotency key, unique per recording officer (null for corrections and online entries). */
  client_key: string | null;
  recorded_by: string;
  created_at: number;
}

/** A border post (pos pantau) with its shifts. */
export interface CheckpointsTable {
  id: string;
  name: string;
  /** The desa/kelurahan (or kecamatan) the post stands in: officers act there by their assignment. */
  region_code: string;
  /** JSON Shift[] (checkpoint-rules.ts). */
  shifts: string;
  created_by: string;
  created_at: number;
}

/** One traveller checked at a post. The NIK is encrypted; only its province and kota/kabupaten of issue are kept plain. */
export interface CheckpointChecksTable {
  id: string;
  checkpoint_id: string;
  at: number;
  local_date: string;
  /** Index into the post's shifts, null outside every shift. */
  shift: number | null;
  masked: number;
  nik_enc: string | null;
  origin_province: string | null;
  origin_regency: string | null;
  temperature_c: number;
  purpose: string;
  letter: string;
  result: 'passed' | 'turned_back' | 'referred';
  /** JSON CheckReason[]. */
  reasons: string;
  /** negative | positive, once a rapid test was done. */
  rapid_test: string | null;
  rapid_test_at: number | null;
  /** A positive test opened a suspect case (1), or the person already had one open (0). */
  case_opened: number | null;
  client_key: string | null;
  recorded_by: string;
  created_at: number;
}

/** Cash from fines handed to the kas daerah by a team on a day, with the deposit's reference (STS number). */
export interface FineDepositsTable {
  id: string;
  local_date: string;
  team: string | null;
  region_code: string;
  amount_idr: number;
  reference: string;
  recorded_by: string;
  created_at: number;
}

/** A photo of a violation, as the server re-encoded it (JPEG, no metadata). Never deleted. */
export interface ViolationPhotosTable {
  id: string;
  violation_id: string;
  /** The phone's offline queue's idempotency key, unique per violation. */
  client_key: string | null;
  /** Bytes of the stored JPEG. */
  size: number;
  width: number;
  height: number;
  data: Buffer;
  uploaded_by: string;
  created_at: number;
}

/** Violations (not annulled) per desa and local date (issue #17), kept with every violation write. */
export interface ViolationDailyDesaTable {
  region_code: string;
  day: string;
  violations: number;
}
