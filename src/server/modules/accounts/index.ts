/* The front door of the accounts module: what app.ts, the auth plugin and other modules may use. */
export {
  createAccountsService,
  DEVICE_COOKIE,
  DEVICE_COOKIE_MAX_AGE_S,
  LOCK_AFTER_FAILURES,
  LOCK_DURATION_MS,
  LOCK_MAX_MS,
  LOGIN_ADDRESS_WINDOW_MS,
  LOGIN_CHALLENGE_ATTEMPTS,
  LOGIN_CHALLENGE_MS,
  LOGINS_PER_ADDRESS,
  TWO_FACTOR_RECOMMENDED_ROLES,
  WRONG_CURRENT_PASSWORD_WINDOW_MS,
  WRONG_CURRENT_PASSWORDS,
  SESSION_COOKIE,
  SESSION_IDLE_MS,
  type AccountsService,
  type NewAssignment,
} from './accounts.service.js';
export { accountsRoutes } from './accounts.routes.js';
export { Principal, type Assignment } from './principal.js';
export { isRole, PERMISSION_ROLES, permissionsOfRole, ROLES, rolesGranting, type Permission, type Role, type RouteAccess } from './permissions.js';
export { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.js';
export type { RoleAssignmentsTable, SessionsTable, UsersTable } from './accounts.table.js';
