import type { Kysely } from 'kysely';

/*
 * Check-in without signal (issue #16): a poster scanned with no network is kept on the phone and sent later. The
 * visit is stored with source 'offline' and the phone's claimed time; `client_key` is the phone's random key for that
 * check-in (unique: a replay after a lost answer finds the stored visit instead of making a second one), and
 * `over_capacity` records that the venue was already full at the claimed time (an offline check-in is never refused
 * for capacity: the person is inside already).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('visits').addColumn('client_key', 'text').execute();
  await db.schema.alterTable('visits').addColumn('over_capacity', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('visits_client_key_idx').on('visits').column('client_key').unique().execute();
  // The resident's inbox (/saya): which messages addressed to their number they have read.
  await db.schema
    .createTable('resident_message_reads')
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('notification_id', 'text', (c) => c.notNull())
    .addColumn('read_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('resident_message_reads_pk', ['person_key', 'notification_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('resident_message_reads').execute();
  await db.schema.dropIndex('visits_client_key_idx').execute();
  await db.schema.alterTable('visits').dropColumn('over_capacity').execute();
  await db.schema.alterTable('visits').dropColumn('client_key').execute();
}
