import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { deriveKey } from '../../shared/crypto.js';
import type { RegionsService } from '../regions/index.js';
import { createAccountsAccess } from './accounts.access.js';
import { createSessionsService } from './sessions.service.js';
import { createTwoFactorService } from './two-factor.service.js';
import { createPreferencesService } from './preferences.service.js';
import { createUsersService } from './users.service.js';

export { LOGIN_CHALLENGE_ATTEMPTS, LOGIN_CHALLENGE_MS, SESSION_COOKIE, SESSION_IDLE_MS } from './sessions.service.js';
export { TWO_FACTOR_RECOMMENDED_ROLES } from './two-factor.service.js';
export { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_S, LOCK_AFTER_FAILURES, LOCK_DURATION_MS, LOCK_MAX_MS, LOGIN_ADDRESS_WINDOW_MS, LOGINS_PER_ADDRESS, WRONG_CURRENT_PASSWORD_WINDOW_MS, WRONG_CURRENT_PASSWORDS } from './login-throttle.js';
export { createUserWithAssignments, type NewAssignment, type NewUser } from './new-user.js';

/** The accounts module, composed from its use cases: sessions (sign-in, the caller's own account), two-factor and users. */
export function createAccountsService(deps: { db: Db; clock: Clock; regions: RegionsService; timeZone: string; cityName: string; secretKey: Buffer }) {
  const access = createAccountsAccess({ db: deps.db, clock: deps.clock, regions: deps.regions });
  const secondFactorKeys = { totpKey: deriveKey(deps.secretKey, 'totp-secret'), recoveryKey: deriveKey(deps.secretKey, 'recovery-code') };
  return {
    ...createSessionsService({ db: deps.db, clock: deps.clock, access, deviceKey: deriveKey(deps.secretKey, 'device-cookie'), secondFactorKeys, cityName: deps.cityName }),
    ...createTwoFactorService({ db: deps.db, clock: deps.clock, access, regions: deps.regions, keys: secondFactorKeys }),
    ...createUsersService({ ...deps, access }),
    ...createPreferencesService({ db: deps.db, clock: deps.clock }),
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
