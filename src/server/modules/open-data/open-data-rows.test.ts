import { describe, expect, it } from 'vitest';
import { openDataRows, publishCount, publishTotal, worstColour } from './open-data-rows.js';

describe('open data suppression', () => {
  it('publishes 1–4 as "<5" and 0 and 5 as numbers (the boundaries)', () => {
    expect(publishCount(0)).toBe(0);
    expect(publishCount(1)).toBe('<5');
    expect(publishCount(4)).toBe('<5');
    expect(publishCount(5)).toBe(5);
  });

  it('publishes a total exactly only when none of its desa is suppressed', () => {
    expect(publishTotal([0, 5, 12])).toBe(17);
    expect(publishTotal([0, 0])).toBe(0);
    // 3 + 10: exact would give the 3 away (13 − 10); the bound 10 + 1 is what the desa rows say already.
    expect(publishTotal([3, 10])).toBe('≥11');
    expect(publishTotal([1, 4])).toBe('≥2');
  });

  it('colours a total by its most severe desa', () => {
    expect(worstColour(['green', 'orange', null])).toBe('orange');
    expect(worstColour([null])).toBeNull();
  });

  it('builds rows per level from the desa', () => {
    const kec = { code: '51.71.01', name: 'Denpasar Selatan' };
    const kota = { code: '51.71', name: 'Kota Denpasar' };
    const desa = [
      { code: '51.71.01.1001', name: 'Serangan', kecamatan: kec, kota },
      { code: '51.71.01.1002', name: 'Pedungan', kecamatan: kec, kota },
    ];
    const figures = new Map([
      ['51.71.01.1001|2026-12-01', { zoneColour: 'green', activeCases: 0, newCases: 1, checkins: 120, violations: 5, venuesGreen: 7, venuesYellow: 2, venuesRed: 0, venuesGrey: 5 }],
      ['51.71.01.1002|2026-12-01', { zoneColour: 'yellow', activeCases: 6, newCases: 0, checkins: 4, violations: 0, venuesGreen: 5, venuesYellow: 0, venuesRed: 1, venuesGrey: 0 }],
    ]);
    const input = { days: ['2026-12-01'], desa, figures };
    expect(openDataRows('desa', input)).toEqual([
      { date: '2026-12-01', regionCode: '51.71.01.1001', regionName: 'Serangan', zoneColour: 'green', activeCases: 0, newCases: '<5', checkins: 120, violations: 5, venuesGreen: 7, venuesYellow: '<5', venuesRed: 0, venuesGrey: 5 },
      { date: '2026-12-01', regionCode: '51.71.01.1002', regionName: 'Pedungan', zoneColour: 'yellow', activeCases: 6, newCases: 0, checkins: '<5', violations: 0, venuesGreen: 5, venuesYellow: 0, venuesRed: '<5', venuesGrey: 0 },
    ]);
    expect(openDataRows('kecamatan', input)).toEqual([
      { date: '2026-12-01', regionCode: '51.71.01', regionName: 'Denpasar Selatan', zoneColour: 'yellow', activeCases: 6, newCases: '≥1', checkins: '≥121', violations: 5, venuesGreen: 12, venuesYellow: '≥1', venuesRed: '≥1', venuesGrey: 5 },
    ]);
    expect(openDataRows('kota', input)[0]).toMatchObject({ regionCode: '51.71', checkins: '≥121' });
  });
});
