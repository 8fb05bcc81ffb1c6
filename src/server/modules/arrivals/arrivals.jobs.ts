import { DAILY_AFTER_MIDNIGHT, type Scheduler } from '../../shared/scheduler.js';

/** Retention: newcomers' reports are deleted a while after their self-isolation ended. Idempotent. */
export function registerArrivalJobs(scheduler: Scheduler, arrivals: { purgeExpired(): Promise<number> }): void {
  scheduler.add({
    name: 'arrivals.retention',
    pattern: DAILY_AFTER_MIDNIGHT,
    run: async () => {
      const deleted = await arrivals.purgeExpired();
      return deleted > 0 ? { deleted } : undefined;
    },
  });
}
