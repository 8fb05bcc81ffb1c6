import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/kysely.js';
import type { Database } from '../../db/schema.js';
import type { NotificationChannel, NotificationStatus, NotificationsTable } from './notifications.table.js';

/** Inserts unless the dedupe key is taken; true when this call stored the row. */
export async function insertNotification(db: Db, row: NotificationsTable): Promise<boolean> {
  const result = await db
    .insertInto('notifications')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function findIdByDedupeKey(db: Db, dedupeKey: string): Promise<string | undefined> {
  const row = await db.selectFrom('notifications').select('id').where('dedupe_key', '=', dedupeKey).executeTakeFirst();
  return row?.id;
}

/** Queued messages that are due and not held by a live lease, oldest due first. */
export async function dueNotificationIds(db: Db, now: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('notifications')
    .select('id')
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Takes the lease on one message: a conditional update, so of two workers (or processes) racing for the same row
 * exactly one changes it. Counts the attempt at claim time, so a process dying mid-send still uses up an attempt.
 */
export async function claimNotification(db: Db, id: string, now: number, leaseUntil: number, token: string): Promise<NotificationsTable | undefined> {
  const result = await db
    .updateTable('notifications')
    .set((eb) => ({ lease_until: leaseUntil, lease_token: token, attempts: eb('attempts', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  return db.selectFrom('notifications').selectAll().where('id', '=', id).where('lease_token', '=', token).executeTakeFirst();
}

/** Marks sent: only while the lease is still ours. */
export async function markSent(db: Db, id: string, token: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('notifications')
    .set({ status: 'sent', sent_at: now, lease_until: null, lease_token: null, last_error: null, updated_at: now })
    .where('id', '=', id)
    .where('lease_token', '=', token)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Back to the queue for a later attempt, or failed for good. */
export async function markAttemptFailed(
  db: Db,
  id: string,
  token: string,
  now: number,
  outcome: { status: 'queued' | 'failed'; nextAttemptAt: number; error: string },
): Promise<boolean> {
  const result = await db
    .updateTable('notifications')
    .set({ status: outcome.status, next_attempt_at: outcome.nextAttemptAt, lease_until: null, lease_token: null, last_error: outcome.error, updated_at: now })
    .where('id', '=', id)
    .where('lease_token', '=', token)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Only messages whose region lies within one of `scopes` (prefix match on the hierarchical codes); undefined = every
 * message, the city-level ones (no region) included.
 */
export type OutboxScopes = readonly string[] | undefined;

function inScopes<QB extends SelectQueryBuilder<Database, 'notifications', object>>(q: QB, scopes: OutboxScopes): QB {
  if (scopes === undefined) return q;
  if (scopes.length === 0) return q.where(sql<boolean>`1 = 0`) as QB;
  return q.where((eb) => eb.or(scopes.flatMap((s) => [eb('region_code', '=', s), eb('region_code', 'like', `${s}.%`)]))) as QB;
}

export async function countByStatus(db: Db, scopes: OutboxScopes): Promise<Record<NotificationStatus, number>> {
  const rows = await inScopes(db.selectFrom('notifications'), scopes)
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('status')
    .execute();
  const counts: Record<NotificationStatus, number> = { queued: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

export async function listByStatus(db: Db, status: NotificationStatus, limit: number, scopes: OutboxScopes): Promise<NotificationsTable[]> {
  return inScopes(db.selectFrom('notifications'), scopes).selectAll().where('status', '=', status).orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** The message's region, for the access check before a retry; undefined when there is no such message. */
export async function findNotificationRegion(db: Db, id: string): Promise<{ region_code: string | null } | undefined> {
  return db.selectFrom('notifications').select('region_code').where('id', '=', id).executeTakeFirst();
}

/** An operator puts a failed message back in the queue (after fixing the gateway, say). */
export async function requeueFailed(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('notifications')
    .set({ status: 'queued', attempts: 0, next_attempt_at: now, lease_until: null, lease_token: null, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A person (check-in person key) whose inbox messages a device may read, from `since` (epoch ms) on. */
export interface InboxScope {
  personKey: string;
  since: number;
}

export async function inboxMessages(db: Db, scopes: readonly InboxScope[], limit: number): Promise<NotificationsTable[]> {
  if (scopes.length === 0) return [];
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('channel', '=', 'inbox')
    .where((eb) => eb.or(scopes.map((s) => eb.and([eb('person_key', '=', s.personKey), eb('created_at', '>=', s.since)]))))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function notificationExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('notifications').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Retention: sent and failed messages older than `before` are deleted (queued ones stay until delivered or failed). */
export async function deleteFinishedBefore(db: Db, before: number): Promise<number> {
  const result = await db.deleteFrom('notifications').where('status', 'in', ['sent', 'failed']).where('updated_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Messages addressed to a person (the check-in person key): the resident's own records. */
export function messagesOfPerson(db: Db, personKey: string): Promise<NotificationsTable[]> {
  return db.selectFrom('notifications').selectAll().where('person_key', '=', personKey).orderBy('created_at').execute();
}

/** A person's device inbox (delivered to their phone's check-in page), deleted on their request. */
export async function deleteInboxOfPerson(db: Db, personKey: string): Promise<number> {
  const result = await db.deleteFrom('notifications').where('person_key', '=', personKey).where('channel', '=', 'inbox').executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The outbox's backlog for /metrics: queued messages by channel and the oldest one's creation time. */
export async function queuedBacklog(db: Db): Promise<{ channel: NotificationChannel; count: number; oldest: number | null }[]> {
  const rows = await db
    .selectFrom('notifications')
    .select(['channel', (eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.min('created_at').as('oldest')])
    .where('status', '=', 'queued')
    .groupBy('channel')
    .execute();
  return rows.map((r) => ({ channel: r.channel, count: Number(r.count), oldest: r.oldest === null ? null : Number(r.oldest) }));
}

/** An account's in-app messages, newest first. */
export function accountMessages(db: Db, userId: string, limit: number): Promise<NotificationsTable[]> {
  return db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('channel', '=', 'inbox').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Marks one of the account's messages read (once); false when it is not theirs (or not there). */
export async function markAccountMessageRead(db: Db, id: string, userId: string, now: number): Promise<boolean> {
  const own = await db.selectFrom('notifications').select('read_at').where('id', '=', id).where('user_id', '=', userId).where('channel', '=', 'inbox').executeTakeFirst();
  if (!own) return false;
  if (own.read_at === null) await db.updateTable('notifications').set({ read_at: now }).where('id', '=', id).where('user_id', '=', userId).where('read_at', 'is', null).execute();
  return true;
}
