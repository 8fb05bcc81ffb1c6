import { EVERY_MINUTE, type Scheduler } from '../../shared/scheduler.js';
import type { SanctionEffects } from './sanction-effects.js';

/** A venue whose sanction suspension has ended takes check-ins again within a minute. Idempotent. */
/** Every five minutes: the rules that came into force or ended by the calendar, and changes made on another process. */
export const RULES_CHECK_PATTERN = '0 */5 * * * *';

/** Every hour at minute 7: venues by compliance band, today so far and the day before it finished. */
export const BAND_DAYS_PATTERN = '0 7 * * * *';

export function registerVenueJobs(
  scheduler: Scheduler,
  effects: Pick<SanctionEffects, 'reopenEndedSuspensions'>,
  rulesNotices?: { checkRulesChanges: () => Promise<{ told: number; firstSeen: number }> },
  bandDays?: { refresh: () => Promise<{ from: string; to: string; rows: number } | null> },
): void {
  if (bandDays) {
    // The open data's venues by band (venue-band-days.ts): rewrites from the last day written (which may have been
    // written before it ended) to today, from the score history; at the first start it fills the past the same way.
    scheduler.add({ name: 'venues.band-days', pattern: BAND_DAYS_PATTERN, runAtStart: true, run: async () => (await bandDays.refresh()) ?? undefined });
  }
  if (rulesNotices) {
    // A manager is told once when the rules in force for their venue change (rules-notices.service.ts). The job-run
    // claim runs each due pass on one node; a pass racing a publish's trigger still tells each change once.
    scheduler.add({
      name: 'venues.rules-changes',
      pattern: RULES_CHECK_PATTERN,
      runAtStart: true,
      run: async () => {
        const r = await rulesNotices.checkRulesChanges();
        return r.told > 0 || r.firstSeen > 0 ? r : undefined;
      },
    });
  }
  scheduler.add({
    name: 'venues.reopen-suspended',
    pattern: EVERY_MINUTE,
    run: async () => {
      const reopened = await effects.reopenEndedSuspensions();
      return reopened > 0 ? { reopened } : undefined;
    },
  });
}
