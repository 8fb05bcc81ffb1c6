/** A newcomer's self-report (lapor diri, Perwali 32/2020; domain.md §4.5). Personal fields are encrypted. */
export interface ArrivalsTable {
  id: string;
  /** What the newcomer keeps to refer to their report (LD-XXXXXXXX). */
  reference: string;
  name_enc: string;
  nik_enc: string | null;
  passport_enc: string | null;
  phone_enc: string;
  /** Keyed hash of the NIK or passport number: the same person reported twice. */
  person_key: string;
  origin: string;
  arrival_date: string;
  isolation_until: string;
  /** The desa/kelurahan (or banjar) of the address: its village officer follows the report. */
  region_code: string;
  address_enc: string;
  purpose: string;
  /** A kos owner's batch: the reporter, when not the newcomer. */
  reporter_name_enc: string | null;
  reporter_phone_enc: string | null;
  language: string;
  /** reported | visited */
  status: 'reported' | 'visited';
  visited_at: number | null;
  visited_by: string | null;
  visit_note: string | null;
  /** The self-isolation follow-up (tracing's `contacts` row with its /k/ link) opened at the visit. */
  follow_up_id: string | null;
  created_at: number;
}
