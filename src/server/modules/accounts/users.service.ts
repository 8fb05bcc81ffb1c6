import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { randomToken } from '../../shared/crypto.js';
import { AppError, problems } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { decodeCursor, encodeCursor, pageOf } from '../../shared/pagination.js';
import type { RequestContext } from '../../shared/request-context.js';
import { text } from '../../shared/texts.js';
import { recordAudit } from '../audit/index.js';
import type { RegionsService } from '../regions/index.js';
import type { AccountsAccess } from './accounts.access.js';
import { presentUser } from './accounts.presenter.js';
import { listAssignments } from './accounts.read-model.js';
import {
  countEnabledHolders,
  countUsers,
  deleteAssignment,
  deleteSessionsOfUser,
  findAssignment,
  findAssignmentByValue,
  findUserById,
  findUserByUsername,
  insertAssignment,
  listUsers,
  updateUser,
} from './accounts.repository.js';
import type { UsersTable } from './accounts.table.js';
import { createUserWithAssignments, type NewAssignment } from './new-user.js';
import { passwordProblems } from './password-policy.js';
import { hashPassword } from './passwords.js';
import { isRole } from './permissions.js';
import { listTotpStatuses } from './two-factor.repository.js';

/** Staff accounts: creating, listing, changing and disabling users, their role assignments, the first administrator. */
export function createUsersService(deps: { db: Db; clock: Clock; regions: RegionsService; timeZone: string; cityName: string; access: AccountsAccess }) {
  const { db, clock, regions, timeZone, cityName, access } = deps;

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
    const user = await findUserById(db, userId);
    if (!user || user.disabled === 1) return;
    const stillHeldByUser = rootAdmin.length - losing.length > 0 && !change.disable;
    if (stillHeldByUser) return;
    if ((await countEnabledHolders(db, 'admin', roots)) <= 1) throw problems.conflict('last-admin', 'lastAdmin.detail');
  }

  async function getUser(ctx: RequestContext, id: string) {
    const { user, assignments } = await access.requireManageableUser(ctx, id);
    const twoFactor = (await listTotpStatuses(db, [user.id])).get(user.id) ?? 'off';
    return presentUser(user, assignments, timeZone, clock.now(), twoFactor);
  }

  return {
    /** THE user insert, for modules that create accounts of their own kind (venue managers' sign-up). */
    createUserWithAssignments,

    /** The password policy (password-policy.ts) for another module's accounts (venue managers' sign-up). */
    newPasswordProblems(field: string, password: string, account: { username: string; email?: string }) {
      return passwordProblems(field, password, { ...account, cityName });
    },

    /** Whether an account already uses this username (sign-up checks before and after its insert). */
    async usernameTaken(username: string): Promise<boolean> {
      return (await findUserByUsername(db, username)) !== undefined;
    },

    async createUser(ctx: RequestContext, input: { username: string; password: string; displayName: string; assignments: NewAssignment[] }) {
      access.requireManager(ctx);
      const issues = passwordProblems('password', input.password, { username: input.username, cityName });
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

    async listUsers(ctx: RequestContext, page: { cursor?: string; limit: number; q?: string; role?: string; region?: string }) {
      const scopes = access.requireManager(ctx).scopesFor('users:manage');
      const roots = await regions.rootCodes();
      const seesAll = scopes.some((s) => roots.includes(s));
      const afterUsername = decodeCursor(page.cursor, 1)?.[0];
      const rows = await listUsers(db, { scopes: seesAll ? undefined : scopes, afterUsername, q: page.q, role: page.role, region: page.region, limit: page.limit + 1 });
      const ids = rows.slice(0, page.limit).map((u) => u.id);
      const assignments = await listAssignments(db, ids);
      const twoFactor = await listTotpStatuses(db, ids);
      return pageOf(rows, page.limit, (last) => encodeCursor(last.username), (u) =>
        presentUser(u, assignments.filter((a) => a.user_id === u.id), timeZone, clock.now(), twoFactor.get(u.id) ?? 'off'),
      );
    },

    getUser,

    async updateUser(ctx: RequestContext, id: string, patch: { displayName?: string; disabled?: boolean; password?: string }) {
      const { user } = await access.requireManageableUser(ctx, id);
      if (patch.password !== undefined) {
        const issues = passwordProblems('password', patch.password, { username: user.username, cityName });
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
      return getUser(ctx, id);
    },

    async addAssignment(ctx: RequestContext, userId: string, input: NewAssignment) {
      await access.requireManageableUser(ctx, userId);
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
      await access.requireManageableUser(ctx, userId);
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
      // The generated password is random; one given in ADMIN_PASSWORD must pass the policy like any other.
      const issue = generated ? undefined : passwordProblems('ADMIN_PASSWORD', password, { username, cityName })[0];
      if (issue) throw new Error(`ADMIN_PASSWORD: ${text('en', `problems.${issue.messageKey}`, issue.params)}`);
      const now = clock.now();
      const id = newId(now);
      const passwordHash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        await createUserWithAssignments(trx, { id, username, displayName: 'Administrator', passwordHash, assignments: [{ role: 'admin', regionCode: root }], createdBy: null, now });
        await recordAudit(trx, clock, { principal: null, lang: 'en', ip: null, requestId: null }, { action: 'user.bootstrap_admin', entityType: 'user', entityId: id, regionCode: root });
      });
      return { username, password, generated, regionCode: root };
    },

  };
}
