import { sql } from 'kysely';
import type { Db } from '../../db/kysely.js';
import type { ResidentCodesTable, ResidentSessionsTable } from './citizen.table.js';

/* The resident's sign-in: codes, wrong guesses, accounts and sessions (the citizen module's own tables). */

export async function insertCode(db: Db, row: ResidentCodesTable): Promise<void> {
  await db.insertInto('resident_codes').values(row).execute();
}

/** A new code replaces the number's earlier ones: only the latest may sign in. */
export async function retireCodes(db: Db, personKey: string, at: number): Promise<void> {
  await db.updateTable('resident_codes').set({ used_at: at }).where('person_key', '=', personKey).where('used_at', 'is', null).execute();
}

/** The number's code that may still sign in (latest, unused, not expired). */
export async function activeCode(db: Db, personKey: string, now: number): Promise<ResidentCodesTable | undefined> {
  const row = await db
    .selectFrom('resident_codes')
    .selectAll()
    .where('person_key', '=', personKey)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? { ...row, created_at: Number(row.created_at), expires_at: Number(row.expires_at), used_at: null } : undefined;
}

/** Spends a code once: false when it was spent meanwhile (a replay racing the first use). */
export async function spendCode(db: Db, id: string, at: number): Promise<boolean> {
  const result = await db.updateTable('resident_codes').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The number's lock, if any. */
export async function lockedUntil(db: Db, personKey: string): Promise<number | null> {
  const row = await db.selectFrom('resident_guesses').select('locked_until').where('person_key', '=', personKey).executeTakeFirst();
  return row?.locked_until == null ? null : Number(row.locked_until);
}

/** Counts one guess, atomically (concurrent guesses cannot outrun the count); answers the count. */
export async function countGuess(db: Db, personKey: string, at: number): Promise<number> {
  const row = await db
    .insertInto('resident_guesses')
    .values({ person_key: personKey, failures: 1, locked_until: null, updated_at: at })
    .onConflict((oc) => oc.column('person_key').doUpdateSet({ failures: sql<number>`resident_guesses.failures + 1`, updated_at: at }))
    .returning('failures')
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

export async function lockNumber(db: Db, personKey: string, until: number, at: number): Promise<void> {
  await db.updateTable('resident_guesses').set({ failures: 0, locked_until: until, updated_at: at }).where('person_key', '=', personKey).execute();
}

export async function clearGuesses(db: Db, personKey: string): Promise<number> {
  const result = await db.deleteFrom('resident_guesses').where('person_key', '=', personKey).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function upsertAccount(db: Db, personKey: string, language: string, at: number): Promise<void> {
  await db
    .insertInto('resident_accounts')
    .values({ person_key: personKey, language, created_at: at, last_sign_in_at: at })
    .onConflict((oc) => oc.column('person_key').doUpdateSet({ language, last_sign_in_at: at }))
    .execute();
}

export async function insertSession(db: Db, row: ResidentSessionsTable): Promise<void> {
  await db.insertInto('resident_sessions').values(row).execute();
}

export async function findSession(db: Db, tokenHash: string, now: number): Promise<ResidentSessionsTable | undefined> {
  const row = await db.selectFrom('resident_sessions').selectAll().where('token_hash', '=', tokenHash).where('expires_at', '>', now).executeTakeFirst();
  return row ? { ...row, created_at: Number(row.created_at), expires_at: Number(row.expires_at) } : undefined;
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('resident_sessions').where('token_hash', '=', tokenHash).execute();
}

/**
 * Erases the resident's account (issue #16): the account, their codes, their guesses and every session but the one
 * asking (it ends when they sign out or it expires, so they can read the answer and ask again). Answers 1 when there
 * was an account to delete.
 */
export async function eraseAccount(db: Db, personKey: string, keepSession: string): Promise<number> {
  const accounts = await db.deleteFrom('resident_accounts').where('person_key', '=', personKey).executeTakeFirst();
  await db.deleteFrom('resident_sessions').where('person_key', '=', personKey).where('token_hash', '!=', keepSession).execute();
  await db.deleteFrom('resident_codes').where('person_key', '=', personKey).execute();
  await db.deleteFrom('resident_message_reads').where('person_key', '=', personKey).execute();
  await clearGuesses(db, personKey);
  return Number(accounts.numDeletedRows);
}

/** Retention of the sign-in's own rows: expired sessions and codes older than a day. */
export async function purgeSignInRows(db: Db, now: number, codesBefore: number): Promise<void> {
  await db.deleteFrom('resident_sessions').where('expires_at', '<=', now).execute();
  await db.deleteFrom('resident_codes').where('created_at', '<', codesBefore).execute();
  await db.deleteFrom('resident_guesses').where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)])).where('updated_at', '<', codesBefore).execute();
}

/** The messages of the resident's inbox they have read. */
export async function readMessageIds(db: Db, personKey: string): Promise<Set<string>> {
  const rows = await db.selectFrom('resident_message_reads').select('notification_id').where('person_key', '=', personKey).execute();
  return new Set(rows.map((r) => r.notification_id));
}

/** Marks messages read (already read ones stay as they were); the caller passes only the resident's own. */
export async function markMessagesRead(db: Db, personKey: string, ids: readonly string[], at: number): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .insertInto('resident_message_reads')
    .values(ids.map((id) => ({ person_key: personKey, notification_id: id, read_at: at })))
    .onConflict((oc) => oc.columns(['person_key', 'notification_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
