import type { Kysely } from 'kysely';

/*
 * TOTP two-factor sign-in (issue #14, finding 14):
 * - user_totp: one authenticator per account, its secret sealed (AES-256-GCM, key purpose `totp-secret`), `pending`
 *   until the first code confirms it, then `active`; `last_step` is the last RFC 6238 time step accepted (a code is
 *   never accepted twice);
 * - user_recovery_codes: the one-time recovery codes, keyed hashes only, `used_at` once spent;
 * - login_challenges: the short-lived, single-purpose token between the password step and the code step (its sha256);
 * - two_factor_policy: per role, whether two-factor sign-in is mandatory. No row means off, so a fresh install (and an
 *   upgraded one) signs in as before until an administrator turns it on.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_totp')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_step', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('confirmed_at', 'bigint')
    .execute();

  await db.schema
    .createTable('user_recovery_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('user_recovery_codes_user_idx').on('user_recovery_codes').columns(['user_id', 'code_hash']).execute();

  await db.schema
    .createTable('login_challenges')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('known_device', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_challenges_expires_idx').on('login_challenges').column('expires_at').execute();

  await db.schema
    .createTable('two_factor_policy')
    .addColumn('role', 'text', (c) => c.primaryKey())
    .addColumn('required', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('two_factor_policy').execute();
  await db.schema.dropTable('login_challenges').execute();
  await db.schema.dropTable('user_recovery_codes').execute();
  await db.schema.dropTable('user_totp').execute();
}
