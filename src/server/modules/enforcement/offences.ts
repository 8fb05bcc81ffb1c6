/*
 * The offence catalogue (Perwali Denpasar 32/2020 and 48/2020, Pergub Bali 46/2020; domain.md §4.7 and §5.4) and the
 * sanctions an officer may apply. Codes are part of the public API (issue #15); labels live in the text catalogue
 * under `enforcement.offence.<code>` and `enforcement.sanction.<type>`.
 */

export type SubjectKind = 'person' | 'venue';

/** Offences of one family count together on the ladder ("earlier offences of the same family"). */
export type OffenceFamily = 'masker' | 'prokes_usaha';

/** How heavily a venue's violation weighs on its compliance score (venues/compliance-score.ts). */
export type OffenceSeverity = 'light' | 'medium' | 'heavy';

export interface Offence {
  code: string;
  subject: SubjectKind;
  family: OffenceFamily;
  severity: OffenceSeverity;
  legalBasis: string;
}

export const OFFENCES = [
  { code: 'masker_tidak_benar', subject: 'person', family: 'masker', severity: 'light', legalBasis: 'Perwali Denpasar 48/2020 Pasal 4; Pergub Bali 46/2020' },
  { code: 'masker_tidak_dipakai', subject: 'person', family: 'masker', severity: 'medium', legalBasis: 'Pergub Bali 46/2020 Pasal 4 ayat (1); Perwali Denpasar 48/2020' },
  { code: 'fasilitas_prokes_tidak_ada', subject: 'venue', family: 'prokes_usaha', severity: 'medium', legalBasis: 'Pergub Bali 46/2020 Pasal 5; Perwali Denpasar 48/2020' },
  { code: 'melebihi_kapasitas', subject: 'venue', family: 'prokes_usaha', severity: 'heavy', legalBasis: 'Perwali Denpasar 32/2020' },
  { code: 'melewati_jam_operasional', subject: 'venue', family: 'prokes_usaha', severity: 'medium', legalBasis: 'Perwali Denpasar 32/2020' },
] as const satisfies readonly Offence[];

export type OffenceCode = (typeof OFFENCES)[number]['code'];

export function findOffence(code: string): Offence | undefined {
  return OFFENCES.find((o) => o.code === code);
}

/** Administrative sanctions (Perwali 32/2020) and the adat sanctions a desa adat adds by pararem. */
export const SANCTION_TYPES = [
  'teguran_lisan',
  'teguran_tertulis',
  'wajib_masker',
  'putar_balik',
  'denda',
  'kerja_sosial',
  'penghentian_sementara',
  'penutupan',
  'rekomendasi_pencabutan_izin',
  'adat_beras',
  'adat_permintaan_maaf',
  'adat_ngayah',
] as const;
export type SanctionType = (typeof SANCTION_TYPES)[number];

export const ADAT_SANCTIONS: readonly SanctionType[] = ['adat_beras', 'adat_permintaan_maaf', 'adat_ngayah'];
/** Sanctions that only make sense for one kind of subject (a person cannot be closed, a shop cannot wear a mask). */
const PERSON_ONLY: readonly SanctionType[] = ['wajib_masker', 'putar_balik', 'kerja_sosial', 'adat_beras', 'adat_permintaan_maaf', 'adat_ngayah'];
const VENUE_ONLY: readonly SanctionType[] = ['penghentian_sementara', 'penutupan', 'rekomendasi_pencabutan_izin'];

export function sanctionFits(type: SanctionType, subject: SubjectKind): boolean {
  return subject === 'person' ? !VENUE_ONLY.includes(type) : !PERSON_ONLY.includes(type);
}

export function isAdatSanction(type: SanctionType): boolean {
  return ADAT_SANCTIONS.includes(type);
}

/** Pararem of MMDA Kota Denpasar: a rice fine of at most 5 kg (domain.md §4.7, ADAT_RICE_FINE_MAX_KG). */
export const ADAT_RICE_FINE_MAX_KG = 5;
