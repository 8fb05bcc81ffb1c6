import { problems } from '../../shared/errors.js';
import { isWithinRegion } from '../regions/index.js';
import { rolesGranting, type Permission, type Role } from './permissions.js';

export interface Assignment {
  id: string;
  role: Role;
  regionCode: string;
}

/** The logged-in staff member, with the checks every service uses before it reads or writes. */
export class Principal {
  constructor(
    readonly userId: string,
    readonly username: string,
    readonly displayName: string,
    readonly assignments: readonly Assignment[],
    /**
     * Two-factor sign-in is mandatory for one of this person's roles and not set up yet: the session may only set it
     * up (the auth plugin refuses every other route with 403 `two-factor-required`).
     */
    readonly twoFactorEnrolmentRequired = false,
  ) {}

  /** Region codes in which this person holds the permission (each covers everything below it). */
  scopesFor(permission: Permission): string[] {
    const roles = rolesGranting(permission);
    return this.assignments.filter((a) => roles.includes(a.role)).map((a) => a.regionCode);
  }

  can(permission: Permission): boolean {
    return this.scopesFor(permission).length > 0;
  }

  canIn(permission: Permission, regionCode: string): boolean {
    return this.scopesFor(permission).some((scope) => isWithinRegion(regionCode, scope));
  }

  /** Throws 403: without the permission at all, or (with a region) outside every scope that grants it. */
  require(permission: Permission, regionCode?: string): void {
    if (!this.can(permission)) throw problems.forbidden();
    if (regionCode !== undefined && !this.canIn(permission, regionCode)) throw problems.outOfScope(regionCode);
  }
}
