import type { Kysely } from 'kysely';

/* The resident's own space (Lindungi Diri, issue #16): sign-in by phone with a one-time code, the resident's sessions. */
export async function up(db: Kysely<any>): Promise<void> {
  // One row per code sent; only a keyed hash of the code (bound to the number) is kept.
  await db.schema
    .createTable('resident_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('resident_codes_person_idx').on('resident_codes').columns(['person_key', 'created_at']).execute();
  // Wrong codes per number since its last sign-in, and the lock they caused.
  await db.schema
    .createTable('resident_guesses')
    .addColumn('person_key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('resident_accounts')
    .addColumn('person_key', 'text', (c) => c.primaryKey())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('resident_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('phone_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('resident_sessions_person_idx').on('resident_sessions').column('person_key').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('resident_sessions').execute();
  await db.schema.dropTable('resident_accounts').execute();
  await db.schema.dropTable('resident_guesses').execute();
  await db.schema.dropTable('resident_codes').execute();
}
