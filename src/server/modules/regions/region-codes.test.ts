import { describe, expect, it } from 'vitest';
import { isWithinRegion, regionAncestry } from './region-codes.js';

describe('region codes', () => {
  it.each([
    ['51.71.01.1001', '51.71', true],
    ['51.71.01.1001', '51.71.01', true],
    ['51.71.01.1001', '51.71.01.1001', true],
    ['51.71.01.1001.003', '51.71.01.1001', true],
    ['51.71.02.1003', '51.71.01', false],
    ['51.71.010', '51.71.01', false],
    ['51.71', '51.71.01', false],
  ])('%s within %s: %s', (code, scope, expected) => {
    expect(isWithinRegion(code, scope)).toBe(expected);
  });

  it('lists the ancestry nearest first', () => {
    expect(regionAncestry('51.71.01.1001')).toEqual(['51.71.01.1001', '51.71.01', '51.71', '51']);
  });
});
