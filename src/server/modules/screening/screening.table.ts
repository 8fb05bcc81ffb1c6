/* Row types of the screening module's tables (migration 2026-12-05-10). */

export interface HealthFacilitiesTable {
  id: string;
  name: string;
  /** puskesmas | puskesmas_pembantu | rumah_sakit | klinik | laboratorium */
  kind: string;
  /** The region it serves (a kecamatan, or a desa/kelurahan under it). */
  region_code: string;
  address: string;
  phone: string | null;
  /** JSON: OpeningHours (seven entries, Monday first). */
  hours: string;
  created_at: number;
  updated_at: number;
}

export interface ScreeningReferralsTable {
  id: string;
  /** The kecamatan the resident chose: its puskesmas staff read the referral. */
  region_code: string;
  /** The check-in person key (keyed phone hash): deleted with the resident's data. */
  person_key: string;
  phone_enc: string;
  /** JSON: ScreeningAnswers. */
  answers: string;
  advice: string;
  created_at: number;
  handled_at: number | null;
  handled_by: string | null;
}
