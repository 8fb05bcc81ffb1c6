export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  disabled: number;
  failed_logins: number;
  locked_until: number | null;
  password_changed_at: number;
  created_at: number;
  created_by: string | null;
}

export interface RoleAssignmentsTable {
  id: string;
  user_id: string;
  role: string;
  region_code: string;
  created_at: number;
  created_by: string | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  ip: string | null;
  user_agent: string | null;
}

/** One authenticator per account (two-factor.service.ts): `pending` until its first code, then `active`. */
export interface UserTotpTable {
  user_id: string;
  /** The base32 secret, sealed with the `totp-secret` key. */
  secret_sealed: string;
  status: 'pending' | 'active';
  /** The last RFC 6238 time step accepted: a code of this step or an earlier one is refused (replay). */
  last_step: number | null;
  created_at: number;
  confirmed_at: number | null;
}

export interface UserRecoveryCodesTable {
  id: string;
  user_id: string;
  /** Keyed hash (`recovery-code` key) of the normalised code. */
  code_hash: string;
  created_at: number;
  used_at: number | null;
}

/** Between a correct password and the second factor: single purpose, short-lived, never a session. */
export interface LoginChallengesTable {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  /** Codes tried with this challenge. */
  attempts: number;
  /** The password step came with the account's device cookie (login-throttle.ts, layer 3). */
  known_device: number;
}

/** Per role, whether two-factor sign-in is mandatory; no row is off. */
export interface TwoFactorPolicyTable {
  role: string;
  required: number;
  updated_at: number;
  updated_by: string | null;
}

/** An account's language (PUT /me/language): the notifications it receives are written in it. No row: Indonesian. */
export interface UserPreferencesTable {
  user_id: string;
  /** 'id' | 'en' */
  language: string;
  updated_at: number;
}
