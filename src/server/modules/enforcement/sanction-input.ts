import type { FieldError } from '../../shared/errors.js';
import { ADAT_RICE_FINE_MAX_KG, isAdatSanction, sanctionFits, type SanctionType, type SubjectKind } from './offences.js';
import type { ProposedSanction } from './sanction-ladder.js';

/** A sanction as an officer applies (or a task-force member corrects) it. */
export interface SanctionInput {
  type: SanctionType;
  amountIdr?: number;
  days?: number;
  riceKg?: number;
  assembly?: string;
  receiptNumber?: string;
  paid?: boolean;
  reason?: string;
}

/** Longest temporary suspension an officer may impose in one sanction (longer is a closure). */
export const MAX_SUSPENSION_DAYS = 90;

/** Which of the optional fields each sanction takes; anything else sent is refused, so no value is silently dropped. */
const FIELDS_OF: Partial<Record<SanctionType, readonly (keyof SanctionInput)[]>> = {
  denda: ['amountIdr', 'receiptNumber', 'paid'],
  penghentian_sementara: ['days'],
  kerja_sosial: ['days'],
  adat_ngayah: ['days'],
  adat_beras: ['riceKg'],
  adat_permintaan_maaf: ['assembly'],
};
const OPTIONAL: readonly (keyof SanctionInput)[] = ['amountIdr', 'days', 'riceKg', 'assembly', 'receiptNumber', 'paid'];

/** Whether the officer applied what the ladder proposed (the proposal's companion letter counts as proposed too). */
export function asProposed(input: SanctionInput, proposed: ProposedSanction): boolean {
  if (input.type === 'rekomendasi_pencabutan_izin' && proposed.alsoRecommended === input.type) return true;
  return input.type === proposed.type && (proposed.amountIdr ?? null) === (input.amountIdr ?? null) && (proposed.days ?? null) === (input.days ?? null);
}

/**
 * The problems of a sanction for a subject, field by field (empty when it may be stored). Adat sanctions come from the
 * desa adat's pararem, on top of the ladder: they need no reason; any other sanction than the proposal does.
 */
export function sanctionProblems(input: SanctionInput, subject: SubjectKind, proposed: ProposedSanction): FieldError[] {
  const errors: FieldError[] = [];
  if (!sanctionFits(input.type, subject)) errors.push({ field: 'type', messageKey: 'validation.sanctionSubject', params: { subject } });
  const allowed = FIELDS_OF[input.type] ?? [];
  for (const field of OPTIONAL) {
    if (input[field] !== undefined && !allowed.includes(field)) errors.push({ field, messageKey: 'validation.notForSanction', params: { type: input.type } });
  }
  if (input.type === 'denda') {
    if (input.amountIdr === undefined) errors.push({ field: 'amountIdr', messageKey: 'validation.required' });
    if (input.paid === true && !input.receiptNumber?.trim()) errors.push({ field: 'receiptNumber', messageKey: 'validation.receiptRequired' });
  }
  if (input.type === 'penghentian_sementara') {
    if (input.days === undefined) errors.push({ field: 'days', messageKey: 'validation.required' });
    else if (input.days > MAX_SUSPENSION_DAYS) errors.push({ field: 'days', messageKey: 'validation.maximum', params: { limit: MAX_SUSPENSION_DAYS } });
  }
  if (input.type === 'adat_beras') {
    if (input.riceKg === undefined) errors.push({ field: 'riceKg', messageKey: 'validation.required' });
    else if (!(input.riceKg > 0) || input.riceKg > ADAT_RICE_FINE_MAX_KG) errors.push({ field: 'riceKg', messageKey: 'validation.riceKg', params: { limit: ADAT_RICE_FINE_MAX_KG } });
  }
  if (input.type === 'adat_permintaan_maaf' && !input.assembly?.trim()) errors.push({ field: 'assembly', messageKey: 'validation.required' });
  if (!isAdatSanction(input.type) && !asProposed(input, proposed) && !input.reason?.trim()) errors.push({ field: 'reason', messageKey: 'validation.reasonNotProposed', params: { proposed: proposed.type } });
  return errors;
}
