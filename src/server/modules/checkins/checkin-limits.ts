import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addressKey, refuseIfOverCounts, type Counters, type CountStep, type WindowCount } from '../../shared/rate-limit.js';

/*
 * Anti-automation on the public check-in surface (issue #14, finding 4): check-in, check-out, rating, the device's
 * history and inbox, and the same actions through the check-in page's plain forms (/c/...). Counted by
 * the rate limits' store (shared/rate-limit.ts, `Counters`: Redis when REDIS_URL is set, so every process shares them; else
 * in memory), never in the database: the check-in path gains no round trip to it.
 *
 * Keys, each a fixed window of one minute:
 * - the device: a check-in's proof of the visit it holds open (currentVisit or the jb_visit cookie), or for reads the
 *   set of visits it claims, hashed with their secrets (so nobody without the secrets can use up another's budget);
 * - the poster: what one entrance can let through (doorRatePerMinute, from the venue's capacity), per address and
 *   in all;
 * - the address: IPv4, or the /64 of IPv6.
 *
 * Why these figures, and why a carrier NAT does not hit them. Mobile carriers in Indonesia put many phones behind one
 * public IPv4 address (carrier-grade NAT), so the worst case is a whole queue at a market entrance on one address.
 * A check-in is not walking through a door: the visitor stops at the poster, scans it, waits for the page on a mobile
 * network and sends the form (the script fills name and phone on a known phone): 10-15 s at the poster, at most
 * about 3 people side by side at one printed poster. That is at most 12-18 check-ins a minute per printed copy.
 * A big venue prints its poster for each entrance. Take a large traditional market: say 10,000 visitors a day, a
 * fifth of them in the busiest hour (about 35 a minute in all), through 5 entrances: even flat out, 5 × 18 = 90 a
 * minute. (These are assumptions for the reasoning, not counts; the figures leave room above them.) Hence:
 * - per poster and address, `doorRatePerMinute(capacity)` = capacity / 2, at least 10 and at most 120 a minute:
 *   a 20-person warung with one door fills in no less than two minutes even if everyone arrives together, and a
 *   market of 240 or more gets 120 a minute, above that market's five entrances flat out (90). A queue, however
 *   many of its phones share one address, stays under it because the door is the bottleneck, not the address;
 * - per poster in all, twice that: beyond it the check-ins cannot be people at the door (a desk sees the burst,
 *   desk.service.ts), and the venue's capacity cannot be filled by a script from many addresses in seconds;
 * - per address, over all posters, 240 a minute: two of the busiest entrances flat out behind one address at
 *   once, about 7 times that market's busiest hour; it stops one machine spraying check-ins at many venues;
 * - per device, 6 check-ins a minute: a phone at a door scans once, maybe again if the page was slow.
 * Check-out and rating: 10 tries per visit and minute (a visit id without its secret is worth nothing, so guessing
 * is slowed where it would be tried), 240 per address. The device's history and inbox: 10 reads per device and
 * minute (the script reads the history once when the page opens), 240 per address, the check-in rate of the
 * address (each check-in page may read the history once).
 *
 * `scale` (PUBLIC_RATE_LIMIT_SCALE, 1 in production) multiplies every figure, for load tests from one address.
 */

export const WINDOW_MS = 60_000;
export const CHECKINS_PER_ADDRESS = 240;
export const CHECKINS_PER_DEVICE = 6;
export const VISIT_ACTIONS_PER_VISIT = 10;
export const VISIT_ACTIONS_PER_ADDRESS = 240;
export const DEVICE_READS_PER_DEVICE = 10;
export const DEVICE_READS_PER_ADDRESS = 240;

/** Check-ins per minute that one entrance of a venue of this capacity can let through (see above). */
export function doorRatePerMinute(capacity: number): number {
  return Math.min(120, Math.max(10, Math.ceil(capacity / 2)));
}

/** A visit a device claims, with the secret that proves it. */
export interface DeviceClaim {
  visitId: string;
  checkoutSecret: string;
}

/** A device's key: its claims (ids and secrets), hashed, so a key is useless to anyone without the secrets. */
export function deviceKey(claims: readonly DeviceClaim[]): string | null {
  if (claims.length === 0) return null;
  const hash = createHash('sha256');
  for (const c of [...claims].sort((a, b) => (a.visitId < b.visitId ? -1 : a.visitId > b.visitId ? 1 : 0))) hash.update(`${c.visitId}.${c.checkoutSecret}\n`);
  return hash.digest('base64url').slice(0, 22);
}

export type CheckinLimits = ReturnType<typeof createCheckinLimits>;

/** Which check-in limit of a poster a burst ran into: one address's share of the door, or the door itself. */
export type BurstKind = 'one_address' | 'many_addresses';

/**
 * The limits of the public check-in surface, made once per app so that the JSON routes and the plain-form routes of
 * the page count on the same counters.
 *
 * The per-key limits count on `Counters` (shared/rate-limit.ts), not on one `app.createRateLimit` limiter per key:
 * a check-in's device, poster-and-address and poster counts are one synchronous pass in memory (a Map lookup each)
 * or one Lua script in Redis (one round trip for all, the poster's total included), and only a refusal or a burst
 * makes a promise. The keys (`checkin-device:…` etc., with the plugin's prefix in Redis) and figures are those of the
 * limiters this replaced.
 */
export function createCheckinLimits(counters: Counters, options: { scale: number }) {
  const scaled = (n: number) => Math.max(1, Math.round(n * options.scale));
  const checkinDevice = counters.family('checkin-device', WINDOW_MS);
  const posterAddress = counters.family('checkin-poster-address', WINDOW_MS);
  const poster = counters.family('checkin-poster', WINDOW_MS);
  const visitAction = counters.family('visit-action', WINDOW_MS);
  const deviceRead = counters.family('device-read', WINDOW_MS);
  const devicePerMinute = scaled(CHECKINS_PER_DEVICE);
  const visitActionsPerMinute = scaled(VISIT_ACTIONS_PER_VISIT);
  const deviceReadsPerMinute = scaled(DEVICE_READS_PER_DEVICE);

  /** One key counted alone: 429 when over. */
  const countOne = (reply: FastifyReply, step: CountStep): void | Promise<void> => {
    const counts = counters.count([[step]]);
    if (Array.isArray(counts)) return refuseIfOverCounts(reply, [step], counts);
    return counts.then((c) => refuseIfOverCounts(reply, [step], c));
  };

  return {
    /**
     * Each route's own limit per address (`config.rateLimit`: counted by the plugin as the request arrives, before its
     * body is read, and documented as 429 in the OpenAPI document). The per-key limits below come after.
     */
    perAddress: {
      checkin: { max: scaled(CHECKINS_PER_ADDRESS), timeWindow: WINDOW_MS },
      visitAction: { max: scaled(VISIT_ACTIONS_PER_ADDRESS), timeWindow: WINDOW_MS },
      deviceRead: { max: scaled(DEVICE_READS_PER_ADDRESS), timeWindow: WINDOW_MS },
    },

    /**
     * A check-in (JSON or the plain form): per device when it proves its open visit, and per poster
     * when the token named a venue (its capacity sets the door's rate). 429 with Retry-After when any is over.
     * Returns a promise only when it has to wait (Redis, or a burst to note): the common case costs no microtask.
     */
    checkin(
      request: FastifyRequest,
      reply: FastifyReply,
      input: { device: DeviceClaim | null; poster: { id: string; capacity: number } | null; onBurst?: (kind: BurstKind) => Promise<void> | void },
    ): void | Promise<void> {
      const first: CountStep[] = [];
      if (input.device) first.push({ family: checkinDevice, key: deviceKey([input.device])!, max: devicePerMinute });
      const door = input.poster ? doorRatePerMinute(input.poster.capacity) : 0;
      const posterAddressIndex = input.poster ? first.push({ family: posterAddress, key: `${input.poster.id}|${addressKey(request)}`, max: scaled(door) }) - 1 : -1;
      // The poster's total counts only check-ins its address and device were allowed (Counters.count stops after a
      // stage with a key over): refused ones must not use up the door for the people really standing at it.
      const total: CountStep | null = input.poster ? { family: poster, key: input.poster.id, max: scaled(2 * door) } : null;
      if (first.length === 0) return;
      const steps = total ? [...first, total] : first;
      const counts = counters.count(total ? [first, [total]] : [first]);
      const decide = (c: WindowCount[]): void | Promise<void> => {
        const burst: BurstKind | null =
          posterAddressIndex >= 0 && c[posterAddressIndex]!.current > first[posterAddressIndex]!.max ? 'one_address'
          : total && c.length > first.length && c[first.length]!.current > total.max ? 'many_addresses'
          : null;
        const refuse = () => refuseIfOverCounts(reply, steps, c);
        if (burst === null || !input.onBurst) return refuse();
        const noted = input.onBurst(burst);
        return noted ? noted.then(refuse) : refuse();
      };
      return Array.isArray(counts) ? decide(counts) : counts.then(decide);
    },

    /** Check-out or rating of one visit: per visit, wrong secrets included. */
    visitAction(_request: FastifyRequest, reply: FastifyReply, visitId: string): void | Promise<void> {
      return countOne(reply, { family: visitAction, key: visitId, max: visitActionsPerMinute });
    },

    /** The device's history or inbox: per device (its claims). */
    deviceRead(_request: FastifyRequest, reply: FastifyReply, claims: readonly DeviceClaim[]): void | Promise<void> {
      const device = deviceKey(claims);
      if (!device) return;
      return countOne(reply, { family: deviceRead, key: device, max: deviceReadsPerMinute });
    },
  };
}
