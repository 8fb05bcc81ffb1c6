import { type Role } from '../../../common/roles.js';

export { ROLES, isRole, type Role } from '../../../common/roles.js';

const STAFF: Role[] = ['admin', 'task_force', 'approver', 'village_officer', 'adat_officer', 'health_tracer', 'health_worker', 'enforcement_officer', 'viewer'];

/**
 * Which roles grant which permission. One table, read by every route's `config.permission` and by services for
 * region checks. A permission is always exercised inside the region scope of the assignment that grants it.
 */
export const PERMISSION_ROLES = {
  'regions:manage': ['admin'],
  'users:manage': ['admin'],
  'audit:read': ['admin'],
  'staff:dashboard': STAFF,
  // Zones, rule sets and village PKM (issue #3). All region-scoped.
  'zones:manage': ['admin', 'task_force'],
  'rules:read': STAFF,
  'rules:manage': ['admin', 'task_force'],
  'pkm:read': STAFF,
  'pkm:submit': ['village_officer', 'adat_officer'],
  'pkm:review': ['task_force'],
  'pkm:approve': ['approver'],
  // Venues (issue #4). A venue manager's assignment sits at the city root; which venues they may touch is decided by
  // ownership (venue_managers), never by that region scope. The other venue permissions are region-scoped as usual.
  'venues:register': ['venue_manager', 'admin'],
  'venues:read': STAFF,
  'venues:verify': ['village_officer', 'admin'],
  'venues:inspect': ['village_officer', 'enforcement_officer', 'adat_officer', 'admin'],
  // Check-ins (issue #5). Venue managers and their staff enter desk and paper visits through ownership.
  'visits:record': ['village_officer', 'admin'],
  'checkins:oversee': ['task_force', 'village_officer', 'adat_officer', 'enforcement_officer', 'admin'],
  // Contact tracing (issue #6): cases, exposures, contacts and clusters; region-scoped by the case's residence.
  'cases:read': ['health_tracer', 'admin'],
  'cases:manage': ['health_tracer', 'admin'],
  // Health records (issue #16): vaccinations and test results, entered by health tracers and a puskesmas's health
  // workers, in the region of their assignment (the puskesmas's kecamatan or desa).
  'health:record': ['health_tracer', 'health_worker'],
  // Enforcement (issue #15): violations and sanctions, region-scoped by the desa (or desa adat) where they happened.
  // Correcting or annulling a sanction is the city task force's; adat sanctions are the desa adat's own officers'.
  'enforcement:read': ['enforcement_officer', 'task_force', 'adat_officer', 'admin'],
  'enforcement:record': ['enforcement_officer', 'task_force', 'adat_officer'],
  'enforcement:correct': ['task_force'],
  'enforcement:adat': ['adat_officer'],
  // Border posts: the task force sets them up; the officers staffing a post (Satpol PP, the desa's satgas, pecalang)
  // log checks there, in the post's region.
  'checkpoints:manage': ['task_force', 'admin'],
  'checkpoints:check': ['enforcement_officer', 'task_force', 'village_officer', 'adat_officer'],
  // Newcomers' self-reports (lapor diri): the village officer of the address follows them up.
  'arrivals:read': ['village_officer', 'task_force', 'admin'],
  'arrivals:manage': ['village_officer'],
  // Self-screening (issue #16): the health facilities residents are sent to (kept by the administrators of their
  // region, read by all staff), and the screening answers a resident sent to the puskesmas of their kecamatan.
  'facilities:read': STAFF,
  'facilities:manage': ['admin'],
  'screening:referrals': ['health_tracer', 'admin'],
  // Dashboards and the weekly evaluation report (issue #17): the task force, the mayor (approver) and village
  // officers, each for the regions of their assignment.
  'dashboards:read': ['task_force', 'approver', 'village_officer'],
  // Notifications (issue #6): the outbox operator view (counts, failed messages, retry).
  'notifications:manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSION_ROLES;

/**
 * Route-level marker: 'public' needs no session, 'authenticated' any staff session, else a named permission;
 * 'resident' a resident's own session (signed in by phone, citizen module), which no staff session replaces.
 */
export type RouteAccess = 'public' | 'authenticated' | 'resident' | Permission;

export function rolesGranting(permission: Permission): readonly Role[] {
  return PERMISSION_ROLES[permission];
}

export function permissionsOfRole(role: Role): Permission[] {
  return (Object.keys(PERMISSION_ROLES) as Permission[]).filter((p) => (PERMISSION_ROLES[p] as readonly Role[]).includes(role));
}
