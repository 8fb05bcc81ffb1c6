import { sql, type Kysely } from 'kysely';

// Notifications: one outbox, written in the same transaction as the event that causes it and delivered by a worker
// that claims due rows with a lease. Recipients and bodies are encrypted; the dedupe key makes enqueueing idempotent.
// Depends on no other module's tables.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('person_key', 'text')
    .addColumn('recipient_enc', 'text', (c) => c.notNull())
    .addColumn('subject_enc', 'text')
    .addColumn('body_enc', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('lease_token', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  // The worker's question: which queued messages are due? Only queued rows are indexed, so sent history costs nothing.
  await db.schema
    .createIndex('notifications_due_idx')
    .on('notifications')
    .column('next_attempt_at')
    .where(sql.ref('status'), '=', 'queued')
    .execute();
  await db.schema.createIndex('notifications_status_idx').on('notifications').columns(['status', 'updated_at']).execute();
  // The device inbox: a person's messages by their check-in person key.
  await db.schema.createIndex('notifications_person_idx').on('notifications').columns(['person_key', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifications').execute();
}
