import type { RatingEvidence } from './compliance-score.js';

/*
 * The seam to visitor ratings. Ratings are collected by the check-in issue, which owns their table; this module only
 * reads them, through this interface, for two things: the compliance score (ratings weighted by recency and count)
 * and the inspection to-do list (venues whose recent ratings are poor).
 *
 * Until the check-in module exists, `noRatingsYet` answers "none", so scores rest on inspections and violations and
 * the to-do list on those plus follow-up dates. The check-in module implements this interface over its ratings
 * table and passes it to createVenuesService({ ratings }) in createServices (src/server/app.ts): nothing else here changes.
 * The venues service never calls it inside one of its transactions, so an implementation may use its own `db`.
 */
export interface PoorlyRatedVenue {
  venueId: string;
  /** Ratings counted in the window. */
  count: number;
  /** Recency-weighted mean of all items, 1–5. */
  mean: number;
}

export interface VenueRatingsSource {
  /** Ratings of one venue given at or after `since` (epoch ms), any order. */
  ratingsOf(venueId: string, since: number): Promise<RatingEvidence[]>;
  /**
   * Venues among `venueIds` whose ratings since `since` are poor: at least `minCount` ratings with a mean under
   * `threshold` (1–5 scale).
   */
  poorlyRated(venueIds: readonly string[], since: number, options: { threshold: number; minCount: number }): Promise<PoorlyRatedVenue[]>;
}

export const noRatingsYet: VenueRatingsSource = {
  ratingsOf: () => Promise.resolve([]),
  poorlyRated: () => Promise.resolve([]),
};
