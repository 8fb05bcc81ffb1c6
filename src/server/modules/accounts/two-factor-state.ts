import type { Db } from '../../db/kysely.js';
import { findTotp, listRequiredRoles } from './two-factor.repository.js';

export interface TwoFactorState {
  /** `off` (never set up, or reset), `pending` (set up, not yet confirmed with a code), `active`. */
  status: 'off' | 'pending' | 'active';
  /** Mandatory for a role the account holds (two_factor_policy). */
  required: boolean;
}

/**
 * The account's two-factor state. A session of an account for which it is `required` but not `active` is restricted
 * to setting it up (`enrolmentRequired`): the auth plugin answers every other route 403 `two-factor-required`.
 */
export async function twoFactorState(db: Db, userId: string, roles: readonly string[]): Promise<TwoFactorState & { enrolmentRequired: boolean }> {
  const requiredRoles = await listRequiredRoles(db);
  const required = roles.some((r) => requiredRoles.includes(r));
  const totp = await findTotp(db, userId);
  const status = totp?.status ?? 'off';
  return { status, required, enrolmentRequired: required && status !== 'active' };
}
