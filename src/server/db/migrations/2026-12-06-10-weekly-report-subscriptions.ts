import type { Kysely } from 'kysely';

/* Subscriptions to the weekly evaluation report by e-mail (issue #17): one per staff account, the address sealed. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('weekly_report_subscriptions')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('email_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('weekly_report_subscriptions').execute();
}
