import type { AuditAction } from '../../../common/audit-actions.js';
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import { newId } from '../../shared/ids.js';
import type { PosterIssuer } from './posters.service.js';
import type { VenueDetail } from './venue-detail.js';
import { requirePrincipal, type VenueAccessLayer } from './venues.access.js';
import { presentVenueSummary } from './venues.presenter.js';
import { listVenues } from './venues.read-model.js';
import { currentPoster, insertStatusEvent, updateVenue } from './venues.repository.js';
import { requireStatus } from './venues.shared.js';
import type { VenueStatus, VenuesTable } from './venues.table.js';

export interface VerificationServiceDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  access: VenueAccessLayer;
  detail: VenueDetail;
  issuePoster: PosterIssuer;
  notifyManagers?: VenueManagerNotifier;
}

/**
 * What a change of a venue's status tells its managers: verified or rejected (with the officer's reason), suspended or
 * reactivated by an officer, suspended (until a date) or closed by an enforcement sanction, reactivated when the
 * sanction is lifted or ends.
 */
export type VenueStatusNotice = 'venue_verified' | 'venue_rejected' | 'venue_suspended' | 'venue_reactivated' | 'venue_sanction_suspended' | 'venue_sanction_closed';

/**
 * Tells a venue's managers (by the venue's name) that its status changed (issue #18), in the transaction of the
 * change: every place that changes a venue's status calls this one function (the officer's verification service and
 * the enforcement sanctions' effects). `key` names the step: the venue's state it started from, so two racing
 * requests for the same step (both read the same row) send one message.
 */
export type VenueManagerNotifier = (trx: Db, event: { venueId: string; venueName: string; regionCode: string; kind: VenueStatusNotice; params?: Record<string, string>; key: string }) => Promise<void>;

/** The notice of an officer's status change (its status event's action). */
const OFFICER_NOTICES: Record<string, VenueStatusNotice> = { approved: 'venue_verified', rejected: 'venue_rejected', suspended: 'venue_suspended', reactivated: 'venue_reactivated' };

function requireReason(reason: string | null | undefined, field = 'reason'): string {
  const trimmed = reason?.trim() ?? '';
  if (trimmed === '') throw problems.validation([{ field, messageKey: 'validation.reasonRequired' }]);
  return trimmed;
}

/** Verification of registered venues and their status afterwards: the queue, approve/reject, suspend, reactivate. */
export function createVerificationService(deps: VerificationServiceDeps) {
  const { db, clock, timeZone, access, detail, issuePoster } = deps;

  async function changeStatus(
    ctx: RequestContext,
    venue: VenuesTable,
    change: { to: VenueStatus; action: string; reason: string | null; auditAction: AuditAction },
    extra?: (trx: Db, now: number) => Promise<void>,
  ): Promise<void> {
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await updateVenue(trx, venue.id, {
        status: change.to,
        status_reason: change.reason,
        // An officer's decision replaces a sanction's suspension (and its end date) whichever way it goes.
        suspended_until: null,
        suspension_sanction_id: null,
        updated_at: now,
        ...(change.to === 'verified' && venue.verified_at === null ? { verified_at: now } : {}),
      });
      await insertStatusEvent(trx, {
        id: newId(now),
        venue_id: venue.id,
        action: change.action,
        from_status: venue.status,
        to_status: change.to,
        reason: change.reason,
        details: null,
        actor_user_id: ctx.principal?.userId ?? null,
        actor_name: ctx.principal?.displayName ?? null,
        at: now,
      });
      if (extra) await extra(trx, now);
      const kind = OFFICER_NOTICES[change.action];
      if (kind && deps.notifyManagers) {
        const params = kind === 'venue_rejected' ? { reason: change.reason ?? '' } : undefined;
        await deps.notifyManagers(trx, { venueId: venue.id, venueName: venue.name, regionCode: venue.region_code, kind, params, key: `venue:${venue.id}:${change.action}:${Number(venue.updated_at)}` });
      }
      await recordAudit(trx, clock, ctx, {
        action: change.auditAction,
        entityType: 'venue',
        entityId: venue.id,
        regionCode: venue.region_code,
        details: { from: venue.status, to: change.to, reason: change.reason },
      });
    });
  }

  return {
    /** Pending venues awaiting verification in the caller's scope, oldest first. */
    async verificationQueue(ctx: RequestContext, region?: string) {
      const principal = requirePrincipal(ctx);
      principal.require('venues:verify');
      const scopes = await access.listScopes(principal, 'venues:verify', region);
      const rows = await listVenues(db, { scopes, statuses: ['pending'], order: 'created', limit: 500 });
      return rows.map((v) => presentVenueSummary(v, timeZone));
    },

    async decide(ctx: RequestContext, venueId: string, input: { decision: 'approve' | 'reject'; reason?: string | null }) {
      const a = await access.requireVenue(ctx, venueId, 'venues:verify', { managers: false });
      requireStatus(a.venue, ['pending']);
      if (input.decision === 'reject') {
        const reason = requireReason(input.reason);
        await changeStatus(ctx, a.venue, { to: 'rejected', action: 'rejected', reason, auditAction: 'venue.reject' });
      } else {
        const reason = input.reason?.trim() || null;
        await changeStatus(ctx, a.venue, { to: 'verified', action: 'approved', reason, auditAction: 'venue.verify' }, async (trx, now) => {
          if (!(await currentPoster(trx, a.venue.id))) await issuePoster(trx, { ...a.venue, status: 'verified' }, ctx, now);
        });
      }
      return detail.detailAfterChange(a);
    },

    async suspend(ctx: RequestContext, venueId: string, reasonInput: string) {
      const a = await access.requireVenue(ctx, venueId, 'venues:verify', { managers: false });
      requireStatus(a.venue, ['verified']);
      await changeStatus(ctx, a.venue, { to: 'suspended', action: 'suspended', reason: requireReason(reasonInput), auditAction: 'venue.suspend' });
      return detail.detailAfterChange(a);
    },

    async reactivate(ctx: RequestContext, venueId: string, reasonInput: string) {
      const a = await access.requireVenue(ctx, venueId, 'venues:verify', { managers: false });
      requireStatus(a.venue, ['suspended']);
      await changeStatus(ctx, a.venue, { to: 'verified', action: 'reactivated', reason: requireReason(reasonInput), auditAction: 'venue.reactivate' });
      return detail.detailAfterChange(a);
    },
  };
}
