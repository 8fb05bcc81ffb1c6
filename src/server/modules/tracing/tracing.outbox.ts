import type { Db } from '../../db/kysely.js';
import type { Language } from '../../shared/language.js';

/** A message for the notification outbox (modules/notifications), written in the caller's transaction. */
export interface OutboxMessage {
  channel: 'sms' | 'email' | 'inbox';
  recipient: string;
  body: string;
  subject?: string;
  lang?: Language;
  dedupeKey: string;
  personKey?: string | null;
}

export type EnqueueFn = (trx: Db, message: OutboxMessage) => Promise<unknown>;
