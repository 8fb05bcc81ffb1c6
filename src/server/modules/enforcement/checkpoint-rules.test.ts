import { describe, expect, it } from 'vitest';
import { DEFAULT_SHIFTS, proposeCheckResult, shiftAt, shiftsProblem } from './checkpoint-rules.js';

describe('the proposed result of a border check', () => {
  it('passes a masked traveller with a letter and no fever', () => {
    expect(proposeCheckResult({ masked: true, letter: 'surat_tugas', temperatureC: 36.6 })).toEqual({ result: 'passed', reasons: [] });
  });
  it('turns back without a mask or without a valid letter', () => {
    expect(proposeCheckResult({ masked: false, letter: 'surat_desa', temperatureC: 36.6 })).toEqual({ result: 'turned_back', reasons: ['no_mask'] });
    expect(proposeCheckResult({ masked: true, letter: 'none', temperatureC: 36.6 })).toEqual({ result: 'turned_back', reasons: ['no_letter'] });
  });
  it('refers to a rapid test at 38.0 °C and above, not at 37.9', () => {
    expect(proposeCheckResult({ masked: true, letter: 'surat_usaha', temperatureC: 38.0 })).toEqual({ result: 'referred', reasons: ['fever'] });
    expect(proposeCheckResult({ masked: true, letter: 'surat_usaha', temperatureC: 37.9 }).result).toBe('passed');
  });
  it('names the fever of a traveller turned back for another reason', () => {
    expect(proposeCheckResult({ masked: false, letter: 'none', temperatureC: 39 })).toEqual({ result: 'turned_back', reasons: ['no_mask', 'no_letter', 'fever'] });
  });
});

describe('shifts', () => {
  it('07.30–15.00 and 15.00–22.00: 15.00 belongs to the second; night is outside both', () => {
    expect(shiftAt(DEFAULT_SHIFTS, 7 * 60 + 29)).toBeNull();
    expect(shiftAt(DEFAULT_SHIFTS, 7 * 60 + 30)).toBe(0);
    expect(shiftAt(DEFAULT_SHIFTS, 15 * 60)).toBe(1);
    expect(shiftAt(DEFAULT_SHIFTS, 22 * 60)).toBeNull();
  });
  it('refuses a shift that ends before it starts or overlaps another', () => {
    expect(shiftsProblem(DEFAULT_SHIFTS)).toBeNull();
    expect(shiftsProblem([{ from: '10:00', until: '09:00' }])).toBe('10:00–09:00');
    expect(shiftsProblem([{ from: '07:00', until: '15:00' }, { from: '14:00', until: '22:00' }])).toBe('14:00');
  });
});
