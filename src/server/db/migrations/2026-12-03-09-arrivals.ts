import type { Kysely } from 'kysely';

/* Newcomers' self-reports (lapor diri, issue #15). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('arrivals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('nik_enc', 'text')
    .addColumn('passport_enc', 'text')
    .addColumn('phone_enc', 'text', (c) => c.notNull())
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('arrival_date', 'text', (c) => c.notNull())
    .addColumn('isolation_until', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('address_enc', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('reporter_name_enc', 'text')
    .addColumn('reporter_phone_enc', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('visited_at', 'bigint')
    .addColumn('visited_by', 'text')
    .addColumn('visit_note', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('arrivals_region_idx').on('arrivals').columns(['region_code', 'status', 'arrival_date']).execute();
  await db.schema.createIndex('arrivals_person_idx').on('arrivals').columns(['person_key', 'arrival_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('arrivals').execute();
}
