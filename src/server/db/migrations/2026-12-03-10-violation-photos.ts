import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/*
 * Photos of a violation (issue #15): the evidence an officer takes on the spot, re-encoded by the server (metadata
 * stripped) before it is stored. Kept apart from `violations` so that lists never read the bytes; never deleted (an
 * annulled violation keeps its photos on record). "bytea" is PostgreSQL's byte string; SQLite accepts the name and
 * stores the value as a BLOB.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('violation_photos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('violation_id', 'text', (c) => c.notNull().references('violations.id'))
    .addColumn('client_key', 'text')
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('data', sql`bytea`, (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('violation_photos_violation_idx').on('violation_photos').columns(['violation_id', 'created_at']).execute();
  // A photo sent again from the phone's offline queue finds the one it already made.
  await db.schema.createIndex('violation_photos_client_key_idx').on('violation_photos').columns(['violation_id', 'client_key']).unique().where(sql.ref('client_key'), 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('violation_photos').execute();
}
