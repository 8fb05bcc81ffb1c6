import type { Db } from '../../db/kysely.js';
import type { LoginChallengesTable, UserRecoveryCodesTable, UserTotpTable } from './accounts.table.js';

/* SQL of two-factor sign-in: the authenticator, recovery codes, sign-in challenges and the per-role policy. */

export function findTotp(db: Db, userId: string): Promise<UserTotpTable | undefined> {
  return db.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** A new pending authenticator, replacing a pending one (never an active one: the caller checks). */
export async function putPendingTotp(db: Db, row: UserTotpTable): Promise<void> {
  await db.deleteFrom('user_totp').where('user_id', '=', row.user_id).where('status', '=', 'pending').execute();
  await db.insertInto('user_totp').values(row).execute();
}

/**
 * Accepts time step `step` for the account: only if it is later than the last one accepted, in one statement, so two
 * requests with the same code cannot both pass. With `activate`, a pending authenticator becomes active.
 */
export async function acceptTotpStep(db: Db, userId: string, step: number, status: UserTotpTable['status'], activateAt: number | null): Promise<boolean> {
  const result = await db
    .updateTable('user_totp')
    .set(activateAt === null ? { last_step: step } : { last_step: step, status: 'active', confirmed_at: activateAt })
    .where('user_id', '=', userId)
    .where('status', '=', status)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The authenticator's status of each of these accounts that has one. */
export async function listTotpStatuses(db: Db, userIds: string[]): Promise<Map<string, UserTotpTable['status']>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('user_totp').select(['user_id', 'status']).where('user_id', 'in', userIds).execute();
  return new Map(rows.map((r) => [r.user_id, r.status]));
}

export async function deleteTwoFactor(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('user_totp').where('user_id', '=', userId).execute();
  await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  await db.deleteFrom('login_challenges').where('user_id', '=', userId).execute();
}

export async function replaceRecoveryCodes(db: Db, userId: string, rows: UserRecoveryCodesTable[]): Promise<void> {
  await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  if (rows.length > 0) await db.insertInto('user_recovery_codes').values(rows).execute();
}

/** Spends one unused recovery code, in one statement (a code works once, even for two requests at the same time). */
export async function useRecoveryCode(db: Db, userId: string, codeHash: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable('user_recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('user_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertChallenge(db: Db, row: LoginChallengesTable): Promise<void> {
  await db.insertInto('login_challenges').values(row).execute();
}

/**
 * Counts one code attempt on a live challenge and returns it, or undefined when the challenge is unknown, expired or
 * has had `maxAttempts` already. Counted before the code is checked, in one statement.
 */
export async function countChallengeAttempt(db: Db, tokenHash: string, now: number, maxAttempts: number): Promise<LoginChallengesTable | undefined> {
  const result = await db
    .updateTable('login_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .where('attempts', '<', maxAttempts)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return undefined;
  return db.selectFrom('login_challenges').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function deleteChallenge(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('login_challenges').where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredChallenges(db: Db, now: number): Promise<void> {
  await db.deleteFrom('login_challenges').where('expires_at', '<=', now).execute();
}

export async function listRequiredRoles(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('two_factor_policy').select('role').where('required', '=', 1).orderBy('role').execute();
  return rows.map((r) => r.role);
}

export async function setRolePolicy(db: Db, role: string, required: boolean, at: number, by: string | null): Promise<void> {
  await db
    .insertInto('two_factor_policy')
    .values({ role, required: required ? 1 : 0, updated_at: at, updated_by: by })
    .onConflict((oc) => oc.column('role').doUpdateSet({ required: required ? 1 : 0, updated_at: at, updated_by: by }))
    .execute();
}
