import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER, ladderInForce, ladderProblems, proposeSanction, subtractMonths, windowStart, type LadderVersion } from './sanction-ladder.js';

const V: LadderVersion = { id: 'v1', ...DEFAULT_LADDER };
const AFTER_GRACE = '2020-09-07';

describe('the default ladder (Perwali 32/2020, Pergub 46/2020)', () => {
  it('a wrongly worn mask: verbal warning, written warning, then Rp100.000 every time after', () => {
    expect(proposeSanction(V, 'masker_tidak_benar', AFTER_GRACE, 0)).toEqual({ type: 'teguran_lisan', basis: 'ladder', step: 1 });
    expect(proposeSanction(V, 'masker_tidak_benar', AFTER_GRACE, 1)).toEqual({ type: 'teguran_tertulis', basis: 'ladder', step: 2 });
    expect(proposeSanction(V, 'masker_tidak_benar', AFTER_GRACE, 2)).toEqual({ type: 'denda', amountIdr: 100_000, basis: 'ladder', step: 3 });
    expect(proposeSanction(V, 'masker_tidak_benar', AFTER_GRACE, 7)).toEqual({ type: 'denda', amountIdr: 100_000, basis: 'ladder', step: 3 });
  });

  it('no mask: Rp100.000 each time, the first one too', () => {
    for (const prior of [0, 1, 5]) expect(proposeSanction(V, 'masker_tidak_dipakai', AFTER_GRACE, prior)).toMatchObject({ type: 'denda', amountIdr: 100_000 });
  });

  it('a venue: written warning, Rp1.000.000, 3 days suspension, then closure with a permit-revocation letter', () => {
    for (const offence of ['fasilitas_prokes_tidak_ada', 'melebihi_kapasitas', 'melewati_jam_operasional']) {
      expect(proposeSanction(V, offence, AFTER_GRACE, 0)).toEqual({ type: 'teguran_tertulis', basis: 'ladder', step: 1 });
      expect(proposeSanction(V, offence, AFTER_GRACE, 1)).toEqual({ type: 'denda', amountIdr: 1_000_000, basis: 'ladder', step: 2 });
      expect(proposeSanction(V, offence, AFTER_GRACE, 2)).toEqual({ type: 'penghentian_sementara', days: 3, basis: 'ladder', step: 3 });
      expect(proposeSanction(V, offence, AFTER_GRACE, 3)).toEqual({ type: 'penutupan', alsoRecommended: 'rekomendasi_pencabutan_izin', basis: 'ladder', step: 4 });
      expect(proposeSanction(V, offence, AFTER_GRACE, 9)).toMatchObject({ type: 'penutupan', step: 4 });
    }
  });

  it('inside the 14-day grace period proposes socialisation only, whatever the history', () => {
    expect(proposeSanction(V, 'masker_tidak_dipakai', '2020-05-15', 0)).toEqual({ type: 'teguran_lisan', basis: 'grace_period', step: 0 });
    expect(proposeSanction(V, 'melebihi_kapasitas', '2020-05-28', 3)).toEqual({ type: 'teguran_lisan', basis: 'grace_period', step: 0 });
    // The 15th day is the first day of enforcement.
    expect(proposeSanction(V, 'masker_tidak_dipakai', '2020-05-29', 0)).toMatchObject({ type: 'denda', basis: 'ladder' });
  });

  it('refuses an unknown offence', () => {
    expect(() => proposeSanction(V, 'nope', AFTER_GRACE, 0)).toThrow(RangeError);
  });
});

describe('versions and the window', () => {
  const v2: LadderVersion = { ...V, id: 'v2', effectiveFrom: '2021-03-01', graceDays: 7, steps: { ...V.steps, masker_tidak_dipakai: [{ type: 'teguran_tertulis' }, { type: 'denda', amountIdr: 50_000 }] } };
  const v1: LadderVersion = { ...V, effectiveUntil: '2021-03-01' };

  it('the version in force on the day of the offence applies, with its own grace period', () => {
    expect(ladderInForce([v1, v2], '2021-02-28')?.id).toBe('v1');
    expect(ladderInForce([v1, v2], '2021-03-01')?.id).toBe('v2');
    expect(ladderInForce([v1, v2], '2020-05-14')).toBeUndefined();
    expect(proposeSanction(v2, 'masker_tidak_dipakai', '2021-03-07', 1)).toMatchObject({ basis: 'grace_period' });
    expect(proposeSanction(v2, 'masker_tidak_dipakai', '2021-03-08', 1)).toEqual({ type: 'denda', amountIdr: 50_000, basis: 'ladder', step: 2 });
  });

  it('when an open-ended version overlaps a newer one, the newer start wins', () => {
    expect(ladderInForce([V, v2], '2021-06-01')?.id).toBe('v2');
  });

  it('counts offences of the last 12 months, month ends clamped', () => {
    expect(windowStart(V, '2021-06-15')).toBe('2020-06-15');
    expect(subtractMonths('2024-02-29', 12)).toBe('2023-02-28');
    expect(subtractMonths('2021-03-31', 1)).toBe('2021-02-28');
    expect(subtractMonths('2021-01-10', 13)).toBe('2019-12-10');
  });
});

describe('checking a ladder before it is stored', () => {
  it('accepts the default and names each problem of a broken one', () => {
    expect(ladderProblems(DEFAULT_LADDER.steps)).toEqual([]);
    expect(ladderProblems({ nope: [{ type: 'denda', amountIdr: 0 }], masker_tidak_dipakai: [] })).toEqual(['nope: unknown offence', 'nope[0]: amount', 'masker_tidak_dipakai: no steps']);
  });
});
