import type { Db } from '../../db/kysely.js';
import { primaryReads, type ReadSource } from '../../db/read-replica.js';
import type { Clock } from '../../shared/clock.js';
import type { RegionsService } from '../regions/index.js';
import { createComplianceEvidence } from './compliance-evidence.js';
import { createComplianceService } from './compliance.service.js';
import { createInspectionsService } from './inspections.service.js';
import { createPosterIssuer, createPostersService } from './posters.service.js';
import { createPublicPagesService, type VenueRulesLookup } from './public-pages.service.js';
import { noRatingsYet, type VenueRatingsSource } from './ratings-source.js';
import { createVenueRegistryService } from './registry.service.js';
import { contactKeys, openContact } from './venue-contact.js';
import { createVenueDetail } from './venue-detail.js';
import { createVenueFieldsChecker } from './venue-fields.js';
import { createVenueLocator } from './venue-locator.js';
import { createVenueAccess, type VenueAccessLayer } from './venues.access.js';
import { managerProfilesOfVenue } from './venues.repository.js';
import { listManagers } from './venues.read-model.js';
import { createVerificationService, type VenueManagerNotifier } from './verification.service.js';
import { createVenueWorkService } from './venue-work.service.js';
import { createRulesNoticesService, type VenueRulesNotifier } from './rules-notices.service.js';

/*
 * The venues module's services, one factory per use case (registry, verification, posters, inspections, compliance,
 * public pages), composed here into one facade so that routes and other modules keep one object to call.
 */

export { PHOTO_MAX_BYTES, PHOTO_TYPES, sniffImageType } from './inspection-photo.js';
export { INSPECTED_AT_MAX_AGE_DAYS, type AssessmentInput, type InspectionInput } from './inspections.service.js';
export { POSTER_NUMBER_PREFIX } from './posters.service.js';
export type { VenueRulesLookup, VenueRulesQuery } from './public-pages.service.js';
export type { RegisterVenueInput, VenueCorrection } from './registry.service.js';
export type { VenueFields } from './venue-fields.js';
export type { VenueRulesChange, VenueRulesNotifier } from './rules-notices.service.js';

export interface VenuesServiceDeps {
  db: Db;
  /**
   * The handle for reads that may lag the primary a few seconds (db/read-replica.ts): the replica's, or the primary's.
   * Unset: the primary.
   */
  reads?: ReadSource;
  clock: Clock;
  regions: RegionsService;
  timeZone: string;
  /** config.cityName, printed on the posters. */
  cityName: string;
  publicUrl: string;
  /** The instance key; poster tokens use their own HKDF-derived key from it. */
  secretKey: Buffer;
  ratings?: VenueRatingsSource;
  rules?: VenueRulesLookup;
  /** The access layer, when the app shares one with other modules (else one of its own). */
  access?: VenueAccessLayer;
  /** Tells the managers when their venue is verified or suspended (app.ts: the notifications module). */
  notifyManagers?: VenueManagerNotifier;
  /** Tells the managers when the rules in force for their venue change (app.ts: the notifications module). */
  notifyRulesChanged?: VenueRulesNotifier;
}

export function createVenuesService(deps: VenuesServiceDeps) {
  const { db, clock, regions, timeZone, cityName, publicUrl, secretKey } = deps;
  const ratings = deps.ratings ?? noRatingsYet;
  const reads = deps.reads ?? primaryReads(db);
  const locator = createVenueLocator(db);
  const access = deps.access ?? createVenueAccess({ db, clock, regions });
  const compliance = createComplianceEvidence({ ratings });
  const contacts = contactKeys(secretKey);
  const detail = createVenueDetail({ db, clock, timeZone, compliance, contacts });
  const issuePoster = createPosterIssuer({ clock, secretKey });
  const checkFields = createVenueFieldsChecker({ db, locator });
  const inspections = createInspectionsService({ db, clock, timeZone, access, compliance, ratings });

  return {
    ...createVenueRegistryService({ db, reads, clock, timeZone, access, checkFields, detail, locator, contacts }),
    ...createVerificationService({ db, clock, timeZone, access, detail, issuePoster, notifyManagers: deps.notifyManagers }),
    ...createPostersService({ db, clock, timeZone, cityName, publicUrl, secretKey, regions, access, issuePoster }),
    ...inspections,
    ...createVenueWorkService({ db, access, inspectionTodoCount: async (ctx) => (await inspections.inspectionTodo(ctx)).length }),
    ...createComplianceService({ db, clock, timeZone, access, compliance }),
    ...createPublicPagesService({ db, reads, clock, timeZone, regions, compliance, rules: deps.rules }),
    ...createRulesNoticesService({ db, clock, rules: deps.rules, notify: deps.notifyRulesChanged }),

    /**
     * Every manager of a venue, with their e-mail and phone when they signed up with them: whom to tell about it
     * (issue #18), opened in the venues module that seals them. No access check: the caller's own has been made.
     */
    async managersToTell(trx: Db, venueId: string): Promise<{ userId: string; email: string | null; phone: string | null }[]> {
      const managers = await listManagers(trx, venueId);
      const profiles = new Map((await managerProfilesOfVenue(trx, venueId)).map((p) => [p.user_id, p]));
      return managers.map((m) => {
        const p = profiles.get(m.user_id);
        return { userId: m.user_id, email: p ? openContact(contacts, p.email_enc) : null, phone: p ? openContact(contacts, p.phone_enc) : null };
      });
    },

    /**
     * The e-mail and phone of a venue's managers, opened, for other modules that must reach them (tracing's venue
     * notices); `trx` is the caller's transaction. No access check: the caller's own has been made.
     */

    async managerContacts(trx: Db, venueId: string): Promise<{ userId: string; email: string; phone: string }[]> {
      return (await managerProfilesOfVenue(trx, venueId)).map((p) => ({ userId: p.user_id, email: openContact(contacts, p.email_enc), phone: openContact(contacts, p.phone_enc) }));
    },
  };
}

export type VenuesService = ReturnType<typeof createVenuesService>;
