import { describe, expect, it } from 'vitest';
import { clockAt, dateOf, fill, maskPhone, offsetOf, plausiblePhone, timeOf, validName } from '../../src/checkin-page/format.js';

// The check-in page's script helpers (src/checkin-page/format.ts): plain functions, no DOM.
describe('check-in page formatting', () => {
  it('masks phone numbers in the local form, whatever the visitor typed', () => {
    expect(maskPhone('0812 3456 7890')).toBe('0812-****-7890');
    expect(maskPhone('+62 812-3456-7890')).toBe('0812-****-7890');
    expect(maskPhone('6281234567890')).toBe('0812-****-7890');
    expect(maskPhone('12345')).toBe('***45');
  });

  it('reads wall-clock time, date and offset from the API instants', () => {
    const iso = '2026-11-29T10:05:00.000+08:00';
    expect(timeOf(iso)).toBe('10:05');
    expect(dateOf(iso, { months: 'Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des' })).toBe('29 Nov');
    expect(offsetOf(iso)).toBe(480);
    expect(offsetOf('2026-11-29T10:05:00.000-03:30')).toBe(-210);
    expect(clockAt(480, Date.parse('2026-11-29T02:05:09Z'))).toBe('10:05:09');
  });

  it('checks input roughly before the server decides', () => {
    expect(validName('  Made ')).toBe(true);
    expect(validName('   ')).toBe(false);
    expect(validName('x'.repeat(101))).toBe(false);
    expect(plausiblePhone('0812 3456 7890')).toBe(true);
    expect(plausiblePhone('+62 (812) 3456-7890')).toBe(true);
    expect(plausiblePhone('12345')).toBe(false);
    expect(plausiblePhone('0812abc7890')).toBe(false);
    expect(fill('{a} dan {b}', { a: 1 })).toBe('1 dan {b}');
  });
});
