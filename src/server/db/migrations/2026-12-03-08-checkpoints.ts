import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/* Border posts (pos pantau) and the travellers checked there (issue #15). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('checkpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('shifts', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('checkpoint_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('checkpoint_id', 'text', (c) => c.notNull().references('checkpoints.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('local_date', 'text', (c) => c.notNull())
    .addColumn('shift', 'integer')
    .addColumn('masked', 'integer', (c) => c.notNull())
    .addColumn('nik_enc', 'text')
    .addColumn('origin_province', 'text')
    .addColumn('origin_regency', 'text')
    .addColumn('temperature_c', 'double precision', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('letter', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('rapid_test', 'text')
    .addColumn('rapid_test_at', 'bigint')
    .addColumn('case_opened', 'integer')
    .addColumn('client_key', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checkpoint_checks_day_idx').on('checkpoint_checks').columns(['checkpoint_id', 'local_date']).execute();
  await db.schema.createIndex('checkpoint_checks_client_key_idx').on('checkpoint_checks').columns(['recorded_by', 'client_key']).unique().where(sql.ref('client_key'), 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('checkpoint_checks').execute();
  await db.schema.dropTable('checkpoints').execute();
}
