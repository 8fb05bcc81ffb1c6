/** Row types of the health-records area: vaccinations and test results (issue #16). */

export interface VaccinationsTable {
  id: string;
  /** The check-in person key (keyed hash of the E.164 phone under `visits:person`), or null when entered by NIK. */
  person_key: string | null;
  /** Keyed hash of the NIK under `health:nik`, or null when entered by phone. */
  nik_key: string | null;
  dose: number;
  vaccine: string;
  /** Local date (YYYY-MM-DD) the dose was given. */
  date: string;
  /** The region of the recording health worker's puskesmas (their scope). */
  region_code: string;
  /** 'form' or 'csv'. */
  source: string;
  /** A CSV row's fingerprint: the same row imported twice is stored once. */
  import_key: string | null;
  recorded_by: string | null;
  created_at: number;
}

export interface TestResultsTable {
  id: string;
  person_key: string | null;
  nik_key: string | null;
  /** 'antigen' | 'pcr'. */
  kind: string;
  /** 'positive' | 'negative'. */
  result: string;
  /** When the specimen was taken (UTC epoch ms). */
  at: number;
  region_code: string;
  source: string;
  import_key: string | null;
  recorded_by: string | null;
  created_at: number;
}
