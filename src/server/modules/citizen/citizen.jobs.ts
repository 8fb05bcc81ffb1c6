import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { DAILY_AFTER_MIDNIGHT, type Scheduler } from '../../shared/scheduler.js';
import { purgeSignInRows } from './citizen.repository.js';

const DAY = 24 * 60 * 60_000;

/** Retention of the sign-in's own rows: expired sessions, codes after a day, old guess counts. Idempotent. */
export function registerCitizenJobs(scheduler: Scheduler, options: { db: Db; clock: Clock }): void {
  scheduler.add({
    name: 'citizen.sign-in-retention',
    pattern: DAILY_AFTER_MIDNIGHT,
    run: async () => {
      const now = options.clock.now();
      await purgeSignInRows(options.db, now, now - DAY);
      return undefined;
    },
  });
}
