import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { Permission, Principal } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import type { RegionsService } from '../regions/index.js';
import { staffCan } from './venues.policy.js';
import { findVenue, isManager } from './venues.repository.js';
import type { VenuesTable } from './venues.table.js';

/*
 * THE record-level access layer of venues: "may this caller touch this venue?". Every venues and check-ins service
 * method that acts on one venue starts with `requireVenue`; list methods start with `requirePrincipal` and
 * `listScopes`. The rule itself (who counts as staff of a venue) is in venues.policy.ts:
 *
 * - a venue's managers reach it through ownership when the action allows managers (`managers: true`);
 * - staff reach it through `permission` held in the venue's desa or desa adat;
 * - staff who hold `permission` elsewhere get 403 (out of scope, without the venue's region): they know venues exist;
 * - everybody else gets 404, so a venue id reveals nothing.
 *
 * A refusal of a venue that exists (403 or 404) is audited once, under the venue's region, so its administrators see
 * the probe (issue #14, finding 12); an id that names no venue is not a refusal and is not logged.
 */

export interface VenueAccess {
  venue: VenuesTable;
  /** True when the caller came in as one of the venue's managers (not as staff). */
  asManager: boolean;
  principal: Principal;
}

export interface RequireVenueOptions {
  /** May the venue's own managers do this? */
  managers: boolean;
  /** Answer 404 instead of 403 to staff holding the permission elsewhere (enforcement: a venue out of scope is not found). */
  outOfScopeAsNotFound?: boolean;
}

export function requirePrincipal(ctx: RequestContext): Principal {
  if (!ctx.principal) throw problems.unauthenticated();
  return ctx.principal;
}

export function createVenueAccess(deps: { db: Db; clock: Clock; regions: Pick<RegionsService, 'requireRegion' | 'rootCodes'> }) {
  const { db, clock, regions } = deps;

  async function deny(ctx: RequestContext, venue: VenuesTable, permission: Permission, answer: Error): Promise<never> {
    await recordAudit(db, clock, ctx, { action: 'venue.access_denied', entityType: 'venue', entityId: venue.id, regionCode: venue.region_code, details: { permission } });
    throw answer;
  }

  /** Loads the venue the caller may act on with `permission`, or throws 404 (outsiders) / 403 (staff out of scope). */
  async function requireVenue(ctx: RequestContext, venueId: string, permission: Permission, options: RequireVenueOptions): Promise<VenueAccess> {
    const principal = requirePrincipal(ctx);
    const venue = await findVenue(db, venueId);
    if (!venue) throw problems.notFound('venueNotFound.detail');
    if (options.managers && (await isManager(db, venue.id, principal.userId))) return { venue, asManager: true, principal };
    if (principal.can(permission)) {
      if (staffCan(principal, permission, venue)) return { venue, asManager: false, principal };
      return deny(ctx, venue, permission, options.outOfScopeAsNotFound ? problems.notFound('venueNotFound.detail') : problems.recordOutOfScope());
    }
    return deny(ctx, venue, permission, problems.notFound('venueNotFound.detail'));
  }

  /**
   * The scopes a list of venues is filtered by, for a caller holding `permission`: undefined when one of them is a
   * root (the whole city); `[regionCode]` when the caller asks for one region (403 when it lies outside their scopes).
   */
  async function listScopes(principal: Principal, permission: Permission, regionCode?: string): Promise<string[] | undefined> {
    const scopes = principal.scopesFor(permission);
    if (regionCode !== undefined) {
      await regions.requireRegion(regionCode);
      if (!scopes.some((s) => regionCode === s || regionCode.startsWith(`${s}.`))) throw problems.outOfScope(regionCode);
      return [regionCode];
    }
    const roots = await regions.rootCodes();
    return scopes.some((s) => roots.includes(s)) ? undefined : scopes;
  }

  return { requireVenue, listScopes };
}

export type VenueAccessLayer = ReturnType<typeof createVenueAccess>;
