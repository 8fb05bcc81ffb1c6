import type { Db } from '../../db/kysely.js';
import { earliestRelevantTIn, findExposures, type ExposureCandidate, type ExposureOptions, type VisitSpan } from './exposure.js';
import { personVisits, visitsOverlapping, type OverlapSpan, type VisitRow } from './tracing.read-model.js';

const toSpan = (v: VisitRow): VisitSpan => ({ visitId: v.id, personKey: v.person_key, venueId: v.venue_id, venueType: v.venue_type, tIn: v.t_in, tOut: v.t_out, estimated: v.estimated === 1 });

/**
 * What the SQL side searches for each case visit: from its start clipped to the window (the start of the case's
 * presence in casePresence) to its end as far as it can reach (check-out, now, longest stay, window end).
 */
export function caseSpans(caseVisits: readonly VisitRow[], opts: ExposureOptions): OverlapSpan[] {
  return caseVisits.map((v) => {
    const from = Math.max(v.t_in, opts.windowStart);
    const to = Math.min(opts.windowEnd, v.t_out ?? opts.now, v.t_in + opts.maxStayMs);
    return { venueId: v.venue_id, tInFrom: earliestRelevantTIn(from, opts.maxStayMs), from, to: Math.max(to, from + 1) };
  });
}

/**
 * The exposures of a person (by visits.person_key) inside a window: two indexed reads, then the pure core.
 * 1. the case's visits on (person_key, t_in), t_in ≥ window start − longest stay;
 * 2. the other visits on (venue_id, t_in), one range per case visit, t_in ≥ (its start − longest stay), still there at
 *    its start (t_out after it, or open).
 */
export async function exposuresOf(db: Db, personKey: string, opts: ExposureOptions): Promise<{ caseVisits: VisitRow[]; candidates: ExposureCandidate[] }> {
  const caseVisits = await personVisits(db, personKey, earliestRelevantTIn(opts.windowStart, opts.maxStayMs), opts.windowEnd);
  const others = await visitsOverlapping(db, caseSpans(caseVisits, opts));
  return { caseVisits, candidates: findExposures(caseVisits.map(toSpan), others.map(toSpan), opts) };
}
