/*
 * The venues module's front door: everything other modules, app.ts, main.ts and cli.ts may use. Nothing outside
 * this folder imports another file of it.
 */

import { contactKeys, sealContact } from './venue-contact.js';

// Services and routes (app.ts composes them).
export { createVenuesService, type VenuesService, type VenuesServiceDeps, type VenueRulesLookup, type VenueRulesQuery } from './venues.service.js';
export type { VenueManagerNotifier } from './verification.service.js';
export { createVenueManagersService, type VenueManagersService } from './venue-managers.service.js';
export { venuesRoutes } from './venues.routes.js';
export { publicVenuePagesRoutes } from './public-venue-pages.routes.js';
export { registerVenueJobs } from './venues.jobs.js';

// What enforcement's violations and sanctions do to a venue (evidence for its score, suspension), in its transaction.
export { createSanctionEffects, type SanctionEffects } from './sanction-effects.js';
export type { ViolationSeverity } from './compliance-score.js';

// The record-level access layer: "may this caller touch this venue?" (check-ins, tracing).
export { createVenueAccess, requirePrincipal, type RequireVenueOptions, type VenueAccess, type VenueAccessLayer } from './venues.access.js';
export { staffCan, venueScopeCodes } from './venues.policy.js';
export type { VenuesTable as VenueRow } from './venues.table.js';

// Posters: the check-in path verifies a poster's token; tests and the load benchmark make tokens.
export { checkInUrlFor, posterTokenFor, verifyPosterToken } from './poster-token.js';

// The seam through which the check-ins module supplies visitor ratings to compliance scoring.
export type { PoorlyRatedVenue, VenueRatingsSource } from './ratings-source.js';
export type { RatingEvidence } from './compliance-score.js';

// The synthetic city (modules/synth): venues written in bulk, their contact phone sealed as registration seals it.
export { insertVenuesBulk } from './venues.bulk.repository.js';
export { maxVenueNumber } from './venues.repository.js';
export function venueContactSealer(secretKey: Buffer): (phone: string) => string {
  const keys = contactKeys(secretKey);
  return (phone) => sealContact(keys, phone);
}
// Dashboards and the weekly report (issue #17): venue figures in a region.
export { inspectionFigures, venuesByBadge, worstRatedVenues } from './venues-stats.repository.js';
// Open data (issue #17): venues by compliance band per desa and day, written from the score history.
export { createVenueBandRollups, type VenueBandRollups, type BandDayCount } from './venue-band-rollups.js';
export { COMPLIANCE_BANDS, type ComplianceBand } from './venue-band-days.js';
