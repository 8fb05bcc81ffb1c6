import { sql, type Kysely } from 'kysely';

/*
 * A sanction chosen on a phone with no signal is queued with the violation and sent later (issue #15, offline): like
 * violations and border-post checks it carries the queue's idempotency key, unique per recording officer, so a replay
 * after a lost answer finds the stored sanction instead of applying a second one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sanctions').addColumn('client_key', 'text').execute();
  await db.schema.createIndex('sanctions_client_key_idx').on('sanctions').columns(['recorded_by', 'client_key']).unique().where(sql.ref('client_key'), 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sanctions_client_key_idx').execute();
  await db.schema.alterTable('sanctions').dropColumn('client_key').execute();
}
