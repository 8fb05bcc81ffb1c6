/** A sign-in code sent by SMS: only its keyed hash, bound to the number it was sent to (`person_key`). */
export interface ResidentCodesTable {
  id: string;
  /** The check-in person key of the number (visits.person_key): the same keyed phone hash. */
  person_key: string;
  /** keyedHash(citizen:code, `${person_key}:${code}`): a code of another number never matches. */
  code_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** Wrong codes of a number since its last sign-in, and the lock they caused. */
export interface ResidentGuessesTable {
  person_key: string;
  failures: number;
  locked_until: number | null;
  updated_at: number;
}

/** A resident who signed in at least once (deleted on request). */
export interface ResidentAccountsTable {
  person_key: string;
  language: string;
  created_at: number;
  last_sign_in_at: number;
}

/** A resident's session: the cookie's token hashed, the number sealed (`citizen:data`). */
export interface ResidentSessionsTable {
  token_hash: string;
  person_key: string;
  phone_enc: string;
  created_at: number;
  expires_at: number;
}

/** A message of the resident's inbox (/saya) that they have read. */
export interface ResidentMessageReadsTable {
  person_key: string;
  notification_id: string;
  read_at: number;
}
