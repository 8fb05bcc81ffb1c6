/*
 * The sanction types and which subject each fits: one list for the server's rules (enforcement/sanction-input.ts) and
 * the officer's phone form, which must not offer what the server refuses. Dependency-free (src/common).
 */

export type SubjectKind = 'person' | 'venue';

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
