import { usualStayMinutes } from '../../../common/reference/sectors.js';
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { constantTimeEqual, sha256Hex } from '../../shared/crypto.js';
import { AppError, problems } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { RulesInForce } from '../policies/index.js';
import type { PosterVenueRow } from './checkins.read-model.js';
import { findVisitByClientKey, insertAttempt, insertOfflineVisit, occupancyAt } from './checkins.repository.js';
import { capacityLimit, closedRefusal, personFields, type RefusalReason, type VenueInfo } from './checkins.shared.js';
import { sealVisitPerson } from './visit-person.js';
import { localDayAndHour } from '../../shared/local-time.js';

/*
 * Check-in without signal (issue #16). The check-in page's service worker lets a poster be scanned with no network:
 * the phone keeps the check-in with its own clock and a random client key, and sends it when the network returns.
 * The server takes the phone's time as the check-in time, within limits, and decides on that time:
 * - at most OFFLINE_MAX_AGE_MS late, and never in the future beyond OFFLINE_CLOCK_SKEW_MS (a phone clock a little
 *   ahead of the server's);
 * - the venue's hours and the rules in force at the CLAIMED time (a check-in claimed at 23:00 where the curfew is
 *   21:00 is refused as it would have been at the door);
 * - never refused for capacity: the person is inside already (or was); `over_capacity` records that the venue was
 *   already full at that time, by the visits overlapping it;
 * - a replay (same client key, same device secret) answers with the stored visit: exactly one visit per check-in.
 * It does not pass through the group-commit batch (checkin-batch.ts): it neither competes for a door's capacity nor
 * closes a visit elsewhere, so it is one short transaction of its own (counter locked first, as the batch does).
 */

export const OFFLINE_MAX_AGE_MS = 12 * 60 * 60_000;
export const OFFLINE_CLOCK_SKEW_MS = 2 * 60_000;

export interface OfflineCheckinDeps {
  db: Db;
  clock: Clock;
  dataKey: Buffer;
  personKeyOf: (phone: string) => string;
  resolveToken: (token: string) => Promise<{ venue: PosterVenueRow } | { refusal: AppError; venue: PosterVenueRow | null }>;
  rulesFor: (venue: VenueInfo, at: number) => RulesInForce | Promise<RulesInForce>;
  timeZone: string;
}

export interface OfflineCheckinInput {
  token: string;
  name: string;
  phone: string;
  /** The phone's own key for this check-in (random, at least 16 characters). */
  clientKey: string;
  /** The phone's time of the scan, epoch ms (parsed from ISO by the route). */
  checkedInAt: number;
  /** Chosen by the phone when it kept the check-in: it proves the visit afterwards, as a server-made one would. */
  checkoutSecret: string;
}

export function createOfflineCheckinService(deps: OfflineCheckinDeps) {
  const { db, clock } = deps;

  async function noteRefusal(venue: PosterVenueRow | null, reason: RefusalReason, at: number, detail: string | null) {
    await insertAttempt(db, { id: newId(clock.now()), at, venue_id: venue?.venue_id ?? null, region_code: venue?.region_code ?? null, reason, detail });
  }

  return {
    async offlineCheckIn(ctx: RequestContext, input: OfflineCheckinInput) {
      const now = clock.now();
      const at = input.checkedInAt;
      if (at > now + OFFLINE_CLOCK_SKEW_MS) throw problems.validation([{ field: 'checkedInAt', messageKey: 'validation.notFuture' }]);
      if (at < now - OFFLINE_MAX_AGE_MS) throw problems.validation([{ field: 'checkedInAt', messageKey: 'offlineCheckin.tooLate', params: { hours: OFFLINE_MAX_AGE_MS / 3_600_000 } }]);
      const resolved = await deps.resolveToken(input.token);
      if ('refusal' in resolved) {
        await noteRefusal(resolved.venue, resolved.refusal.extra.reason as RefusalReason, now, 'offline');
        throw resolved.refusal;
      }
      const { venue } = resolved;
      const person = personFields(input.name, input.phone);
      const personKey = deps.personKeyOf(person.phone);
      const secretHash = sha256Hex(input.checkoutSecret);
      const venueRef = { id: venue.venue_id, name: venue.name };

      const replay = async () => {
        const stored = await findVisitByClientKey(db, input.clientKey);
        if (!stored) return null;
        // Another device's key (or another person under it): nothing about that visit is told.
        if (stored.venue_id !== venue.venue_id || stored.person_key !== personKey || !stored.secret_hash || !constantTimeEqual(stored.secret_hash, secretHash)) {
          throw new AppError(409, 'client-key-used', 'conflict.title', 'offlineCheckin.clientKeyUsed', {}, [{ field: 'clientKey', messageKey: 'offlineCheckin.clientKeyUsed' }], { reason: 'client-key-used' });
        }
        return { created: false, visitId: stored.id, person, venue: venueRef, checkedInAt: Number(stored.t_in), checkedOutAt: stored.t_out === null ? null : Number(stored.t_out), overCapacity: Number(stored.over_capacity) === 1 };
      };
      const earlier = await replay();
      if (earlier) return earlier;

      // The hours and rules of the moment the phone says it was scanned.
      const rules = await deps.rulesFor(venue, at);
      if (!rules.open) {
        const refusal = closedRefusal(rules, ctx.lang, venue, deps.timeZone);
        await noteRefusal(venue, refusal.extra.reason as RefusalReason, at, 'offline');
        throw refusal;
      }
      const limit = capacityLimit(venue.capacity, rules);
      const inside = await occupancyAt(db, venue.venue_id, at);
      const overCapacity = inside >= limit;
      // A visit whose usual stay has passed already is closed with an estimated end, like the auto-close job does.
      const usualEnd = at + usualStayMinutes(venue.venue_type) * 60_000;
      const ended = usualEnd <= now;
      const visitId = newId(at);
      const stored = await db.transaction().execute((trx) =>
        insertOfflineVisit(trx, {
          id: visitId,
          venue_id: venue.venue_id,
          person_key: personKey,
          person_enc: sealVisitPerson(deps.dataKey, person),
          name_enc: null,
          phone_enc: null,
          secret_hash: secretHash,
          t_in: at,
          t_out: ended ? usualEnd : null,
          out_kind: ended ? 'auto' : null,
          estimated: ended ? 1 : 0,
          source: 'offline',
          client_key: input.clientKey,
          over_capacity: overCapacity ? 1 : 0,
          entered_by: null,
          region_code: venue.region_code,
          created_at: now,
        }, localDayAndHour(at, deps.timeZone)),
      );
      if (!stored) {
        // Two copies of the same check-in raced: the other one was stored.
        const raced = await replay();
        if (raced) return raced;
        throw new Error('offline check-in neither stored nor found');
      }
      return { created: true, visitId, person, venue: venueRef, checkedInAt: at, checkedOutAt: ended ? usualEnd : null, overCapacity };
    },
  };
}
