import type { AuditAction } from '../../../common/audit-actions.js';
import type { Db } from '../../db/kysely.js';
import { decodeCursor, encodeCursor, pageOf } from '../../shared/pagination.js';
import type { Clock } from '../../shared/clock.js';
import { problems, type FieldError } from '../../shared/errors.js';
import { addDaysToDate, localDateTimeToEpochMs } from '../../shared/local-time.js';
import { newId } from '../../shared/ids.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { RegionsService } from '../regions/index.js';
import { insertAuditEntry, listAuditEntries } from './audit.repository.js';
import type { AuditLogTable } from './audit.table.js';

export interface AuditEvent {
  /** Verb in dotted form: "user.create", "case.read", "auth.login_failed" …, one of AUDIT_ACTIONS. */
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  regionCode?: string | null;
  details?: Record<string, unknown> | null;
}

/**
 * The one way to write the audit log. Call it with the same `db` (or transaction) as the change it records, so
 * that a change and its audit entry commit together.
 */
export async function recordAudit(db: Db, clock: Clock, ctx: RequestContext, event: AuditEvent): Promise<void> {
  const at = clock.now();
  await insertAuditEntry(db, {
    id: newId(at),
    at,
    actor_user_id: ctx.principal?.userId ?? null,
    actor_username: ctx.principal?.username ?? null,
    action: event.action,
    entity_type: event.entityType,
    entity_id: event.entityId ?? null,
    region_code: event.regionCode ?? null,
    ip: ctx.ip,
    request_id: ctx.requestId,
    details: event.details ? JSON.stringify(event.details) : null,
  });
}

/**
 * A list read, audited under the regions it covered: one entry per scope of the caller (a scope inside another one
 * of theirs is covered by it), so each region's administrators see the reads of their region (issue #14, finding 12).
 * `scopes` are the caller's scopes for the permission the list needs, or the one region the list was narrowed to.
 */
export async function recordListRead(db: Db, clock: Clock, ctx: RequestContext, scopes: readonly string[], event: Omit<AuditEvent, 'regionCode' | 'entityId'>): Promise<void> {
  const distinct = [...new Set(scopes)];
  const outermost = distinct.filter((s) => !distinct.some((o) => o !== s && s.startsWith(`${o}.`)));
  for (const regionCode of outermost.sort()) await recordAudit(db, clock, ctx, { ...event, regionCode });
}

export interface AuditPage {
  items: AuditLogTable[];
  nextCursor: string | null;
}

/** The key after which the page starts; as before, a cursor that does not decode reads as no cursor (the first page). */
function decodeAuditCursor(cursor: string | undefined): { at: number; id: string } | undefined {
  let key: string[] | undefined;
  try {
    key = decodeCursor(cursor, 2);
  } catch {
    return undefined;
  }
  const [at, id] = key ?? [];
  if (!at || !id || !/^\d+$/.test(at)) return undefined;
  return { at: Number(at), id };
}

export interface AuditPageQuery {
  cursor?: string;
  limit: number;
  action?: string;
  entityType?: string;
  entityId?: string;
  user?: string;
  region?: string;
  /** Local dates (YYYY-MM-DD) in the city's time zone, both days included. */
  from?: string;
  to?: string;
}

/** Reading the audit log (the writing is `recordAudit`, called by every module inside its own transaction). */
export function createAuditService(deps: { db: Db; clock: Clock; regions: Pick<RegionsService, 'rootCodes'>; timeZone: string }) {
  const { db } = deps;
  return {
    /** Administrators of the whole city see every entry; one scoped lower sees the entries about regions in scope. */
    async page(ctx: RequestContext, q: AuditPageQuery): Promise<AuditPage> {
      if (!ctx.principal) throw problems.unauthenticated();
      ctx.principal.require('audit:read');
      const rootCodes = await deps.regions.rootCodes();
      const scopes = ctx.principal.scopesFor('audit:read');
      const regionScopes = scopes.some((s) => rootCodes.includes(s)) ? undefined : scopes;
      const before = decodeAuditCursor(q.cursor);
      const errors: FieldError[] = [];
      const dayStart = (field: 'from' | 'to', shift: number) => {
        const value = q[field];
        if (value === undefined) return undefined;
        // A day that does not exist (2026-02-30) is refused, not rolled over into the next month.
        const day = new Date(`${value}T00:00:00Z`);
        if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
          errors.push({ field, messageKey: 'validation.invalidDate' });
          return undefined;
        }
        try {
          return localDateTimeToEpochMs(addDaysToDate(value, shift), '00:00', deps.timeZone);
        } catch {
          errors.push({ field, messageKey: 'validation.invalidDate' });
          return undefined;
        }
      };
      const from = dayStart('from', 0);
      const to = dayStart('to', 1);
      if (errors.length > 0) throw problems.validation(errors);
      // The region filter narrows within the caller's scopes (both conditions hold), so it cannot reach outside them.
      const rows = await listAuditEntries(db, {
        action: q.action, entityType: q.entityType, entityId: q.entityId, actorUsername: q.user?.trim() || undefined, region: q.region,
        from, to, regionScopes, before, limit: q.limit + 1,
      });
      // Reading the log is itself audited, with the filter used (issue #14, finding 12); after the read, so a page
      // does not show its own entry.
      await recordListRead(db, deps.clock, ctx, scopes, {
        action: 'audit.read',
        entityType: 'audit',
        details: { filter: { action: q.action ?? null, entityType: q.entityType ?? null, entityId: q.entityId ?? null, user: q.user ?? null, region: q.region ?? null, from: q.from ?? null, to: q.to ?? null }, page: q.cursor ? 'next' : 'first', returned: Math.min(rows.length, q.limit) },
      });
      return pageOf(rows, q.limit, (last) => encodeCursor(last.at, last.id));
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
