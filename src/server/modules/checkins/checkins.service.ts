import type { Db, DatabaseHandle } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { constantTimeEqual, deriveKey, keyedHash, randomToken, sha256Hex } from '../../shared/crypto.js';
import { localDate, localDayAndHour } from '../../shared/local-time.js';
import { normalizeAddress } from '../../shared/rate-limit.js';
import { AppError, problems } from '../../shared/errors.js';
import { GroupCommitter } from '../../shared/group-commit.js';
import { newId } from '../../shared/ids.js';
import type { RequestContext } from '../../shared/request-context.js';
import { verifyPosterToken, type VenueAccessLayer } from '../venues/index.js';
import type { CheckinOutcome, CheckinRequest } from './checkin-batch.js';
import type { BurstKind } from './checkin-limits.js';
import { createCheckinStore } from './checkin-store.js';
import { openVisitPerson, personKeyOf as personKeyUnder, visitKeys, type SealedVisitPerson, type VisitKeys } from './visit-person.js';
import { findPosterVenue, findVenueForCheckins, findVisits, type PosterVenueRow } from './checkins.read-model.js';
import {
  capacityLimit,
  closedAttemptDetail,
  closedRefusal,
  enforcesLimit,
  personFields,
  refused,
  rulesQueryOf,
  statusRefusal,
  suspendedRefusal,
  visitProblem,
  type RatingScores,
  type RefusalReason,
  type RulesInForceFn,
  type VenueInfo,
} from './checkins.shared.js';
import { createDeskService } from './desk.service.js';
import { createOfflineCheckinService } from './offline-checkin.service.js';
import { closeVisitAndCount, currentOccupancy, findVisit, hasVisitBefore, insertAttempt, insertRating, recentRatingCounts, visitIsRated } from './checkins.repository.js';
import { BURST_WINDOW_MS, longEnoughToRate, MIN_RATED_STAY_MINUTES, reviewRating } from './rating-review.js';

/** What the check-in limits and the burst note need of a poster. */
export interface PosterOfToken {
  id: string;
  capacity: number;
  venueId: string;
  regionCode: string;
}

/** A visit a device claims to hold, with the check-out secret that proves it. */
export interface VisitClaim {
  visitId: string;
  checkoutSecret: string;
}

export interface CheckinsDeps {
  database: DatabaseHandle;
  clock: Clock;
  secretKey: Buffer;
  timeZone: string;
  rulesInForce: RulesInForceFn;
  /** "May this caller touch this venue?": the venues module's access layer. */
  venueAccess: Pick<VenueAccessLayer, 'requireVenue'>;
  /** Write SQLite check-ins from a thread of their own (see checkin-store.sqlite-thread.ts). */
  writerThread?: boolean;
  /** PostgreSQL: false behind PgBouncer in transaction mode (no named prepared statements). */
  namedStatements?: boolean;
  /**
   * The visitor's status colour at the door, where the rules in force ask for a status check (issue #16): the citizen
   * module's status rule, composed in app.ts. Without it no door checks status.
   */
  doorStatus?: (personKey: string, at: number) => Promise<DoorStatus>;
  /** Told the size and commit time of every check-in batch (the /metrics histograms). */
  onBatch?: (size: number, seconds: number) => void;
}

/** What the door needs of a visitor's status: the colour and the last day it holds, and whether the rule admits it. */
export interface DoorStatus {
  /** `unverified`: the number typed is not the signed-in resident's own, so no colour is looked up (see checkIn). */
  colour: 'hijau' | 'kuning' | 'merah' | 'hitam' | 'unverified';
  until: string | null;
  admit: boolean;
}

const VENUE_CACHE_MS = 5_000;
const UNVERIFIED: DoorStatus = { colour: 'unverified', until: null, admit: true };

/**
 * Check-ins: the visitor's own actions (check in with a poster's token, check out and rate with the visit's secret,
 * the device's history, a venue's public occupancy) and, spread in from desk.service.ts, the desk mode of a venue's
 * managers and officers. One object, so that routes and other modules keep one service to call.
 */
export function createCheckinsService(deps: CheckinsDeps) {
  const { database, clock, venueAccess } = deps;
  const db: Db = database.db;
  const keys: VisitKeys = visitKeys(deps.secretKey);
  const { dataKey } = keys;
  // A rater's address is kept only as a keyed hash, to see a burst from one address (rating-review.ts).
  const originKeyKey = deriveKey(deps.secretKey, 'ratings:origin');
  const store = createCheckinStore(database, keys, { writerThread: deps.writerThread, namedStatements: deps.namedStatements });
  const committer = new GroupCommitter<CheckinRequest, CheckinOutcome>(
    async (requests) => {
      const started = performance.now();
      const outcomes = await store.applyBatch(requests, () => newId(clock.now()));
      deps.onBatch?.(requests.length, (performance.now() - started) / 1000);
      return outcomes;
    },
    128,
    store.batchesInFlight,
  );

  // Posters and venues change rarely (reissue, suspension); a few seconds of staleness keeps the hot path off the
  // database while several server processes still converge quickly.
  const posterCache = new Map<string, { row: PosterVenueRow | null; until: number }>();
  async function posterVenue(posterId: string, fresh = false): Promise<PosterVenueRow | null> {
    const now = Date.now();
    const hit = posterCache.get(posterId);
    if (!fresh && hit && hit.until > now) return hit.row;
    const row = (await findPosterVenue(db, posterId)) ?? null;
    if (posterCache.size > 20_000) posterCache.clear();
    posterCache.set(posterId, { row, until: now + VENUE_CACHE_MS });
    return row;
  }

  // A city has a few thousand posters, each scanned all day: remember the tokens whose signature checked out (a
  // token is immutable, so a hit needs no expiry). Forged tokens are not remembered and cost an HMAC each time.
  const verifiedTokens = new Map<string, string>();
  function verifiedPosterId(token: string): string | null {
    const known = verifiedTokens.get(token);
    if (known) return known;
    const verified = verifyPosterToken(deps.secretKey, token);
    if (!verified) return null;
    if (verifiedTokens.size >= 20_000) verifiedTokens.clear();
    verifiedTokens.set(token, verified.posterId);
    return verified.posterId;
  }

  const personKeyOf = (phone: string) => personKeyUnder(keys, phone);
  const burstsNoted = new Map<string, number>();

  async function recordRefusal(venue: { venue_id: string; region_code: string } | null, reason: RefusalReason, detail: string | null): Promise<void> {
    const at = clock.now();
    await insertAttempt(db, { id: newId(at), at, venue_id: venue?.venue_id ?? null, region_code: venue?.region_code ?? null, reason, detail });
  }

  /**
   * The venue behind a token, or the refusal a visitor should see. `fresh` skips the cache (and refreshes it): the
   * check-in page reads fresh, so the check-in that follows it sees the same state as the page did.
   */
  async function resolveToken(token: string, options: { fresh?: boolean } = {}): Promise<{ venue: PosterVenueRow } | { refusal: AppError; venue: PosterVenueRow | null }> {
    const posterId = verifiedPosterId(token);
    const venue = posterId ? await posterVenue(posterId, options.fresh === true) : null;
    if (!venue) return { refusal: refused(404, 'unknown_poster', 'checkin.unknownPoster.detail'), venue: null };
    if (venue.replaced_at !== null) return { refusal: refused(410, 'poster_replaced', 'checkin.posterReplaced.detail'), venue };
    if (venue.status === 'suspended') return { refusal: suspendedRefusal(venue, deps.timeZone), venue };
    if (venue.status !== 'verified') return { refusal: refused(410, 'venue_not_verified', 'checkin.venueNotVerified.detail'), venue };
    return { venue };
  }

  function rulesFor(venue: VenueInfo, at: number) {
    return deps.rulesInForce(rulesQueryOf(venue, at));
  }

  async function requireVisitWithSecret(visitId: string, secret: string) {
    const visit = await findVisit(db, visitId);
    if (!visit) throw visitProblem(404, 'visit-not-found', 'checkin.visitNotFound.detail');
    if (!visit.secret_hash || !constantTimeEqual(sha256Hex(secret), visit.secret_hash)) {
      throw visitProblem(403, 'wrong-secret', 'checkin.wrongSecret.detail');
    }
    return visit;
  }

  /** Visits a device proves it holds: a wrong secret proves nothing and is ignored, so a visit id alone reveals nothing. */
  async function provenVisits(claims: readonly VisitClaim[]) {
    const rows = await findVisits(db, claims.map((c) => c.visitId));
    const secrets = new Map(claims.map((c) => [c.visitId, sha256Hex(c.checkoutSecret)]));
    return rows.filter((r) => r.secret_hash !== null && constantTimeEqual(secrets.get(r.id) ?? '', r.secret_hash));
  }

  return {
    /** Stops the writer thread, if any (the server calls this on shutdown, after the last request). */
    close: async () => store.close?.(),
    resolveToken,
    rulesFor,

    /** The poster a token names and its venue's capacity, for the check-in limits (from the cache: no round trip). */
    async posterOf(token: string): Promise<PosterOfToken | null> {
      const resolved = await resolveToken(token);
      const v = resolved.venue;
      return v ? { id: v.poster_id, capacity: v.capacity, venueId: v.venue_id, regionCode: v.region_code } : null;
    },

    /**
     * A burst ran into a poster's check-in limit: noted as a refused attempt (reason rate_limited, the kind as its
     * detail) for the venue's desk, at most once per poster, kind and minute, so a flood costs no flood of writes.
     */
    async noteBurst(poster: PosterOfToken, kind: BurstKind): Promise<void> {
      const minute = Math.floor(clock.now() / 60_000);
      const key = `${poster.id}|${kind}`;
      if (burstsNoted.get(key) === minute) return;
      if (burstsNoted.size > 20_000) burstsNoted.clear();
      burstsNoted.set(key, minute);
      await recordRefusal({ venue_id: poster.venueId, region_code: poster.regionCode }, 'rate_limited', kind);
    },
    personKeyOf,

    /**
     * What the check-in page shows for a token: the refusal, or the venue with its rules and occupancy now. Read
     * fresh, so the check-in that follows sees the same state as the page did.
     */
    async pageState(token: string) {
      const resolved = await resolveToken(token, { fresh: true });
      if ('refusal' in resolved) return resolved;
      const { venue } = resolved;
      const [rules, current] = await Promise.all([rulesFor(venue, clock.now()), currentOccupancy(db, venue.venue_id)]);
      return { venue, rules, current };
    },

    /**
     * The public check-in: QR token + name + phone. Acknowledged only after the batch holding it has committed. `person`
     * is the name and phone as stored (cleaned, E.164): the page without the script echoes it, masked.
     *
     * The phone number is a claim, not an identity: `currentVisit` is the device's proof of the visit it holds open (id
     * + check-out secret). Only when it proves an open visit of the same person is a rescan here a duplicate (that
     * visit comes back) and is a visit elsewhere closed (the switch). Without it, or with a proof that does not hold,
     * the check-in is a new visit and the answer says nothing of other visits.
     */
    async checkIn(ctx: RequestContext, input: { token: string; name: string; phone: string; currentVisit?: VisitClaim; residentKey?: () => Promise<string | null> }) {
      const resolved = await resolveToken(input.token);
      if ('refusal' in resolved) {
        await recordRefusal(resolved.venue, resolved.refusal.extra.reason as RefusalReason, null);
        throw resolved.refusal;
      }
      const { venue } = resolved;
      const person = personFields(input.name, input.phone);
      const at = clock.now();
      const rules = await rulesFor(venue, at);
      if (!rules.open) {
        const refusal = closedRefusal(rules, ctx.lang, venue, deps.timeZone);
        await recordRefusal(venue, refusal.extra.reason as RefusalReason, closedAttemptDetail(rules));
        throw refusal;
      }
      // The door's status check: shown on the confirmation; a refusal (hitam, or merah where the rule says so) changes
      // nothing and is not noted among the venue's refused attempts, whose counts the venue sees: why a person may
      // not come in is theirs, told only on their own phone.
      // A colour is health data: it is looked up only for the resident signed in (by a code sent to the number) as the
      // number typed. Anyone else would learn a stranger's isolation by typing their number on any poster, so an
      // unproven number gets "unverified" (the doorkeeper asks the visitor to sign in on /saya), never a refusal.
      const personKey = personKeyOf(person.phone);
      // The session is looked up only where the door checks status: no extra read on the usual check-in path.
      const status = !rules.statusCheck || !deps.doorStatus ? null : (await input.residentKey?.()) === personKey ? await deps.doorStatus(personKey, at) : UNVERIFIED;
      if (status && !status.admit) throw statusRefusal(status);
      const door = status ? { colour: status.colour, until: status.until } : null;
      const limit = capacityLimit(venue.capacity, rules);
      const checkoutSecret = randomToken(24);
      const outcome = await committer.submit({
        visitId: newId(at),
        venueId: venue.venue_id,
        regionCode: venue.region_code,
        person,
        checkoutSecret,
        proof: input.currentVisit ?? null,
        source: 'qr',
        enteredBy: null,
        at,
        ...localDayAndHour(at, deps.timeZone),
        limit,
        enforceLimit: enforcesLimit(rules),
      });
      const venueRef = { id: venue.venue_id, name: venue.name };
      switch (outcome.kind) {
        case 'full':
          throw refused(409, 'venue_full', 'checkin.venueFull.detail', { current: outcome.occupancy, limit }, { occupancy: { current: outcome.occupancy, limit } });
        case 'duplicate':
          return { created: false, visitId: outcome.visitId, checkoutSecret: null, person, venue: venueRef, checkedInAt: outcome.checkedInAt, occupancy: { current: outcome.occupancy, limit }, closesAtLocal: rules.closesAtLocal ?? null, closedVisitId: null, status: door };
        case 'created':
          return { created: true, visitId: outcome.visitId, checkoutSecret, person, venue: venueRef, checkedInAt: outcome.at, occupancy: { current: outcome.occupancy, limit }, closesAtLocal: rules.closesAtLocal ?? null, closedVisitId: outcome.closedVisitId, status: door };
      }
    },

    async checkOut(visitId: string, secret: string) {
      const visit = await requireVisitWithSecret(visitId, secret);
      if (visit.t_out !== null) throw visitProblem(409, 'already-checked-out', 'checkin.alreadyCheckedOut.detail');
      const at = Math.max(clock.now(), visit.t_in);
      const closed = await db.transaction().execute(async (trx) => {
        return closeVisitAndCount(trx, visit, at, 'checkout', false);
      });
      if (!closed) throw visitProblem(409, 'already-checked-out', 'checkin.alreadyCheckedOut.detail');
      return { visitId, checkedOutAt: at };
    },

    /**
     * A rating of a visit the device proves. Only after ten minutes inside, once per person, venue and day; a burst
     * (from one address, or of phones never seen before) is stored held for review, not counted (rating-review.ts).
     * The answer is the same either way: a script learns nothing from it.
     */
    async rate(ctx: RequestContext, visitId: string, input: { checkoutSecret: string; scores: RatingScores; comment?: string }) {
      const visit = await requireVisitWithSecret(visitId, input.checkoutSecret);
      if (visit.t_out === null) throw visitProblem(409, 'not-checked-out', 'checkin.notCheckedOut.detail');
      if (!longEnoughToRate(visit.t_in, visit.t_out)) {
        throw new AppError(409, 'visit-too-short', 'conflict.title', 'checkin.visitTooShort.detail', { minutes: MIN_RATED_STAY_MINUTES }, [], { reason: 'visit-too-short' });
      }
      const now = clock.now();
      const originKey = keyedHash(originKeyKey, ctx.ip ? normalizeAddress(ctx.ip) : 'unknown');
      const [recent, seenBefore] = await Promise.all([
        recentRatingCounts(db, visit.venue_id, now - BURST_WINDOW_MS, originKey),
        hasVisitBefore(db, visit.person_key, visit.t_in),
      ]);
      const review = reviewRating({ ...recent, fresh: !seenBefore });
      const comment = input.comment?.trim() || null;
      const stored = await insertRating(db, {
        visit_id: visitId,
        venue_id: visit.venue_id,
        region_code: visit.region_code,
        ...input.scores,
        comment,
        at: now,
        status: review.status,
        held_reason: review.status === 'held' ? review.reason : null,
        person_key: visit.person_key,
        local_day: localDate(visit.t_in, deps.timeZone),
        origin_key: originKey,
        fresh: seenBefore ? 0 : 1,
      });
      if (!stored) {
        if (await visitIsRated(db, visitId)) throw visitProblem(409, 'already-rated', 'checkin.alreadyRated.detail');
        throw new AppError(409, 'rated-today', 'conflict.title', 'checkin.ratedToday.detail', {}, [], { reason: 'rated-today' });
      }
      return { visitId };
    },

    /** The visits this device holds (it proves each with its secret): for the visitor's own history. */
    async deviceVisits(claims: readonly VisitClaim[]) {
      return (await provenVisits(claims)).map((r) => ({
        visitId: r.id,
        venue: { id: r.venue_id, name: r.venue_name },
        checkedInAt: r.t_in,
        checkedOutAt: r.t_out,
        estimated: r.estimated === 1,
        rated: r.rated === 1,
      }));
    },

    /**
     * Whose messages the device inbox shows, and from when: for each person (keyed phone hash) of the visits this
     * device proves, the check-in time of the earliest of them. A visit proves the device's person only from the
     * moment it was made: anyone can make a visit with someone else's number and hold its secret, so an older message
     * to that number must not open to it (issue #14). The owner's own device holds its visits from its first check-in
     * on, so it misses nothing addressed to it since.
     */
    async provenPersonKeys(claims: readonly VisitClaim[]): Promise<{ personKey: string; since: number }[]> {
      const since = new Map<string, number>();
      for (const r of await provenVisits(claims)) {
        const tIn = Number(r.t_in);
        const known = since.get(r.person_key);
        if (known === undefined || tIn < known) since.set(r.person_key, tIn);
      }
      return [...since].map(([personKey, from]) => ({ personKey, since: from }));
    },

    async occupancy(venueId: string) {
      const venue = await findVenueForCheckins(db, venueId);
      if (!venue || venue.status !== 'verified') throw problems.notFound();
      const rules = await rulesFor(venue, clock.now());
      return { current: await currentOccupancy(db, venueId), limit: capacityLimit(venue.capacity, rules), capacityPercent: rules.capacityPercent };
    },

    ...createOfflineCheckinService({ db, clock, dataKey, personKeyOf, resolveToken, rulesFor, timeZone: deps.timeZone }),

    ...createDeskService({ db, clock, venueAccess, rulesFor, timeZone: deps.timeZone, submit: (request) => committer.submit(request), personKeyOf, dataKey }),

    /** For tracing (later) and tests: the decrypted contact details of a visit. Callers authorise and audit. */
    decryptPerson(visit: SealedVisitPerson) {
      return openVisitPerson(dataKey, visit);
    },
  };
}

export type CheckinsService = ReturnType<typeof createCheckinsService>;
