import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import type { RequestContext } from '../../shared/request-context.js';
import { systemContext } from '../../shared/request-context.js';
import { localMoment } from '../../shared/local-time.js';
import { recordAudit } from '../audit/index.js';
import type { ViolationSeverity } from './compliance-score.js';
import { deleteViolation, findVenue, insertStatusEvent, insertViolation, listEndedSanctionSuspensions, updateVenue } from './venues.repository.js';
import type { VenuesTable } from './venues.table.js';
import type { VenueManagerNotifier } from './verification.service.js';

/*
 * What the enforcement module's records do to a venue, called through the front door inside enforcement's own
 * transaction (the caller has already decided access):
 *
 * - a violation is evidence for the compliance score (venue_violations, source 'violation'); annulled, it is withdrawn;
 * - a temporary suspension (penghentian_sementara) or a closure (penutupan) suspends the venue, so its poster refuses
 *   check-ins with the reason and, for a suspension, the end date; lifting the sanction or the end date passing
 *   reopens it (`reopenEndedSuspensions`, hourly). An officer's suspension (verification) is never lifted from here.
 *
 * Each change of the venue's status tells its managers once, through the same notifier as an officer's decision
 * (suspended until a date, closed, reactivated), in the transaction of the change.
 *
 * The score itself is re-computed after the caller commits (`refreshCompliance`): it reads ratings outside the
 * transaction.
 */

export const VIOLATION_SOURCE = 'violation';

export function createSanctionEffects(deps: { db: Db; clock: Clock; timeZone: string; notifyManagers?: VenueManagerNotifier }) {
  const { db, clock, timeZone } = deps;

  /**
   * Tells the venue's managers of the change. The sanction names the step: it suspends a venue once and reopens it
   * once, so a replay (or two racing requests) sends one message.
   */
  async function notify(trx: Db, venue: VenuesTable, sanctionId: string, action: string, until: number | null): Promise<void> {
    if (!deps.notifyManagers) return;
    const kind = action === 'reactivated' ? 'venue_reactivated' : until === null ? 'venue_sanction_closed' : 'venue_sanction_suspended';
    const params = kind === 'venue_sanction_suspended' && until !== null ? { until: localMoment(until, timeZone) } : undefined;
    await deps.notifyManagers(trx, { venueId: venue.id, venueName: venue.name, regionCode: venue.region_code, kind, params, key: `venue:${venue.id}:sanction-${action}:${sanctionId}` });
  }

  async function statusEvent(trx: Db, ctx: RequestContext, venue: VenuesTable, to: string, action: string, reason: string | null, now: number, sanctionId: string): Promise<void> {
    await insertStatusEvent(trx, {
      id: newId(now),
      venue_id: venue.id,
      action,
      from_status: venue.status,
      to_status: to,
      reason,
      details: JSON.stringify({ sanctionId }),
      actor_user_id: ctx.principal?.userId ?? null,
      actor_name: ctx.principal?.displayName ?? null,
      at: now,
    });
  }

  return {
    async recordViolationEvidence(trx: Db, input: { venueId: string; violationId: string; severity: ViolationSeverity; occurredAt: number; recordedBy: string }): Promise<void> {
      await insertViolation(trx, {
        id: newId(clock.now()),
        venue_id: input.venueId,
        severity: input.severity,
        description: null,
        occurred_at: input.occurredAt,
        source_type: VIOLATION_SOURCE,
        source_id: input.violationId,
        recorded_by: input.recordedBy,
        created_at: clock.now(),
      });
    },

    async withdrawViolationEvidence(trx: Db, venueId: string, violationId: string): Promise<void> {
      await deleteViolation(trx, venueId, VIOLATION_SOURCE, violationId);
    },

    /**
     * Suspends a verified venue for a sanction, until `until` (null: closed until lifted). A venue already suspended by
     * another sanction takes the later end; one suspended by an officer, or not yet verified, is left as it is (the
     * sanction stands on record either way). Returns whether the venue's state changed.
     */
    async suspendForSanction(trx: Db, ctx: RequestContext, input: { venueId: string; sanctionId: string; until: number | null; reason: string }): Promise<boolean> {
      const venue = await findVenue(trx, input.venueId);
      if (!venue) return false;
      const bySanction = venue.status === 'suspended' && venue.suspension_sanction_id !== null;
      if (venue.status !== 'verified' && !bySanction) return false;
      if (bySanction && (venue.suspended_until === null || (input.until !== null && input.until <= venue.suspended_until))) return false;
      const now = clock.now();
      await updateVenue(trx, venue.id, { status: 'suspended', status_reason: input.reason, suspended_until: input.until, suspension_sanction_id: input.sanctionId, updated_at: now });
      await statusEvent(trx, ctx, venue, 'suspended', 'suspended', input.reason, now, input.sanctionId);
      await notify(trx, venue, input.sanctionId, 'suspended', input.until);
      await recordAudit(trx, clock, ctx, { action: 'venue.suspend', entityType: 'venue', entityId: venue.id, regionCode: venue.region_code, details: { sanctionId: input.sanctionId, until: input.until } });
      return true;
    },

    /**
     * Reopens a venue whose suspension came from this sanction (annulled or corrected). Other suspensions stay.
     * `replaced`: a correction puts another suspension in its place in the same transaction, so the managers are told
     * of that one only (not "reopened" and "suspended" a moment apart).
     */
    async liftSanction(trx: Db, ctx: RequestContext, input: { venueId: string; sanctionId: string; reason: string; replaced?: boolean }): Promise<boolean> {
      const venue = await findVenue(trx, input.venueId);
      if (!venue || venue.status !== 'suspended' || venue.suspension_sanction_id !== input.sanctionId) return false;
      const now = clock.now();
      await updateVenue(trx, venue.id, { status: 'verified', status_reason: null, suspended_until: null, suspension_sanction_id: null, updated_at: now });
      await statusEvent(trx, ctx, venue, 'verified', 'reactivated', input.reason, now, input.sanctionId);
      if (!input.replaced) await notify(trx, venue, input.sanctionId, 'reactivated', null);
      await recordAudit(trx, clock, ctx, { action: 'venue.reactivate', entityType: 'venue', entityId: venue.id, regionCode: venue.region_code, details: { sanctionId: input.sanctionId } });
      return true;
    },

    /** The hourly job: venues whose temporary suspension has ended take check-ins again. */
    async reopenEndedSuspensions(): Promise<number> {
      const now = clock.now();
      const ended = await listEndedSanctionSuspensions(db, now);
      for (const venue of ended) {
        await db.transaction().execute(async (trx) => {
          const current = await findVenue(trx, venue.id);
          if (!current || current.status !== 'suspended' || current.suspended_until === null || current.suspended_until > now) return;
          const sanctionId = current.suspension_sanction_id ?? '';
          await updateVenue(trx, venue.id, { status: 'verified', status_reason: null, suspended_until: null, suspension_sanction_id: null, updated_at: now });
          await statusEvent(trx, systemContext, current, 'verified', 'reactivated', null, now, sanctionId);
          await notify(trx, current, sanctionId, 'reactivated', null);
          await recordAudit(trx, clock, systemContext, { action: 'venue.reactivate', entityType: 'venue', entityId: venue.id, regionCode: venue.region_code, details: { sanctionId, ended: true } });
        });
      }
      return ended.length;
    },
  };
}

export type SanctionEffects = ReturnType<typeof createSanctionEffects>;
