import { describe, expect, it } from 'vitest';
import { maskPhone, normalizePhone } from './phone.js';

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

  it('masks for display', () => {
    expect(maskPhone('+6281234567890')).toBe('0812-****-7890');
  });
});
