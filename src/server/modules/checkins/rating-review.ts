/*
 * Ratings resist stuffing (issue #14, finding 4). The public badge and the inspection list rest on visitor ratings,
 * so a rating must come from someone who was there, once, and a burst that no ordinary day produces is held for
 * review instead of counted.
 *
 * - Only a visit that lasted MIN_RATED_STAY_MINUTES can rate. Ten minutes: long enough to have seen whether staff
 *   wear masks, whether there is water and soap and whether people keep apart (the five rating items), and half or
 *   less of the usual stay of every venue type (the shortest, a pharmacy, is 20 minutes); a script that checks
 *   in and out at once cannot rate at all, and one that waits must hold its visits open for ten minutes, where the
 *   doorkeeper sees them (desk mode) and the check-in limits count them.
 * - One rating per person (the visit's keyed phone hash), venue and local day: a unique index.
 * - Held, not counted, when within the last BURST_WINDOW_MS the venue already received BURST_AFTER ratings from the
 *   same address, or (for a rater whose phone had never checked in before this visit) BURST_AFTER ratings from
 *   such new phones. Two: most visitors never rate, so even a busy market sees few ratings an hour, fewer still
 *   from one (carrier) address; and two counted ratings stay under the compliance score's minimum of three
 *   effective ratings and the inspection list's minimum of three poor ones, so a burst can move neither. A family
 *   rating their warung from one home connection may see its third rating held: held is kept, not lost. The venue's
 *   managers and officers see how many are held (the venue's check-in summary); an officer who may inspect the venue
 *   can release them after a look (POST /venues/{id}/ratings/release), and they count from then on.
 */

export const MIN_RATED_STAY_MINUTES = 10;
export const BURST_WINDOW_MS = 60 * 60 * 1000;
export const BURST_AFTER = 2;

export type HeldReason = 'address_burst' | 'fresh_burst';

export interface RatingContext {
  /** Ratings of this venue in the window from the rater's address. */
  fromSameAddress: number;
  /** Ratings of this venue in the window by fresh phones. */
  fromFreshPhones: number;
  /** Whether the rater's phone had no visit before the rated one. */
  fresh: boolean;
}

/** Whether a visit of this length may rate. */
export function longEnoughToRate(tIn: number, tOut: number): boolean {
  return tOut - tIn >= MIN_RATED_STAY_MINUTES * 60_000;
}

/** Counted, or held for review with the reason. */
export function reviewRating(c: RatingContext): { status: 'counted' } | { status: 'held'; reason: HeldReason } {
  if (c.fromSameAddress >= BURST_AFTER) return { status: 'held', reason: 'address_burst' };
  if (c.fresh && c.fromFreshPhones >= BURST_AFTER) return { status: 'held', reason: 'fresh_burst' };
  return { status: 'counted' };
}
