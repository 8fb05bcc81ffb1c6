import type { Scheduler } from '../../shared/scheduler.js';

/** Every hour at minute 17: after the venues' band-days job (minute 7) has written the day before. */
export const PUBLISH_PATTERN = '0 17 * * * *';

/**
 * The open data's published days (open-data.service.ts `publish`): the settled days whose text changed since the last
 * run are rewritten, so a correction to a past day shows within the hour; the first start writes two years.
 */
export function registerOpenDataJobs(scheduler: Scheduler, openData: { publish: () => Promise<{ through: string; written: number }> }): void {
  scheduler.add({
    name: 'open-data.publish',
    pattern: PUBLISH_PATTERN,
    runAtStart: true,
    run: async () => {
      const result = await openData.publish();
      return result.written > 0 ? result : undefined;
    },
  });
}
