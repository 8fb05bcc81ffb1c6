import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { deriveKey } from '../../shared/crypto.js';
import type { RegionsService } from '../regions/index.js';
import { createAccountsAccess } from './accounts.access.js';
import { createSessionsService } from './sessions.service.js';
import { createUsersService } from './users.service.js';

export { SESSION_COOKIE, SESSION_IDLE_MS } from './sessions.service.js';
export { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_S, LOCK_AFTER_FAILURES, LOCK_DURATION_MS, LOCK_MAX_MS, LOGIN_ADDRESS_WINDOW_MS, LOGINS_PER_ADDRESS, WRONG_CURRENT_PASSWORD_WINDOW_MS, WRONG_CURRENT_PASSWORDS } from './login-throttle.js';
export { createUserWithAssignments, type NewAssignment, type NewUser } from './new-user.js';

/** The accounts module, composed from its use cases: sessions (sign-in, the caller's own account) and users. */
export function createAccountsService(deps: { db: Db; clock: Clock; regions: RegionsService; timeZone: string; cityName: string; secretKey: Buffer }) {
  const access = createAccountsAccess({ db: deps.db, clock: deps.clock, regions: deps.regions });
  return {
    ...createSessionsService({ db: deps.db, clock: deps.clock, access, deviceKey: deriveKey(deps.secretKey, 'device-cookie'), cityName: deps.cityName }),
    ...createUsersService({ ...deps, access }),
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
