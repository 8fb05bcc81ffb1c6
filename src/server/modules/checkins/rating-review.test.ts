import { describe, expect, it } from 'vitest';
import { BURST_AFTER, longEnoughToRate, reviewRating } from './rating-review.js';

describe('rating review', () => {
  it('a visit rates only after ten minutes inside', () => {
    expect(longEnoughToRate(0, 9 * 60_000 + 59_999)).toBe(false);
    expect(longEnoughToRate(0, 10 * 60_000)).toBe(true);
  });

  it('holds a burst from one address, or of phones never seen before; counts the rest', () => {
    expect(reviewRating({ fromSameAddress: BURST_AFTER - 1, fromFreshPhones: 0, fresh: false })).toEqual({ status: 'counted' });
    expect(reviewRating({ fromSameAddress: BURST_AFTER, fromFreshPhones: 0, fresh: false })).toEqual({ status: 'held', reason: 'address_burst' });
    expect(reviewRating({ fromSameAddress: 0, fromFreshPhones: BURST_AFTER, fresh: true })).toEqual({ status: 'held', reason: 'fresh_burst' });
    // A known visitor is not held because strangers rated before them.
    expect(reviewRating({ fromSameAddress: 0, fromFreshPhones: 10, fresh: false })).toEqual({ status: 'counted' });
  });
});
