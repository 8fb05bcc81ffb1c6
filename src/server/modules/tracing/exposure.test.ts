import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { earliestRelevantTIn, effectiveEnd, findExposures, type ExposureOptions, type VisitSpan } from './exposure.js';

const M = 60_000;
const T0 = Date.parse('2026-11-20T16:00:00Z'); // 2026-11-21 00:00 WITA

function opts(overrides: Partial<ExposureOptions> = {}): ExposureOptions {
  return {
    windowStart: T0,
    windowEnd: T0 + 3 * 24 * 60 * M,
    now: T0 + 10 * 24 * 60 * M,
    maxStayMs: 24 * 60 * M,
    usualStayMs: (type) => (type === 'office' ? 540 * M : 60 * M),
    closeThresholdMs: (type) => (type === 'transport' ? 5 * M : 15 * M),
    ...overrides,
  };
}

let seq = 0;
function visit(personKey: string, venueId: string, fromMin: number, toMin: number | null, extra: Partial<VisitSpan> = {}): VisitSpan {
  return { visitId: `v${++seq}`, personKey, venueId, venueType: null, tIn: T0 + fromMin * M, tOut: toMin === null ? null : T0 + toMin * M, estimated: false, ...extra };
}

/** Reference: minute by minute, is the case present (inside the window) and the other person present at the venue? */
function bruteForce(caseVisits: VisitSpan[], others: VisitSpan[], o: ExposureOptions) {
  const caseKeys = new Set(caseVisits.map((v) => v.personKey));
  const present = (v: VisitSpan, t: number) => t >= v.tIn && t < effectiveEnd(v, o).end;
  const result = new Map<string, Map<string, { minutes: number; estimated: boolean; last: number }>>();
  for (const other of others) {
    if (caseKeys.has(other.personKey)) continue;
    const venues = result.get(other.personKey) ?? new Map<string, { minutes: number; estimated: boolean; last: number }>();
    result.set(other.personKey, venues);
  }
  const venues = new Set(caseVisits.map((v) => v.venueId));
  const persons = [...result.keys()];
  for (const venue of venues) {
    const cv = caseVisits.filter((v) => v.venueId === venue);
    const lo = Math.min(...cv.map((v) => v.tIn));
    const hi = Math.max(...cv.map((v) => effectiveEnd(v, o).end));
    for (const person of persons) {
      const pv = others.filter((v) => v.venueId === venue && v.personKey === person);
      if (pv.length === 0) continue;
      let minutes = 0;
      let estimated = false;
      let last = 0;
      for (let t = lo; t < hi; t += M) {
        if (t < o.windowStart || t >= o.windowEnd) continue;
        const cs = cv.filter((v) => present(v, t));
        const ps = pv.filter((v) => present(v, t));
        if (cs.length && ps.length) {
          minutes++;
          last = t + M;
          if (cs.some((v) => effectiveEnd(v, o).estimated) || ps.some((v) => effectiveEnd(v, o).estimated)) estimated = true;
        }
      }
      if (minutes > 0) result.get(person)!.set(venue, { minutes, estimated, last });
    }
  }
  return result;
}

describe('exposure finding: property-based against a minute-by-minute reference', () => {
  const visitArb = (persons: string[], venues: string[]) =>
    fc.record({
      personKey: fc.constantFrom(...persons),
      venueId: fc.constantFrom(...venues),
      venueType: fc.constantFrom(null, 'office', 'transport'),
      from: fc.integer({ min: -60 * 30, max: 60 * 24 * 3 + 60 }),
      length: fc.option(fc.integer({ min: 0, max: 60 * 30 }), { nil: null }),
      estimated: fc.boolean(),
    });
  const toSpan = (r: { personKey: string; venueId: string; venueType: string | null; from: number; length: number | null; estimated: boolean }, i: number): VisitSpan => ({
    visitId: `r${i}`,
    personKey: r.personKey,
    venueId: r.venueId,
    venueType: r.venueType,
    tIn: T0 + r.from * M,
    tOut: r.length === null ? null : T0 + (r.from + r.length) * M,
    estimated: r.length !== null && r.estimated,
  });

  it('finds the same people, venues, minutes, estimated flags and last exposure as the reference', () => {
    fc.assert(
      fc.property(
        fc.array(visitArb(['case'], ['A', 'B', 'C']), { minLength: 0, maxLength: 5 }),
        fc.array(visitArb(['p1', 'p2', 'p3', 'p4'], ['A', 'B', 'C', 'D']), { minLength: 0, maxLength: 14 }),
        fc.integer({ min: 0, max: 60 * 24 * 4 }),
        (caseRaw, otherRaw, nowMin) => {
          // Each venue type is a property of the venue: keep it consistent across visits of one venue.
          const typeOf = (venue: string) => (venue === 'A' ? 'office' : venue === 'B' ? 'transport' : null);
          const caseVisits = caseRaw.map((r, i) => toSpan({ ...r, venueType: typeOf(r.venueId) }, i));
          const others = otherRaw.map((r, i) => toSpan({ ...r, venueType: typeOf(r.venueId) }, 100 + i));
          const o = opts({ now: T0 + nowMin * M });
          const got = findExposures(caseVisits, others, o);
          const want = bruteForce(caseVisits, others, o);
          const wantPersons = [...want].filter(([, venues]) => venues.size > 0);
          expect(got.map((c) => c.personKey).sort()).toEqual(wantPersons.map(([p]) => p).sort());
          for (const c of got) {
            const venues = want.get(c.personKey)!;
            expect(c.venues.map((v) => v.venueId).sort()).toEqual([...venues.keys()].sort());
            let total = 0;
            let last = 0;
            let close = false;
            for (const v of c.venues) {
              const w = venues.get(v.venueId)!;
              expect(v.overlapMinutes).toBe(w.minutes);
              expect(v.estimated).toBe(w.estimated);
              expect(v.lastExposureAt).toBe(w.last);
              total += w.minutes;
              last = Math.max(last, w.last);
              if (w.minutes * M >= o.closeThresholdMs(typeOf(v.venueId))) close = true;
            }
            expect(c.totalOverlapMinutes).toBe(total);
            expect(c.lastExposureAt).toBe(last);
            expect(c.classification).toBe(close ? 'close' : 'low');
          }
          // Highest risk first.
          for (let i = 1; i < got.length; i++) {
            const a = got[i - 1]!;
            const b = got[i]!;
            expect(a.classification === 'low' && b.classification === 'close').toBe(false);
            if (a.classification === b.classification) expect(a.totalOverlapMs).toBeGreaterThanOrEqual(b.totalOverlapMs);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never needs a visit that started before (case start − longest stay): the SQL lower bound loses nothing', () => {
    fc.assert(
      fc.property(
        fc.array(visitArb(['case'], ['A']), { minLength: 1, maxLength: 3 }),
        fc.array(visitArb(['p1', 'p2'], ['A']), { minLength: 1, maxLength: 8 }),
        (caseRaw, otherRaw) => {
          const caseVisits = caseRaw.map((r, i) => toSpan({ ...r, venueType: 'office' }, i));
          const others = otherRaw.map((r, i) => toSpan({ ...r, venueType: 'office' }, 50 + i));
          const o = opts();
          const bound = earliestRelevantTIn(Math.max(o.windowStart, Math.min(...caseVisits.map((v) => v.tIn))), o.maxStayMs);
          const all = findExposures(caseVisits, others, o);
          const bounded = findExposures(caseVisits, others.filter((v) => v.tIn >= bound), o);
          expect(bounded).toEqual(all);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never needs a visit that left at or before the case came: the SQL t_out filter loses nothing, and row order changes nothing', () => {
    fc.assert(
      fc.property(
        fc.array(visitArb(['case'], ['A', 'B']), { minLength: 1, maxLength: 4 }),
        fc.array(visitArb(['p1', 'p2', 'p3'], ['A', 'B']), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 60 * 24 * 4 }),
        (caseRaw, otherRaw, nowMin) => {
          const typeOf = (venue: string) => (venue === 'A' ? 'office' : null);
          const caseVisits = caseRaw.map((r, i) => toSpan({ ...r, venueType: typeOf(r.venueId) }, i));
          const others = otherRaw.map((r, i) => toSpan({ ...r, venueType: typeOf(r.venueId) }, 50 + i));
          const o = opts({ now: T0 + nowMin * M });
          // What visitsOverlapping keeps: open, or checked out after the start of some case visit at the venue.
          const kept = others.filter((v) => v.tOut === null || caseVisits.some((c) => c.venueId === v.venueId && v.tOut! > Math.max(c.tIn, o.windowStart)));
          const all = findExposures(caseVisits, others, o);
          expect(findExposures(caseVisits, kept, o)).toEqual(all);
          expect(findExposures(caseVisits, [...kept].reverse(), o)).toEqual(all);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('exposure finding: edge cases', () => {
  it("names the contact by a visit that shared time with the case, not one merged into it that did not", () => {
    const c = [visit('case', 'A', 0, 60)];
    const shared = visit('p', 'A', 30, 90);
    const after = visit('p', 'A', 80, 200); // overlaps their first visit, not the case
    expect(findExposures(c, [shared, after], opts())[0]).toMatchObject({ latestVisitId: shared.visitId, lastExposureAt: T0 + 60 * M });
    expect(findExposures(c, [after, shared], opts())[0]).toMatchObject({ latestVisitId: shared.visitId });
  });

  it('a tie on the last shared minute is broken by the visits, not by their order', () => {
    const c = [visit('case', 'A', 0, 60), visit('case', 'B', 0, 60)];
    const a = visit('p', 'A', 10, 70);
    const b = visit('p', 'B', 20, 90);
    expect(findExposures(c, [a, b], opts())[0]!.latestVisitId).toBe(b.visitId); // the later check-out
    expect(findExposures(c, [b, a], opts())[0]!.latestVisitId).toBe(b.visitId);
  });

  it('touching intervals share no time', () => {
    const c = [visit('case', 'A', 60, 120)];
    expect(findExposures(c, [visit('p', 'A', 120, 180), visit('q', 'A', 0, 60)], opts())).toEqual([]);
  });

  it('less than a minute together is no exposure (never listed as "0 min"); one minute is', () => {
    const c = [visit('case', 'A', 60, 120)];
    expect(findExposures(c, [visit('p', 'A', 119.5, 180)], opts())).toEqual([]);
    const [hit] = findExposures(c, [visit('q', 'A', 119, 180)], opts());
    expect(hit?.venues[0]?.overlapMinutes).toBe(1);
  });

  it('a visit crossing midnight overlaps on both days', () => {
    const c = [visit('case', 'A', 23 * 60, 25 * 60)];
    const [hit] = findExposures(c, [visit('p', 'A', 23 * 60 + 50, 24 * 60 + 30)], opts());
    expect(hit).toMatchObject({ personKey: 'p', totalOverlapMinutes: 40, classification: 'close', lastExposureAt: T0 + (24 * 60 + 30) * M });
  });

  it('an open visit lasts until now or its usual stay, and is marked estimated', () => {
    const c = [visit('case', 'A', 0, 300)];
    const others = [visit('p', 'A', 10, null), visit('q', 'A', 100, null, { venueType: 'office' })];
    const early = findExposures(c, others, opts({ now: T0 + 30 * M }));
    expect(early.find((x) => x.personKey === 'p')).toMatchObject({ totalOverlapMinutes: 20, venues: [{ estimated: true }] });
    expect(early.find((x) => x.personKey === 'q')).toBeUndefined();
    const later = findExposures(c, others, opts());
    expect(later.find((x) => x.personKey === 'p')).toMatchObject({ totalOverlapMinutes: 60 });
    expect(later.find((x) => x.personKey === 'q')).toMatchObject({ totalOverlapMinutes: 200, venues: [{ estimated: true }] });
  });

  it("an estimated check-out on either side marks the venue's exposure estimated", () => {
    const c = [visit('case', 'A', 0, 60, { estimated: true })];
    const [hit] = findExposures(c, [visit('p', 'A', 30, 90)], opts());
    expect(hit!.venues[0]!.estimated).toBe(true);
    const [hit2] = findExposures([visit('case', 'A', 0, 60)], [visit('p', 'A', 30, 90, { estimated: true })], opts());
    expect(hit2!.venues[0]!.estimated).toBe(true);
    const [hit3] = findExposures([visit('case', 'A', 0, 60)], [visit('p', 'A', 30, 90)], opts());
    expect(hit3!.venues[0]!.estimated).toBe(false);
  });

  it('a case with no visits has no exposures', () => {
    expect(findExposures([], [visit('p', 'A', 0, 60)], opts())).toEqual([]);
  });

  it('the same contact at several venues is one candidate; close when one venue reaches the threshold', () => {
    const c = [visit('case', 'A', 0, 10), visit('case', 'B', 100, 200), visit('case', 'C', 300, 310)];
    const others = [visit('p', 'A', 0, 10), visit('p', 'C', 300, 310), visit('p', 'C', 305, 320)];
    const [hit] = findExposures(c, others, opts());
    expect(hit).toMatchObject({ personKey: 'p', classification: 'low', totalOverlapMinutes: 20 });
    expect(hit!.venues.map((v) => [v.venueId, v.overlapMinutes])).toEqual([['A', 10], ['C', 10]]);
    const [close] = findExposures(c, [...others, visit('p', 'B', 150, 170)], opts());
    expect(close).toMatchObject({ classification: 'close', totalOverlapMinutes: 40 });
  });

  it('the threshold is per venue type', () => {
    const c = [visit('case', 'A', 0, 60, { venueType: 'transport' })];
    expect(findExposures(c, [visit('p', 'A', 50, 70, { venueType: 'transport' })], opts())[0]!.classification).toBe('close');
  });

  it("counts the window's first and last minute, and nothing outside it", () => {
    const o = opts();
    const windowMinutes = (o.windowEnd - o.windowStart) / M;
    const c = [visit('case', 'A', -30, 1), visit('case', 'B', windowMinutes - 1, windowMinutes + 30)];
    const others = [visit('p', 'A', -30, 30), visit('q', 'B', windowMinutes - 10, windowMinutes + 30), visit('r', 'A', -30, 0)];
    const found = findExposures(c, others, o);
    expect(found.map((x) => [x.personKey, x.totalOverlapMinutes])).toEqual([['q', 1], ['p', 1]]);
    expect(found.find((x) => x.personKey === 'q')!.lastExposureAt).toBe(o.windowEnd);
  });

  it('the case never appears as its own contact', () => {
    expect(findExposures([visit('case', 'A', 0, 60)], [visit('case', 'A', 0, 60)], opts())).toEqual([]);
  });

  it('a visit longer than the longest stay is cut there', () => {
    const c = [visit('case', 'A', 26 * 60, 27 * 60)];
    expect(findExposures(c, [visit('p', 'A', 0, 40 * 60)], opts())).toEqual([]);
  });
});
