import { sql, type Kysely } from 'kysely';

/*
 * The outbox is region-scoped (issue #14, finding 10): a message carries the region of the event that caused it (a
 * contact's SMS: the residence of the case; a venue's case notice: the venue's region), and the operator view lists and
 * retries only the messages of the caller's regions. A message with no region (a sign-up mail, the tracing volume alert
 * to the administrators) is city-level: only a caller whose scope is the whole city sees it.
 *
 * Existing messages are given their region where their dedupe key names the event (`contact:<contactId>`,
 * `venue-notice:<noticeId>:<userId>`); the others stay city-level. Plain SQL that both engines run as written.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('region_code', 'text').execute();
  await db.schema.createIndex('notifications_region_idx').on('notifications').columns(['region_code', 'status']).execute();
  await sql`
    update notifications set region_code = (
      select c.residence_code from contacts k join cases c on c.id = k.case_id
      where notifications.dedupe_key = 'contact:' || k.id or notifications.dedupe_key like 'contact:' || k.id || ':%'
    )
    where dedupe_key like 'contact:%'`.execute(db);
  await sql`
    update notifications set region_code = (
      select n.region_code from venue_notices n where notifications.dedupe_key like 'venue-notice:' || n.id || ':%'
    )
    where dedupe_key like 'venue-notice:%'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('notifications_region_idx').execute();
  await db.schema.alterTable('notifications').dropColumn('region_code').execute();
}
