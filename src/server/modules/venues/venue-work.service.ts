import type { Db } from '../../db/kysely.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { WorkCount } from '../../shared/work.js';
import { requirePrincipal, type VenueAccessLayer } from './venues.access.js';
import { countVenues, managedVenueIds } from './venues.read-model.js';

/*
 * The venues module's part of the home page (GET /me/work): venues waiting for verification in the caller's
 * `venues:verify` scopes and the inspection to-do list's length in their `venues:inspect` scopes. Only the kinds the
 * caller's roles can have are returned.
 */
export function createVenueWorkService(deps: { db: Db; access: VenueAccessLayer; inspectionTodoCount: (ctx: RequestContext) => Promise<number> }) {
  const { db, access } = deps;
  return {
    async venueWork(ctx: RequestContext): Promise<WorkCount[]> {
      const principal = requirePrincipal(ctx);
      const out: WorkCount[] = [];
      if (principal.can('venues:verify')) out.push({ kind: 'venues_to_verify', count: await countVenues(db, await access.listScopes(principal, 'venues:verify'), 'pending') });
      if (principal.can('venues:inspect')) out.push({ kind: 'inspections_due', count: await deps.inspectionTodoCount(ctx) });
      return out;
    },

    /** The venues a manager manages (their own account's): the check-ins module counts their refusals and ratings. */
    managedVenueIds(userId: string): Promise<string[]> {
      return managedVenueIds(db, userId);
    },
  };
}
