import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { Principal } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { findNotificationRegion, type OutboxScopes } from './notifications.repository.js';

/*
 * THE record-level access layer of the outbox (issue #14, finding 10). A message carries the region of the event that
 * caused it (notifications.table.ts); an operator (`notifications:manage`) sees and retries the messages of their
 * regions, and the city-level ones (no region) only with a scope that is the whole city.
 * - `operator`: the caller and the scopes their lists are filtered by (undefined: the whole city);
 * - `requireMessage`: a message the caller may retry: 404 for an unknown id, 403 (without the message's region) out
 *   of scope, audited once as `notification.access_denied` under the message's region.
 */
export function createNotificationsAccess(deps: { db: Db; clock: Clock; rootCodes: () => Promise<string[]> }) {
  const { db, clock } = deps;

  async function operator(ctx: RequestContext): Promise<{ principal: Principal; scopes: OutboxScopes }> {
    if (!ctx.principal) throw problems.unauthenticated();
    const principal = ctx.principal;
    principal.require('notifications:manage');
    const scopes = principal.scopesFor('notifications:manage');
    const roots = await deps.rootCodes();
    return { principal, scopes: scopes.some((s) => roots.includes(s)) ? undefined : scopes };
  }

  function covers(scopes: OutboxScopes, regionCode: string | null): boolean {
    if (scopes === undefined) return true;
    return regionCode !== null && scopes.some((s) => regionCode === s || regionCode.startsWith(`${s}.`));
  }

  return {
    operator,

    async requireMessage(ctx: RequestContext, id: string): Promise<{ principal: Principal; regionCode: string | null }> {
      const { principal, scopes } = await operator(ctx);
      const message = await findNotificationRegion(db, id);
      if (!message) throw problems.notFound('notification.notFound.detail');
      if (!covers(scopes, message.region_code)) {
        await recordAudit(db, clock, ctx, { action: 'notification.access_denied', entityType: 'notification', entityId: id, regionCode: message.region_code, details: { permission: 'notifications:manage' } });
        throw problems.recordOutOfScope();
      }
      return { principal, regionCode: message.region_code };
    },
  };
}

export type NotificationsAccess = ReturnType<typeof createNotificationsAccess>;
