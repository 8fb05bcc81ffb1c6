import type { Kysely } from 'kysely';

// Zones, versioned restriction rule sets and village PKM applications (issue #3). Times are UTC epoch ms in BIGINT
// columns; local calendar dates (Asia/Makassar for Denpasar) are YYYY-MM-DD text, which sorts like the date.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rule_sets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('scope_region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('title_id', 'text')
    .addColumn('title_en', 'text')
    .addColumn('effective_from', 'bigint', (c) => c.notNull())
    .addColumn('effective_to', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('copied_from_id', 'text')
    .addColumn('pkm_application_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('published_at', 'bigint')
    .addColumn('published_by', 'text')
    .addColumn('retired_at', 'bigint')
    .addColumn('retired_by', 'text')
    .execute();
  await db.schema.createIndex('rule_sets_status_idx').on('rule_sets').column('status').execute();
  await db.schema.createIndex('rule_sets_series_idx').on('rule_sets').columns(['scope_region_code', 'kind', 'version']).execute();

  await db.schema
    .createTable('zone_threshold_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope_region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('effective_from', 'bigint', (c) => c.notNull())
    .addColumn('effective_to', 'bigint')
    .addColumn('yellow_from', 'integer', (c) => c.notNull())
    .addColumn('orange_from', 'integer', (c) => c.notNull())
    .addColumn('red_from', 'integer', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addUniqueConstraint('zone_threshold_versions_start_unique', ['scope_region_code', 'effective_from'])
    .execute();

  await db.schema
    .createTable('zone_active_cases')
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('active_cases', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addPrimaryKeyConstraint('zone_active_cases_pk', ['region_code', 'date', 'source'])
    .execute();
  await db.schema.createIndex('zone_active_cases_date_idx').on('zone_active_cases').column('date').execute();

  await db.schema
    .createTable('zone_history')
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('active_cases', 'integer', (c) => c.notNull())
    .addColumn('colour', 'text', (c) => c.notNull())
    .addColumn('count_date', 'text')
    .addColumn('thresholds_version_id', 'text')
    .addColumn('computed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('zone_history_pk', ['region_code', 'date'])
    .execute();
  await db.schema.createIndex('zone_history_date_idx').on('zone_history').column('date').execute();

  await db.schema
    .createTable('pkm_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('adat_region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('grounds', 'text', (c) => c.notNull())
    .addColumn('active_cases', 'integer')
    .addColumn('active_cases_date', 'text')
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('border_posts', 'integer', (c) => c.notNull())
    .addColumn('max_gathering_size', 'integer')
    .addColumn('other_measures', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('length_days', 'integer', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('rule_set_id', 'text', (c) => c.references('rule_sets.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'bigint')
    .addColumn('submitted_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pkm_applications_status_idx').on('pkm_applications').column('status').execute();
  await db.schema.createIndex('pkm_applications_region_idx').on('pkm_applications').column('region_code').execute();

  await db.schema
    .createTable('pkm_transitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('pkm_applications.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_username', 'text')
    .addColumn('comment', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('pkm_transitions_seq_unique', ['application_id', 'seq'])
    .execute();

  await db.schema
    .createTable('pkm_evaluations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('pkm_applications.id'))
    .addColumn('week', 'integer', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('active_cases', 'integer')
    .addColumn('recommendation', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('evaluated_at', 'bigint', (c) => c.notNull())
    .addColumn('evaluated_by', 'text')
    .addColumn('evaluated_by_username', 'text')
    .addUniqueConstraint('pkm_evaluations_week_unique', ['application_id', 'week'])
    .execute();

  await db.schema
    .createTable('pkm_approval_letters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().unique().references('pkm_applications.id'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('letter_date', 'text', (c) => c.notNull())
    .addColumn('approver_name', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('issued_by', 'text')
    .execute();

  await db.schema
    .createTable('policy_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('revision', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('policy_state').values({ id: 1, revision: 0, updated_at: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'policy_state',
    'pkm_approval_letters',
    'pkm_evaluations',
    'pkm_transitions',
    'pkm_applications',
    'zone_history',
    'zone_active_cases',
    'zone_threshold_versions',
    'rule_sets',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
