/*
 * The offence catalogue (Perwali Denpasar 32/2020 and 48/2020, Pergub Bali 46/2020; domain.md §4.7 and §5.4) and the
 * sanctions an officer may apply. Codes are part of the public API (issue #15); labels live in the text catalogue
 * under `enforcement.offence.<code>` and `enforcement.sanction.<type>`.
 */

import type { SubjectKind } from '../../../common/reference/sanctions.js';

export type { SubjectKind };

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

export { ADAT_RICE_FINE_MAX_KG, ADAT_SANCTIONS, SANCTION_TYPES, isAdatSanction, sanctionFits, type SanctionType } from '../../../common/reference/sanctions.js';
