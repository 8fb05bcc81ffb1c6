import type { Db, DatabaseHandle } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { constantTimeEqual, deriveKey, randomToken, sha256Hex } from '../../shared/crypto.js';
import { AppError, problems, type FieldError } from '../../shared/errors.js';
import { GroupCommitter } from '../../shared/group-commit.js';
import { newId } from '../../shared/ids.js';
import type { MessageKey } from '../../shared/messages.js';
import { maskPhone, normalizePhone } from '../../shared/phone.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/audit.service.js';
import type { RulesInForce } from '../policies/resolve-rules.js';
import { isSectorCode, isVenueTypeCode, usualStayMinutes, type SectorCode, type VenueTypeCode } from '../policies/sectors.js';
import { verifyPosterToken, type VenueAccessLayer, type VenueRow } from '../venues/index.js';
import type { CheckinOutcome, CheckinRequest } from './checkin-batch.js';
import { createCheckinStore } from './checkin-store.js';
import { openVisitPerson, personKeyOf as personKeyUnder, sealVisitPerson, type SealedVisitPerson, type VisitKeys } from './visit-person.js';
import { findPosterVenue, findVenueForCheckins, findVisits, type PosterVenueRow } from './checkins.read-model.js';
import { closeVisitAndCount, currentOccupancy, findVisit, insertAttempt, insertRating, insertVisit, openVisitsOfVenue } from './checkins.repository.js';

export type RulesInForceQuery = {
  regionCode: string;
  sector: SectorCode;
  venueType: VenueTypeCode | null;
  at: number;
  venueHours: { from: string; until: string } | null;
};

/** The rules query for a stored venue (its sector and type were validated when it was registered). */
export function rulesQueryOf(venue: { region_code: string; sector: string; venue_type: string; opens_at: string | null; closes_at: string | null }, at: number): RulesInForceQuery {
  if (!isSectorCode(venue.sector)) throw new Error(`venue has an unknown sector: ${venue.sector}`);
  return {
    regionCode: venue.region_code,
    sector: venue.sector,
    venueType: isVenueTypeCode(venue.venue_type) ? venue.venue_type : null,
    at,
    venueHours: venueHoursOf(venue),
  };
}
/** "Which rules are in force for this venue now?" — answered by the policies module. */
export type RulesInForceFn = (query: RulesInForceQuery) => RulesInForce | Promise<RulesInForce>;

export type RefusalReason =
  | 'unknown_poster'
  | 'poster_replaced'
  | 'venue_suspended'
  | 'venue_not_verified'
  | 'venue_full'
  | 'outside_hours'
  | 'closed_by_rule';

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
}

export type VenueInfo = Omit<PosterVenueRow, 'poster_id' | 'replaced_at'>;

/** What check-ins need of a venue the access layer loaded. */
export function venueInfoOf(v: VenueRow): VenueInfo {
  return {
    venue_id: v.id,
    name: v.name,
    status: v.status,
    capacity: v.capacity,
    region_code: v.region_code,
    sector: v.sector,
    venue_type: v.venue_type,
    opens_at: v.opens_at,
    closes_at: v.closes_at,
    address: v.address,
    compliance_badge: v.compliance_badge,
  };
}

const VENUE_CACHE_MS = 5_000;
const OPEN_VISITS_LIMIT = 500;

const NAME_PATTERN = /^[^\p{Cc}\p{Cf}]{1,100}$/u;
export const RATING_ITEMS = ['masks', 'handwashing', 'distancing', 'temperature', 'cleanliness'] as const;
export type RatingScores = Record<(typeof RATING_ITEMS)[number], number>;

function refused(status: number, reason: RefusalReason, detailKey: MessageKey, params: Record<string, string | number> = {}, extra: Record<string, unknown> = {}): AppError {
  return new AppError(status, `checkin-${reason.replace(/_/g, '-')}`, 'checkin.refused.title', detailKey, params, [], { reason, ...extra });
}

function visitProblem(status: number, type: string, detailKey: MessageKey): AppError {
  return new AppError(status, type, status === 404 ? 'notFound.title' : status === 403 ? 'forbidden.title' : 'conflict.title', detailKey, {}, [], { reason: type });
}

export function venueHoursOf(v: { opens_at: string | null; closes_at: string | null }): { from: string; until: string } | null {
  return v.opens_at && v.closes_at ? { from: v.opens_at, until: v.closes_at } : null;
}

export function capacityLimit(capacity: number, rules: RulesInForce): number {
  return Math.floor((capacity * rules.capacityPercent) / 100);
}

/** A venue's own capacity always holds; under restrictions, a rule may say the limit only warns. */
export function enforcesLimit(rules: RulesInForce): boolean {
  return !rules.restricted || rules.capacityMode === 'enforce';
}

function maskedPerson(person: { name: string; phone: string }): { name: string; phone: string } {
  return { name: person.name, phone: maskPhone(person.phone) };
}

export function createCheckinsService(deps: CheckinsDeps) {
  const { database, clock, venueAccess } = deps;
  const db: Db = database.db;
  const keys: VisitKeys = { dataKey: deriveKey(deps.secretKey, 'visits:data'), personKeyKey: deriveKey(deps.secretKey, 'visits:person') };
  const { dataKey } = keys;
  const store = createCheckinStore(database, keys, { writerThread: deps.writerThread });
  const committer = new GroupCommitter<CheckinRequest, CheckinOutcome>(
    (requests) => store.applyBatch(requests, () => newId(clock.now())),
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
    if (venue.status === 'suspended') return { refusal: refused(410, 'venue_suspended', 'checkin.venueSuspended.detail'), venue };
    if (venue.status !== 'verified') return { refusal: refused(410, 'venue_not_verified', 'checkin.venueNotVerified.detail'), venue };
    return { venue };
  }

  function rulesFor(venue: VenueInfo, at: number) {
    return deps.rulesInForce(rulesQueryOf(venue, at));
  }

  function closedRefusal(rules: RulesInForce, lang: RequestContext['lang']): AppError {
    const reason: RefusalReason = rules.closed ? 'closed_by_rule' : 'outside_hours';
    const text = (lang === 'en' ? rules.reasonEn : rules.reasonId) ?? (lang === 'en' ? 'Closed now.' : 'Tutup saat ini.');
    return refused(409, reason, 'checkin.closed.detail', { reason: text }, { reasonCode: rules.reasonCode ?? null, opensAtLocal: rules.opensAtLocal ?? null });
  }

  function personFields(name: string, phone: string, fieldPrefix = ''): { name: string; phone: string } {
    const errors: FieldError[] = [];
    const cleanName = name.trim().replace(/\s+/g, ' ');
    if (!NAME_PATTERN.test(cleanName)) errors.push({ field: `${fieldPrefix}name`, messageKey: 'validation.name' });
    const e164 = normalizePhone(phone);
    if (!e164) errors.push({ field: `${fieldPrefix}phone`, messageKey: 'validation.phone' });
    if (errors.length > 0 || !e164) throw problems.validation(errors);
    return { name: cleanName, phone: e164 };
  }

  async function requireVisitWithSecret(visitId: string, secret: string) {
    const visit = await findVisit(db, visitId);
    if (!visit) throw visitProblem(404, 'visit-not-found', 'checkin.visitNotFound.detail');
    if (!visit.secret_hash || !constantTimeEqual(sha256Hex(secret), visit.secret_hash)) {
      throw visitProblem(403, 'wrong-secret', 'checkin.wrongSecret.detail');
    }
    return visit;
  }

  return {
    /** Stops the writer thread, if any (the server calls this on shutdown, after the last request). */
    close: async () => store.close?.(),
    resolveToken,
    rulesFor,
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

    /** The public check-in: QR token + name + phone. Acknowledged only after the batch holding it has committed. `person` is the name and phone as stored (cleaned, E.164): the page without the script echoes it, masked. */
    async checkIn(ctx: RequestContext, input: { token: string; name: string; phone: string }) {
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
        const refusal = closedRefusal(rules, ctx.lang);
        await recordRefusal(venue, refusal.extra.reason as RefusalReason, rules.reasonEn ?? null);
        throw refusal;
      }
      const limit = capacityLimit(venue.capacity, rules);
      const checkoutSecret = randomToken(24);
      const outcome = await committer.submit({
        visitId: newId(at),
        venueId: venue.venue_id,
        regionCode: venue.region_code,
        person,
        checkoutSecret,
        source: 'qr',
        enteredBy: null,
        at,
        limit,
        enforceLimit: enforcesLimit(rules),
      });
      const venueRef = { id: venue.venue_id, name: venue.name };
      switch (outcome.kind) {
        case 'full':
          throw refused(409, 'venue_full', 'checkin.venueFull.detail', { current: outcome.occupancy, limit }, { occupancy: { current: outcome.occupancy, limit } });
        case 'duplicate':
          return { created: false, visitId: outcome.visitId, checkoutSecret: null, person, venue: venueRef, checkedInAt: outcome.checkedInAt, occupancy: { current: outcome.occupancy, limit }, closesAtLocal: rules.closesAtLocal ?? null, closedVisitId: null };
        case 'created':
          return { created: true, visitId: outcome.visitId, checkoutSecret, person, venue: venueRef, checkedInAt: outcome.at, occupancy: { current: outcome.occupancy, limit }, closesAtLocal: rules.closesAtLocal ?? null, closedVisitId: outcome.closedVisitId };
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

    async rate(visitId: string, input: { checkoutSecret: string; scores: RatingScores; comment?: string }) {
      const visit = await requireVisitWithSecret(visitId, input.checkoutSecret);
      if (visit.t_out === null) throw visitProblem(409, 'not-checked-out', 'checkin.notCheckedOut.detail');
      const comment = input.comment?.trim() || null;
      const stored = await insertRating(db, { visit_id: visitId, venue_id: visit.venue_id, region_code: visit.region_code, ...input.scores, comment, at: clock.now() });
      if (!stored) throw visitProblem(409, 'already-rated', 'checkin.alreadyRated.detail');
      return { visitId };
    },

    /** The visits this device holds (it proves each with its secret): for the visitor's own history. */
    async deviceVisits(claims: { visitId: string; checkoutSecret: string }[]) {
      const rows = await findVisits(db, claims.map((c) => c.visitId));
      const secrets = new Map(claims.map((c) => [c.visitId, sha256Hex(c.checkoutSecret)]));
      return rows
        .filter((r) => r.secret_hash !== null && constantTimeEqual(secrets.get(r.id) ?? '', r.secret_hash))
        .map((r) => ({ visitId: r.id, venue: { id: r.venue_id, name: r.venue_name }, checkedInAt: r.t_in, checkedOutAt: r.t_out, estimated: r.estimated === 1, rated: r.rated === 1 }));
    },

    async occupancy(venueId: string) {
      const venue = await findVenueForCheckins(db, venueId);
      if (!venue || venue.status !== 'verified') throw problems.notFound();
      const rules = await rulesFor(venue, clock.now());
      return { current: await currentOccupancy(db, venueId), limit: capacityLimit(venue.capacity, rules), capacityPercent: rules.capacityPercent };
    },

    /**
     * Desk mode and paper guest books: staff enter a visit by name and phone. A desk check-in without a time out
     * is open and counts for occupancy like a QR check-in (and obeys the same limit); paper lines are past visits,
     * with the time out estimated from the usual stay when the book has none.
     */
    async recordStaffVisit(
      ctx: RequestContext,
      venueId: string,
      input: { name: string; phone: string; checkedInAt: number; checkedOutAt: number | null; source: 'desk' | 'paper' },
    ) {
      const venue = venueInfoOf((await venueAccess.requireVenue(ctx, venueId, 'visits:record', { managers: true })).venue);
      const person = personFields(input.name, input.phone);
      const now = clock.now();
      const errors: FieldError[] = [];
      if (input.checkedInAt > now + 60_000) errors.push({ field: 'checkedInAt', messageKey: 'validation.notFuture' });
      if (input.checkedOutAt !== null && input.checkedOutAt > now + 60_000) errors.push({ field: 'checkedOutAt', messageKey: 'validation.notFuture' });
      if (input.checkedOutAt !== null && input.checkedOutAt <= input.checkedInAt) errors.push({ field: 'checkedOutAt', messageKey: 'validation.afterCheckIn' });
      if (errors.length > 0) throw problems.validation(errors);
      if (input.source === 'desk' && input.checkedOutAt === null) {
        // A live desk check-in follows the same rules as a QR one; paper lines of the past stay welcome for tracing.
        if (venue.status === 'suspended') throw refused(410, 'venue_suspended', 'checkin.venueSuspended.detail');
        if (venue.status !== 'verified') throw refused(410, 'venue_not_verified', 'checkin.venueNotVerified.detail');
        const rules = await rulesFor(venue, now);
        if (!rules.open) throw closedRefusal(rules, ctx.lang);
        const limit = capacityLimit(venue.capacity, rules);
        const outcome = await committer.submit({
          visitId: newId(now),
          venueId: venue.venue_id,
          regionCode: venue.region_code,
          person,
          checkoutSecret: null,
          source: 'desk',
          enteredBy: ctx.principal?.userId ?? null,
          at: now,
          limit,
          enforceLimit: enforcesLimit(rules),
        });
        if (outcome.kind === 'full') throw refused(409, 'venue_full', 'checkin.venueFull.detail', { current: outcome.occupancy, limit });
        await recordAudit(db, clock, ctx, { action: 'visit.record', entityType: 'visit', entityId: outcome.visitId, regionCode: venue.region_code, details: { venueId: venue.venue_id, source: 'desk' } });
        return { visitId: outcome.visitId, created: outcome.kind === 'created' };
      }

      const estimated = input.checkedOutAt === null;
      const tOut = input.checkedOutAt ?? input.checkedInAt + usualStayMinutes(venue.venue_type) * 60_000;
      const visitId = newId(input.checkedInAt);
      await db.transaction().execute(async (trx) => {
        await insertVisit(trx, {
          id: visitId,
          venue_id: venue.venue_id,
          person_key: personKeyOf(person.phone),
          person_enc: sealVisitPerson(dataKey, person),
          name_enc: null,
          phone_enc: null,
          secret_hash: null,
          t_in: input.checkedInAt,
          t_out: tOut,
          out_kind: input.source === 'paper' ? 'paper' : 'staff',
          estimated: estimated ? 1 : 0,
          source: input.source,
          entered_by: ctx.principal?.userId ?? null,
          region_code: venue.region_code,
          created_at: now,
        });
        await recordAudit(trx, clock, ctx, { action: 'visit.record', entityType: 'visit', entityId: visitId, regionCode: venue.region_code, details: { venueId: venue.venue_id, source: input.source } });
      });
      return { visitId, created: true };
    },

    async staffCheckOut(ctx: RequestContext, venueId: string, visitId: string) {
      const venue = venueInfoOf((await venueAccess.requireVenue(ctx, venueId, 'visits:record', { managers: true })).venue);
      const visit = await findVisit(db, visitId);
      if (!visit || visit.venue_id !== venue.venue_id) throw visitProblem(404, 'visit-not-found', 'checkin.visitNotFound.detail');
      if (visit.t_out !== null) throw visitProblem(409, 'already-checked-out', 'checkin.alreadyCheckedOut.detail');
      const at = Math.max(clock.now(), visit.t_in);
      const closed = await db.transaction().execute(async (trx) => {
        if (!(await closeVisitAndCount(trx, visit, at, 'staff', false))) return false;
        await recordAudit(trx, clock, ctx, { action: 'visit.checkout', entityType: 'visit', entityId: visitId, regionCode: venue.region_code });
        return true;
      });
      if (!closed) throw visitProblem(409, 'already-checked-out', 'checkin.alreadyCheckedOut.detail');
      return { visitId, checkedOutAt: at };
    },

    /**
     * Desk mode: who is inside the venue now, so that staff can check people out. Names are personal data: only
     * the venue's managers and officers in its scope; every read is audited. Phone numbers leave masked
     * (0812-****-7890): enough to tell two Made apart, not enough to copy.
     */
    async openVisits(ctx: RequestContext, venueId: string) {
      const venue = venueInfoOf((await venueAccess.requireVenue(ctx, venueId, 'visits:record', { managers: true })).venue);
      const [rows, current, rules] = await Promise.all([
        openVisitsOfVenue(db, venue.venue_id, OPEN_VISITS_LIMIT),
        currentOccupancy(db, venue.venue_id),
        rulesFor(venue, clock.now()),
      ]);
      await recordAudit(db, clock, ctx, {
        action: 'visit.read_open',
        entityType: 'venue',
        entityId: venue.venue_id,
        regionCode: venue.region_code,
        details: { count: rows.length, visitIds: rows.map((r) => r.id) },
      });
      return {
        items: rows.map((r) => ({
          visitId: r.id,
          ...maskedPerson(openVisitPerson(dataKey, r)),
          checkedInAt: r.t_in,
          source: r.source,
        })),
        occupancy: { current, limit: capacityLimit(venue.capacity, rules), capacityPercent: rules.capacityPercent },
      };
    },

    /** For tracing (later) and tests: the decrypted contact details of a visit. Callers authorise and audit. */
    decryptPerson(visit: SealedVisitPerson) {
      return openVisitPerson(dataKey, visit);
    },
  };
}

export type CheckinsService = ReturnType<typeof createCheckinsService>;
