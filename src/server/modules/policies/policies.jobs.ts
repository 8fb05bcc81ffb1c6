/**
 * The policies area's daily job, on the one scheduler: right after start-up (catch-up) and then one minute after every
 * local midnight, it advances village PKM lifecycles and stores the day's zone of every desa/kelurahan (see
 * PoliciesService.runDaily). Several API processes may each run it: every step is idempotent.
 */
import { DAILY_AFTER_MIDNIGHT, type Scheduler } from '../../shared/scheduler.js';

export function registerPoliciesJobs(scheduler: Scheduler, policies: { runDaily: () => Promise<unknown> }): void {
  scheduler.add({ name: 'policies.daily', pattern: DAILY_AFTER_MIDNIGHT, runAtStart: true, run: () => policies.runDaily() });
}
