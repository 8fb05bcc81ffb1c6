import { ADAT_RICE_FINE_MAX_KG, ADAT_SANCTIONS, SANCTION_TYPES, isAdatSanction, sanctionFits, type SanctionType } from '../../../common/reference/sanctions';
import { parseRupiah } from '../../lib/rupiah';
// What the sanction form asks for each sanction type. The types and which subject each fits are the server's own list
// (src/common/reference/sanctions.ts); the server (enforcement/sanction-input.ts) still decides.

export { ADAT_SANCTIONS, SANCTION_TYPES, type SanctionType };
export const RICE_MAX_KG = ADAT_RICE_FINE_MAX_KG;

/** The sanctions an officer may choose for a subject; adat sanctions only for an adat officer. */
export function sanctionChoices(subject: 'person' | 'venue', adatOfficer: boolean): SanctionType[] {
  return SANCTION_TYPES.filter((type) => sanctionFits(type, subject) && (adatOfficer || !isAdatSanction(type)));
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
