import type { NotificationsConfig } from '../../config.js';
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { EVERY_HOUR, type Scheduler } from '../../shared/scheduler.js';
import { createChannels, type LogFn } from './notifications.channels.js';
import { deleteFinishedBefore } from './notifications.repository.js';
import { createNotificationWorker, startNotificationWorker } from './notifications.worker.js';

const DAY = 86_400_000;

export interface NotificationJobsOptions {
  db: Db;
  clock: Clock;
  /** The one scheduler: the hourly retention purge is a periodic job on it. */
  scheduler: Scheduler;
  secretKey: Buffer;
  config: NotificationsConfig;
  /** Where the log channel writes messages (development). */
  log: LogFn;
  onDone: (job: string, result: unknown) => void;
  onError: (job: string, err: unknown) => void;
  intervalMs?: number;
}

/** Retention: sent and failed messages (encrypted recipients and texts) go after `retentionDays`. */
export async function purgeOldNotifications(db: Db, now: number, retentionDays: number): Promise<{ deleted: number }> {
  return { deleted: await deleteFinishedBefore(db, now - retentionDays * DAY) };
}

/**
 * The in-process outbox worker, polling every few seconds, and the hourly retention purge (on the one scheduler).
 * The worker stays a loop of its own: it is a queue consumer whose cadence is delivery latency, not a calendar, and
 * whose stop() must wait for a send in flight before the channels close.
 * `describe()` says where each channel delivers (for the start-up banner).
 */
export function startNotificationJobs(options: NotificationJobsOptions): { stop(): Promise<void>; describe(): string[]; logOnly: boolean } {
  const channels = createChannels(options.config, options.log);
  const timeouts = [options.config.webhook?.timeoutMs ?? 0, options.config.smtp?.timeoutMs ?? 0];
  const worker = createNotificationWorker({
    db: options.db,
    clock: options.clock,
    secretKey: options.secretKey,
    channels,
    maxAttempts: options.config.maxAttempts,
    // A lease far longer than one send: it only matters when a process dies mid-send.
    leaseMs: Math.max(60_000, 3 * Math.max(...timeouts)),
  });
  const running = startNotificationWorker({
    worker,
    intervalMs: options.intervalMs ?? 3_000,
    onDone: (round) => options.onDone('notifications.deliver', round),
    onError: (err) => options.onError('notifications.deliver', err),
  });
  const purge = options.scheduler.add({
    name: 'notifications.purge',
    pattern: EVERY_HOUR,
    run: async () => {
      const result = await purgeOldNotifications(options.db, options.clock.now(), options.config.retentionDays);
      return result.deleted > 0 ? result : undefined;
    },
  });
  return {
    async stop() {
      purge.stop();
      await purge.idle();
      await running.stop();
      channels.close();
    },
    describe: () => channels.describe(),
    logOnly: options.config.mode === 'log',
  };
}
