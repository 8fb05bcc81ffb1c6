import type { Db } from '../../db/kysely.js';

/*
 * The resident's "who read my data" (issue #16) joins two other modules' tables, in this one named place:
 * `audit_log` (audit: the staff reads of the resident's records) and `role_assignments` (accounts: the role and region
 * a reader acted in; the log names the account, never shown to the resident). Nothing here writes.
 */

export interface AuditedRead {
  at: number;
  actorUserId: string;
  action: string;
  regionCode: string | null;
  details: string | null;
}

/** The entity types whose reads a resident sees, with the ids of their own records of each. */
export type RecordIds = Partial<Record<'visit' | 'case' | 'contact' | 'violation', readonly string[]>>;

/** Audited staff actions on the given records (an account acted: the system's and the resident's own are left out), oldest first. */
export async function staffActionsOn(db: Db, records: RecordIds): Promise<AuditedRead[]> {
  const groups = Object.entries(records).filter((entry): entry is [string, readonly string[]] => entry[1] !== undefined && entry[1].length > 0);
  if (groups.length === 0) return [];
  const rows = await db
    .selectFrom('audit_log')
    .select(['at', 'actor_user_id', 'action', 'region_code', 'details'])
    .where('actor_user_id', 'is not', null)
    .where((eb) => eb.or(groups.map(([type, ids]) => eb.and([eb('entity_type', '=', type), eb('entity_id', 'in', ids)]))))
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ at: Number(r.at), actorUserId: r.actor_user_id as string, action: r.action, regionCode: r.region_code, details: r.details }));
}

/** The role assignments of these accounts (which role a reader acted in). */
export function assignmentsOf(db: Db, userIds: readonly string[]): Promise<{ user_id: string; role: string; region_code: string }[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('role_assignments').select(['user_id', 'role', 'region_code']).where('user_id', 'in', userIds).execute();
}
