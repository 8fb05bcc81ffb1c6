import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ZONE_THRESHOLDS,
  validateZoneThresholds,
  zoneColourFor,
  zoneThresholdsInForce,
  type ZoneThresholdsVersion,
} from './zone-colour.js';

describe('zoneColourFor with Denpasar defaults (green < 3, yellow 3–10, orange 11–40, red > 40)', () => {
  it.each([
    [0, 'green'],
    [2, 'green'],
    [3, 'yellow'],
    [10, 'yellow'],
    [11, 'orange'],
    [40, 'orange'],
    [41, 'red'],
    [500, 'red'],
  ] as const)('%i active cases → %s', (activeCases, colour) => {
    expect(zoneColourFor(activeCases)).toBe(colour);
    expect(zoneColourFor(activeCases, DEFAULT_ZONE_THRESHOLDS)).toBe(colour);
  });

  it('follows other thresholds', () => {
    const stricter = { yellowFrom: 1, orangeFrom: 3, redFrom: 6 };
    expect([0, 1, 2, 3, 5, 6].map((n) => zoneColourFor(n, stricter))).toEqual([
      'green',
      'yellow',
      'yellow',
      'orange',
      'orange',
      'red',
    ]);
  });

  it('refuses impossible counts', () => {
    expect(() => zoneColourFor(-1)).toThrow(RangeError);
    expect(() => zoneColourFor(2.5)).toThrow(RangeError);
    expect(() => zoneColourFor(Number.NaN)).toThrow(RangeError);
  });
});

describe('validateZoneThresholds', () => {
  it.each([
    ['defaults', DEFAULT_ZONE_THRESHOLDS, []],
    ['orange not above yellow', { yellowFrom: 5, orangeFrom: 5, redFrom: 9 }, [['orangeFrom', 'not_increasing']]],
    ['red not above orange', { yellowFrom: 3, orangeFrom: 11, redFrom: 11 }, [['redFrom', 'not_increasing']]],
    ['yellow at zero', { yellowFrom: 0, orangeFrom: 11, redFrom: 41 }, [['yellowFrom', 'out_of_range']]],
    ['fractional', { yellowFrom: 3, orangeFrom: 10.5, redFrom: 41 }, [['orangeFrom', 'out_of_range']]],
    ['negative', { yellowFrom: 3, orangeFrom: 11, redFrom: -1 }, [['redFrom', 'out_of_range']]],
  ] as const)('%s', (_name, thresholds, expected) => {
    const problems = validateZoneThresholds(thresholds);
    expect(problems.map((p) => [p.field, p.code])).toEqual(expected);
    for (const p of problems) {
      expect(p.messageId.length).toBeGreaterThan(0);
      expect(p.messageEn.length).toBeGreaterThan(0);
    }
  });
});

describe('zoneThresholdsInForce', () => {
  const versions: ZoneThresholdsVersion[] = [
    { id: 'city-1', scopeRegionCode: '51.71', effectiveFrom: 1000, effectiveTo: null, thresholds: DEFAULT_ZONE_THRESHOLDS, basis: 'x' },
    { id: 'city-2', scopeRegionCode: '51.71', effectiveFrom: 5000, effectiveTo: null, thresholds: { yellowFrom: 1, orangeFrom: 3, redFrom: 6 }, basis: 'y' },
  ];
  it('takes the newest version in force for the nearest scope, defaults before any', () => {
    const ancestry = ['51.71.01.1001', '51.71.01', '51.71'];
    expect(zoneThresholdsInForce(versions, ancestry, 999)).toBe(DEFAULT_ZONE_THRESHOLDS);
    expect(zoneThresholdsInForce(versions, ancestry, 4999).yellowFrom).toBe(3);
    expect(zoneThresholdsInForce(versions, ancestry, 5000).yellowFrom).toBe(1);
  });
});
