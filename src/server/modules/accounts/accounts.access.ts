import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import type { RegionsService } from '../regions/index.js';
import type { AssignmentRow } from './accounts.presenter.js';
import { listAssignments } from './accounts.read-model.js';
import { findUserById } from './accounts.repository.js';
import type { UsersTable } from './accounts.table.js';
import type { Principal } from './principal.js';

/*
 * THE record-level access layer of accounts: every service method starts with one call in here.
 * - `requireSignedIn`: the caller's own account (401 without a session);
 * - `requireManager`: a caller holding `users:manage` somewhere (403 otherwise), for lists and new accounts;
 * - `requireManageableUser`: a user the caller may act on, which needs every assignment the user holds to lie in the
 *   caller's `users:manage` scope (404 for an unknown user, 403 out of scope without naming the region; the refusal audited once as
 *   `user.access_denied` under the region outside the caller's scope, whose administrators see it: issue #14, finding 12).
 */
export function createAccountsAccess(deps: { db: Db; clock: Clock; regions: Pick<RegionsService, 'rootCodes'> }) {
  const { db, clock, regions } = deps;

  async function requireUser(id: string): Promise<UsersTable> {
    const user = await findUserById(db, id);
    if (!user) throw problems.notFound('userNotFound.detail');
    return user;
  }

  function requireSignedIn(ctx: RequestContext): Principal {
    if (!ctx.principal) throw problems.unauthenticated();
    return ctx.principal;
  }

  return {
    requireSignedIn,

    /** The signed-in caller's own account row. */
    async requireOwnAccount(ctx: RequestContext): Promise<UsersTable> {
      return requireUser(requireSignedIn(ctx).userId);
    },

    requireManager(ctx: RequestContext): Principal {
      const principal = requireSignedIn(ctx);
      principal.require('users:manage');
      return principal;
    },

    async requireManageableUser(ctx: RequestContext, id: string): Promise<{ user: UsersTable; assignments: AssignmentRow[] }> {
      const user = await requireUser(id);
      const principal = requireSignedIn(ctx);
      principal.require('users:manage');
      const assignments = await listAssignments(db, [user.id]);
      const regionsToCover = assignments.length > 0 ? assignments.map((a) => a.region_code) : await regions.rootCodes();
      const outside = regionsToCover.find((code) => !principal.canIn('users:manage', code));
      if (outside !== undefined) {
        await recordAudit(db, clock, ctx, { action: 'user.access_denied', entityType: 'user', entityId: user.id, regionCode: outside, details: { permission: 'users:manage' } });
        throw problems.recordOutOfScope();
      }
      return { user, assignments };
    },
  };
}

export type AccountsAccess = ReturnType<typeof createAccountsAccess>;
