import type { Db } from '../../db/kysely.js';
import { newId } from '../../shared/ids.js';
import { insertAssignment, insertUser } from './accounts.repository.js';

export interface NewAssignment {
  role: string;
  regionCode: string;
}

/** A new account as the one user insert takes it: the password already hashed (never inside a transaction). */
export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  assignments: readonly NewAssignment[];
  createdBy: string | null;
  now: number;
}

/**
 * THE user insert: an enabled account with its role assignments, in the caller's transaction (so that a module
 * creating users of its own kind, like venue managers' sign-up, writes its rows in the same unit of work).
 */
export async function createUserWithAssignments(trx: Db, user: NewUser): Promise<void> {
  const { id, now } = user;
  await insertUser(trx, {
    id,
    username: user.username,
    display_name: user.displayName,
    password_hash: user.passwordHash,
    disabled: 0,
    failed_logins: 0,
    locked_until: null,
    password_changed_at: now,
    created_at: now,
    created_by: user.createdBy,
  });
  for (const a of user.assignments) {
    await insertAssignment(trx, { id: newId(now), user_id: id, role: a.role, region_code: a.regionCode, created_at: now, created_by: user.createdBy });
  }
}
