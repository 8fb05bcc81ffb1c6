import { describe, expect, it } from 'vitest';
import { asProposed, sanctionProblems } from './sanction-input.js';
import type { ProposedSanction } from './sanction-ladder.js';

const fine: ProposedSanction = { type: 'denda', amountIdr: 100_000, basis: 'ladder', step: 3 };
const closure: ProposedSanction = { type: 'penutupan', alsoRecommended: 'rekomendasi_pencabutan_izin', basis: 'ladder', step: 4 };
const fields = (errors: { field: string; messageKey: string }[]) => errors.map((e) => `${e.field}:${e.messageKey}`);

describe('a sanction against the proposal', () => {
  it('the proposed fine needs no reason; another amount or type does', () => {
    expect(sanctionProblems({ type: 'denda', amountIdr: 100_000, paid: true, receiptNumber: 'KW-1' }, 'person', fine)).toEqual([]);
    expect(fields(sanctionProblems({ type: 'denda', amountIdr: 50_000 }, 'person', fine))).toEqual(['reason:validation.reasonNotProposed']);
    expect(fields(sanctionProblems({ type: 'teguran_tertulis' }, 'person', fine))).toEqual(['reason:validation.reasonNotProposed']);
    expect(sanctionProblems({ type: 'teguran_tertulis', reason: 'Lansia, baru pertama kali' }, 'person', fine)).toEqual([]);
  });

  it('a closure and its companion permit-revocation letter are both as proposed', () => {
    expect(asProposed({ type: 'penutupan' }, closure)).toBe(true);
    expect(asProposed({ type: 'rekomendasi_pencabutan_izin' }, closure)).toBe(true);
    expect(asProposed({ type: 'rekomendasi_pencabutan_izin' }, fine)).toBe(false);
  });

  it('adat sanctions stand beside the ladder and need no reason, but their own fields', () => {
    expect(sanctionProblems({ type: 'adat_beras', riceKg: 5 }, 'person', fine)).toEqual([]);
    expect(fields(sanctionProblems({ type: 'adat_beras', riceKg: 5.5 }, 'person', fine))).toEqual(['riceKg:validation.riceKg']);
    expect(fields(sanctionProblems({ type: 'adat_beras' }, 'person', fine))).toEqual(['riceKg:validation.required']);
    expect(fields(sanctionProblems({ type: 'adat_permintaan_maaf', assembly: '  ' }, 'person', fine))).toEqual(['assembly:validation.required']);
  });
});

describe('fields that do not belong to the sanction and subjects it does not fit', () => {
  it('refuses a venue closure for a person and a mask order for a venue', () => {
    expect(fields(sanctionProblems({ type: 'penutupan', reason: 'x' }, 'person', fine))).toEqual(['type:validation.sanctionSubject']);
    expect(fields(sanctionProblems({ type: 'wajib_masker', reason: 'x' }, 'venue', closure))).toEqual(['type:validation.sanctionSubject']);
  });
  it('refuses an amount on a warning, a paid fine without receipt, a suspension without or over its days', () => {
    expect(fields(sanctionProblems({ type: 'teguran_lisan', amountIdr: 5, reason: 'x' }, 'person', fine))).toEqual(['amountIdr:validation.notForSanction']);
    expect(fields(sanctionProblems({ type: 'denda', amountIdr: 100_000, paid: true }, 'person', fine))).toEqual(['receiptNumber:validation.receiptRequired']);
    expect(fields(sanctionProblems({ type: 'penghentian_sementara', reason: 'x' }, 'venue', closure))).toEqual(['days:validation.required']);
    expect(fields(sanctionProblems({ type: 'penghentian_sementara', days: 91, reason: 'x' }, 'venue', closure))).toEqual(['days:validation.maximum']);
  });
});
