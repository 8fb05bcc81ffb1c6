import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { randomToken, sha256Hex } from '../../shared/crypto.js';
import { AppError, problems } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import type { AccountsAccess } from './accounts.access.js';
import { presentMe, type AssignmentRow } from './accounts.presenter.js';
import { listAssignments } from './accounts.read-model.js';
import {
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOfUser,
  findSession,
  findUserById,
  findUserByUsername,
  insertSession,
  recordFailedLogin,
  touchSession,
  updateUser,
} from './accounts.repository.js';
import type { UsersTable } from './accounts.table.js';
import { passwordProblems } from './new-user.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import { isRole, type Role } from './permissions.js';
import { Principal } from './principal.js';

export const SESSION_COOKIE = 'jb_session';
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
const SESSION_TOUCH_EVERY_MS = 60 * 1000;
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_DURATION_MS = 15 * 60 * 1000;

function loginFailed(): AppError {
  return new AppError(401, 'login-failed', 'loginFailed.title', 'loginFailed.detail');
}

function principalOf(user: UsersTable, assignments: AssignmentRow[]): Principal {
  return new Principal(
    user.id,
    user.username,
    user.display_name,
    assignments.filter((a) => isRole(a.role)).map((a) => ({ id: a.id, role: a.role as Role, regionCode: a.region_code })),
  );
}

/** Signing in and out, the session behind each request, and the caller's own account and password. */
export function createSessionsService(deps: { db: Db; clock: Clock; access: AccountsAccess }) {
  const { db, clock, access } = deps;
  return {
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
      const user = await access.requireOwnAccount(ctx);
      return presentMe(user, await listAssignments(db, [user.id]));
    },

    async changePassword(ctx: RequestContext, currentPassword: string, newPassword: string, keepSessionHash: string | undefined) {
      const user = await access.requireOwnAccount(ctx);
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

    purgeExpiredSessions: () => deleteExpiredSessions(db, clock.now()),
  };
}
