import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { randomToken, sha256Hex } from '../../shared/crypto.js';
import { AppError, problems } from '../../shared/errors.js';
import { rateLimited } from '../../shared/rate-limit.js';
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
  countLoginAttempt,
  touchSession,
  undoLoginAttempt,
  updateUser,
} from './accounts.repository.js';
import type { UsersTable } from './accounts.table.js';
import { isDeviceOf, issueDeviceToken, lockLadder } from './login-throttle.js';
import { passwordProblems } from './password-policy.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import { isRole, type Role } from './permissions.js';
import { Principal } from './principal.js';
import { spendSecondFactor, type SecondFactorKeys } from './second-factor.js';
import { twoFactorState } from './two-factor-state.js';
import { countChallengeAttempt, deleteChallenge, deleteExpiredChallenges, findTotp, insertChallenge } from './two-factor.repository.js';

export const SESSION_COOKIE = 'jb_session';
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
const SESSION_TOUCH_EVERY_MS = 60 * 1000;
/** How long the step between a correct password and the second factor stays open, and how many codes it takes. */
export const LOGIN_CHALLENGE_MS = 5 * 60 * 1000;
export const LOGIN_CHALLENGE_ATTEMPTS = 5;

function loginFailed(): AppError {
  return new AppError(401, 'login-failed', 'loginFailed.title', 'loginFailed.detail');
}

function secondFactorFailed(): AppError {
  return new AppError(401, 'second-factor-failed', 'secondFactorFailed.title', 'secondFactorFailed.detail');
}

function principalOf(user: UsersTable, assignments: AssignmentRow[], twoFactorEnrolmentRequired = false): Principal {
  return new Principal(
    user.id,
    user.username,
    user.display_name,
    assignments.filter((a) => isRole(a.role)).map((a) => ({ id: a.id, role: a.role as Role, regionCode: a.region_code })),
    twoFactorEnrolmentRequired,
  );
}

export interface SessionOpened {
  kind: 'session';
  token: string;
  me: ReturnType<typeof presentMe>;
  deviceToken: string;
}

/** A sign-in's answer: a session, or (the account has two-factor sign-in) the challenge for the second step. */
export type LoginOutcome = SessionOpened | { kind: 'second-factor'; challenge: string; expiresAt: number };

/** The count of wrong current passwords on a password change (kept by the route's rate limiter). */
export interface CurrentPasswordGuesses {
  /** Seconds until another guess is allowed, or null when one is allowed now. */
  heldForSeconds(): Promise<number | null>;
  countWrong(): Promise<void>;
}

/** Signing in and out, the session behind each request, and the caller's own account and password. */
export function createSessionsService(deps: { db: Db; clock: Clock; access: AccountsAccess; deviceKey: Buffer; secondFactorKeys: SecondFactorKeys; cityName: string }) {
  const { db, clock, access, deviceKey, secondFactorKeys, cityName } = deps;
  async function openSession(ctx: RequestContext, user: UsersTable, userAgent: string | null, auditDetails: Record<string, unknown>): Promise<SessionOpened> {
    const now = clock.now();
    const token = randomToken();
    await db.transaction().execute(async (trx) => {
      // A correct password from a client the lock let through: the count and any lock end (a stranger's lock
      // exists to slow guessing, and the user has just shown the password).
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
      await recordAudit(trx, clock, { ...ctx, principal: principalOf(user, []) }, { action: 'auth.login', entityType: 'user', entityId: user.id, details: auditDetails });
    });
    const assignments = await listAssignments(db, [user.id]);
    const twoFactor = await twoFactorState(db, user.id, assignments.map((a) => a.role));
    return { kind: 'session', token, me: presentMe(user, assignments, twoFactor), deviceToken: issueDeviceToken(deviceKey, user.id, user.password_changed_at) };
  }

  /**
   * The password was right and the account has an active authenticator: no session yet, a challenge for the code
   * step. The failure count is *not* cleared (only a finished sign-in clears it), so someone holding the password
   * cannot reset the back-off between code guesses; the password's own attempt is taken back (`user` is the row as
   * read before it was counted), so the user's correct password never locks the account before the code step.
   */
  async function openChallenge(ctx: RequestContext, user: UsersTable, knownDevice: boolean): Promise<LoginOutcome> {
    const now = clock.now();
    const challenge = randomToken();
    const expiresAt = now + LOGIN_CHALLENGE_MS;
    await db.transaction().execute(async (trx) => {
      await undoLoginAttempt(trx, user.id, user.locked_until);
      await deleteExpiredChallenges(trx, now);
      await insertChallenge(trx, { token_hash: sha256Hex(challenge), user_id: user.id, created_at: now, expires_at: expiresAt, attempts: 0, known_device: knownDevice ? 1 : 0 });
      await recordAudit(trx, clock, { ...ctx, principal: principalOf(user, []) }, { action: 'auth.login_second_factor_requested', entityType: 'user', entityId: user.id, details: { knownDevice } });
    });
    return { kind: 'second-factor', challenge, expiresAt };
  }

  return {
    /**
     * Signs in; the answer to any failure is the same 401 (unknown user, wrong password, locked, disabled), each
     * audited with its reason. `deviceToken` is the caller's device cookie, if any: the account's own passes its
     * lock (login-throttle.ts). Returns the session token and a fresh device cookie for this account.
     */
    async login(ctx: RequestContext, username: string, password: string, userAgent: string | null, deviceToken?: string): Promise<LoginOutcome> {
      const now = clock.now();
      const user = await findUserByUsername(db, username);
      if (!user) {
        await verifyPassword(await dummyPasswordHash(), password);
        await recordAudit(db, clock, ctx, { action: 'auth.login_failed', entityType: 'user', details: { username: username.slice(0, 100), reason: 'unknown_user' } });
        throw loginFailed();
      }
      const knownDevice = isDeviceOf(deviceKey, deviceToken, user.id, user.password_changed_at);
      // Counted before the check (concurrent guesses cannot outrun the count); refused unchecked while locked,
      // unless from the account's own device. The hash is computed either way, so the answer takes as long.
      const counted = await countLoginAttempt(db, user.id, lockLadder(now), knownDevice ? null : now);
      const ok = await verifyPassword(user.password_hash, password);
      if (!counted || !ok || user.disabled === 1) {
        const reason = user.disabled === 1 ? 'disabled' : !counted ? 'locked' : 'wrong_password';
        await recordAudit(db, clock, ctx, { action: 'auth.login_failed', entityType: 'user', entityId: user.id, details: { reason, knownDevice } });
        throw loginFailed();
      }
      if ((await findTotp(db, user.id))?.status === 'active') return openChallenge(ctx, user, knownDevice);
      return openSession(ctx, user, userAgent, { knownDevice });
    },

    /**
     * The second step of a sign-in with two factors: the challenge from the password step and a current code of the
     * authenticator, or one of the recovery codes. Each attempt counts against the account like a wrong password
     * (the same back-off, login-throttle.ts; the route has the same per-address limit) and against the challenge
     * (LOGIN_CHALLENGE_ATTEMPTS, then the password again); a code's time step is accepted once. Every failure is
     * audited with its reason, and the answer is the same 401 whatever the reason.
     */
    async loginSecondFactor(ctx: RequestContext, challengeToken: string, code: string, userAgent: string | null): Promise<SessionOpened> {
      const now = clock.now();
      const tokenHash = sha256Hex(challengeToken);
      const challenge = await countChallengeAttempt(db, tokenHash, now, LOGIN_CHALLENGE_ATTEMPTS);
      if (!challenge) throw new AppError(401, 'login-challenge-invalid', 'loginChallengeInvalid.title', 'loginChallengeInvalid.detail');
      const user = await findUserById(db, challenge.user_id);
      const totp = await findTotp(db, challenge.user_id);
      if (!user || user.disabled === 1 || totp?.status !== 'active') {
        await deleteChallenge(db, tokenHash);
        throw loginFailed();
      }
      const knownDevice = challenge.known_device === 1;
      // Counted before the check; refused unchecked while the account is locked (unless the password step came
      // from the account's own device), like a password.
      const counted = await countLoginAttempt(db, user.id, lockLadder(now), knownDevice ? null : now);
      const { method, refused } = counted ? await spendSecondFactor(db, secondFactorKeys, totp, code, now) : { method: 'unchecked', refused: 'locked' };
      if (refused !== null) {
        await recordAudit(db, clock, ctx, { action: 'auth.login_second_factor_failed', entityType: 'user', entityId: user.id, details: { reason: refused, method, knownDevice } });
        throw secondFactorFailed();
      }
      await deleteChallenge(db, tokenHash);
      return openSession(ctx, user, userAgent, { knownDevice, secondFactor: method });
    },

    /**
     * A session for an account whose owner another module has just proven, without a password: venue managers'
     * confirmed sign-up (the link in their mail). Never for an account that existed before that proof.
     */
    async signIn(ctx: RequestContext, userId: string, userAgent: string | null) {
      const user = await findUserById(db, userId);
      if (!user || user.disabled === 1) throw loginFailed();
      return openSession(ctx, user, userAgent, { via: 'signup' });
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
      const assignments = await listAssignments(db, [user.id]);
      // Read on every request, so a policy turned on restricts sessions already open, not only later sign-ins.
      const { enrolmentRequired } = await twoFactorState(db, user.id, assignments.map((a) => a.role));
      return { principal: principalOf(user, assignments, enrolmentRequired), tokenHash };
    },

    async logout(ctx: RequestContext, token: string): Promise<void> {
      await deleteSession(db, sha256Hex(token));
      if (ctx.principal) await recordAudit(db, clock, ctx, { action: 'auth.logout', entityType: 'user', entityId: ctx.principal.userId });
    },

    async me(ctx: RequestContext) {
      const user = await access.requireOwnAccount(ctx);
      const assignments = await listAssignments(db, [user.id]);
      return presentMe(user, assignments, await twoFactorState(db, user.id, assignments.map((a) => a.role)));
    },

    /**
     * Changes the caller's password. Wrong current passwords are counted per account by `guesses` (the route's limit,
     * accounts.routes.ts): past the limit the change is refused with 429 before any check; each wrong one is audited,
     * so a stolen session guessing the password shows in the log.
     */
    async changePassword(ctx: RequestContext, currentPassword: string, newPassword: string, keepSessionHash: string | undefined, guesses: CurrentPasswordGuesses) {
      const user = await access.requireOwnAccount(ctx);
      const held = await guesses.heldForSeconds();
      if (held !== null) throw rateLimited(held);
      if (!(await verifyPassword(user.password_hash, currentPassword))) {
        await guesses.countWrong();
        await recordAudit(db, clock, ctx, { action: 'user.password_change_failed', entityType: 'user', entityId: user.id, details: { reason: 'wrong_current_password' } });
        throw problems.validation([{ field: 'currentPassword', messageKey: 'validation.currentPasswordWrong' }]);
      }
      const issues = passwordProblems('newPassword', newPassword, { username: user.username, cityName });
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
