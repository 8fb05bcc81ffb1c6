import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { randomToken } from '../../shared/crypto.js';
import { DeliveryError, type NotificationChannels, type NotificationSender } from './notifications.channels.js';
import { notificationDataKey, openNotification } from './notifications.outbox.js';
import { claimNotification, dueNotificationIds, markAttemptFailed, markSent } from './notifications.repository.js';
import type { NotificationsTable } from './notifications.table.js';

export interface NotificationWorkerOptions {
  db: Db;
  clock: Clock;
  /** The instance key (config.secretKey). */
  secretKey: Buffer;
  channels: NotificationChannels;
  maxAttempts: number;
  /**
   * How long a claimed message is held. Must outlast one send (channel timeout) by a wide margin: a lease that runs
   * out mid-send would let a second worker send the same message.
   */
  leaseMs: number;
  /** Back-off: first retry after about baseDelayMs, doubling up to maxDelayMs, each with jitter (50–100 %). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  batchSize?: number;
  /** Messages sent in parallel within one round. */
  concurrency?: number;
  random?: () => number;
}

export interface WorkerRound {
  sent: number;
  retried: number;
  failed: number;
}

/** Exponential back-off with "equal jitter": half the delay fixed, half random, so retries of many messages spread out. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(delay / 2 + (random() * delay) / 2);
}

/**
 * Delivers the outbox: claims due messages one by one with a lease (a conditional UPDATE that only one worker can win,
 * on either database), sends, and marks sent only after the channel confirmed. A failure puts the message back with
 * a later due time, or marks it failed after maxAttempts (kept for the operator). A process that dies while holding
 * a lease leaves the message queued: once the lease runs out another worker sends it.
 */
export function createNotificationWorker(options: NotificationWorkerOptions) {
  const { db, clock, channels } = options;
  const key = notificationDataKey(options.secretKey);
  const baseDelayMs = options.baseDelayMs ?? 30_000;
  const maxDelayMs = options.maxDelayMs ?? 3_600_000;
  const batchSize = options.batchSize ?? 50;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const random = options.random ?? Math.random;

  function senderOf(row: NotificationsTable): NotificationSender | null {
    switch (row.channel) {
      case 'sms':
        return channels.sms;
      case 'email':
        return channels.email;
      case 'inbox':
        return null;
    }
  }

  async function deliver(id: string, round: WorkerRound): Promise<void> {
    const token = randomToken(16);
    const row = await claimNotification(db, id, clock.now(), clock.now() + options.leaseMs, token);
    if (!row) return; // another worker took it, or it is no longer due
    const sender = senderOf(row);
    try {
      if (sender) await sender.send(openNotification(key, row));
    } catch (err) {
      const error = err instanceof DeliveryError ? err.message : 'unexpected error in the channel';
      const permanent = err instanceof DeliveryError && err.permanent;
      const now = clock.now();
      const giveUp = permanent || row.attempts >= options.maxAttempts;
      await markAttemptFailed(db, id, token, now, {
        status: giveUp ? 'failed' : 'queued',
        nextAttemptAt: giveUp ? now : now + backoffDelay(row.attempts, baseDelayMs, maxDelayMs, random),
        error: `attempt ${row.attempts}: ${error}`,
      });
      if (giveUp) round.failed++;
      else round.retried++;
      return;
    }
    if (await markSent(db, id, token, clock.now())) round.sent++;
  }

  return {
    /** One round: every message due now, `concurrency` at a time. */
    async runOnce(): Promise<WorkerRound> {
      const round: WorkerRound = { sent: 0, retried: 0, failed: 0 };
      const ids = await dueNotificationIds(db, clock.now(), batchSize);
      let next = 0;
      const lanes = Array.from({ length: Math.min(concurrency, ids.length) }, async () => {
        while (next < ids.length) {
          const id = ids[next++]!;
          await deliver(id, round);
        }
      });
      await Promise.all(lanes);
      return round;
    },
  };
}

export type NotificationWorker = ReturnType<typeof createNotificationWorker>;

export interface StartWorkerOptions {
  worker: NotificationWorker;
  intervalMs: number;
  onDone: (result: WorkerRound) => void;
  onError: (err: unknown) => void;
}

/** Polls every few seconds; `stop()` stops polling and resolves once the round in flight (if any) has finished. */
export function startNotificationWorker(options: StartWorkerOptions): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = options.worker
      .runOnce()
      .then((round) => {
        if (round.sent + round.retried + round.failed > 0) options.onDone(round);
      })
      .catch((err: unknown) => options.onError(err))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
