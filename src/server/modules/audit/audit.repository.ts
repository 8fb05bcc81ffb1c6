import type { Db } from '../../db/kysely.js';
import type { AuditLogTable } from './audit.table.js';

export async function insertAuditEntry(db: Db, row: AuditLogTable): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

export interface AuditQuery {
  before?: { at: number; id: string };
  limit: number;
  action?: string;
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  /** The actor's username, exactly (case-insensitive). */
  actorUsername?: string;
  /** Only entries about this region or a region inside it. */
  region?: string;
  /** Epoch ms: at or after `from`, before `to`. */
  from?: number;
  to?: number;
  /** Only entries about regions inside these scopes; undefined = all entries. */
  regionScopes?: string[];
}

export async function listAuditEntries(db: Db, q: AuditQuery): Promise<AuditLogTable[]> {
  let query = db.selectFrom('audit_log').selectAll();
  if (q.action) query = query.where('action', '=', q.action);
  if (q.entityType) query = query.where('entity_type', '=', q.entityType);
  if (q.entityId) query = query.where('entity_id', '=', q.entityId);
  if (q.actorUserId) query = query.where('actor_user_id', '=', q.actorUserId);
  if (q.actorUsername) query = query.where((eb) => eb(eb.fn('lower', ['actor_username']), '=', q.actorUsername!.toLowerCase()));
  const region = q.region;
  if (region) query = query.where((eb) => eb.or([eb('region_code', '=', region), eb('region_code', 'like', `${region}.%`)]));
  if (q.from !== undefined) query = query.where('at', '>=', q.from);
  if (q.to !== undefined) query = query.where('at', '<', q.to);
  const scopes = q.regionScopes;
  if (scopes) {
    query = query.where((eb) => eb.or(scopes.flatMap((s) => [eb('region_code', '=', s), eb('region_code', 'like', `${s}.%`)])));
  }
  const before = q.before;
  if (before) {
    query = query.where((eb) =>
      eb.or([eb('at', '<', before.at), eb.and([eb('at', '=', before.at), eb('id', '<', before.id)])]),
    );
  }
  return query.orderBy('at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
}
