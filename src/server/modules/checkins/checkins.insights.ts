import { openingViewOf } from '../../shared/opening-text.js';
import type { Db } from '../../db/kysely.js';
import { primaryReads, type ReadSource } from '../../db/read-replica.js';
import type { Clock } from '../../shared/clock.js';
import { localDateTime, localDateTimeToEpochMs } from '../../shared/local-time.js';
import type { RequestContext } from '../../shared/request-context.js';
import { requirePrincipal, type PoorlyRatedVenue, type RatingEvidence, type VenueAccessLayer, type VenueRatingsSource } from '../venues/index.js';
import { attemptsInRegion, occupancyInRegion, venuesInRegion } from './checkins.read-model.js';
import { recordAudit } from '../audit/index.js';
import { attemptsOfVenue, currentOccupancy, heldRatingsOfVenue, ratingsOfVenue, ratingsOfVenues, releaseHeldRatings, visitTimesOfVenue } from './checkins.repository.js';
import type { VisitRatingsTable } from './checkins.table.js';
import { capacityLimit, RATING_ITEMS, rulesQueryOf, venueInfoOf, type RulesInForceFn } from './checkins.shared.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const RATINGS_WINDOW_DAYS = 30;

function meanOf(r: VisitRatingsTable): number {
  return RATING_ITEMS.reduce((sum, item) => sum + r[item], 0) / RATING_ITEMS.length;
}

/** Visitor ratings as evidence for the compliance score and the inspection to-do list (venues module's seam). */
export function createRatingsSource(db: Db): VenueRatingsSource {
  return {
    async ratingsOf(venueId, since): Promise<RatingEvidence[]> {
      const rows = await ratingsOfVenue(db, venueId, since);
      return rows.map((r) => ({ at: new Date(r.at), scores: { masks: r.masks, handwashing: r.handwashing, distancing: r.distancing, temperature: r.temperature, cleanliness: r.cleanliness } }));
    },
    async poorlyRated(venueIds, since, options): Promise<PoorlyRatedVenue[]> {
      const rows = await ratingsOfVenues(db, venueIds, since);
      const byVenue = new Map<string, VisitRatingsTable[]>();
      for (const r of rows) byVenue.set(r.venue_id, [...(byVenue.get(r.venue_id) ?? []), r]);
      const out: PoorlyRatedVenue[] = [];
      for (const [venueId, list] of byVenue) {
        const mean = list.reduce((s, r) => s + meanOf(r), 0) / list.length;
        if (list.length >= options.minCount && mean < options.threshold) out.push({ venueId, count: list.length, mean: Math.round(mean * 100) / 100 });
      }
      return out.sort((a, b) => a.mean - b.mean);
    },
  };
}

/** What a venue manager watches during the day, and what a village task force checks across its desa. */
export function createCheckinInsights(deps: {
  db: Db;
  clock: Clock;
  timeZone: string;
  rulesInForce: RulesInForceFn;
  venueAccess: Pick<VenueAccessLayer, 'requireVenue'>;
  ratings: VenueRatingsSource;
  /**
   * The day's visits and refusals of a venue and the region's oversight read here (db/read-replica.ts): a few seconds
   * stale at most. The live occupancy of one venue (exact, next to the desk) and its ratings (an officer's release of
   * held ratings must show at once) stay on the primary.
   */
  reads?: ReadSource;
}) {
  const { db, clock, timeZone, venueAccess } = deps;
  const reads = deps.reads ?? primaryReads(db);

  function startOfLocalDay(at: number): number {
    const local = localDateTime(at, timeZone);
    return localDateTimeToEpochMs(local.date, '00:00', timeZone);
  }

  return {
    /** For the venue's managers and officers in its scope. */
    async venueSummary(ctx: RequestContext, venueId: string) {
      const venue = venueInfoOf((await venueAccess.requireVenue(ctx, venueId, 'venues:read', { managers: true })).venue);
      const now = clock.now();
      const dayStart = startOfLocalDay(now);
      const rules = await deps.rulesInForce(rulesQueryOf(venue, now));
      const readDb = reads.db();
      const [current, visits, ratings, held, attempts] = await Promise.all([
        currentOccupancy(db, venue.venue_id),
        visitTimesOfVenue(readDb, venue.venue_id, dayStart, dayStart + DAY_MS),
        // Ratings: an officer who has just released held ones (below) sees the summary again at once: the primary.
        ratingsOfVenue(db, venue.venue_id, now - RATINGS_WINDOW_DAYS * DAY_MS),
        heldRatingsOfVenue(db, venue.venue_id, now - RATINGS_WINDOW_DAYS * DAY_MS),
        attemptsOfVenue(readDb, venue.venue_id, dayStart),
      ]);
      const heldBy = (reason: string) => held.find((h) => h.reason === reason)?.count ?? 0;
      const byHour = Array.from({ length: 24 }, () => 0);
      for (const v of visits) byHour[Math.min(23, Math.floor((v.t_in - dayStart) / 3_600_000))]! += 1;
      const averages = Object.fromEntries(
        RATING_ITEMS.map((item) => [item, ratings.length ? Math.round((ratings.reduce((s, r) => s + r[item], 0) / ratings.length) * 10) / 10 : null]),
      );
      return {
        occupancy: { current, limit: capacityLimit(venue.capacity, rules), capacityPercent: rules.capacityPercent },
        rules: { open: rules.open, window: rules.window, closesAtLocal: rules.closesAtLocal ?? null, opening: openingViewOf(rules, venue.opens_at !== null), reasonId: rules.reasonId ?? null, reasonEn: rules.reasonEn ?? null },
        todayByHour: byHour,
        visitsToday: visits.length,
        ratings: {
          count: ratings.length,
          averages,
          comments: ratings.filter((r) => r.comment).slice(0, 20).map((r) => ({ at: r.at, comment: r.comment as string, mean: Math.round(meanOf(r) * 10) / 10 })),
          // Ratings of the window held for review (a burst: rating-review.ts), counted in neither the averages above
          // nor the public badge.
          held: {
            count: held.reduce((sum, h) => sum + h.count, 0),
            fromOneAddress: heldBy('address_burst'),
            fromNewPhones: heldBy('fresh_burst'),
            latestAt: held.length ? Math.max(...held.map((h) => h.latest)) : null,
          },
        },
        refusedToday: attempts.map((a) => ({ at: a.at, reason: a.reason, detail: a.detail })),
      };
    },

    /**
     * Releases a venue's held ratings after a look (rating-review.ts): an officer who may inspect the venue, never its
     * own managers (whose venue they rate). Audited; the compliance score takes them in at its next computation.
     */
    async releaseHeldRatings(ctx: RequestContext, venueId: string) {
      const venue = (await venueAccess.requireVenue(ctx, venueId, 'venues:inspect', { managers: false })).venue;
      return db.transaction().execute(async (trx) => {
        const released = await releaseHeldRatings(trx, venue.id);
        await recordAudit(trx, clock, ctx, { action: 'venue.ratings_release', entityType: 'venue', entityId: venue.id, regionCode: venue.region_code, details: { released } });
        return { released };
      });
    },

    /** For the village task force: poor ratings, venues over their limit now, and check-ins attempted outside hours. */
    async regionOversight(ctx: RequestContext, regionCode: string) {
      requirePrincipal(ctx).require('checkins:oversee', regionCode);
      const { ratings } = deps;
      const now = clock.now();
      const readDb = reads.db();
      const venues = await venuesInRegion(readDb, regionCode);
      const names = new Map(venues.map((v) => [v.id, v.name]));
      const poor = await ratings.poorlyRated(venues.map((v) => v.id), now - RATINGS_WINDOW_DAYS * DAY_MS, { threshold: 3, minCount: 3 });
      const occupied = await occupancyInRegion(readDb, regionCode);
      const overCapacity = [];
      for (const o of occupied) {
        const rules = await deps.rulesInForce(rulesQueryOf(o, now));
        const limit = capacityLimit(o.capacity, rules);
        if (o.current > limit) overCapacity.push({ venueId: o.venue_id, name: o.name, current: o.current, limit });
      }
      const attempts = await attemptsInRegion(readDb, regionCode, ['outside_hours', 'closed_by_rule', 'venue_full'], now - 7 * DAY_MS);
      return {
        poorRatings: poor.map((p) => ({ ...p, name: names.get(p.venueId) ?? p.venueId })),
        overCapacity,
        refusedAttempts: attempts.map((a) => ({ at: a.at, venueId: a.venue_id, venueName: a.venue_name, reason: a.reason, detail: a.detail })),
      };
    },
  };
}
