import { EVERY_MINUTE, type Scheduler } from '../../shared/scheduler.js';
import type { SanctionEffects } from './sanction-effects.js';

/** A venue whose sanction suspension has ended takes check-ins again within a minute. Idempotent. */
export function registerVenueJobs(scheduler: Scheduler, effects: Pick<SanctionEffects, 'reopenEndedSuspensions'>): void {
  scheduler.add({
    name: 'venues.reopen-suspended',
    pattern: EVERY_MINUTE,
    run: async () => {
      const reopened = await effects.reopenEndedSuspensions();
      return reopened > 0 ? { reopened } : undefined;
    },
  });
}
