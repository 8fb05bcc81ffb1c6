/**
 * THE record-level access layer of the policies area. Every service method starts with one call here: it loads the
 * record the caller may act on (a rule set, a village PKM application, a desa/kelurahan for counts) or throws.
 * Today's answers are kept: 404 for an unknown record, 403 (out of scope / forbidden) where the caller may know the
 * record exists, as the API tests assert. Permissions without a record are checked with `principal()`.
 * A refusal of a record that exists is audited once (`rule_set.access_denied`, `pkm.access_denied`) under the record's
 * region, so its administrators see the probe (issue #14, finding 12).
 */
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, problems } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { Permission, Principal } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { isVillage } from '../regions/index.js';
import { checkAction, isPkmStatus, permissionsForAction, type ApplicationParties, type PkmAction, type PkmStatus } from './pkm-workflow.js';
import { findApplication, findRuleSet } from './policies.repository.js';
import { requirePrincipal, type RegionInfo } from './policies.shared.js';
import type { PkmApplicationsTable, RuleSetsTable } from './policies.table.js';
import type { RegionIndex } from './region-index.js';
import type { ActiveCaseSource } from './zone-computation.js';

export function partiesOf(app: PkmApplicationsTable): ApplicationParties {
  return {
    status: app.status as PkmStatus,
    regionCode: app.region_code,
    adatRegionCode: app.adat_region_code,
    createdBy: app.created_by,
    submittedBy: app.submitted_by,
  };
}

/**
 * The refusal of a workflow action as an HTTP problem (`denied` when the caller may not act on this record at all:
 * audited), or nothing when the action is allowed.
 */
function refusal(principal: Principal, app: PkmApplicationsTable, action: PkmAction): { problem: AppError; denied: boolean } | undefined {
  const check = checkAction(principal, partiesOf(app), action);
  if (check.ok) return undefined;
  switch (check.refusal) {
    case 'forbidden':
      return { denied: true, problem: permissionsForAction(action).some((p) => principal.can(p)) ? problems.recordOutOfScope() : problems.forbidden() };
    case 'illegal_transition':
      return {
        denied: false,
        problem: new AppError(409, 'pkm-illegal-transition', 'conflict.title', 'pkmTransition.detail', { action, status: app.status }, [
          { field: 'status', messageKey: 'validation.invalid' },
        ]),
      };
    case 'own_application':
      // Separation of duties, not record access: the caller may see and act on the application, only not decide on
      // their own; refused like an illegal transition, without an audit entry.
      return { denied: false, problem: new AppError(403, 'pkm-own-application', 'forbidden.title', 'pkmOwnApplication.detail') };
  }
}

export interface PoliciesAccessDeps {
  db: Db;
  clock: Clock;
  regionIndex: RegionIndex;
  /** Brings PKM statuses up to today (APPROVED → ACTIVE → ENDED) so that an action is judged on the current status. */
  advanceLifecycle: () => Promise<unknown>;
}

export function createPoliciesAccess(deps: PoliciesAccessDeps) {
  const { db, clock, regionIndex, advanceLifecycle } = deps;

  /** A refusal of a record that exists: audited once under the record's region, then thrown. */
  async function deny(ctx: RequestContext, entityType: 'rule_set' | 'pkm', entityId: string, regionCode: string, details: Record<string, unknown>, problem: AppError): Promise<never> {
    await recordAudit(db, clock, ctx, { action: `${entityType}.access_denied`, entityType, entityId, regionCode, details });
    throw problem;
  }

  /** Drafts are work in progress of who may edit and publish them; what is published is everyone's (issue #14, finding 10). */
  function mayReadRuleSet(principal: Principal, row: RuleSetsTable): boolean {
    if (!principal.can('rules:read')) return false;
    return row.status !== 'draft' || principal.canIn('rules:manage', row.scope_region_code);
  }

  async function loadApplication(id: string): Promise<PkmApplicationsTable> {
    const app = await findApplication(db, id);
    if (!app || !isPkmStatus(app.status)) throw problems.notFound('pkmNotFound.detail');
    return app;
  }

  return {
    /** The signed-in caller, holding `permission` somewhere when one is named (actions on no particular record). */
    principal(ctx: RequestContext, permission?: Permission): Principal {
      const principal = requirePrincipal(ctx);
      if (permission) principal.require(permission);
      return principal;
    },

    mayReadRuleSet,

    /**
     * A rule set the caller may read (published and retired ones: rules:read anywhere; a draft: only who may edit and
     * publish it, rules:manage in its scope region) or manage (rules:manage in its scope region). A draft out of reach
     * is 404 for a caller who manages no rule sets, 403 without its region for one who manages them elsewhere.
     */
    async ruleSet(ctx: RequestContext, id: string, intent: 'read' | 'manage'): Promise<{ principal: Principal; row: RuleSetsTable }> {
      const principal = requirePrincipal(ctx);
      if (intent === 'read') principal.require('rules:read');
      const row = await findRuleSet(db, id);
      if (!row) throw problems.notFound('ruleSetNotFound.detail', { id });
      if (intent === 'read' && !mayReadRuleSet(principal, row)) {
        const answer = principal.can('rules:manage') ? problems.recordOutOfScope() : problems.notFound('ruleSetNotFound.detail', { id });
        return deny(ctx, 'rule_set', row.id, row.scope_region_code, { permission: 'rules:manage', status: row.status }, answer);
      }
      if (intent === 'manage') {
        principal.require('rules:manage');
        if (!principal.canIn('rules:manage', row.scope_region_code)) {
          return deny(ctx, 'rule_set', row.id, row.scope_region_code, { permission: 'rules:manage' }, problems.recordOutOfScope());
        }
      }
      return { principal, row };
    },

    /**
     * A village PKM application the caller may see ('read': pkm:read in its desa or desa adat) or on which the caller
     * may take a workflow action now (pkm-workflow.ts decides). `current` first brings the lifecycle up to today.
     */
    async application(ctx: RequestContext, id: string, intent: 'read' | PkmAction, options: { current?: boolean } = {}): Promise<{ principal: Principal; app: PkmApplicationsTable }> {
      const principal = requirePrincipal(ctx);
      if (options.current) await advanceLifecycle();
      const app = await loadApplication(id);
      if (intent === 'read') {
        principal.require('pkm:read');
        if (!principal.canIn('pkm:read', app.region_code) && !principal.canIn('pkm:read', app.adat_region_code)) {
          return deny(ctx, 'pkm', app.id, app.region_code, { permission: 'pkm:read' }, problems.recordOutOfScope());
        }
      } else {
        const refused = refusal(principal, app, intent);
        if (refused?.denied) return deny(ctx, 'pkm', app.id, app.region_code, { action: intent }, refused.problem);
        if (refused) throw refused.problem;
      }
      return { principal, app };
    },

    /**
     * The desa/kelurahan whose active-case count the caller records. A person needs zones:manage there; a feed
     * (import, case register) runs without a principal.
     */
    async villageForCounts(ctx: RequestContext, regionCode: string, source: ActiveCaseSource): Promise<RegionInfo> {
      const region = await regionIndex.get(regionCode);
      if (!region) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.unknownRegion' }]);
      if (ctx.principal || source === 'manual') requirePrincipal(ctx).require('zones:manage', regionCode);
      if (!isVillage(region.type)) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.mustBeVillage' }]);
      return region;
    },
  };
}

export type PoliciesAccess = ReturnType<typeof createPoliciesAccess>;
