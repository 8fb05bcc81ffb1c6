import type { Kysely } from 'kysely';

/*
 * The rules in force last told to each venue's managers (issue #18): a digest of what the venue must do and its
 * summary (to say in words what changed next time), with a sequence number that makes each message's key unique, so
 * the same change is told exactly once however many processes look.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('venue_rules_notices')
    .addColumn('venue_id', 'text', (c) => c.primaryKey().references('venues.id').onDelete('cascade'))
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('venue_rules_notices').execute();
}
