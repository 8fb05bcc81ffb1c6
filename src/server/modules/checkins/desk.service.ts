import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { problems, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import type { RulesInForce } from '../policies/index.js';
import { usualStayMinutes } from '../../../common/reference/sectors.js';
import type { VenueAccessLayer } from '../venues/index.js';
import type { CheckinOutcome, CheckinRequest } from './checkin-batch.js';
import { doorRatePerMinute } from './checkin-limits.js';
import { attemptsOfVenue, closeVisitAndCount, currentOccupancy, findVisit, insertVisit, openVisitsOfVenue, visitTimesOfVenue } from './checkins.repository.js';
import { capacityLimit, closedRefusal, enforcesLimit, maskedPerson, personFields, refused, venueInfoOf, visitProblem, type VenueInfo } from './checkins.shared.js';
import { openVisitPerson, sealVisitPerson } from './visit-person.js';
import { localDayAndHour } from '../../shared/local-time.js';

const OPEN_VISITS_LIMIT = 500;
/** How far back the desk looks for bursts of check-ins. */
const BURST_LOOKBACK_MS = 60 * 60 * 1000;
const MINUTE_MS = 60_000;

export type DeskBurstReason = 'beyond_door' | 'one_address' | 'many_addresses';

/**
 * Minutes of the last hour with check-ins nobody could have made at the door: more than the entrance lets through
 * (doorRatePerMinute, checkin-limits.ts), or a burst that ran into the poster's limits (from one address, or from
 * many at once: the attempts noted as rate_limited). Newest first, with the check-ins that got in that minute.
 */
export function deskBursts(visitTimes: readonly number[], limited: readonly { at: number; kind: string }[], perMinute: number): { at: number; checkins: number; perMinute: number; reason: DeskBurstReason }[] {
  const perMinuteCounts = new Map<number, number>();
  for (const t of visitTimes) {
    const minute = Math.floor(t / MINUTE_MS) * MINUTE_MS;
    perMinuteCounts.set(minute, (perMinuteCounts.get(minute) ?? 0) + 1);
  }
  const bursts = new Map<number, DeskBurstReason>();
  for (const [minute, count] of perMinuteCounts) if (count > perMinute) bursts.set(minute, 'beyond_door');
  for (const a of limited) {
    const minute = Math.floor(a.at / MINUTE_MS) * MINUTE_MS;
    // One address is the most telling: it names the pattern the doorkeeper should look for.
    if (bursts.get(minute) !== 'one_address') bursts.set(minute, a.kind === 'one_address' ? 'one_address' : 'many_addresses');
  }
  return [...bursts]
    .sort((a, b) => b[0] - a[0])
    .map(([at, reason]) => ({ at, checkins: perMinuteCounts.get(at) ?? 0, perMinute, reason }));
}

export interface DeskServiceDeps {
  db: Db;
  clock: Clock;
  venueAccess: Pick<VenueAccessLayer, 'requireVenue'>;
  rulesFor: (venue: VenueInfo, at: number) => RulesInForce | Promise<RulesInForce>;
  timeZone: string;
  /** The group commit of check-ins (a live desk check-in goes the way of a QR one). */
  submit: (request: CheckinRequest) => Promise<CheckinOutcome>;
  personKeyOf: (phone: string) => string;
  dataKey: Buffer;
}

/** Desk mode and paper guest books: a venue's managers and officers in its scope enter, list and check out visits. */
export function createDeskService(deps: DeskServiceDeps) {
  const { db, clock, venueAccess, rulesFor, submit, personKeyOf, dataKey } = deps;

  async function requireDeskVenue(ctx: RequestContext, venueId: string): Promise<VenueInfo> {
    return venueInfoOf((await venueAccess.requireVenue(ctx, venueId, 'visits:record', { managers: true })).venue);
  }

  return {
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
      const venue = await requireDeskVenue(ctx, venueId);
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
        if (!rules.open) throw closedRefusal(rules, ctx.lang, venue, deps.timeZone);
        const limit = capacityLimit(venue.capacity, rules);
        const outcome = await submit({
          visitId: newId(now),
          venueId: venue.venue_id,
          regionCode: venue.region_code,
          person,
          checkoutSecret: null,
          // Staff sign in, but the number they type is still only a claim and the person at the desk holds no device
          // secret: a desk check-in is a new visit, never a duplicate of one found by the phone and never the end of
          // a visit elsewhere (a venue's manager must not close visits at venues they do not run). The desk's own
          // list of open visits shows staff a double entry, and they can check it out.
          proof: null,
          source: 'desk',
          enteredBy: ctx.principal?.userId ?? null,
          at: now,
          ...localDayAndHour(now, deps.timeZone),
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
        }, localDayAndHour(input.checkedInAt, deps.timeZone));
        await recordAudit(trx, clock, ctx, { action: 'visit.record', entityType: 'visit', entityId: visitId, regionCode: venue.region_code, details: { venueId: venue.venue_id, source: input.source } });
      });
      return { visitId, created: true };
    },

    async staffCheckOut(ctx: RequestContext, venueId: string, visitId: string) {
      const venue = await requireDeskVenue(ctx, venueId);
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
      const venue = await requireDeskVenue(ctx, venueId);
      const now = clock.now();
      const [rows, current, rules, recent, attempts] = await Promise.all([
        openVisitsOfVenue(db, venue.venue_id, OPEN_VISITS_LIMIT),
        currentOccupancy(db, venue.venue_id),
        rulesFor(venue, now),
        visitTimesOfVenue(db, venue.venue_id, now - BURST_LOOKBACK_MS, now + 1),
        attemptsOfVenue(db, venue.venue_id, now - BURST_LOOKBACK_MS),
      ]);
      const limited = attempts.filter((a) => a.reason === 'rate_limited').map((a) => ({ at: a.at, kind: a.detail ?? '' }));
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
        bursts: deskBursts(recent.map((v) => Number(v.t_in)), limited, doorRatePerMinute(venue.capacity)),
      };
    },
  };
}
