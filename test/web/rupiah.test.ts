import { describe, expect, it } from 'vitest';
import { parseRupiah } from '../../src/web/lib/rupiah.js';

// One reading of a typed rupiah amount for every money field (issue #15 review: three parsers disagreed, and
// "Rp 250.000,00" became Rp25.000.000 in a deposit while "100.000" became Rp100 in a fine's correction).

describe('parseRupiah', () => {
  it.each([
    ['100000', 100_000],
    ['100.000', 100_000],
    ['Rp 100.000', 100_000],
    ['Rp100.000,00', 100_000],
    ['rp. 1.000.000', 1_000_000],
    ['100,000', 100_000],
    [' 250 000 ', 250_000],
    ['Rp 250.000,00', 250_000],
    ['5', 5],
  ])('%s → %d', (typed, amount) => expect(parseRupiah(typed)).toBe(amount));

  it.each(['', 'Rp', '100.5', '1,5 juta', '10.00', '-100', '1.0000', 'abc', '99999999999999999999'])('%s is not an amount', (typed) => {
    expect(parseRupiah(typed)).toBeNull();
  });
});
