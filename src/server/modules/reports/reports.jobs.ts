import type { Scheduler } from '../../shared/scheduler.js';

/** Every Monday at 08:00 in the city's time zone (WITA): last week's report to the subscribed task force. */
export const MONDAY_0800 = '0 0 8 * * 1';

/**
 * The scheduler's job-run claim makes one node of many run each Monday's send; the outbox's dedupe key (week, account)
 * keeps a second run of the same week (a retry, a manual run) from sending anything twice.
 */
export function registerReportJobs(scheduler: Scheduler, reports: { sendWeekly: () => Promise<unknown> }): void {
  scheduler.add({ name: 'reports.weekly', pattern: MONDAY_0800, run: () => reports.sendWeekly() });
}
