import { randomInt } from 'node:crypto';
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { constantTimeEqual, decryptText, deriveKey, encryptText, keyedHash, randomToken, sha256Hex } from '../../shared/crypto.js';
import { AppError, problems, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { Language } from '../../shared/language.js';
import { normalizePhone } from '../../shared/phone.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import type { NotificationMessage } from '../notifications/index.js';
import * as repo from './citizen.repository.js';

/*
 * A resident signs in with their phone number (issue #16): a 6-digit code by SMS through the outbox, valid
 * CODE_TTL_MS, at most WRONG_CODES_BEFORE_LOCK wrong codes and then a LOCK_MS lock of the number. The answer to a
 * code request is the same whether the number is known or not (nothing is known about a number but its visits, and
 * no answer tells). Only a keyed hash of a code is stored, bound to its number: a code of another number never
 * matches. The session is the resident's own cookie; a staff account has no phone sign-in at all.
 */

export const RESIDENT_COOKIE = 'jb_resident';
export const CODE_TTL_MS = 5 * 60_000;
export const WRONG_CODES_BEFORE_LOCK = 5;
export const LOCK_MS = 15 * 60_000;
export const RESIDENT_SESSION_MS = 7 * 24 * 60 * 60_000;
/** Code requests per number (whatever the address) in CODE_REQUEST_WINDOW_MS: a lost SMS may be asked again, twice. */
export const CODE_REQUESTS_PER_NUMBER = 3;
export const CODE_REQUEST_WINDOW_MS = 15 * 60_000;
/** Code requests per client address and minute (the route's limit): below ten a minute, above what a family shares. */
export const CODE_REQUESTS_PER_ADDRESS = 6;
/** Sign-in attempts per client address and minute: guessing across many numbers from one address is held here. */
export const SIGN_INS_PER_ADDRESS = 20;

/** The signed-in resident, as the auth plugin hands it to a `resident` route. */
export interface Resident {
  personKey: string;
  /** E.164, opened from the session. */
  phone: string;
  tokenHash: string;
}

export interface SignInDeps {
  db: Db;
  clock: Clock;
  secretKey: Buffer;
  /** The check-in person key (keyed phone hash): the one key visits, cases, contacts and messages carry. */
  personKeyOf(e164: string): string;
  enqueue(db: Db, message: NotificationMessage): Promise<unknown>;
  codeText(lang: Language, params: { code: string; minutes: number }): string;
}

function phoneOf(raw: string): string {
  const e164 = normalizePhone(raw);
  if (!e164) throw problems.validation([{ field: 'phone', messageKey: 'validation.phone' }]);
  return e164;
}

function wrongCode(): AppError {
  return new AppError(401, 'sign-in-code-invalid', 'citizen.codeInvalid.title', 'citizen.codeInvalid.detail', { max: WRONG_CODES_BEFORE_LOCK, minutes: LOCK_MS / 60_000 });
}

export function lockedFor(seconds: number): AppError {
  return new AppError(429, 'sign-in-locked', 'citizen.locked.title', 'citizen.locked.detail', { seconds });
}

export function createSignInService(deps: SignInDeps) {
  const { db, clock } = deps;
  const codeKey = deriveKey(deps.secretKey, 'citizen:code');
  const dataKey = deriveKey(deps.secretKey, 'citizen:data');
  const codeHash = (personKey: string, code: string) => keyedHash(codeKey, `${personKey}:${code}`);

  return {
    /** The key the per-number limit counts under (a keyed hash, never the number); null for a number that is not one. */
    numberKeyOf(raw: string): string | null {
      const e164 = normalizePhone(raw);
      return e164 ? deps.personKeyOf(e164) : null;
    },

    /** Sends a new code unless the number is locked; the same (empty) answer either way. */
    async requestCode(ctx: RequestContext, rawPhone: string): Promise<void> {
      const phone = phoneOf(rawPhone);
      const personKey = deps.personKeyOf(phone);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const locked = await repo.lockedUntil(trx, personKey);
        if (locked !== null && locked > now) return;
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        const id = newId(now);
        await repo.retireCodes(trx, personKey, now);
        await repo.insertCode(trx, { id, person_key: personKey, code_hash: codeHash(personKey, code), created_at: now, expires_at: now + CODE_TTL_MS, used_at: null });
        // Written with the code, so a code exists if and only if its SMS is on its way. No person key: the device
        // inbox must never show a sign-in code.
        await deps.enqueue(trx, { channel: 'sms', recipient: phone, body: deps.codeText(ctx.lang, { code, minutes: CODE_TTL_MS / 60_000 }), lang: ctx.lang, dedupeKey: `resident-code:${id}` });
      });
    },

    /**
     * Checks the code and opens a session. Each guess is counted before the check; the WRONG_CODES_BEFORE_LOCK-th
     * wrong one locks the number (and retires its code); while locked every attempt is refused unchecked (429).
     */
    async signIn(ctx: RequestContext, rawPhone: string, code: string): Promise<{ token: string; expiresAt: number }> {
      const errors: FieldError[] = [];
      const phone = normalizePhone(rawPhone);
      if (!phone) errors.push({ field: 'phone', messageKey: 'validation.phone' });
      if (!/^\d{6}$/.test(code)) errors.push({ field: 'code', messageKey: 'citizen.code' });
      if (!phone || errors.length > 0) throw problems.validation(errors);
      const personKey = deps.personKeyOf(phone);
      const now = clock.now();
      const outcome = await db.transaction().execute(async (trx) => {
        const locked = await repo.lockedUntil(trx, personKey);
        if (locked !== null && locked > now) return { kind: 'locked' as const, until: locked };
        const active = await repo.activeCode(trx, personKey, now);
        // With no code out there is nothing to guess: such a try is refused without counting, so nobody can keep a
        // stranger's number locked by posting wrong codes for it (only a code the owner asked for opens the count).
        if (active === undefined) return { kind: 'wrong' as const };
        const guesses = await repo.countGuess(trx, personKey, now);
        const right = constantTimeEqual(active.code_hash, codeHash(personKey, code));
        if (!right || !(await repo.spendCode(trx, active.id, now))) {
          if (guesses >= WRONG_CODES_BEFORE_LOCK) {
            await repo.lockNumber(trx, personKey, now + LOCK_MS, now);
            await repo.retireCodes(trx, personKey, now);
          }
          await recordAudit(trx, clock, ctx, { action: 'resident.sign_in_failed', entityType: 'resident', entityId: personKey, details: { locked: guesses >= WRONG_CODES_BEFORE_LOCK } });
          return { kind: 'wrong' as const };
        }
        await repo.clearGuesses(trx, personKey);
        await repo.upsertAccount(trx, personKey, ctx.lang, now);
        const token = randomToken(32);
        const expiresAt = now + RESIDENT_SESSION_MS;
        await repo.insertSession(trx, { token_hash: sha256Hex(token), person_key: personKey, phone_enc: encryptText(dataKey, phone), created_at: now, expires_at: expiresAt });
        await recordAudit(trx, clock, ctx, { action: 'resident.sign_in', entityType: 'resident', entityId: personKey });
        return { kind: 'signed-in' as const, token, expiresAt };
      });
      if (outcome.kind === 'locked') throw lockedFor(Math.max(1, Math.ceil((outcome.until - now) / 1000)));
      if (outcome.kind === 'wrong') throw wrongCode();
      return { token: outcome.token, expiresAt: outcome.expiresAt };
    },

    /** The resident behind a session cookie, or null (unknown or expired). */
    async authenticate(token: string): Promise<Resident | null> {
      const tokenHash = sha256Hex(token);
      const session = await repo.findSession(db, tokenHash, clock.now());
      if (!session) return null;
      return { personKey: session.person_key, phone: decryptText(dataKey, session.phone_enc), tokenHash };
    },

    async signOut(ctx: RequestContext, token: string): Promise<void> {
      const tokenHash = sha256Hex(token);
      const session = await repo.findSession(db, tokenHash, clock.now());
      await db.transaction().execute(async (trx) => {
        await repo.deleteSession(trx, tokenHash);
        if (session) await recordAudit(trx, clock, ctx, { action: 'resident.sign_out', entityType: 'resident', entityId: session.person_key });
      });
    },
  };
}
export type SignInService = ReturnType<typeof createSignInService>;
