import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { problems, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { RequestContext } from '../../shared/request-context.js';
import { hashPassword, type AccountsService } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import type { RegionsService } from '../regions/index.js';
import { normalizePhone } from '../../shared/phone.js';
import { findManagerProfileBy, insertManagerProfile } from './venues.repository.js';

/*
 * Self sign-up of venue managers (no staff involved). The account is an ordinary user whose username is the e-mail
 * address, with one role assignment: venue_manager at the city root. That assignment only grants `venues:register`;
 * every venue the manager registers is reached through ownership (venue_managers), never through the region scope.
 * Phone and e-mail live in venue_manager_profiles (staff accounts have neither), both unique.
 */

export interface SignupInput {
  name: string;
  phone: string;
  email: string;
  password: string;
}

export function createVenueManagersService(deps: { db: Db; clock: Clock; regions: RegionsService; accounts: AccountsService }) {
  const { db, clock, regions, accounts } = deps;

  return {
    /** Creates the account and logs it in: returns the session token for the cookie and the `me` body. */
    async signup(ctx: RequestContext, input: SignupInput, userAgent: string | null) {
      const email = input.email.trim().toLowerCase();
      const name = input.name.trim();
      const errors: FieldError[] = [];
      if (name === '') errors.push({ field: 'name', messageKey: 'validation.required' });
      const phone = normalizePhone(input.phone);
      if (phone === null) errors.push({ field: 'phone', messageKey: 'validation.phone' });
      // The policy of every password (accounts/password-policy.ts): length, common passwords, the e-mail, the city.
      errors.push(...accounts.newPasswordProblems('password', input.password, { username: email, email }));
      if (errors.length > 0 || phone === null) throw problems.validation(errors);

      if ((await accounts.usernameTaken(email)) || (await findManagerProfileBy(db, 'email', email))) {
        throw problems.conflict('email-taken', 'emailTaken.detail');
      }
      if (await findManagerProfileBy(db, 'phone', phone)) throw problems.conflict('phone-taken', 'phoneTaken.detail');

      const root = (await regions.rootCodes())[0];
      if (!root) throw new Error('no regions loaded: cannot sign up venue managers');
      const passwordHash = await hashPassword(input.password);
      const now = clock.now();
      const id = newId(now);
      try {
        await db.transaction().execute(async (trx) => {
          // The account itself is the accounts module's (the one user insert); the profile is ours.
          await accounts.createUserWithAssignments(trx, { id, username: email, displayName: name, passwordHash, assignments: [{ role: 'venue_manager', regionCode: root }], createdBy: null, now });
          await insertManagerProfile(trx, { user_id: id, phone, email, created_at: now });
          await recordAudit(trx, clock, ctx, { action: 'venue_manager.signup', entityType: 'user', entityId: id, regionCode: root, details: { username: email } });
        });
      } catch (err) {
        // A concurrent sign-up with the same e-mail or phone loses on the unique indexes.
        if (await findManagerProfileBy(db, 'phone', phone)) throw problems.conflict('phone-taken', 'phoneTaken.detail');
        if (await accounts.usernameTaken(email)) throw problems.conflict('email-taken', 'emailTaken.detail');
        throw err;
      }
      const { token, me, deviceToken } = await accounts.login(ctx, email, input.password, userAgent);
      return { id, username: email, token, me, deviceToken };
    },
  };
}

export type VenueManagersService = ReturnType<typeof createVenueManagersService>;
