import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { Permission, Principal } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { findSanction, findViolation } from './enforcement.repository.js';
import type { SanctionsTable, ViolationsTable } from './enforcement.table.js';

/*
 * THE record-level access layer of enforcement. A violation lies in its desa/kelurahan and, when known, its desa adat
 * (like a venue, venues.policy.ts): staff reach it through the permission held in either. 401 without a session;
 * 403 without the permission anywhere; 404 for an unknown id; 403 out of scope (not naming the region), audited under
 * the record's region so its administrators see the probe.
 */
export type EnforcementPermission = 'enforcement:read' | 'enforcement:record' | 'enforcement:correct' | 'enforcement:adat';

export function violationScopeCodes(v: Pick<ViolationsTable, 'region_code' | 'desa_adat_code'>): string[] {
  return v.desa_adat_code ? [v.region_code, v.desa_adat_code] : [v.region_code];
}

export function createEnforcementAccess(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  function requirePermission(ctx: RequestContext, permission: EnforcementPermission): Principal {
    if (!ctx.principal) throw problems.unauthenticated();
    ctx.principal.require(permission);
    return ctx.principal;
  }

  function canIn(principal: Principal, permission: Permission, v: Pick<ViolationsTable, 'region_code' | 'desa_adat_code'>): boolean {
    return violationScopeCodes(v).some((code) => principal.canIn(permission, code));
  }

  async function requireViolation(ctx: RequestContext, id: string, permission: EnforcementPermission): Promise<{ principal: Principal; violation: ViolationsTable }> {
    const principal = requirePermission(ctx, permission);
    const violation = await findViolation(db, id);
    if (!violation) throw problems.notFound();
    if (!canIn(principal, permission, violation)) {
      await recordAudit(db, clock, ctx, { action: 'violation.access_denied', entityType: 'violation', entityId: violation.id, regionCode: violation.region_code, details: { permission } });
      throw problems.recordOutOfScope();
    }
    return { principal, violation };
  }

  async function requireSanction(ctx: RequestContext, id: string, permission: EnforcementPermission): Promise<{ principal: Principal; violation: ViolationsTable; sanction: SanctionsTable }> {
    requirePermission(ctx, permission);
    const sanction = await findSanction(db, id);
    if (!sanction) throw problems.notFound();
    const { principal, violation } = await requireViolation(ctx, sanction.violation_id, permission);
    return { principal, violation, sanction };
  }

  return { requirePermission, canIn, requireViolation, requireSanction };
}

export type EnforcementAccess = ReturnType<typeof createEnforcementAccess>;
