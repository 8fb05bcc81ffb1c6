import type { Kysely } from 'kysely';

// Times are UTC epoch milliseconds in BIGINT columns on both dialects; booleans are 0/1 integers so that
// both dialects read them the same way.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('regions')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('parent_code', 'text', (c) => c.references('regions.code'))
    .addColumn('population', 'integer')
    .addColumn('population_source', 'text')
    .addColumn('geometry', 'text')
    .addColumn('centroid_lat', 'double precision')
    .addColumn('centroid_lon', 'double precision')
    .addColumn('notes', 'text')
    .addColumn('source', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('regions_parent_idx').on('regions').column('parent_code').execute();
  await db.schema.createIndex('regions_type_idx').on('regions').column('type').execute();

  // Desa adat overlap desa/kelurahan many-to-many (their boundaries do not follow each other).
  await db.schema
    .createTable('region_overlaps')
    .addColumn('adat_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('village_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('basis', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('region_overlaps_pk', ['adat_code', 'village_code'])
    .execute();
  await db.schema.createIndex('region_overlaps_village_idx').on('region_overlaps').column('village_code').execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'bigint')
    .addColumn('password_changed_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();

  await db.schema
    .createTable('role_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addUniqueConstraint('role_assignments_unique', ['user_id', 'role', 'region_code'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_username', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('region_code', 'text')
    .addColumn('ip', 'text')
    .addColumn('request_id', 'text')
    .addColumn('details', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['at', 'id']).execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity_type', 'entity_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_log', 'sessions', 'role_assignments', 'users', 'region_overlaps', 'regions']) {
    await db.schema.dropTable(table).execute();
  }
}
