import type { Kysely } from 'kysely';

/*
 * Health records (issue #16): vaccinations and test results entered by health staff, found by the resident's keyed
 * phone hash (the check-in person key) or a NIK hash of the module's own; the region is the recording puskesmas's.
 * `import_key` makes a CSV import idempotent (the same row twice is stored once). Rule sets get `status_check`: the
 * door shows and checks the visitor's status colour (0 in every rule set written before).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('vaccinations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_key', 'text')
    .addColumn('nik_key', 'text')
    .addColumn('dose', 'integer', (c) => c.notNull())
    .addColumn('vaccine', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('import_key', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vaccinations_person_idx').on('vaccinations').column('person_key').execute();
  await db.schema.createIndex('vaccinations_nik_idx').on('vaccinations').column('nik_key').execute();
  await db.schema.createIndex('vaccinations_import_key_idx').on('vaccinations').column('import_key').unique().execute();
  await db.schema
    .createTable('test_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_key', 'text')
    .addColumn('nik_key', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('import_key', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('test_results_person_idx').on('test_results').column('person_key').execute();
  await db.schema.createIndex('test_results_nik_idx').on('test_results').column('nik_key').execute();
  await db.schema.createIndex('test_results_import_key_idx').on('test_results').column('import_key').unique().execute();
  await db.schema.alterTable('rule_sets').addColumn('status_check', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rule_sets').dropColumn('status_check').execute();
  await db.schema.dropTable('test_results').execute();
  await db.schema.dropTable('vaccinations').execute();
}
