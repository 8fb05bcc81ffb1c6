import type { NotificationsConfig } from '../../config.js';
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { createChannels, type LogFn } from './notifications.channels.js';
import { createNotificationWorker, startNotificationWorker, type WorkerRound } from './notifications.worker.js';

export interface NotificationJobsOptions {
  db: Db;
  clock: Clock;
  secretKey: Buffer;
  config: NotificationsConfig;
  /** Where the log channel writes messages (development). */
  log: LogFn;
  onDone: (result: WorkerRound) => void;
  onError: (err: unknown) => void;
  intervalMs?: number;
}

/** The in-process outbox worker, polling every few seconds. `describe()` says where each channel delivers. */
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
  const running = startNotificationWorker({ worker, intervalMs: options.intervalMs ?? 3_000, onDone: options.onDone, onError: options.onError });
  return {
    async stop() {
      await running.stop();
      channels.close();
    },
    describe: () => channels.describe(),
    logOnly: options.config.mode === 'log' || (!options.config.webhook && !options.config.smtp),
  };
}
