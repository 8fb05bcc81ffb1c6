import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { DAILY_AFTER_MIDNIGHT, EVERY_MINUTE, type Scheduler } from '../../shared/scheduler.js';
import { usualStayMinutes, VENUE_TYPES } from '../../../common/reference/sectors.js';
import { staleOpenVisits } from './checkins.read-model.js';
import { clearRatingCommentsBefore, closeVisitAndCount, deleteAttemptsBefore, deleteVisitsBefore } from './checkins.repository.js';
import { defaultPartitionRows, dropVisitPartitionsBefore, ensureVisitPartitions } from './visit-partitions.repository.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Day partitions of visits kept ahead of today (PostgreSQL; the migration creates the same horizon). */
export const VISIT_PARTITION_DAYS_AHEAD = 7;
const SHORTEST_STAY_MINUTES = Math.min(...VENUE_TYPES.map((t) => t.usualStayMinutes));

/**
 * Visits never checked out end after their venue type's usual stay (1 h at a warung, 9 h at an office), marked as
 * estimated so that tracing can tell a real check-out from a guess.
 */
export async function closeOverdueVisits(db: Db, now: number, batchSize = 1000): Promise<number> {
  let closed = 0;
  for (;;) {
    const candidates = await staleOpenVisits(db, now - SHORTEST_STAY_MINUTES * MINUTE, batchSize);
    const due = candidates.filter((v) => v.t_in + usualStayMinutes(v.venue_type) * MINUTE <= now);
    for (const v of due) {
      const end = v.t_in + usualStayMinutes(v.venue_type) * MINUTE;
      await db.transaction().execute(async (trx) => {
        if (await closeVisitAndCount(trx, v, end, 'auto', true)) closed++;
      });
    }
    if (candidates.length < batchSize || due.length === 0) return closed;
  }
}

/**
 * Retention: visits (names and phone numbers, encrypted) are deleted once older than the retention period, and with
 * them the free-text comments of ratings; the rating scores stay, anonymous, for the venues' compliance history.
 * A visit still open (never checked out, not yet auto-closed) stays. On PostgreSQL whole day partitions before the
 * limit go first (DETACH + DROP: no long DELETE, no bloat); the row DELETE then takes what is left before the limit
 * (the partial day, the closed visits of a day that still holds an open one, the legacy partition, the default).
 */
export async function purgeExpiredVisits(db: Db, now: number, retentionDays: number): Promise<{ visits: number; partitionsDropped?: string[] }> {
  const before = now - retentionDays * DAY;
  const dropped = await dropVisitPartitionsBefore(db, before);
  const visits = await db.transaction().execute(async (trx) => {
    const deleted = await deleteVisitsBefore(trx, before);
    await clearRatingCommentsBefore(trx, before);
    await deleteAttemptsBefore(trx, before);
    return deleted;
  });
  return dropped.partitions.length > 0 ? { visits: visits + dropped.visits, partitionsDropped: dropped.partitions } : { visits };
}

/**
 * PostgreSQL: the day partitions of visits for today and the days ahead exist before their first check-in (an insert
 * for a day without one lands in the default partition, and is moved out when its day is created). Nothing on SQLite.
 */
export async function keepVisitPartitions(db: Db, now: number): Promise<{ created: string[]; inDefault: number } | undefined> {
  const created = await ensureVisitPartitions(db, now, VISIT_PARTITION_DAYS_AHEAD);
  const inDefault = await defaultPartitionRows(db);
  return created.length > 0 || inDefault > 0 ? { created, inDefault } : undefined;
}

export interface CheckinJobsOptions {
  db: Db;
  clock: Clock;
  retentionDays: number;
}

/** Auto-close every minute; day partitions ahead and the retention purge after every local midnight (and once at start). Idempotent steps. */
export function registerCheckinJobs(scheduler: Scheduler, options: CheckinJobsOptions): void {
  scheduler.add({
    name: 'visits.auto_close',
    pattern: EVERY_MINUTE,
    run: async () => {
      const closed = await closeOverdueVisits(options.db, options.clock.now());
      return closed > 0 ? { closed } : undefined;
    },
  });
  scheduler.add({
    name: 'visits.partitions',
    pattern: DAILY_AFTER_MIDNIGHT,
    runAtStart: true,
    run: () => keepVisitPartitions(options.db, options.clock.now()),
  });
  scheduler.add({
    name: 'visits.purge',
    pattern: DAILY_AFTER_MIDNIGHT,
    runAtStart: true,
    run: () => purgeExpiredVisits(options.db, options.clock.now(), options.retentionDays),
  });
}
