import { sql, type Kysely } from 'kysely';

// Venues (Lindungi Usaha/Layanan): registry, managers, verification history, QR posters, self-assessments and
// inspections, violations and the compliance score history. Same conventions as the foundation: epoch-ms BIGINT,
// booleans as 0/1 integers, UUIDv7 text ids.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('venues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Printed on posters (DPS-000123-2) and asked for by the help desk; not used in URLs.
    .addColumn('venue_number', 'integer', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('venue_type', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('banjar_code', 'text', (c) => c.references('regions.code'))
    .addColumn('desa_adat_code', 'text', (c) => c.references('regions.code'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    // 1 when the manager confirmed a point that lies outside the chosen desa (boundaries are approximate).
    .addColumn('position_confirmed', 'integer', (c) => c.notNull().defaultTo(0))
    // The desa/kelurahan whose polygon contains the point (differs from region_code only when confirmed).
    .addColumn('point_region_code', 'text')
    .addColumn('capacity', 'integer', (c) => c.notNull())
    // Usual opening hours, local "HH:MM"; both null when not stated. closes_at < opens_at crosses midnight.
    .addColumn('opens_at', 'text')
    .addColumn('closes_at', 'text')
    .addColumn('indoor', 'integer', (c) => c.notNull())
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    // Latest compliance snapshot, denormalised for lists (history in venue_compliance_scores).
    .addColumn('compliance_score', 'integer')
    .addColumn('compliance_badge', 'text', (c) => c.notNull().defaultTo('grey'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('verified_at', 'bigint')
    .execute();
  await db.schema.createIndex('venues_region_status_idx').on('venues').columns(['region_code', 'status']).execute();
  await db.schema.createIndex('venues_status_created_idx').on('venues').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('venues_adat_idx').on('venues').column('desa_adat_code').execute();
  await db.schema.createIndex('venues_name_idx').on('venues').columns(['name', 'id']).execute();

  // Ownership: who manages which venue (a manager may own several venues; a venue may have several managers).
  await db.schema
    .createTable('venue_managers')
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addPrimaryKeyConstraint('venue_managers_pk', ['venue_id', 'user_id'])
    .execute();
  await db.schema.createIndex('venue_managers_user_idx').on('venue_managers').column('user_id').execute();

  // Contact details of self-registered venue managers (staff accounts have none).
  await db.schema
    .createTable('venue_manager_profiles')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('phone', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  // Verification history: every status change and correction, with its reason and actor.
  await db.schema
    .createTable('venue_status_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('details', 'text')
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('venue_status_events_venue_idx').on('venue_status_events').columns(['venue_id', 'at']).execute();

  // QR posters. The token is posterId + HMAC tag; only the id is stored. A reissue sets replaced_at on the old row.
  await db.schema
    .createTable('venue_posters')
    .addColumn('poster_id', 'text', (c) => c.primaryKey())
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id').onDelete('cascade'))
    .addColumn('serial', 'integer', (c) => c.notNull())
    .addColumn('poster_number', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('issued_by', 'text')
    .addColumn('replaced_at', 'bigint')
    .addUniqueConstraint('venue_posters_serial_unique', ['venue_id', 'serial'])
    .execute();
  // At most one current poster per venue, on both dialects (partial unique index).
  await db.schema
    .createIndex('venue_posters_current_idx')
    .on('venue_posters')
    .column('venue_id')
    .unique()
    .where(sql.ref('replaced_at'), 'is', null)
    .execute();

  // Self-assessments (kind 'self_assessment') and inspections (kind 'inspection') share the checklist.
  await db.schema
    .createTable('venue_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('checklist_version', 'integer', (c) => c.notNull())
    // JSON: { "<item code>": { "answer": "met" | "not_met" | "not_applicable", "note"?: string } }
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('fraction_met', 'double precision')
    .addColumn('overall_result', 'text')
    .addColumn('notes', 'text')
    .addColumn('follow_up_date', 'text')
    .addColumn('author_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('author_name', 'text')
    // The venue's desa at the time (venues may be corrected later).
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('venue_assessments_venue_idx').on('venue_assessments').columns(['venue_id', 'kind', 'at']).execute();
  await db.schema.createIndex('venue_assessments_region_idx').on('venue_assessments').columns(['region_code', 'kind', 'at']).execute();

  // Inspection photos, kept apart so that lists never read the bytes. "bytea" is PostgreSQL's byte string; SQLite
  // accepts the name and stores the value as a BLOB.
  await db.schema
    .createTable('venue_assessment_photos')
    .addColumn('assessment_id', 'text', (c) => c.primaryKey().references('venue_assessments.id').onDelete('cascade'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', sql`bytea`, (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .addColumn('uploaded_at', 'bigint', (c) => c.notNull())
    .execute();

  // Recorded violations (the enforcement module writes these); graded light / medium / heavy.
  await db.schema
    .createTable('venue_violations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id').onDelete('cascade'))
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('source_type', 'text')
    .addColumn('source_id', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('venue_violations_venue_idx').on('venue_violations').columns(['venue_id', 'occurred_at']).execute();

  // Compliance score history: one snapshot per evidence change (inspection, violation, rating batch, manual).
  await db.schema
    .createTable('venue_compliance_scores')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id').onDelete('cascade'))
    .addColumn('computed_at', 'bigint', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('badge', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('components', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('venue_compliance_scores_venue_idx').on('venue_compliance_scores').columns(['venue_id', 'computed_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'venue_compliance_scores',
    'venue_violations',
    'venue_assessment_photos',
    'venue_assessments',
    'venue_posters',
    'venue_status_events',
    'venue_manager_profiles',
    'venue_managers',
    'venues',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
