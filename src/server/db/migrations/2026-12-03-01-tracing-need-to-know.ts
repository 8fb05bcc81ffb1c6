import type { Kysely } from 'kysely';

/*
 * Need-to-know for exposure searches (issue #14, finding 1):
 * - cases.test_reference: the laboratory's reference of the test behind a confirmed or probable case;
 * - the four-eyes approval of an exposure search for a suspect (one request, one approval by someone else);
 * - exposure_searches: one row per search, counted per account and day for the volume alert;
 * - tracing_volume_alerts: one row per account and day that raised the alert, so it is raised once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('test_reference', 'text').execute();
  await db.schema.alterTable('cases').addColumn('search_requested_by', 'text').execute();
  await db.schema.alterTable('cases').addColumn('search_requested_at', 'bigint').execute();
  await db.schema.alterTable('cases').addColumn('search_purpose', 'text').execute();
  await db.schema.alterTable('cases').addColumn('search_approved_by', 'text').execute();
  await db.schema.alterTable('cases').addColumn('search_approved_at', 'bigint').execute();
  await db.schema.createIndex('cases_created_by_idx').on('cases').columns(['created_by', 'created_at']).execute();

  await db.schema
    .createTable('exposure_searches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exposure_searches_user_idx').on('exposure_searches').columns(['user_id', 'at']).execute();

  await db.schema
    .createTable('tracing_volume_alerts')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('searches', 'integer', (c) => c.notNull())
    .addColumn('cases_without_test', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('tracing_volume_alerts_pk', ['user_id', 'date'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tracing_volume_alerts').execute();
  await db.schema.dropTable('exposure_searches').execute();
  await db.schema.dropIndex('cases_created_by_idx').execute();
  for (const column of ['search_approved_at', 'search_approved_by', 'search_purpose', 'search_requested_at', 'search_requested_by', 'test_reference']) {
    await db.schema.alterTable('cases').dropColumn(column).execute();
  }
}
