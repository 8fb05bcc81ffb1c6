import type { Db } from '../../db/kysely.js';
import type { ReadSource } from '../../db/read-replica.js';
import type { Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import { newId } from '../../shared/ids.js';
import { describingColumns, fieldsOf, sameValue, type VenueFields, type VenueFieldsChecker } from './venue-fields.js';
import { openContact, PERSONAL_VENUE_FIELDS, sealContact, type ContactKeys } from './venue-contact.js';
import type { VenueDetail } from './venue-detail.js';
import type { createVenueLocator } from './venue-locator.js';
import { requirePrincipal, type VenueAccess, type VenueAccessLayer } from './venues.access.js';
import { OPERATIONAL_FIELDS } from './venues.policy.js';
import { presentVenueSummary } from './venues.presenter.js';
import { findUserWithRole, listVenues, listVenuesOfManager, regionSummaries, userDisplayName } from './venues.read-model.js';
import { findManagerProfile, insertManager, insertStatusEvent, insertVenue, nextVenueNumber, updateVenue } from './venues.repository.js';
import { decodeCursor, isUniqueViolation, pageOf } from './venues.shared.js';
import type { VenueStatus } from './venues.table.js';

export interface RegisterVenueInput extends VenueFields {
  managerUserId?: string;
}

export type VenueCorrection = Partial<VenueFields> & { reason?: string };

export interface VenueRegistryDeps {
  db: Db;
  /** Lists read here (db/read-replica.ts): a few seconds stale at most. */
  reads: ReadSource;
  clock: Clock;
  timeZone: string;
  access: VenueAccessLayer;
  checkFields: VenueFieldsChecker;
  detail: VenueDetail;
  locator: ReturnType<typeof createVenueLocator>;
  contacts: ContactKeys;
}

/** The register of venues: registration, corrections, and reading one venue or lists of them. */
export function createVenueRegistryService(deps: VenueRegistryDeps) {
  const { db, reads, clock, timeZone, access, checkFields, detail, locator, contacts } = deps;

  /** The detail of a venue: staff see the contact person, personal data, so their read is audited. */
  async function auditedDetail(ctx: RequestContext, a: VenueAccess) {
    if (!a.asManager) {
      await recordAudit(db, clock, ctx, { action: 'venue.read', entityType: 'venue', entityId: a.venue.id, regionCode: a.venue.region_code });
    }
    return detail.detail(a);
  }

  return {
    locator,

    async register(ctx: RequestContext, input: RegisterVenueInput): Promise<{ id: string; status: 'pending' }> {
      const principal = requirePrincipal(ctx);
      principal.require('venues:register');
      // A manager registers for themselves anywhere in the city; an administrator only within their scope, and may
      // name the manager account the venue belongs to.
      const asAdmin = principal.assignments.some((a) => a.role === 'admin');
      const isVenueManager = principal.assignments.some((a) => a.role === 'venue_manager');
      if (asAdmin && !isVenueManager) principal.require('venues:register', input.regionCode);
      if (input.managerUserId !== undefined && !asAdmin) throw problems.forbidden();
      const checked = await checkFields(input, true);

      let managerId: string | null = isVenueManager ? principal.userId : null;
      if (input.managerUserId !== undefined) {
        const user = await findUserWithRole(db, input.managerUserId, 'venue_manager');
        if (!user) throw problems.validation([{ field: 'managerUserId', messageKey: 'validation.managerNotFound' }]);
        managerId = user.id;
      }
      // The contact person defaults to the manager's own name and phone.
      let contactName = input.contactName?.trim() || null;
      let contactPhone = checked.contactPhone;
      if (managerId && (contactName === null || contactPhone === null)) {
        const [managerName, profile] = await Promise.all([userDisplayName(db, managerId), findManagerProfile(db, managerId)]);
        contactName ??= managerName;
        contactPhone ??= profile ? openContact(contacts, profile.phone_enc) : null;
      }

      const now = clock.now();
      const id = newId(now);
      for (let attempt = 1; ; attempt++) {
        try {
          await db.transaction().execute(async (trx) => {
            const venueNumber = await nextVenueNumber(trx);
            await insertVenue(trx, {
              id,
              venue_number: venueNumber,
              ...describingColumns(input),
              position_confirmed: checked.positionConfirmed ? 1 : 0,
              point_region_code: checked.pointRegionCode,
              contact_name: contactName,
              contact_phone_enc: sealContact(contacts, contactPhone),
              status: 'pending',
              status_reason: null,
              suspended_until: null,
              suspension_sanction_id: null,
              compliance_score: null,
              compliance_badge: 'grey',
              created_by: principal.userId,
              created_at: now,
              updated_at: now,
              verified_at: null,
            });
            if (managerId) await insertManager(trx, { venue_id: id, user_id: managerId, created_at: now, created_by: principal.userId });
            await insertStatusEvent(trx, {
              id: newId(now),
              venue_id: id,
              action: 'registered',
              from_status: null,
              to_status: 'pending',
              reason: null,
              details: null,
              actor_user_id: principal.userId,
              actor_name: principal.displayName,
              at: now,
            });
            await recordAudit(trx, clock, ctx, {
              action: 'venue.register',
              entityType: 'venue',
              entityId: id,
              regionCode: input.regionCode,
              details: { name: input.name, sector: input.sector, type: input.type, venueNumber, managerUserId: managerId },
            });
          });
          break;
        } catch (err) {
          // Two registrations at once may draw the same venue number (PostgreSQL); the loser tries again.
          if (attempt < 5 && isUniqueViolation(err)) continue;
          throw err;
        }
      }
      return { id, status: 'pending' };
    },

    async correct(ctx: RequestContext, venueId: string, patch: VenueCorrection) {
      const a = await access.requireVenue(ctx, venueId, 'venues:verify', { managers: true });
      const { venue, asManager, principal } = a;
      const { reason, ...fields } = patch;
      const before = fieldsOf(venue, openContact(contacts, venue.contact_phone_enc));
      const changed = (Object.keys(fields) as (keyof VenueFields)[]).filter((k) => fields[k] !== undefined && !sameValue(fields[k], before[k]));
      // Nothing changes, but the answer still shows the contact person: audited as the read it is (issue #14, finding 12).
      if (changed.length === 0) return auditedDetail(ctx, a);
      if (asManager && venue.status !== 'pending' && venue.status !== 'rejected') {
        const locked = changed.filter((k) => !(OPERATIONAL_FIELDS as readonly string[]).includes(k));
        if (locked.length > 0) throw problems.conflict('venue-edit-locked', 'venueEditLocked.detail', { fields: locked.join(', ') });
      }
      const merged: VenueFields = { ...before, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
      if (!asManager && merged.regionCode !== venue.region_code) {
        if (!principal.canIn('venues:verify', merged.regionCode) && (await regionSummaries(db, [merged.regionCode])).length > 0) {
          throw problems.outOfScope(merged.regionCode);
        }
      }
      const positionChanged = changed.some((k) => k === 'lat' || k === 'lon' || k === 'regionCode' || k === 'positionConfirmed');
      const checked = await checkFields(merged, positionChanged);
      const now = clock.now();
      const resubmit = asManager && venue.status === 'rejected';
      // The history keeps old and new values of the venue's own fields; of a personal field only its name. The audit
      // entry names the fields, never a value (issue #14, finding 11).
      const changes = Object.fromEntries(changed.map((k) => [k, PERSONAL_VENUE_FIELDS.includes(k) ? {} : { from: before[k], to: merged[k] }]));
      await db.transaction().execute(async (trx) => {
        await updateVenue(trx, venue.id, {
          ...describingColumns(merged),
          ...(positionChanged ? { position_confirmed: checked.positionConfirmed ? 1 : 0, point_region_code: checked.pointRegionCode } : {}),
          contact_name: merged.contactName?.trim() || null,
          contact_phone_enc: changed.includes('contactPhone') ? sealContact(contacts, checked.contactPhone) : venue.contact_phone_enc,
          updated_at: now,
          ...(resubmit ? { status: 'pending', status_reason: null } : {}),
        });
        await insertStatusEvent(trx, {
          id: newId(now),
          venue_id: venue.id,
          action: resubmit ? 'resubmitted' : 'corrected',
          from_status: venue.status,
          to_status: resubmit ? 'pending' : venue.status,
          reason: reason?.trim() || null,
          details: JSON.stringify({ changes }),
          actor_user_id: principal.userId,
          actor_name: principal.displayName,
          at: now,
        });
        await recordAudit(trx, clock, ctx, {
          action: 'venue.correct',
          entityType: 'venue',
          entityId: venue.id,
          regionCode: merged.regionCode,
          details: { changed, resubmitted: resubmit, byManager: asManager },
        });
      });
      return detail.detailAfterChange(a);
    },

    async get(ctx: RequestContext, venueId: string) {
      return auditedDetail(ctx, await access.requireVenue(ctx, venueId, 'venues:read', { managers: true }));
    },

    async mine(ctx: RequestContext) {
      const principal = requirePrincipal(ctx);
      return (await listVenuesOfManager(db, principal.userId)).map((v) => presentVenueSummary(v, timeZone));
    },

    async list(ctx: RequestContext, filter: { region?: string; status?: VenueStatus; sector?: string; q?: string; cursor?: string; limit: number }) {
      const principal = requirePrincipal(ctx);
      principal.require('venues:read');
      const scopes = await access.listScopes(principal, 'venues:read', filter.region);
      return pageOf(
        // The staff list may lag a few seconds (the replica); the venue just registered is opened by id, on the primary.
        await listVenues(reads.db(), {
          scopes,
          statuses: filter.status ? [filter.status] : undefined,
          sector: filter.sector,
          q: filter.q,
          after: decodeCursor(filter.cursor),
          order: 'name',
          limit: filter.limit + 1,
        }),
        filter.limit,
        (v) => presentVenueSummary(v, timeZone),
      );
    },

    async locate(lat: number, lon: number) {
      return locator.villagesAt(lat, lon);
    },
  };
}
