import type { Db } from '../../db/kysely.js';
import { decryptText } from '../../shared/crypto.js';
import type { UserTotpTable } from './accounts.table.js';
import { isTotpCodeShape, recoveryCodeHash, totpStepOf } from './totp.js';
import { acceptTotpStep, useRecoveryCode } from './two-factor.repository.js';

export interface SecondFactorKeys {
  /** Seals the TOTP secrets (purpose `totp-secret`). */
  totpKey: Buffer;
  /** Keys the recovery codes' hashes (purpose `recovery-code`). */
  recoveryKey: Buffer;
}

export type SecondFactorMethod = 'totp' | 'recovery_code';

/**
 * Checks and spends a second factor of an account with an active authenticator: a 6-digit code (its time step is
 * then used up) or an unused recovery code (then spent). Answers the method and, when refused, why
 * (`wrong_code`, `replayed_code`, `wrong_recovery_code`), for the audit log.
 */
export async function spendSecondFactor(
  db: Db,
  keys: SecondFactorKeys,
  totp: UserTotpTable,
  code: string,
  now: number,
): Promise<{ method: SecondFactorMethod; refused: string | null }> {
  if (isTotpCodeShape(code)) {
    const step = totpStepOf(decryptText(keys.totpKey, totp.secret_sealed), code.replace(/\s/g, ''), now);
    if (step === null) return { method: 'totp', refused: 'wrong_code' };
    const accepted = await acceptTotpStep(db, totp.user_id, step, totp.status, totp.status === 'pending' ? now : null);
    return { method: 'totp', refused: accepted ? null : 'replayed_code' };
  }
  if (totp.status !== 'active') return { method: 'recovery_code', refused: 'wrong_recovery_code' };
  const spent = await useRecoveryCode(db, totp.user_id, recoveryCodeHash(keys.recoveryKey, code), now);
  return { method: 'recovery_code', refused: spent ? null : 'wrong_recovery_code' };
}
