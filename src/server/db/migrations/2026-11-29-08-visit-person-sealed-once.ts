import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { POSTGRES_CHECKIN_BATCH_V2 } from './2026-11-29-07-checkin-batch-set-based.js';

/**
 * A visit's name and phone number in one ciphertext, `person_enc` (modules/checkins/visit-person.ts): one encryption
 * per check-in instead of two. Earlier visits keep `name_enc` and `phone_enc` (the key needed to re-seal them is not
 * the migration's to hold); those columns become optional and empty out with the retention period.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table visits add column person_enc text, alter column name_enc drop not null, alter column phone_enc drop not null`.execute(db);
    await sql.raw(`drop function jb_checkin_batch(${V2_ARGUMENT_TYPES})`).execute(db);
    await sql.raw(POSTGRES_CHECKIN_BATCH_V3).execute(db);
    return;
  }
  // SQLite cannot relax NOT NULL in place: the table is rebuilt, as its documentation describes (no table refers to
  // visits, so the rename needs no foreign-key fix-ups).
  await db.schema
    .createTable('visits_v8')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id'))
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('person_enc', 'text')
    .addColumn('name_enc', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('secret_hash', 'text')
    .addColumn('t_in', 'bigint', (c) => c.notNull())
    .addColumn('t_out', 'bigint')
    .addColumn('out_kind', 'text')
    .addColumn('estimated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'text')
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  const columns = 'id, venue_id, person_key, name_enc, phone_enc, secret_hash, t_in, t_out, out_kind, estimated, source, entered_by, region_code, created_at';
  await sql.raw(`insert into visits_v8 (${columns}) select ${columns} from visits`).execute(db);
  await db.schema.dropTable('visits').execute();
  await db.schema.alterTable('visits_v8').renameTo('visits').execute();
  // The indexes of migration 04, on the new table.
  await db.schema.createIndex('visits_venue_t_in_idx').on('visits').columns(['venue_id', 't_in']).execute();
  await db.schema.createIndex('visits_person_t_in_idx').on('visits').columns(['person_key', 't_in']).execute();
  await db.schema.createIndex('visits_open_t_in_idx').on('visits').column('t_in').where(sql.ref('t_out'), 'is', null).execute();
}

/** Back to the function of migration 07; visits sealed since stay unreadable to earlier code, so the column stays. */
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql.raw(`drop function jb_checkin_batch(${V3_ARGUMENT_TYPES})`).execute(db);
    await sql.raw(POSTGRES_CHECKIN_BATCH_V2).execute(db);
  }
}

const V2_ARGUMENT_TYPES = 'text[], text[], text[], text[], text[], text[], text[], text[], bigint[], text[], int[], boolean[], text[]';
const V3_ARGUMENT_TYPES = 'text[], text[], text[], text[], text[], text[], text[], bigint[], text[], int[], boolean[], text[]';

/** Migration 07's function with one sealed person per check-in in place of a name and a phone ciphertext. */
const POSTGRES_CHECKIN_BATCH_V3 = [
  ['p_person_keys text[], p_name_encs text[], p_phone_encs text[],', 'p_person_keys text[], p_person_encs text[],'],
  ['insert into visits (id, venue_id, person_key, name_enc, phone_enc, secret_hash,', 'insert into visits (id, venue_id, person_key, person_enc, secret_hash,'],
  ['select t.id, t.venue_id, t.person_key, t.name_enc, t.phone_enc, t.secret_hash,', 'select t.id, t.venue_id, t.person_key, t.person_enc, t.secret_hash,'],
  ['unnest(p_ids, p_venue_ids, p_person_keys, p_name_encs, p_phone_encs, p_secret_hashes,', 'unnest(p_ids, p_venue_ids, p_person_keys, p_person_encs, p_secret_hashes,'],
  ['as t(id, venue_id, person_key, name_enc, phone_enc, secret_hash,', 'as t(id, venue_id, person_key, person_enc, secret_hash,'],
].reduce((text, [from, to]) => {
  if (!text.includes(from!)) throw new Error(`jb_checkin_batch v2 no longer contains: ${from}`);
  return text.replace(from!, to!);
}, POSTGRES_CHECKIN_BATCH_V2);
