import type { NotificationsConfig } from '../../config.js';
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { createChannels, type LogFn } from './notifications.channels.js';
import { deleteFinishedBefore } from './notifications.repository.js';
import { createNotificationWorker, startNotificationWorker } from './notifications.worker.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface NotificationJobsOptions {
  db: Db;
  clock: Clock;
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
 * The in-process outbox worker, polling every few seconds, and the hourly retention purge.
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
  const purge = () => {
    purgeOldNotifications(options.db, options.clock.now(), options.config.retentionDays)
      .then((result) => result.deleted > 0 && options.onDone('notifications.purge', result))
      .catch((err: unknown) => options.onError('notifications.purge', err));
  };
  const purgeTimer = setInterval(purge, HOUR);
  purgeTimer.unref();
  return {
    async stop() {
      clearInterval(purgeTimer);
      await running.stop();
      channels.close();
    },
    describe: () => channels.describe(),
    logOnly: options.config.mode === 'log',
  };
}
