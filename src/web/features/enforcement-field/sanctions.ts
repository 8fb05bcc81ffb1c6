import { parseRupiah } from '../../lib/rupiah';
// What the sanction form asks for each sanction type. The server (enforcement/sanction-input.ts, offences.ts) decides;
// this only keeps the phone from offering a field or a type it would refuse.

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

const PERSON_ONLY: readonly string[] = ['wajib_masker', 'putar_balik', 'kerja_sosial', 'adat_beras', 'adat_permintaan_maaf', 'adat_ngayah'];
const VENUE_ONLY: readonly string[] = ['penghentian_sementara', 'penutupan', 'rekomendasi_pencabutan_izin'];
export const ADAT_SANCTIONS: readonly string[] = ['adat_beras', 'adat_permintaan_maaf', 'adat_ngayah'];
export const RICE_MAX_KG = 5;

/** The sanctions an officer may choose for a subject; adat sanctions only for an adat officer. */
export function sanctionChoices(subject: 'person' | 'venue', adatOfficer: boolean): SanctionType[] {
  return SANCTION_TYPES.filter((type) => (subject === 'person' ? !VENUE_ONLY.includes(type) : !PERSON_ONLY.includes(type)) && (adatOfficer || !ADAT_SANCTIONS.includes(type)));
}

export type SanctionField = 'amountIdr' | 'paid' | 'receiptNumber' | 'days' | 'riceKg' | 'assembly';

export function fieldsOf(type: string): SanctionField[] {
  switch (type) {
    case 'denda':
      return ['amountIdr', 'paid', 'receiptNumber'];
    case 'penghentian_sementara':
    case 'kerja_sosial':
    case 'adat_ngayah':
      return ['days'];
    case 'adat_beras':
      return ['riceKg'];
    case 'adat_permintaan_maaf':
      return ['assembly'];
    default:
      return [];
  }
}

export interface SanctionDraft {
  type: string;
  amountIdr: string;
  paid: boolean;
  receiptNumber: string;
  days: string;
  riceKg: string;
  assembly: string;
  reason: string;
}

export const emptyDraft = (type = ''): SanctionDraft => ({ type, amountIdr: '', paid: false, receiptNumber: '', days: '', riceKg: '', assembly: '', reason: '' });

/** The request body for a draft: only the fields its type takes (the server refuses the others). */
export function sanctionBody(draft: SanctionDraft, fallbackReason?: string): Record<string, unknown> {
  const body: Record<string, unknown> = { type: draft.type };
  const fields = fieldsOf(draft.type);
  const num = (v: string) => Number(v.replace(/[.\s]/g, '').replace(',', '.'));
  if (fields.includes('amountIdr') && draft.amountIdr.trim()) body.amountIdr = parseRupiah(draft.amountIdr) ?? Number.NaN;
  if (fields.includes('paid')) body.paid = draft.paid;
  if (fields.includes('receiptNumber') && draft.receiptNumber.trim()) body.receiptNumber = draft.receiptNumber.trim();
  if (fields.includes('days') && draft.days.trim()) body.days = num(draft.days);
  if (fields.includes('riceKg') && draft.riceKg.trim()) body.riceKg = num(draft.riceKg);
  if (fields.includes('assembly') && draft.assembly.trim()) body.assembly = draft.assembly.trim();
  const reason = draft.reason.trim() || fallbackReason;
  if (reason) body.reason = reason;
  return body;
}
