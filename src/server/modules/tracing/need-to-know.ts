import type { CasesTable } from './tracing.table.js';

/*
 * Need-to-know for the exposure search (issue #14, finding 1), pure. Tracing across regions is the job, so the rule is
 * not a region filter but a reason: a confirmed or probable case backed by a laboratory test reference, or a suspect
 * whose search a second person (another tracer or a supervisor in scope, never the requester) approved. A discarded
 * case has no reason left. The decisions on candidates (confirm → SMS) stand on the same ground as the search.
 */
export type SearchBasis = 'test' | 'four_eyes';
export type SearchMissing = 'testReference' | 'approval' | 'category';

export type SearchGround = { basis: SearchBasis; missing: null } | { basis: null; missing: SearchMissing };

export function exposureSearchGround(c: Pick<CasesTable, 'category' | 'test_reference' | 'search_approved_at'>): SearchGround {
  if (c.category === 'discarded') return { basis: null, missing: 'category' };
  if (c.category === 'suspek') return c.search_approved_at !== null ? { basis: 'four_eyes', missing: null } : { basis: null, missing: 'approval' };
  return c.test_reference ? { basis: 'test', missing: null } : { basis: null, missing: 'testReference' };
}

/** A laboratory reference: letters, digits and `-_./` (an NAR/All Record number, a lab's sample id), 3–64 characters. */
export const TEST_REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_./-]{2,63}$/;

/** The one account-and-day check of the volume alert: past either threshold. */
export function volumeExceeded(counts: { searches: number; casesWithoutTest: number }, limits: { searches: number; casesWithoutTest: number }): boolean {
  return counts.searches > limits.searches || counts.casesWithoutTest > limits.casesWithoutTest;
}
