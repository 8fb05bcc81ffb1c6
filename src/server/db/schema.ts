import type { AuditLogTable } from '../modules/audit/audit.table.js';
import type { RoleAssignmentsTable, SessionsTable, UsersTable } from '../modules/accounts/accounts.table.js';
import type { RegionOverlapsTable, RegionsTable } from '../modules/regions/regions.table.js';

/** Every table, typed once in its module's *.table.ts. */
export interface Database {
  regions: RegionsTable;
  region_overlaps: RegionOverlapsTable;
  users: UsersTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
}
