import { describe, expect, it } from 'vitest';
import { planCheckinBatch, type CheckinCommand } from './checkin-batch.js';

const cmd = (over: Partial<CheckinCommand>): CheckinCommand => ({
  visitId: 'v-new',
  venueId: 'A',
  regionCode: '51.71.01.1001',
  personKey: 'p1',
  personEnc: 'np',
  secretHash: 'h',
  source: 'qr',
  enteredBy: null,
  at: 1_000,
  limit: 2,
  enforceLimit: true,
  ...over,
});

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

  it('a repeated scan of the same venue returns the open visit; the same person twice in one batch is one visit', () => {
    const open = [{ id: 'old', venueId: 'A', personKey: 'p1', tIn: 500 }];
    expect(planCheckinBatch([cmd({})], open, new Map([['A', 1]])).outcomes).toEqual([{ kind: 'duplicate', visitId: 'old', checkedInAt: 500, occupancy: 1 }]);
    const twice = planCheckinBatch([cmd({ visitId: 'x' }), cmd({ visitId: 'y' })], [], new Map());
    expect(twice.outcomes.map((o) => o.kind)).toEqual(['created', 'duplicate']);
    expect(twice.inserts).toHaveLength(1);
  });

  it('checking in elsewhere closes the open visit and frees its place', () => {
    const plan = planCheckinBatch([cmd({ venueId: 'B' })], [{ id: 'old', venueId: 'A', personKey: 'p1', tIn: 500 }], new Map([['A', 2], ['B', 0]]));
    expect(plan.closes).toEqual([{ visitId: 'old', at: 1_000 }]);
    expect(plan.occupancy).toEqual(new Map([['A', 1], ['B', 1]]));
    expect(plan.outcomes[0]).toMatchObject({ kind: 'created', closedVisitId: 'old' });
  });

  it('a refused check-in does not close the visit elsewhere', () => {
    const plan = planCheckinBatch([cmd({ venueId: 'B', limit: 0 })], [{ id: 'old', venueId: 'A', personKey: 'p1', tIn: 500 }], new Map([['A', 1]]));
    expect(plan.outcomes[0]?.kind).toBe('full');
    expect(plan.closes).toEqual([]);
  });
});
