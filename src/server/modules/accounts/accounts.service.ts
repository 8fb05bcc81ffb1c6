import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import type { RegionsService } from '../regions/index.js';
import { createAccountsAccess } from './accounts.access.js';
import { createSessionsService } from './sessions.service.js';
import { createUsersService } from './users.service.js';

export { LOCK_AFTER_FAILURES, LOCK_DURATION_MS, SESSION_COOKIE, SESSION_IDLE_MS } from './sessions.service.js';
export { createUserWithAssignments, type NewAssignment, type NewUser } from './new-user.js';

/** The accounts module, composed from its use cases: sessions (sign-in, the caller's own account) and users. */
export function createAccountsService(deps: { db: Db; clock: Clock; regions: RegionsService; timeZone: string }) {
  const access = createAccountsAccess({ db: deps.db, regions: deps.regions });
  return {
    ...createSessionsService({ db: deps.db, clock: deps.clock, access }),
    ...createUsersService({ ...deps, access }),
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
