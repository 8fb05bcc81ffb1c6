import { sql } from 'kysely';
import type { Db } from '../../db/kysely.js';
import type { RoleAssignmentsTable, SessionsTable, UsersTable } from './accounts.table.js';

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findUserByUsername(db: Db, username: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUserById(db: Db, id: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Db, row: UsersTable): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUser(db: Db, id: string, patch: Partial<Omit<UsersTable, 'id'>>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

/** The lock that the next wrong password earns, by the count of failures before it (login-throttle.ts). */
export interface LockLadder {
  /** Below this many failures before, the lock stays as it is. */
  freeBefore: number;
  steps: { failuresBefore: number; lockedUntil: number }[];
  /** Past the last step. */
  otherwise: number;
}

/**
 * Counts one password attempt against the account *before* the password is checked, in one statement, so that
 * concurrent guesses cannot slip past the count: failed_logins + 1 and the lock that count earns. With
 * `unlessLockedAt`, an account locked at that instant is left as it is (a guess made while locked neither counts nor
 * extends the lock) and false is returned. A successful sign-in then clears the count.
 */
export async function countLoginAttempt(db: Db, id: string, ladder: LockLadder, unlessLockedAt: number | null): Promise<boolean> {
  const steps = ladder.steps.map((s) => sql`when failed_logins = ${s.failuresBefore} then ${s.lockedUntil}`);
  let q = db
    .updateTable('users')
    .set((eb) => ({
      failed_logins: eb('failed_logins', '+', 1),
      locked_until: sql<number | null>`case when failed_logins < ${ladder.freeBefore} then locked_until ${sql.join(steps, sql` `)} else ${ladder.otherwise} end`,
    }))
    .where('id', '=', id);
  if (unlessLockedAt !== null) q = q.where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', unlessLockedAt)]));
  const result = await q.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Takes back one counted attempt (`countLoginAttempt`) that turned out to be a correct password when the sign-in goes
 * on to a second factor: the count goes down by one and the lock is what it was before that attempt. (A finished
 * sign-in clears both instead.)
 */
export async function undoLoginAttempt(db: Db, id: string, lockedUntilBefore: number | null): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_logins: sql<number>`case when failed_logins > 0 then failed_logins - 1 else 0 end`, locked_until: lockedUntilBefore })
    .where('id', '=', id)
    .execute();
}

export async function insertAssignment(db: Db, row: RoleAssignmentsTable): Promise<void> {
  await db.insertInto('role_assignments').values(row).execute();
}

export function findAssignment(db: Db, userId: string, assignmentId: string): Promise<RoleAssignmentsTable | undefined> {
  return db.selectFrom('role_assignments').selectAll().where('id', '=', assignmentId).where('user_id', '=', userId).executeTakeFirst();
}

export function findAssignmentByValue(db: Db, userId: string, role: string, regionCode: string): Promise<RoleAssignmentsTable | undefined> {
  return db
    .selectFrom('role_assignments')
    .selectAll()
    .where('user_id', '=', userId)
    .where('role', '=', role)
    .where('region_code', '=', regionCode)
    .executeTakeFirst();
}

export async function deleteAssignment(db: Db, id: string): Promise<void> {
  await db.deleteFrom('role_assignments').where('id', '=', id).execute();
}

/** Enabled users holding `role` at one of `regionCodes` (used to protect the last city administrator). */
export async function countEnabledHolders(db: Db, role: string, regionCodes: string[]): Promise<number> {
  if (regionCodes.length === 0) return 0;
  const row = await db
    .selectFrom('role_assignments as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select((eb) => eb.fn.count<number>('u.id').distinct().as('n'))
    .where('a.role', '=', role)
    .where('a.region_code', 'in', regionCodes)
    .where('u.disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface UserListFilter {
  /** Only users with an assignment inside one of these scopes (prefix match); undefined = all users. */
  scopes?: string[];
  afterUsername?: string;
  /** Case-insensitive part of the display name or the username; LIKE wildcards in it match literally. */
  q?: string;
  /** Only users holding this role (inside the scopes, and inside `region` when given). */
  role?: string;
  /** Only users with an assignment at this region or inside it (and inside the scopes). */
  region?: string;
  limit: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function listUsers(db: Db, filter: UserListFilter): Promise<UsersTable[]> {
  let q = db.selectFrom('users').selectAll();
  const scopes = filter.scopes;
  if (scopes) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_assignments as a')
          .select('a.id')
          .whereRef('a.user_id', '=', 'users.id')
          .where((inner) => inner.or(scopes.flatMap((s) => [inner('a.region_code', '=', s), inner('a.region_code', 'like', `${s}.%`)]))),
      ),
    );
  }
  const { role, region } = filter;
  if (role !== undefined || region !== undefined) {
    // One assignment must match role and region together, and lie in the caller's scopes: an assignment the caller
    // cannot see must not decide whether a user is listed.
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_assignments as r')
          .select('r.id')
          .whereRef('r.user_id', '=', 'users.id')
          .$if(role !== undefined, (w) => w.where('r.role', '=', role!))
          .$if(region !== undefined, (w) => w.where((inner) => inner.or([inner('r.region_code', '=', region!), inner('r.region_code', 'like', `${region!}.%`)])))
          .$if(scopes !== undefined, (w) => w.where((inner) => inner.or(scopes!.flatMap((s) => [inner('r.region_code', '=', s), inner('r.region_code', 'like', `${s}.%`)])))),
      ),
    );
  }
  const text = filter.q?.trim();
  if (text) {
    const pattern = `%${escapeLike(text.toLowerCase())}%`;
    // ESCAPE spelled out: SQLite has no default escape character, PostgreSQL's is the backslash.
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`lower(${sql.ref('users.display_name')}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${sql.ref('users.username')}) like ${pattern} escape '\\'`,
      ]),
    );
  }
  if (filter.afterUsername !== undefined) q = q.where('username', '>', filter.afterUsername);
  return q.orderBy('username').limit(filter.limit).execute();
}

export async function insertSession(db: Db, row: SessionsTable): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export function findSession(db: Db, tokenHash: string): Promise<SessionsTable | undefined> {
  return db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function touchSession(db: Db, tokenHash: string, at: number, expiresAt: number): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at, expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: string, exceptTokenHash?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptTokenHash) q = q.where('token_hash', '!=', exceptTokenHash);
  await q.execute();
}

export async function deleteExpiredSessions(db: Db, now: number): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}

/** An account's language, or none set (Indonesian). */
export async function languagesOf(db: Db, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('user_preferences').select(['user_id', 'language']).where('user_id', 'in', [...userIds]).execute();
  return new Map(rows.map((r) => [r.user_id, r.language]));
}

export async function upsertLanguage(db: Db, userId: string, language: string, now: number): Promise<void> {
  await db
    .insertInto('user_preferences')
    .values({ user_id: userId, language, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ language, updated_at: now }))
    .execute();
}

/** The enabled accounts holding one of these roles, with the regions they hold them in. */
export function enabledHoldersOf(db: Db, roles: readonly string[]): Promise<{ user_id: string; region_code: string }[]> {
  return db
    .selectFrom('role_assignments')
    .innerJoin('users', 'users.id', 'role_assignments.user_id')
    .select(['role_assignments.user_id', 'role_assignments.region_code'])
    .where('role_assignments.role', 'in', [...roles])
    .where('users.disabled', '=', 0)
    .execute();
}
