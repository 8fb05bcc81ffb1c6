import type { Kysely } from 'kysely';

/*
 * Notifications along the staff workflows (issue #18). An account has a language (`user_preferences`; its
 * notifications are written in it); an in-app message of the outbox is addressed to an account (`user_id`), says what happened (`kind`, with its
 * parameters sealed like the body, so the list renders it in the reader's current language) and is read or not.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_preferences')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('notifications').addColumn('user_id', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('kind', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('params_enc', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('read_at', 'bigint').execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('notifications_user_idx').execute();
  for (const column of ['read_at', 'params_enc', 'kind', 'user_id']) await db.schema.alterTable('notifications').dropColumn(column).execute();
  await db.schema.dropTable('user_preferences').execute();
}
