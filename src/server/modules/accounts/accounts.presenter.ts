import { toIso } from '../../shared/clock.js';
import type { RoleAssignmentsTable, UsersTable } from './accounts.table.js';
import { permissionsOfRole, type Permission, type Role } from './permissions.js';
import type { TwoFactorState } from './two-factor-state.js';

export type AssignmentRow = RoleAssignmentsTable & { region_name: string };

export function presentAssignment(a: AssignmentRow) {
  return { id: a.id, role: a.role, regionCode: a.region_code, regionName: a.region_name };
}

/** The fields of a staff account that leave the server; never the hash or the failed-login counter. */
export function presentUser(user: UsersTable, assignments: AssignmentRow[], timeZone: string, now: number, twoFactor: TwoFactorState['status']) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    disabled: user.disabled === 1,
    lockedUntil: user.locked_until !== null && user.locked_until > now ? toIso(user.locked_until, timeZone) : null,
    createdAt: toIso(user.created_at, timeZone),
    assignments: assignments.map(presentAssignment),
    /** Whether the user has two-factor sign-in (an administrator may reset it). */
    twoFactor,
  };
}

export function presentMe(user: UsersTable, assignments: AssignmentRow[], twoFactor: TwoFactorState) {
  const permissions = new Set<Permission>();
  for (const a of assignments) for (const p of permissionsOfRole(a.role as Role)) permissions.add(p);
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    assignments: assignments.map(presentAssignment),
    permissions: [...permissions].sort(),
    twoFactor: { status: twoFactor.status, required: twoFactor.required },
  };
}
