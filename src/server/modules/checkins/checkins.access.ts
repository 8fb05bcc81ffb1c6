import type { Db } from '../../db/kysely.js';
import { problems } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { Permission } from '../accounts/permissions.js';
import { isManager } from '../venues/venues.repository.js';
import { staffCan } from '../venues/venues.policy.js';
import { findVenueForCheckins } from './checkins.repository.js';

/**
 * A venue's check-in data is reachable by its managers (ownership) and by staff holding `permission` in the venue's
 * region. Outsiders get 404, so a venue id reveals nothing; staff who hold the permission elsewhere get 403.
 */
export async function requireVenueAccess(db: Db, ctx: RequestContext, venueId: string, permission: Permission) {
  const principal = ctx.principal;
  if (!principal) throw problems.unauthenticated();
  const venue = await findVenueForCheckins(db, venueId);
  if (!venue) throw problems.notFound();
  if (await isManager(db, venueId, principal.userId)) return venue;
  if (staffCan(principal, permission, venue)) return venue;
  if (principal.can(permission)) throw problems.outOfScope(venue.region_code);
  throw problems.notFound();
}
