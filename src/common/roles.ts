/**
 * Role codes of the public API (issue #2's interface). Dependency-free: the web client imports this file too
 * (src/web/api/types.ts), so the two lists cannot drift apart.
 */
export const ROLES = [
  'admin',
  'task_force',
  'approver',
  'village_officer',
  'adat_officer',
  'health_tracer',
  'health_worker',
  'enforcement_officer',
  'venue_manager',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
