import type { Kysely } from 'kysely';

// Contact tracing (issue #6): cases, exposure candidates, contacts with their daily reports, venue notices.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('phone_enc', 'text', (c) => c.notNull())
    .addColumn('nik_enc', 'text')
    .addColumn('nik_key', 'text')
    .addColumn('residence_code', 'text', (c) => c.notNull())
    .addColumn('banjar_code', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('onset_date', 'text')
    .addColumn('specimen_date', 'text')
    .addColumn('isolation_start', 'text')
    .addColumn('isolation_place', 'text')
    .addColumn('isolation_end', 'text')
    .addColumn('episode_date', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('source_case_id', 'text')
    .addColumn('confirmed_at', 'bigint')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('id'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cases_person_idx').on('cases').columns(['person_key', 'episode_date']).execute();
  await db.schema.createIndex('cases_residence_idx').on('cases').columns(['residence_code', 'category']).execute();
  await db.schema.createIndex('cases_region_idx').on('cases').columns(['region_code', 'created_at']).execute();

  await db.schema
    .createTable('exposure_candidates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('visit_id', 'text', (c) => c.notNull())
    .addColumn('classification', 'text', (c) => c.notNull())
    .addColumn('total_overlap_minutes', 'integer', (c) => c.notNull())
    .addColumn('last_exposure_at', 'bigint', (c) => c.notNull())
    .addColumn('venues', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('computed_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exposure_candidates_case_person_idx').on('exposure_candidates').columns(['case_id', 'person_key']).unique().execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('candidate_id', 'text')
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('phone_enc', 'text', (c) => c.notNull())
    .addColumn('follow_up_region_code', 'text', (c) => c.notNull())
    .addColumn('last_exposure_at', 'bigint', (c) => c.notNull())
    .addColumn('quarantine_end', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('test_result', 'text')
    .addColumn('test_date', 'text')
    .addColumn('became_case_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contacts_case_idx').on('contacts').column('case_id').execute();
  await db.schema.createIndex('contacts_follow_up_idx').on('contacts').columns(['follow_up_region_code', 'status']).execute();
  await db.schema.createIndex('contacts_person_idx').on('contacts').column('person_key').execute();

  await db.schema
    .createTable('contact_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('symptomatic', 'integer', (c) => c.notNull())
    .addColumn('symptoms', 'text', (c) => c.notNull())
    .addColumn('temperature_c', 'real')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_reports_contact_idx').on('contact_reports').columns(['contact_id', 'date']).execute();

  await db.schema
    .createTable('venue_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('from_at', 'bigint', (c) => c.notNull())
    .addColumn('until_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('venue_notices_venue_idx').on('venue_notices').columns(['venue_id', 'from_at']).execute();
  await db.schema.createIndex('venue_notices_case_idx').on('venue_notices').columns(['case_id', 'venue_id', 'date']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['venue_notices', 'contact_reports', 'contacts', 'exposure_candidates', 'cases']) await db.schema.dropTable(table).execute();
}
