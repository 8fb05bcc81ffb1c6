import type { Permission, Principal } from '../accounts/index.js';
import type { VenuesTable } from './venues.table.js';

/*
 * Who may do what with one venue.
 *
 * - Staff act through region-scoped permissions (venues:read, venues:verify, venues:inspect). A venue lies in its
 *   desa/kelurahan and, where known, in its desa adat, so an adat officer scoped to a desa adat reaches the venues
 *   in it although desa adat codes are not prefixes of desa codes.
 * - Venue managers act through ownership (venue_managers). Their role assignment sits at the city root only so that
 *   `venues:register` is granted; it never opens anyone else's venue.
 * - Outsiders (no ownership, no staff permission over venues) get 404 for any venue id: whether a venue exists is
 *   not revealed. Staff holding the permission elsewhere get 403 (out of scope): they know venues exist.
 */

export function venueScopeCodes(venue: Pick<VenuesTable, 'region_code' | 'desa_adat_code'>): string[] {
  return venue.desa_adat_code ? [venue.region_code, venue.desa_adat_code] : [venue.region_code];
}

export function staffCan(principal: Principal, permission: Permission, venue: Pick<VenuesTable, 'region_code' | 'desa_adat_code'>): boolean {
  return venueScopeCodes(venue).some((code) => principal.canIn(permission, code));
}

/** The fields a manager may change on a verified (or suspended) venue without an officer's correction. */
export const OPERATIONAL_FIELDS = ['capacity', 'openingHours', 'indoor', 'contactName', 'contactPhone'] as const;
