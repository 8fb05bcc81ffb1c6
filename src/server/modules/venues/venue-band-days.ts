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

/** Non-zero counts per desa, day and band (desa in code order, bands in COMPLIANCE_BANDS order). */
export function bandDayCounts(input: BandDaysInput): { regionCode: string; day: string; band: ComplianceBand; venues: number }[] {
  // Numbers, not strings, in the loop over days × venues: two years of 20,000 venues is 14.6 M steps.
  const bandIndex = (badge: string | undefined) => COMPLIANCE_BANDS.indexOf(bandOf(badge));
  const desaCodes = [...new Set(input.venues.map((v) => desaOf(v.regionCode)))].sort();
  const desaIndex = new Map(desaCodes.map((code, i) => [code, i]));
  const venueIndex = new Map(input.venues.map((v, i) => [v.id, i]));
  const desaOfVenue = Int32Array.from(input.venues, (v) => desaIndex.get(desaOf(v.regionCode))!);
  const verifiedAt = Float64Array.from(input.venues, (v) => v.verifiedAt);
  const band = Uint8Array.from(input.venues, (v) => bandIndex(input.initial.get(v.id)));
  const counts = new Int32Array(desaCodes.length * COMPLIANCE_BANDS.length);
  const out: { regionCode: string; day: string; band: ComplianceBand; venues: number }[] = [];
  let next = 0;
  for (const { day, endMs } of input.days) {
    while (next < input.changes.length && input.changes[next]!.at < endMs) {
      const change = input.changes[next++]!;
      const i = venueIndex.get(change.venueId);
      if (i !== undefined) band[i] = bandIndex(change.badge);
    }
    counts.fill(0);
    for (let i = 0; i < band.length; i++) if (verifiedAt[i]! < endMs) counts[desaOfVenue[i]! * COMPLIANCE_BANDS.length + band[i]!]! += 1;
    for (let d = 0; d < desaCodes.length; d++) {
      for (let b = 0; b < COMPLIANCE_BANDS.length; b++) {
        const n = counts[d * COMPLIANCE_BANDS.length + b]!;
        if (n > 0) out.push({ regionCode: desaCodes[d]!, day, band: COMPLIANCE_BANDS[b]!, venues: n });
      }
    }
  }
  return out;
}
