import { desaOf } from '../../shared/daily-rollup.js';

/*
 * Venues by compliance band per desa at the end of each local day (issue #17's open data), pure.
 *
 * A band is a state, not an event, so it is not counted up as records arrive like check-ins: it is read back from the
 * score history. Every time a venue's score is stored (an inspection, a violation or its annulment, a re-score) a row
 * of venue_compliance_scores keeps the badge with its instant, and the venue's list badge is that latest row. So the
 * band of a venue at the end of day D is the badge of its last row before D's end, grey (not scored yet) when it has
 * none. A venue counts from the day it was verified, under its desa, while it is listed publicly (verified or
 * suspended: a suspended venue is often the red one the public should see). Its status and desa are today's: the
 * history of the past keeps neither (a venue rejected later drops out of its past days too).
 */

export const COMPLIANCE_BANDS = ['green', 'yellow', 'red', 'grey'] as const;
export type ComplianceBand = (typeof COMPLIANCE_BANDS)[number];

export const bandOf = (badge: string | undefined): ComplianceBand =>
  (COMPLIANCE_BANDS as readonly string[]).includes(badge ?? '') ? (badge as ComplianceBand) : 'grey';

export interface BandDaysInput {
  venues: readonly { id: string; regionCode: string; verifiedAt: number }[];
  /** Each venue's badge stored last before the first day began. */
  initial: ReadonlyMap<string, string>;
  /** Badges stored since the first day began, in the order they were stored. */
  changes: readonly { venueId: string; at: number; badge: string }[];
  /** The days in order, each with the instant it ends (the next local midnight). */
  days: readonly { day: string; endMs: number }[];
}

/** Non-zero counts per desa, day and band. */
export function bandDayCounts(input: BandDaysInput): { regionCode: string; day: string; band: ComplianceBand; venues: number }[] {
  const current = new Map(input.initial);
  const out: { regionCode: string; day: string; band: ComplianceBand; venues: number }[] = [];
  const venues = input.venues.map((v) => ({ ...v, desa: desaOf(v.regionCode) }));
  let next = 0;
  for (const { day, endMs } of input.days) {
    while (next < input.changes.length && input.changes[next]!.at < endMs) {
      const change = input.changes[next++]!;
      current.set(change.venueId, change.badge);
    }
    const counts = new Map<string, number>();
    for (const v of venues) {
      if (v.verifiedAt >= endMs) continue;
      const key = `${v.desa}|${bandOf(current.get(v.id))}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, n] of [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const [regionCode, band] = key.split('|') as [string, ComplianceBand];
      out.push({ regionCode, day, band, venues: n });
    }
  }
  return out;
}
