import QRCode from 'qrcode';
import type { AuditAction } from '../../../common/audit-actions.js';
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { encryptText } from '../../shared/crypto.js';
import { AppError, problems } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { rateLimited } from '../../shared/rate-limit.js';
import type { RequestContext } from '../../shared/request-context.js';
import { text } from '../../shared/texts.js';
import { recordAudit } from '../audit/index.js';
import type { RegionsService } from '../regions/index.js';
import type { AccountsAccess } from './accounts.access.js';
import { listAssignments } from './accounts.read-model.js';
import { deleteSessionsOfUser } from './accounts.repository.js';
import { verifyPassword } from './passwords.js';
import { ROLES, type Role } from './permissions.js';
import { spendSecondFactor, type SecondFactorKeys } from './second-factor.js';
import type { CurrentPasswordGuesses } from './sessions.service.js';
import { newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpUri } from './totp.js';
import { twoFactorState } from './two-factor-state.js';
import { countUnusedRecoveryCodes, deleteTwoFactor, findTotp, listRequiredRoles, putPendingTotp, replaceRecoveryCodes, setRolePolicy } from './two-factor.repository.js';

/** The roles for which the issue recommends mandatory two-factor sign-in (shown to the administrator, never imposed). */
export const TWO_FACTOR_RECOMMENDED_ROLES: readonly Role[] = ['admin', 'approver', 'health_tracer'];

function codeProblem(): AppError {
  return problems.validation([{ field: 'code', messageKey: 'validation.twoFactorCodeWrong' }]);
}

/**
 * Two-factor sign-in (TOTP, RFC 6238) for one's own account: set it up (a pending secret, then confirmed by a code,
 * which yields the recovery codes, shown once), new recovery codes, turning it off (password and code); the per-role
 * policy (city administrators); an administrator's reset of a user's authenticator (a lost phone). Signing in with it
 * is sessions.service.ts. Every change is audited.
 */
export function createTwoFactorService(deps: { db: Db; clock: Clock; access: AccountsAccess; regions: Pick<RegionsService, 'rootCodes'>; keys: SecondFactorKeys }) {
  const { db, clock, access, regions, keys } = deps;

  async function stateOf(userId: string) {
    const assignments = await listAssignments(db, [userId]);
    return twoFactorState(db, userId, assignments.map((a) => a.role));
  }

  async function issueRecoveryCodes(trx: Db, userId: string, now: number): Promise<string[]> {
    const codes = newRecoveryCodes();
    await replaceRecoveryCodes(trx, userId, codes.map((code) => ({ id: newId(now), user_id: userId, code_hash: recoveryCodeHash(keys.recoveryKey, code), created_at: now, used_at: null })));
    return codes;
  }

  /** Checks a code of the caller's active authenticator for a change to it; wrong ones count in `guesses`. */
  async function requireCurrentCode(ctx: RequestContext, userId: string, code: string, guesses: CurrentPasswordGuesses, action: AuditAction) {
    const totp = await findTotp(db, userId);
    if (totp?.status !== 'active') throw problems.conflict('two-factor-not-active', 'twoFactorNotActive.detail');
    const { refused, method } = await spendSecondFactor(db, keys, totp, code, clock.now());
    if (refused !== null) {
      await guesses.countWrong();
      await recordAudit(db, clock, ctx, { action, entityType: 'user', entityId: userId, details: { reason: refused, method } });
      throw codeProblem();
    }
  }

  async function twoFactorPolicy(ctx: RequestContext) {
    access.requireManager(ctx);
    const required = await listRequiredRoles(db);
    return { roles: ROLES.map((role) => ({ role, required: required.includes(role), recommended: TWO_FACTOR_RECOMMENDED_ROLES.includes(role) })) };
  }

  return {
    async twoFactor(ctx: RequestContext) {
      const user = await access.requireOwnAccount(ctx);
      const state = await stateOf(user.id);
      return { ...state, recoveryCodesLeft: state.status === 'active' ? await countUnusedRecoveryCodes(db, user.id) : 0 };
    },

    /** A new secret, pending until confirmed: its URI and QR code (SVG as a data URL) and the key for typing in. */
    async startTwoFactorEnrolment(ctx: RequestContext) {
      const user = await access.requireOwnAccount(ctx);
      if ((await findTotp(db, user.id))?.status === 'active') throw problems.conflict('two-factor-active', 'twoFactorActive.detail');
      const now = clock.now();
      const secret = newTotpSecret();
      await db.transaction().execute(async (trx) => {
        await putPendingTotp(trx, { user_id: user.id, secret_sealed: encryptText(keys.totpKey, secret), status: 'pending', last_step: null, created_at: now, confirmed_at: null });
        await recordAudit(trx, clock, ctx, { action: 'user.two_factor_enrolment_started', entityType: 'user', entityId: user.id });
      });
      const uri = totpUri(secret, user.username, text('id', 'app.name'));
      const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { secret, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
    },

    /** The first code turns the pending authenticator on; the recovery codes are answered this once. */
    async confirmTwoFactorEnrolment(ctx: RequestContext, code: string) {
      const user = await access.requireOwnAccount(ctx);
      const totp = await findTotp(db, user.id);
      if (totp?.status !== 'pending') throw problems.conflict('two-factor-not-pending', 'twoFactorNotPending.detail');
      const now = clock.now();
      // The code, the switch to active and the recovery codes in one transaction: never on without its codes.
      const outcome = await db.transaction().execute(async (trx) => {
        const { refused } = await spendSecondFactor(trx, keys, totp, code, now);
        if (refused !== null) return { refused, codes: [] };
        const codes = await issueRecoveryCodes(trx, user.id, now);
        await recordAudit(trx, clock, ctx, { action: 'user.two_factor_enabled', entityType: 'user', entityId: user.id });
        return { refused: null, codes };
      });
      if (outcome.refused !== null) {
        await recordAudit(db, clock, ctx, { action: 'user.two_factor_enrolment_failed', entityType: 'user', entityId: user.id, details: { reason: outcome.refused } });
        throw codeProblem();
      }
      const recoveryCodes = outcome.codes;
      return { recoveryCodes };
    },

    /** New recovery codes (the old ones stop working), with a current code. */
    async regenerateRecoveryCodes(ctx: RequestContext, code: string, guesses: CurrentPasswordGuesses) {
      const user = await access.requireOwnAccount(ctx);
      const held = await guesses.heldForSeconds();
      if (held !== null) throw rateLimited(held);
      await requireCurrentCode(ctx, user.id, code, guesses, 'user.two_factor_recovery_codes_failed');
      const recoveryCodes = await db.transaction().execute(async (trx) => {
        const codes = await issueRecoveryCodes(trx, user.id, clock.now());
        await recordAudit(trx, clock, ctx, { action: 'user.two_factor_recovery_codes', entityType: 'user', entityId: user.id });
        return codes;
      });
      return { recoveryCodes };
    },

    /** Turns it off, with the password and a code (or a recovery code); refused while mandatory for a role held. */
    async disableTwoFactor(ctx: RequestContext, password: string, code: string, guesses: CurrentPasswordGuesses) {
      const user = await access.requireOwnAccount(ctx);
      const held = await guesses.heldForSeconds();
      if (held !== null) throw rateLimited(held);
      if ((await stateOf(user.id)).required) throw problems.conflict('two-factor-mandatory', 'twoFactorMandatory.detail');
      if (!(await verifyPassword(user.password_hash, password))) {
        await guesses.countWrong();
        await recordAudit(db, clock, ctx, { action: 'user.two_factor_disable_failed', entityType: 'user', entityId: user.id, details: { reason: 'wrong_password' } });
        throw problems.validation([{ field: 'password', messageKey: 'validation.currentPasswordWrong' }]);
      }
      await requireCurrentCode(ctx, user.id, code, guesses, 'user.two_factor_disable_failed');
      await db.transaction().execute(async (trx) => {
        await deleteTwoFactor(trx, user.id);
        await recordAudit(trx, clock, ctx, { action: 'user.two_factor_disabled', entityType: 'user', entityId: user.id });
      });
    },

    /** Per role, whether two-factor sign-in is mandatory (off until set), with the recommendation. */
    twoFactorPolicy,

    /** Sets the roles for which it is mandatory: an administrator of the whole city only. */
    async setTwoFactorPolicy(ctx: RequestContext, requiredRoles: Role[]) {
      const principal = access.requireManager(ctx);
      const roots = await regions.rootCodes();
      const cityRoot = roots.find((code) => principal.canIn('users:manage', code));
      if (cityRoot === undefined) throw problems.outOfScope(roots[0] ?? '');
      const before = await listRequiredRoles(db);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        for (const role of ROLES) {
          const required = requiredRoles.includes(role);
          if (required !== before.includes(role)) await setRolePolicy(trx, role, required, now, principal.userId);
        }
        await recordAudit(trx, clock, ctx, {
          action: 'two_factor.policy_update',
          entityType: 'two_factor_policy',
          regionCode: cityRoot,
          details: { requiredRoles: [...new Set(requiredRoles)].sort(), before },
        });
      });
      return twoFactorPolicy(ctx);
    },

    /** An administrator removes a user's authenticator and recovery codes (a lost phone); their sessions end. */
    async resetTwoFactor(ctx: RequestContext, userId: string) {
      const { user, assignments } = await access.requireManageableUser(ctx, userId);
      await db.transaction().execute(async (trx) => {
        await deleteTwoFactor(trx, user.id);
        await deleteSessionsOfUser(trx, user.id);
        await recordAudit(trx, clock, ctx, { action: 'user.two_factor_reset', entityType: 'user', entityId: user.id, regionCode: assignments[0]?.region_code ?? null });
      });
    },
  };
}
