import { describe, expect, it } from 'vitest';
import { exposureSearchGround, TEST_REFERENCE_PATTERN, volumeExceeded } from './need-to-know.js';

const c = (category: string, test_reference: string | null = null, search_approved_at: number | null = null) => ({ category, test_reference, search_approved_at });

describe('need-to-know for the exposure search', () => {
  it('a confirmed or probable case needs a test reference', () => {
    expect(exposureSearchGround(c('konfirmasi_simptomatik'))).toEqual({ basis: null, missing: 'testReference' });
    expect(exposureSearchGround(c('probable'))).toEqual({ basis: null, missing: 'testReference' });
    expect(exposureSearchGround(c('konfirmasi_asimptomatik', 'LAB-1'))).toEqual({ basis: 'test', missing: null });
    expect(exposureSearchGround(c('selesai_isolasi', 'LAB-1'))).toEqual({ basis: 'test', missing: null });
  });
  it('a suspect needs an approval, whatever else it carries; a discarded case has no ground', () => {
    expect(exposureSearchGround(c('suspek', 'LAB-1'))).toEqual({ basis: null, missing: 'approval' });
    expect(exposureSearchGround(c('suspek', null, 1))).toEqual({ basis: 'four_eyes', missing: null });
    expect(exposureSearchGround(c('discarded', 'LAB-1', 1))).toEqual({ basis: null, missing: 'category' });
  });
  it('test references are short lab codes', () => {
    expect(TEST_REFERENCE_PATTERN.test('NAR-5171-2026-000123')).toBe(true);
    expect(TEST_REFERENCE_PATTERN.test('ab')).toBe(false);
    expect(TEST_REFERENCE_PATTERN.test('x y z')).toBe(false);
  });
  it('the volume alert fires past either threshold, not at it', () => {
    expect(volumeExceeded({ searches: 20, casesWithoutTest: 10 }, { searches: 20, casesWithoutTest: 10 })).toBe(false);
    expect(volumeExceeded({ searches: 21, casesWithoutTest: 0 }, { searches: 20, casesWithoutTest: 10 })).toBe(true);
    expect(volumeExceeded({ searches: 0, casesWithoutTest: 11 }, { searches: 20, casesWithoutTest: 10 })).toBe(true);
  });
});
