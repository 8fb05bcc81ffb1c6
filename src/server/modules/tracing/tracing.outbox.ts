import type { Db } from '../../db/kysely.js';
import type { NotificationMessage } from '../notifications/index.js';

/** A message for the notification outbox (modules/notifications), written in the caller's transaction. */
export type OutboxMessage = NotificationMessage;

export type EnqueueFn = (trx: Db, message: OutboxMessage) => Promise<unknown>;
