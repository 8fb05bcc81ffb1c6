import { EVERY_HOUR, type Scheduler } from '../../shared/scheduler.js';

/**
 * Tracing housekeeping, hourly on the one scheduler: contacts whose quarantine has ended are discharged, closed cases
 * past their retention deleted. Idempotent.
 */
export function registerTracingJobs(scheduler: Scheduler, tracing: { dischargeDue(): Promise<number>; purgeExpired(): Promise<number> }): void {
  scheduler.add({
    name: 'tracing.housekeeping',
    pattern: EVERY_HOUR,
    run: async () => {
      const discharged = await tracing.dischargeDue();
      const purged = await tracing.purgeExpired();
      return discharged > 0 || purged > 0 ? { discharged, purged } : undefined;
    },
  });
}
