import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { indonesianMobileFastPath, maskPhone, normalizePhone } from './phone.js';

describe('phone numbers', () => {
  it.each([
    ['081234567890', '+6281234567890'],
    ['0812-3456-7890', '+6281234567890'],
    ['+62 812 3456 7890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['(0361) 234567', '+62361234567'],
    ['+1 202 555 0143', '+12025550143'],
  ])('%s → %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each(['', '12345', '081234', 'not a phone', '0812345678901234567', '+62 812 3456 7890 ext 5', '<script>', '08123456789a'])('rejects %j', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });

  it('the mobile fast path answers exactly as the full parse, on numbers of every shape', () => {
    // Deterministic pseudo-random digits, so a failure can be reproduced.
    let seed = 20_261_129;
    const digit = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % 10);
    const digits = (n: number) => Array.from({ length: n }, digit).join('');
    let fast = 0;
    for (let i = 0; i < 30_000; i++) {
      const prefix = ['0', '+62', '0', '+62', '08', '+628', '+620', '62'][i % 8]!;
      const candidate = prefix + digits(6 + (i % 11));
      const full = parsePhoneNumberFromString(candidate, 'ID');
      const expected = full?.isValid() ? full.number : null;
      const quick = indonesianMobileFastPath(candidate);
      if (quick !== undefined) {
        fast++;
        expect(quick, candidate).toBe(expected);
      }
    }
    // Most well-formed mobile numbers take the fast path (the test would prove nothing otherwise).
    expect(fast).toBeGreaterThan(1_000);
  });

  it('masks for display', () => {
    expect(maskPhone('+6281234567890')).toBe('0812-****-7890');
    expect(maskPhone('+62361234')).toBe('*****34');
  });
});
