import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { decryptText, deriveKey, encryptText } from '../../shared/crypto.js';
import { AppError, problems, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { Language } from '../../shared/language.js';
import type { RequestContext } from '../../shared/request-context.js';
import { text } from '../../shared/texts.js';
import { hashPassword, type AccountsService } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import type { NotificationMessage } from '../notifications/index.js';
import type { RegionsService } from '../regions/index.js';
import { normalizePhone } from '../../shared/phone.js';
import { contactKeys, contactLookup, sealContact } from './venue-contact.js';
import { findManagerProfileBy, insertManagerProfile } from './venues.repository.js';

/*
 * Self sign-up of venue managers (no staff involved). The account is an ordinary user whose username is the e-mail
 * address, with one role assignment: venue_manager at the city root. That assignment only grants `venues:register`;
 * every venue the manager registers is reached through ownership (venue_managers), never through the region scope.
 * Phone and e-mail live in venue_manager_profiles (staff accounts have neither), both unique, sealed at rest; their
 * uniqueness holds on blind indexes (venue-contact.ts).
 *
 * Two steps, so that the answer never tells whether an address is registered (issue #14, finding 16):
 * 1. `signup` checks the form (formats and the password policy: nothing about other accounts) and always answers the
 *    same 202. It sends, through the outbox, either a confirmation link to the address (a sealed, expiring token
 *    holding the form with the password already hashed; nothing is stored) or, when the address already has an
 *    account, a notice to its owner saying someone tried, with the way to sign in. Both paths hash the password, so
 *    they take as long. The owner of an address is the only one who learns anything.
 * 2. `confirm` takes the token from the link, creates the account and signs it in. Only here can a phone number
 *    already used by another manager be refused (409 phone-taken), and only to someone who has proved they read the
 *    mail of a fresh address: a probe of phones costs a mailbox round trip, under the per-address sign-up limit.
 * Usernames of staff are chosen by administrators and cannot contain "@", so they never meet a manager's e-mail.
 */

export interface SignupInput {
  name: string;
  phone: string;
  email: string;
  password: string;
}

/** How long a confirmation link holds. */
export const SIGNUP_CONFIRMATION_MS = 24 * 60 * 60 * 1000;
/** The web app's page that takes the token from the link's fragment (never sent to a server log). */
export const SIGNUP_CONFIRM_PATH = '/daftar-pengelola/konfirmasi';

interface SealedSignup {
  name: string;
  phone: string;
  email: string;
  passwordHash: string;
  lang: Language;
  expiresAt: number;
}

export function createVenueManagersService(deps: {
  db: Db;
  clock: Clock;
  regions: RegionsService;
  accounts: AccountsService;
  secretKey: Buffer;
  publicUrl: string;
  /** Puts a message in the outbox (the notifications module's enqueueNotification). */
  enqueue: (db: Db, message: NotificationMessage) => Promise<unknown>;
}) {
  const { db, clock, regions, accounts, enqueue } = deps;
  const key = deriveKey(deps.secretKey, 'signup-confirmation');
  const contacts = contactKeys(deps.secretKey);

  async function emailTaken(email: string): Promise<boolean> {
    return (await accounts.usernameTaken(email)) || (await findManagerProfileBy(db, 'email_hash', contactLookup(contacts, 'email', email))) !== undefined;
  }

  async function phoneTaken(phone: string): Promise<boolean> {
    return (await findManagerProfileBy(db, 'phone_hash', contactLookup(contacts, 'phone', phone))) !== undefined;
  }

  function invalidLink(): AppError {
    return new AppError(400, 'signup-link-invalid', 'signupLinkInvalid.title', 'signupLinkInvalid.detail');
  }

  return {
    /** Checks the form and sends the confirmation link or, for a registered address, a notice to its owner. */
    async signup(ctx: RequestContext, input: SignupInput): Promise<void> {
      const email = input.email.trim().toLowerCase();
      const name = input.name.trim();
      const errors: FieldError[] = [];
      if (name === '') errors.push({ field: 'name', messageKey: 'validation.required' });
      const phone = normalizePhone(input.phone);
      if (phone === null) errors.push({ field: 'phone', messageKey: 'validation.phone' });
      // The policy of every password (accounts/password-policy.ts): length, common passwords, the e-mail, the city.
      errors.push(...accounts.newPasswordProblems('password', input.password, { username: email, email }));
      if (errors.length > 0 || phone === null) throw problems.validation(errors);

      const passwordHash = await hashPassword(input.password);
      const now = clock.now();
      const lang = ctx.lang;
      if (await emailTaken(email)) {
        await enqueue(db, {
          channel: 'email',
          recipient: email,
          lang,
          subject: text(lang, 'notifications.signupTaken.subject'),
          body: text(lang, 'notifications.signupTaken.body', { link: `${deps.publicUrl}/login` }),
          dedupeKey: `signup-taken:${newId(now)}`,
          regionCode: null, // city-level: a sign-up belongs to no region yet
        });
        await recordAudit(db, clock, ctx, { action: 'venue_manager.signup_existing', entityType: 'user', details: { reason: 'email_registered' } });
        return;
      }
      const sealed: SealedSignup = { name, phone, email, passwordHash, lang, expiresAt: now + SIGNUP_CONFIRMATION_MS };
      const token = encryptText(key, JSON.stringify(sealed));
      await enqueue(db, {
        channel: 'email',
        recipient: email,
        lang,
        subject: text(lang, 'notifications.signupConfirm.subject'),
        body: text(lang, 'notifications.signupConfirm.body', { name, link: `${deps.publicUrl}${SIGNUP_CONFIRM_PATH}#${token}` }),
        dedupeKey: `signup-confirm:${newId(now)}`,
        regionCode: null, // city-level: a sign-up belongs to no region yet
      });
      await recordAudit(db, clock, ctx, { action: 'venue_manager.signup_requested', entityType: 'user', details: {} });
    },

    /** The link's token: creates the account and logs it in (the session token for the cookie and the `me` body). */
    async confirm(ctx: RequestContext, token: string, userAgent: string | null) {
      let sealed: SealedSignup;
      try {
        sealed = JSON.parse(decryptText(key, token)) as SealedSignup;
      } catch {
        throw invalidLink();
      }
      const now = clock.now();
      if (typeof sealed.expiresAt !== 'number' || sealed.expiresAt <= now) throw invalidLink();
      const { email, phone, name, passwordHash } = sealed;
      // The owner of the address holds the link: telling them it is used, or that the phone is, tells them no secret.
      if (await emailTaken(email)) throw problems.conflict('signup-link-used', 'signupLinkUsed.detail');
      if (await phoneTaken(phone)) throw problems.conflict('phone-taken', 'phoneTaken.detail');

      const root = (await regions.rootCodes())[0];
      if (!root) throw new Error('no regions loaded: cannot sign up venue managers');
      const id = newId(now);
      try {
        await db.transaction().execute(async (trx) => {
          // The account itself is the accounts module's (the one user insert); the profile is ours.
          await accounts.createUserWithAssignments(trx, { id, username: email, displayName: name, passwordHash, assignments: [{ role: 'venue_manager', regionCode: root }], createdBy: null, now });
          await insertManagerProfile(trx, {
            user_id: id,
            phone_enc: sealContact(contacts, phone),
            email_enc: sealContact(contacts, email),
            phone_hash: contactLookup(contacts, 'phone', phone),
            email_hash: contactLookup(contacts, 'email', email),
            created_at: now,
          });
          // The entity id names the account; its e-mail (the username) stays out of the log (issue #14, finding 11).
          await recordAudit(trx, clock, ctx, { action: 'venue_manager.signup', entityType: 'user', entityId: id, regionCode: root, details: {} });
        });
      } catch (err) {
        // The same link used twice at once, or a concurrent sign-up with the same phone, loses on the unique indexes.
        if (await emailTaken(email)) throw problems.conflict('signup-link-used', 'signupLinkUsed.detail');
        if (await phoneTaken(phone)) throw problems.conflict('phone-taken', 'phoneTaken.detail');
        throw err;
      }
      const { token: session, me, deviceToken } = await accounts.signIn(ctx, id, userAgent);
      return { id, username: email, token: session, me, deviceToken };
    },
  };
}

export type VenueManagersService = ReturnType<typeof createVenueManagersService>;
