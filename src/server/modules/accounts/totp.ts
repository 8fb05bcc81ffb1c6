import { Secret, TOTP } from 'otpauth';
import { keyedHash, secureRandomBytes } from '../../shared/crypto.js';

/*
 * RFC 6238 TOTP as every authenticator app reads it: SHA-1, 6 digits, 30-second steps (otpauth). A code is accepted
 * for the current step and one step either side (clock drift, a code typed as it changes); the caller refuses a step
 * not later than the last one accepted, so a code seen over someone's shoulder cannot be used again.
 *
 * Recovery codes: RECOVERY_CODES codes of 10 characters of Crockford's base32 (50 bits each),
 * shown once as `xxxxx-xxxxx`, stored as keyed hashes (an HMAC under a key of their own: 50 random bits need no slow
 * hash, and a copy of the database alone cannot test guesses).
 */

export const TOTP_PERIOD_S = 30;
export const TOTP_DIGITS = 6;
export const TOTP_WINDOW = 1;
export const RECOVERY_CODES = 10;
/** Crockford's base32 in lower case (no i, l, o, u): 32 letters, so a random byte modulo 32 is unbiased. */
const RECOVERY_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function totpOf(secretBase32: string, label = '', issuer = ''): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_S, secret: Secret.fromBase32(secretBase32) });
}

/** A new 160-bit secret, base32 (what an authenticator app takes when typed in). */
export function newTotpSecret(): string {
  return new Secret({ buffer: new Uint8Array(secureRandomBytes(20)).buffer }).base32;
}

/** The `otpauth://totp/...` URI that the enrolment QR code carries. */
export function totpUri(secretBase32: string, account: string, issuer: string): string {
  return totpOf(secretBase32, account, issuer).toString();
}

/** The time step of a 6-digit `code` within the window around `now`, or null when it matches none. */
export function totpStepOf(secretBase32: string, code: string, now: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(secretBase32).validate({ token: code, timestamp: now, window: TOTP_WINDOW });
  return delta === null ? null : Math.floor(now / 1000 / TOTP_PERIOD_S) + delta;
}

export function isTotpCodeShape(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ''));
}

/** New recovery codes as shown to the user (`xxxxx-xxxxx`). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const chars = [...secureRandomBytes(10)].map((b) => RECOVERY_ALPHABET[b % 32]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What is compared: lower case, no spaces or dashes (the user may type it either way). */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

export function recoveryCodeHash(key: Buffer, code: string): string {
  return keyedHash(key, normaliseRecoveryCode(code));
}
