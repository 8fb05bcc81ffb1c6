import { sql } from 'kysely';
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
  /** Part of the actor's username, case-insensitive ("budi" finds "Budi.Santoso" and "lurah.budi"). */
  actorUsername?: string;
  /** Only entries about this region or a region inside it. */
  region?: string;
  /** Epoch ms: at or after `from`, before `to`. */
  from?: number;
  to?: number;
  /** Only entries about regions inside these scopes; undefined = all entries. */
  regionScopes?: string[];
}

/** A typed % or _ is itself, not a wildcard. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listAuditEntries(db: Db, q: AuditQuery): Promise<AuditLogTable[]> {
  let query = db.selectFrom('audit_log').selectAll();
  if (q.action) query = query.where('action', '=', q.action);
  if (q.entityType) query = query.where('entity_type', '=', q.entityType);
  if (q.entityId) query = query.where('entity_id', '=', q.entityId);
  if (q.actorUserId) query = query.where('actor_user_id', '=', q.actorUserId);
  if (q.actorUsername) {
    // ESCAPE spelled out: SQLite has no default escape character, PostgreSQL's is the backslash.
    const pattern = `%${escapeLike(q.actorUsername.toLowerCase())}%`;
    query = query.where(sql<boolean>`lower(${sql.ref('actor_username')}) like ${pattern} escape '\\'`);
  }
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
