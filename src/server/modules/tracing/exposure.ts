/**
 * Exposure finding (issue #6), the pure core: given the case's visits and the other visits at the same venues, who
 * shared a venue with the case inside the tracing window, for how long, and how risky was it.
 *
 * Decisions (documented in docs/tracing.md):
 * - Intervals are half-open [t_in, end): a visit that ends the minute another starts shares no time (touching = no overlap).
 * - An open visit (t_out null) lasts until now or until its venue type's usual stay has passed, whichever comes first:
 *   exactly the end the auto-close job would give it, so the answer does not change when the job runs. Its end is
 *   marked estimated.
 * - No visit lasts longer than `maxStayMs` (a forgotten check-out): longer visits are cut there. This is what lets the
 *   SQL side bound t_in from below by (start − maxStay) and still see every overlapping visit.
 * - The case's visits are clipped to the window [windowStart, windowEnd); several visits of the case (or of the
 *   contact) at one venue are merged first, so co-presence is never counted twice.
 * - Overlap is counted in milliseconds and reported in whole minutes (floored): "close" when the overlap at one venue
 *   reaches that venue type's threshold (15 minutes by default). Less than one minute at a venue is not an exposure:
 *   it would be listed as "0 min" together, a candidate no tracer could act on (issue #18).
 */

export interface VisitSpan {
  visitId: string;
  personKey: string;
  venueId: string;
  venueType: string | null;
  tIn: number;
  tOut: number | null;
  estimated: boolean;
}

export interface ExposureOptions {
  windowStart: number;
  windowEnd: number;
  now: number;
  maxStayMs: number;
  usualStayMs: (venueType: string | null) => number;
  closeThresholdMs: (venueType: string | null) => number;
}

export interface VenueExposure {
  venueId: string;
  overlapMs: number;
  overlapMinutes: number;
  estimated: boolean;
  lastExposureAt: number;
}

export interface ExposureCandidate {
  personKey: string;
  /** The contact's latest visit that overlapped (whose stored name and phone identify the person). */
  latestVisitId: string;
  classification: 'close' | 'low';
  totalOverlapMs: number;
  totalOverlapMinutes: number;
  lastExposureAt: number;
  venues: VenueExposure[];
}

const MINUTE = 60_000;

/** The end a visit is taken to have: its check-out, or (open) the earlier of now and its usual stay; never past maxStay. */
export function effectiveEnd(v: VisitSpan, opts: Pick<ExposureOptions, 'now' | 'maxStayMs' | 'usualStayMs'>): { end: number; estimated: boolean } {
  const cap = v.tIn + opts.maxStayMs;
  if (v.tOut === null) return { end: Math.max(v.tIn, Math.min(opts.now, v.tIn + opts.usualStayMs(v.venueType), cap)), estimated: true };
  return { end: Math.max(v.tIn, Math.min(v.tOut, cap)), estimated: v.estimated };
}

interface Piece {
  start: number;
  end: number;
  estimated: boolean;
  visitId: string;
}

/** Sorted, non-overlapping union (the estimated flag and visit id of a merged piece are not used for reporting). */
function union(pieces: Piece[]): Piece[] {
  const sorted = pieces.filter((p) => p.end > p.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Piece[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.start < last.end) {
      if (p.end > last.end) last.end = p.end;
      last.estimated ||= p.estimated;
    } else out.push({ ...p });
  }
  return out;
}

/** The case's presence per venue inside the window. */
export function casePresence(caseVisits: readonly VisitSpan[], opts: ExposureOptions): Map<string, { merged: Piece[]; raw: Piece[] }> {
  const byVenue = new Map<string, Piece[]>();
  for (const v of caseVisits) {
    const { end, estimated } = effectiveEnd(v, opts);
    const start = Math.max(v.tIn, opts.windowStart);
    const clipped = Math.min(end, opts.windowEnd);
    if (clipped <= start) continue;
    const list = byVenue.get(v.venueId) ?? [];
    list.push({ start, end: clipped, estimated, visitId: v.visitId });
    byVenue.set(v.venueId, list);
  }
  return new Map([...byVenue].map(([venue, raw]) => [venue, { merged: union(raw), raw }]));
}

export function findExposures(caseVisits: readonly VisitSpan[], otherVisits: readonly VisitSpan[], opts: ExposureOptions): ExposureCandidate[] {
  const caseKeys = new Set(caseVisits.map((v) => v.personKey));
  const presence = casePresence(caseVisits, opts);
  const venueTypes = new Map<string, string | null>();
  // person → venue → pieces
  const byPerson = new Map<string, Map<string, Piece[]>>();
  for (const v of otherVisits) {
    if (caseKeys.has(v.personKey) || !presence.has(v.venueId)) continue;
    venueTypes.set(v.venueId, v.venueType);
    const { end, estimated } = effectiveEnd(v, opts);
    let venues = byPerson.get(v.personKey);
    if (!venues) byPerson.set(v.personKey, (venues = new Map<string, Piece[]>()));
    const list = venues.get(v.venueId) ?? [];
    list.push({ start: v.tIn, end, estimated, visitId: v.visitId });
    venues.set(v.venueId, list);
  }

  const candidates: ExposureCandidate[] = [];
  for (const [personKey, venues] of byPerson) {
    const exposures: VenueExposure[] = [];
    // The visit that identifies the contact: of their own visits that shared time with the case, the one whose shared
    // time ends last (ties: later check-out, later check-in, larger id). Taken from the visits themselves, not from the
    // merged pieces, so that neither the order of the rows nor a visit that shared no time (merged into one that did)
    // can change it: the SQL side may then leave out visits that cannot overlap (tracing.read-model.ts).
    let latest: Latest | null = null;
    let close = false;
    for (const [venueId, pieces] of venues) {
      const theirs = union(pieces);
      const { merged: ours, raw: ourRaw } = presence.get(venueId) ?? { merged: [], raw: [] };
      let overlapMs = 0;
      let last = Number.NEGATIVE_INFINITY;
      // Two sorted disjoint lists: a linear sweep.
      let i = 0;
      let j = 0;
      while (i < ours.length && j < theirs.length) {
        const a = ours[i]!;
        const b = theirs[j]!;
        const s = Math.max(a.start, b.start);
        const e = Math.min(a.end, b.end);
        if (e > s) {
          overlapMs += e - s;
          if (e > last) last = e;
        }
        if (a.end < b.end) i++;
        else j++;
      }
      for (const a of ourRaw) {
        for (const b of pieces) {
          const at = Math.min(a.end, b.end);
          if (at <= Math.max(a.start, b.start)) continue;
          const next = { at, end: b.end, start: b.start, visitId: b.visitId };
          if (latest === null || later(next, latest)) latest = next;
        }
      }
      if (overlapMs < MINUTE) continue;
      // Estimated when a visit with an estimated end (either side) actually shared time with the other side.
      const estimated = ourRaw.some((a) => pieces.some((b) => (a.estimated || b.estimated) && Math.min(a.end, b.end) > Math.max(a.start, b.start)));
      if (overlapMs >= opts.closeThresholdMs(venueTypes.get(venueId) ?? null)) close = true;
      exposures.push({ venueId, overlapMs, overlapMinutes: Math.floor(overlapMs / MINUTE), estimated, lastExposureAt: last });
    }
    if (exposures.length === 0 || latest === null) continue;
    exposures.sort((a, b) => b.overlapMs - a.overlapMs || a.venueId.localeCompare(b.venueId));
    const totalOverlapMs = exposures.reduce((sum, e) => sum + e.overlapMs, 0);
    candidates.push({
      personKey,
      latestVisitId: latest.visitId,
      classification: close ? 'close' : 'low',
      totalOverlapMs,
      totalOverlapMinutes: Math.floor(totalOverlapMs / MINUTE),
      lastExposureAt: latest.at,
      venues: exposures,
    });
  }
  return candidates.sort(byRisk);
}

type Latest = { at: number; end: number; start: number; visitId: string };

/** Whether `a` identifies a contact before `b`: shared time ending later, then later check-out, check-in, larger id. */
function later(a: Latest, b: Latest): boolean {
  const d = a.at - b.at || a.end - b.end || a.start - b.start;
  return d !== 0 ? d > 0 : a.visitId > b.visitId;
}

/** Highest risk first: close before low, then longer total overlap, then the more recent exposure. */
export function byRisk(a: Pick<ExposureCandidate, 'classification' | 'totalOverlapMs' | 'lastExposureAt' | 'personKey'>, b: typeof a): number {
  const rank = (c: typeof a) => (c.classification === 'close' ? 0 : 1);
  return rank(a) - rank(b) || b.totalOverlapMs - a.totalOverlapMs || b.lastExposureAt - a.lastExposureAt || a.personKey.localeCompare(b.personKey);
}

/** Smallest t_in an overlapping visit can have: the SQL lower bound that keeps the (venue_id, t_in) index range small. */
export function earliestRelevantTIn(caseStart: number, maxStayMs: number): number {
  return caseStart - maxStayMs;
}
