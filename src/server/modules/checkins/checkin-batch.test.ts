import { describe, expect, it } from 'vitest';
import { planCheckinBatch, type CheckinCommand, type OpenVisit } from './checkin-batch.js';

const cmd = (over: Partial<CheckinCommand>): CheckinCommand => ({
  visitId: 'v-new',
  venueId: 'A',
  regionCode: '51.71.01.1001',
  personKey: 'p1',
  personEnc: 'np',
  secretHash: 'h',
  proofVisitId: null,
  proofSecretHash: null,
  source: 'qr',
  enteredBy: null,
  at: 1_000,
  localDay: '1970-01-01',
  localHour: 0,
  limit: 2,
  enforceLimit: true,
  ...over,
});
/** p1's open visit at A, made from a device holding the secret whose hash is 'h-old'. */
const OLD: OpenVisit = { id: 'old', venueId: 'A', personKey: 'p1', secretHash: 'h-old', tIn: 500 };
const proofOfOld = { proofVisitId: 'old', proofSecretHash: 'h-old' };

describe('planning a batch of check-ins', () => {
  it('admits people in arrival order until the limit, then refuses', () => {
    const plan = planCheckinBatch(
      [cmd({ visitId: 'a', personKey: 'p1' }), cmd({ visitId: 'b', personKey: 'p2' }), cmd({ visitId: 'c', personKey: 'p3' })],
      [],
      new Map([['A', 0]]),
    );
    expect(plan.outcomes.map((o) => o.kind)).toEqual(['created', 'created', 'full']);
    expect(plan.occupancy.get('A')).toBe(2);
    expect(plan.inserts.map((i) => i.visitId)).toEqual(['a', 'b']);
    expect(plan.refusals).toEqual([{ venueId: 'A', regionCode: '51.71.01.1001', at: 1_000, occupancy: 2, limit: 2 }]);
  });

  it('warn-only limits admit beyond the limit', () => {
    const plan = planCheckinBatch([cmd({ enforceLimit: false })], [], new Map([['A', 5]]));
    expect(plan.outcomes[0]).toMatchObject({ kind: 'created', occupancy: 6 });
  });

  it('a repeated scan of the same venue by the device that holds the visit returns it; so does a second proof of a visit made earlier in the batch', () => {
    expect(planCheckinBatch([cmd(proofOfOld)], [OLD], new Map([['A', 1]])).outcomes).toEqual([{ kind: 'duplicate', visitId: 'old', checkedInAt: 500, occupancy: 1 }]);
    const twice = planCheckinBatch([cmd({ visitId: 'x', secretHash: 'hx' }), cmd({ visitId: 'y', proofVisitId: 'x', proofSecretHash: 'hx' })], [], new Map());
    expect(twice.outcomes.map((o) => o.kind)).toEqual(['created', 'duplicate']);
    expect(twice.inserts).toHaveLength(1);
  });

  it('checking in elsewhere with the proof closes the open visit and frees its place', () => {
    const plan = planCheckinBatch([cmd({ venueId: 'B', ...proofOfOld })], [OLD], new Map([['A', 2], ['B', 0]]));
    expect(plan.closes).toEqual([{ visitId: 'old', at: 1_000 }]);
    expect(plan.occupancy).toEqual(new Map([['A', 1], ['B', 1]]));
    expect(plan.outcomes[0]).toMatchObject({ kind: 'created', closedVisitId: 'old' });
  });

  it('a refused check-in does not close the visit elsewhere', () => {
    const plan = planCheckinBatch([cmd({ venueId: 'B', limit: 0, ...proofOfOld })], [OLD], new Map([['A', 1]]));
    expect(plan.outcomes[0]?.kind).toBe('full');
    expect(plan.closes).toEqual([]);
  });

  it('a phone number alone is a new visit: no duplicate, no switch, nothing of the open visit in the answer', () => {
    const here = planCheckinBatch([cmd({ visitId: 'n1' })], [OLD], new Map([['A', 1]]));
    expect(here.outcomes).toEqual([{ kind: 'created', visitId: 'n1', at: 1_000, occupancy: 2, closedVisitId: null }]);
    const elsewhere = planCheckinBatch([cmd({ visitId: 'n2', venueId: 'B' })], [OLD], new Map([['A', 1]]));
    expect(elsewhere.outcomes).toEqual([{ kind: 'created', visitId: 'n2', at: 1_000, occupancy: 1, closedVisitId: null }]);
    expect(elsewhere.closes).toEqual([]);
  });

  it('a proof that does not hold counts for nothing: a wrong secret, another person, a desk visit, a visit closed earlier in the batch', () => {
    const plain = (plan: ReturnType<typeof planCheckinBatch>) => ({ kinds: plan.outcomes.map((o) => o.kind), closes: plan.closes.length });
    expect(plain(planCheckinBatch([cmd({ venueId: 'B', proofVisitId: 'old', proofSecretHash: 'guess' })], [OLD], new Map()))).toEqual({ kinds: ['created'], closes: 0 });
    expect(plain(planCheckinBatch([cmd({ venueId: 'B', personKey: 'p2', ...proofOfOld })], [OLD], new Map()))).toEqual({ kinds: ['created'], closes: 0 });
    const desk = { ...OLD, secretHash: null };
    expect(plain(planCheckinBatch([cmd({ venueId: 'B', proofVisitId: 'old', proofSecretHash: null })], [desk], new Map()))).toEqual({ kinds: ['created'], closes: 0 });
    // The same proof twice: the first check-in closes the visit, the second finds it closed.
    const again = planCheckinBatch([cmd({ visitId: 'b', venueId: 'B', ...proofOfOld }), cmd({ visitId: 'c', venueId: 'C', ...proofOfOld })], [OLD], new Map());
    expect(again.outcomes.map((o) => (o.kind === 'created' ? o.closedVisitId : o.kind))).toEqual(['old', null]);
  });
});
