import { constantTimeEqual, keyedHash, randomToken } from '../../shared/crypto.js';

/*
 * Throttling password guesses (OWASP ASVS 2.2.1) without letting a stranger lock the real user out.
 *
 * Three layers:
 * 1. Per address: the login route takes at most LOGINS_PER_ADDRESS attempts per window from one client address
 *    (@fastify/rate-limit, shared through Redis when REDIS_URL is set). Generous enough for one office or carrier
 *    NAT signing in in the morning, it stops one machine spraying many accounts.
 * 2. Per account, exponential back-off (`lockAfterFailure`): the first LOCK_AFTER_FAILURES - 1 wrong passwords are
 *    free; the next locks the account for LOCK_DURATION_MS, and each further wrong password made *after the lock has
 *    run out* doubles it, up to LOCK_MAX_MS. Guesses made while the account is locked are refused (the same 401 as
 *    any failure, so the answer tells neither the lock nor whether the account exists), neither counted nor
 *    extending the lock: a guesser cannot pile up hours of lock, and gets about four guesses an hour once capped.
 *    A successful sign-in clears the count.
 * 3. A known browser passes the lock: a successful sign-in leaves a device cookie (`jb_device`, an HMAC of the
 *    account and the time its password was last set, under a key of its own). A sign-in attempt that presents the
 *    account's device cookie is not held by the account's lock, so an attacker who keeps the account locked from
 *    elsewhere slows only themselves, never the user at their usual browser (OWASP "device cookies"). Its wrong
 *    passwords still count; a password change or reset makes every earlier device cookie of the account worthless.
 *    What remains for someone holding a stolen device cookie is layer 1.
 */

export const LOCK_AFTER_FAILURES = 5;
/** The first lock; each further failure after a lock doubles it. */
export const LOCK_DURATION_MS = 30 * 1000;
export const LOCK_MAX_MS = 15 * 60 * 1000;
/** Login attempts per client address and window (layer 1). */
export const LOGINS_PER_ADDRESS = 50;
export const LOGIN_ADDRESS_WINDOW_MS = 10 * 60 * 1000;

/** Wrong current passwords on POST /me/password per account and window (only wrong guesses count). */
export const WRONG_CURRENT_PASSWORDS = 5;
export const WRONG_CURRENT_PASSWORD_WINDOW_MS = 15 * 60 * 1000;

export const DEVICE_COOKIE = 'jb_device';
export const DEVICE_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

/** The lock after the `failures`-th consecutive wrong password (counting this one), or null while still free. */
export function lockAfterFailure(failures: number, now: number): number | null {
  if (failures < LOCK_AFTER_FAILURES) return null;
  const doublings = Math.min(failures - LOCK_AFTER_FAILURES, 30);
  return now + Math.min(LOCK_DURATION_MS * 2 ** doublings, LOCK_MAX_MS);
}

/** A device cookie for the account: `<nonce>.<mac>`, the MAC binding the account and its password's age. */
export function issueDeviceToken(key: Buffer, userId: string, passwordChangedAt: number): string {
  const nonce = randomToken(12);
  return `${nonce}.${keyedHash(key, `${userId}|${passwordChangedAt}|${nonce}`)}`;
}

/** Whether `token` is a device cookie this server issued for this account since its password was last set. */
export function isDeviceOf(key: Buffer, token: string | undefined, userId: string, passwordChangedAt: number): boolean {
  if (!token) return false;
  const [nonce, mac, extra] = token.split('.');
  if (!nonce || !mac || extra !== undefined) return false;
  return constantTimeEqual(mac, keyedHash(key, `${userId}|${passwordChangedAt}|${nonce}`));
}

/** The back-off as the repository's one-statement count takes it (accounts.repository.ts `countLoginAttempt`). */
export function lockLadder(now: number): { freeBefore: number; steps: { failuresBefore: number; lockedUntil: number }[]; otherwise: number } {
  const steps: { failuresBefore: number; lockedUntil: number }[] = [];
  for (let failures = LOCK_AFTER_FAILURES; ; failures++) {
    const lockedUntil = lockAfterFailure(failures, now) ?? now;
    if (lockedUntil - now >= LOCK_MAX_MS) break;
    steps.push({ failuresBefore: failures - 1, lockedUntil });
  }
  return { freeBefore: LOCK_AFTER_FAILURES - 1, steps, otherwise: now + LOCK_MAX_MS };
}
