import type { Db } from '../../db/kysely.js';
import type { RoleAssignmentsTable } from './accounts.table.js';

/*
 * Reads of accounts that join another module's tables: `regions` (owned by the regions module), for the name of
 * each assignment's region.
 */

export function listAssignments(db: Db, userIds: string[]): Promise<(RoleAssignmentsTable & { region_name: string })[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('role_assignments as a')
    .innerJoin('regions as r', 'r.code', 'a.region_code')
    .selectAll('a')
    .select('r.name as region_name')
    .where('a.user_id', 'in', userIds)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
}
