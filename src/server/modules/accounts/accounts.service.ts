import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { randomToken, sha256Hex } from '../../shared/crypto.js';
import { AppError, problems, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import type { RegionsService } from '../regions/index.js';
import {
  countEnabledHolders,
  countUsers,
  deleteAssignment,
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOfUser,
  findAssignment,
  findAssignmentByValue,
  findSession,
  findUserById,
  findUserByUsername,
  insertAssignment,
  insertSession,
  insertUser,
  listAssignments,
  listUsers,
  recordFailedLogin,
  touchSession,
  updateUser,
} from './accounts.repository.js';
import { presentMe, presentUser, type AssignmentRow } from './accounts.presenter.js';
import type { UsersTable } from './accounts.table.js';
import { dummyPasswordHash, hashPassword, PASSWORD_MIN_LENGTH, verifyPassword } from './passwords.js';
import { isRole, type Role } from './permissions.js';
import { Principal } from './principal.js';

export const SESSION_COOKIE = 'jb_session';
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
const SESSION_TOUCH_EVERY_MS = 60 * 1000;
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_DURATION_MS = 15 * 60 * 1000;

export interface NewAssignment {
  role: string;
  regionCode: string;
}

function loginFailed(): AppError {
  return new AppError(401, 'login-failed', 'loginFailed.title', 'loginFailed.detail');
}

function passwordProblems(field: string, password: string, username: string): FieldError[] {
  if (password.length < PASSWORD_MIN_LENGTH) return [{ field, messageKey: 'validation.passwordTooShort', params: { limit: PASSWORD_MIN_LENGTH } }];
  if (password.toLowerCase() === username.toLowerCase()) return [{ field, messageKey: 'validation.passwordSameAsUsername' }];
  return [];
}

/** A new account as the one user insert takes it: the password already hashed (never inside a transaction). */
export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  assignments: readonly NewAssignment[];
  createdBy: string | null;
  now: number;
}

/**
 * THE user insert: an enabled account with its role assignments, in the caller's transaction (so that a module
 * creating users of its own kind, like venue managers' sign-up, writes its rows in the same unit of work).
 */
export async function createUserWithAssignments(trx: Db, user: NewUser): Promise<void> {
  const { id, now } = user;
  await insertUser(trx, {
    id,
    username: user.username,
    display_name: user.displayName,
    password_hash: user.passwordHash,
    disabled: 0,
    failed_logins: 0,
    locked_until: null,
    password_changed_at: now,
    created_at: now,
    created_by: user.createdBy,
  });
  for (const a of user.assignments) {
    await insertAssignment(trx, { id: newId(now), user_id: id, role: a.role, region_code: a.regionCode, created_at: now, created_by: user.createdBy });
  }
}

export function createAccountsService(deps: { db: Db; clock: Clock; regions: RegionsService; timeZone: string }) {
  const { db, clock, regions, timeZone } = deps;

  function principalOf(user: UsersTable, assignments: AssignmentRow[]): Principal {
    return new Principal(
      user.id,
      user.username,
      user.display_name,
      assignments.filter((a) => isRole(a.role)).map((a) => ({ id: a.id, role: a.role as Role, regionCode: a.region_code })),
    );
  }

  async function requireUser(id: string): Promise<UsersTable> {
    const user = await findUserById(db, id);
    if (!user) throw problems.notFound('userNotFound.detail');
    return user;
  }

  /** A manager may act on a user only when every assignment the user holds lies in the manager's scope. */
  async function requireManageable(ctx: RequestContext, user: UsersTable): Promise<AssignmentRow[]> {
    const principal = ctx.principal;
    if (!principal) throw problems.unauthenticated();
    principal.require('users:manage');
    const assignments = await listAssignments(db, [user.id]);
    const roots = await regions.rootCodes();
    const regionsToCover = assignments.length > 0 ? assignments.map((a) => a.region_code) : roots;
    const outside = regionsToCover.find((code) => !principal.canIn('users:manage', code));
    if (outside !== undefined) throw problems.outOfScope(outside);
    return assignments;
  }

  async function checkNewAssignments(ctx: RequestContext, list: NewAssignment[], fieldPrefix: (i: number) => string): Promise<void> {
    for (const [i, a] of list.entries()) {
      if (!isRole(a.role)) throw problems.validation([{ field: `${fieldPrefix(i)}.role`, messageKey: 'validation.unknownRole' }]);
      try {
        await regions.requireRegion(a.regionCode);
      } catch (err) {
        if (err instanceof AppError && err.status === 404) {
          throw new AppError(404, 'not-found', 'notFound.title', 'regionNotFound.detail', { code: a.regionCode }, [
            { field: `${fieldPrefix(i)}.regionCode`, messageKey: 'validation.unknownRegion' },
          ]);
        }
        throw err;
      }
      ctx.principal?.require('users:manage', a.regionCode);
    }
  }

  /** Refuses a change that would leave no enabled administrator at the top of the region tree. */
  async function guardLastRootAdmin(userId: string, change: { disable?: boolean; removeAssignmentId?: string }): Promise<void> {
    const roots = await regions.rootCodes();
    const assignments = await listAssignments(db, [userId]);
    const rootAdmin = assignments.filter((a) => a.role === 'admin' && roots.includes(a.region_code));
    const losing = change.disable ? rootAdmin : rootAdmin.filter((a) => a.id === change.removeAssignmentId);
    if (losing.length === 0) return;
    const user = await requireUser(userId);
    if (user.disabled === 1) return;
    const stillHeldByUser = rootAdmin.length - losing.length > 0 && !change.disable;
    if (stillHeldByUser) return;
    if ((await countEnabledHolders(db, 'admin', roots)) <= 1) throw problems.conflict('last-admin', 'lastAdmin.detail');
  }

  return {
    /** THE user insert, for modules that create accounts of their own kind (venue managers' sign-up). */
    createUserWithAssignments,

    /** Whether an account already uses this username (sign-up checks before and after its insert). */
    async usernameTaken(username: string): Promise<boolean> {
      return (await findUserByUsername(db, username)) !== undefined;
    },

    async login(ctx: RequestContext, username: string, password: string, userAgent: string | null) {
      const now = clock.now();
      const user = await findUserByUsername(db, username);
      if (!user) {
        await verifyPassword(await dummyPasswordHash(), password);
        await recordAudit(db, clock, ctx, { action: 'auth.login_failed', entityType: 'user', details: { username: username.slice(0, 100), reason: 'unknown_user' } });
        throw loginFailed();
      }
      const locked = user.locked_until !== null && user.locked_until > now;
      const ok = await verifyPassword(user.password_hash, password);
      if (!ok || locked || user.disabled === 1) {
        if (!ok) await recordFailedLogin(db, user.id, LOCK_AFTER_FAILURES, now + LOCK_DURATION_MS);
        const reason = user.disabled === 1 ? 'disabled' : locked ? 'locked' : 'wrong_password';
        await recordAudit(db, clock, ctx, { action: 'auth.login_failed', entityType: 'user', entityId: user.id, details: { reason } });
        throw loginFailed();
      }
      const token = randomToken();
      await db.transaction().execute(async (trx) => {
        await updateUser(trx, user.id, { failed_logins: 0, locked_until: null });
        await insertSession(trx, {
          token_hash: sha256Hex(token),
          user_id: user.id,
          created_at: now,
          expires_at: now + SESSION_IDLE_MS,
          last_seen_at: now,
          ip: ctx.ip,
          user_agent: userAgent?.slice(0, 300) ?? null,
        });
        await recordAudit(trx, clock, { ...ctx, principal: principalOf(user, []) }, { action: 'auth.login', entityType: 'user', entityId: user.id });
      });
      const assignments = await listAssignments(db, [user.id]);
      return { token, me: presentMe(user, assignments) };
    },

    /** The principal behind a session token, or null when the session is unknown, expired or the user disabled. */
    async authenticate(token: string): Promise<{ principal: Principal; tokenHash: string } | null> {
      const now = clock.now();
      const tokenHash = sha256Hex(token);
      const session = await findSession(db, tokenHash);
      if (!session || session.expires_at <= now || session.created_at + SESSION_ABSOLUTE_MS <= now) return null;
      const user = await findUserById(db, session.user_id);
      if (!user || user.disabled === 1) return null;
      if (now - session.last_seen_at > SESSION_TOUCH_EVERY_MS) {
        await touchSession(db, tokenHash, now, Math.min(now + SESSION_IDLE_MS, session.created_at + SESSION_ABSOLUTE_MS));
      }
      return { principal: principalOf(user, await listAssignments(db, [user.id])), tokenHash };
    },

    async logout(ctx: RequestContext, token: string): Promise<void> {
      await deleteSession(db, sha256Hex(token));
      if (ctx.principal) await recordAudit(db, clock, ctx, { action: 'auth.logout', entityType: 'user', entityId: ctx.principal.userId });
    },

    async me(ctx: RequestContext) {
      if (!ctx.principal) throw problems.unauthenticated();
      const user = await requireUser(ctx.principal.userId);
      return presentMe(user, await listAssignments(db, [user.id]));
    },

    async changePassword(ctx: RequestContext, currentPassword: string, newPassword: string, keepSessionHash: string | undefined) {
      if (!ctx.principal) throw problems.unauthenticated();
      const user = await requireUser(ctx.principal.userId);
      if (!(await verifyPassword(user.password_hash, currentPassword))) {
        throw problems.validation([{ field: 'currentPassword', messageKey: 'validation.currentPasswordWrong' }]);
      }
      const issues = passwordProblems('newPassword', newPassword, user.username);
      if (issues.length > 0) throw problems.validation(issues);
      const passwordHash = await hashPassword(newPassword);
      await db.transaction().execute(async (trx) => {
        await updateUser(trx, user.id, { password_hash: passwordHash, password_changed_at: clock.now() });
        // Other sessions of this account end: a changed password must lock out whoever knew the old one.
        await deleteSessionsOfUser(trx, user.id, keepSessionHash);
        await recordAudit(trx, clock, ctx, { action: 'user.password_change', entityType: 'user', entityId: user.id });
      });
    },

    async createUser(ctx: RequestContext, input: { username: string; password: string; displayName: string; assignments: NewAssignment[] }) {
      if (!ctx.principal) throw problems.unauthenticated();
      ctx.principal.require('users:manage');
      const issues = passwordProblems('password', input.password, input.username);
      if (issues.length > 0) throw problems.validation(issues);
      await checkNewAssignments(ctx, input.assignments, (i) => `assignments[${i}]`);
      if (await findUserByUsername(db, input.username)) {
        throw problems.conflict('username-taken', 'usernameTaken.detail', { username: input.username });
      }
      const passwordHash = await hashPassword(input.password);
      const now = clock.now();
      const id = newId(now);
      const uniqueAssignments = [...new Map(input.assignments.map((a) => [`${a.role}|${a.regionCode}`, a])).values()];
      try {
        await db.transaction().execute(async (trx) => {
          await createUserWithAssignments(trx, {
            id,
            username: input.username,
            displayName: input.displayName,
            passwordHash,
            assignments: uniqueAssignments,
            createdBy: ctx.principal?.userId ?? null,
            now,
          });
          await recordAudit(trx, clock, ctx, {
            action: 'user.create',
            entityType: 'user',
            entityId: id,
            regionCode: uniqueAssignments[0]?.regionCode ?? null,
            details: { username: input.username, assignments: uniqueAssignments },
          });
        });
      } catch (err) {
        // A concurrent create with the same username loses on the unique index.
        if (await findUserByUsername(db, input.username)) throw problems.conflict('username-taken', 'usernameTaken.detail', { username: input.username });
        throw err;
      }
      return { id };
    },

    async listUsers(ctx: RequestContext, page: { cursor?: string; limit: number }) {
      if (!ctx.principal) throw problems.unauthenticated();
      ctx.principal.require('users:manage');
      const scopes = ctx.principal.scopesFor('users:manage');
      const roots = await regions.rootCodes();
      const seesAll = scopes.some((s) => roots.includes(s));
      const afterUsername = page.cursor ? Buffer.from(page.cursor, 'base64url').toString('utf8') : undefined;
      const rows = await listUsers(db, { scopes: seesAll ? undefined : scopes, afterUsername, limit: page.limit + 1 });
      const items = rows.slice(0, page.limit);
      const assignments = await listAssignments(db, items.map((u) => u.id));
      const last = items[items.length - 1];
      return {
        items: items.map((u) => presentUser(u, assignments.filter((a) => a.user_id === u.id), timeZone, clock.now())),
        nextCursor: rows.length > page.limit && last ? Buffer.from(last.username).toString('base64url') : null,
      };
    },

    async getUser(ctx: RequestContext, id: string) {
      const user = await requireUser(id);
      const assignments = await requireManageable(ctx, user);
      return presentUser(user, assignments, timeZone, clock.now());
    },

    async updateUser(ctx: RequestContext, id: string, patch: { displayName?: string; disabled?: boolean; password?: string }) {
      const user = await requireUser(id);
      await requireManageable(ctx, user);
      if (patch.password !== undefined) {
        const issues = passwordProblems('password', patch.password, user.username);
        if (issues.length > 0) throw problems.validation(issues);
      }
      if (patch.disabled === true) await guardLastRootAdmin(id, { disable: true });
      const changes: Partial<UsersTable> = {};
      if (patch.displayName !== undefined) changes.display_name = patch.displayName;
      if (patch.disabled !== undefined) changes.disabled = patch.disabled ? 1 : 0;
      if (patch.password !== undefined) {
        changes.password_hash = await hashPassword(patch.password);
        changes.password_changed_at = clock.now();
        changes.failed_logins = 0;
        changes.locked_until = null;
      }
      await db.transaction().execute(async (trx) => {
        await updateUser(trx, id, changes);
        if (patch.disabled === true || patch.password !== undefined) await deleteSessionsOfUser(trx, id);
        await recordAudit(trx, clock, ctx, {
          action: 'user.update',
          entityType: 'user',
          entityId: id,
          details: { displayName: patch.displayName, disabled: patch.disabled, passwordReset: patch.password !== undefined },
        });
      });
      return this.getUser(ctx, id);
    },

    async addAssignment(ctx: RequestContext, userId: string, input: NewAssignment) {
      const user = await requireUser(userId);
      await requireManageable(ctx, user);
      await checkNewAssignments(ctx, [input], () => 'assignment');
      if (await findAssignmentByValue(db, userId, input.role, input.regionCode)) throw problems.conflict('assignment-exists', 'assignmentExists.detail');
      const now = clock.now();
      const id = newId(now);
      await db.transaction().execute(async (trx) => {
        await insertAssignment(trx, { id, user_id: userId, role: input.role, region_code: input.regionCode, created_at: now, created_by: ctx.principal?.userId ?? null });
        await recordAudit(trx, clock, ctx, { action: 'assignment.create', entityType: 'user', entityId: userId, regionCode: input.regionCode, details: { ...input } });
      });
      return { id };
    },

    async removeAssignment(ctx: RequestContext, userId: string, assignmentId: string) {
      const user = await requireUser(userId);
      await requireManageable(ctx, user);
      const assignment = await findAssignment(db, userId, assignmentId);
      if (!assignment) throw problems.notFound();
      await guardLastRootAdmin(userId, { removeAssignmentId: assignmentId });
      await db.transaction().execute(async (trx) => {
        await deleteAssignment(trx, assignmentId);
        await recordAudit(trx, clock, ctx, {
          action: 'assignment.delete',
          entityType: 'user',
          entityId: userId,
          regionCode: assignment.region_code,
          details: { role: assignment.role, regionCode: assignment.region_code },
        });
      });
    },

    /**
     * First start with no user at all: create the administrator of the top region, from ADMIN_USERNAME/PASSWORD or
     * with a generated password that the caller prints once.
     */
    async ensureBootstrapAdmin(credentials: { username?: string; password?: string }) {
      if ((await countUsers(db)) > 0) return null;
      const roots = await regions.rootCodes();
      const root = roots[0];
      if (!root) throw new Error('no regions loaded: cannot create the first administrator');
      const username = credentials.username ?? 'admin';
      const generated = credentials.password === undefined;
      const password = credentials.password ?? randomToken(15);
      const now = clock.now();
      const id = newId(now);
      const passwordHash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        await createUserWithAssignments(trx, { id, username, displayName: 'Administrator', passwordHash, assignments: [{ role: 'admin', regionCode: root }], createdBy: null, now });
        await recordAudit(trx, clock, { principal: null, lang: 'en', ip: null, requestId: null }, { action: 'user.bootstrap_admin', entityType: 'user', entityId: id, regionCode: root });
      });
      return { username, password, generated, regionCode: root };
    },

    purgeExpiredSessions: () => deleteExpiredSessions(db, clock.now()),
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
