import type { Kysely } from 'kysely';

/*
 * Self-screening (issue #16): the health facilities an administrator maintains (shown to a resident with their
 * kecamatan's screening result) and the screening answers a resident chose to send to the puskesmas (a referral the
 * puskesmas staff of that kecamatan list and mark handled). Answers a resident does not send are never stored.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('health_facilities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    // JSON: seven entries, ISO weekday 1 (Monday) … 7, each {from, until} or null (closed).
    .addColumn('hours', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('health_facilities_region_idx').on('health_facilities').column('region_code').execute();
  await db.schema
    .createTable('screening_referrals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('person_key', 'text', (c) => c.notNull())
    // The resident's number, sealed with `screening:data`.
    .addColumn('phone_enc', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('advice', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('handled_at', 'bigint')
    .addColumn('handled_by', 'text')
    .execute();
  await db.schema.createIndex('screening_referrals_region_idx').on('screening_referrals').columns(['region_code', 'created_at']).execute();
  await db.schema.createIndex('screening_referrals_person_idx').on('screening_referrals').column('person_key').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('screening_referrals').execute();
  await db.schema.dropTable('health_facilities').execute();
}
