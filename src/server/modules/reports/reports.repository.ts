import type { Db } from '../../db/kysely.js';
import type { WeeklyReportSubscriptionsTable } from './reports.table.js';

/* The weekly report's subscriptions (issue #17). */

export function findSubscription(db: Db, userId: string): Promise<WeeklyReportSubscriptionsTable | undefined> {
  return db.selectFrom('weekly_report_subscriptions').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function upsertSubscription(db: Db, row: WeeklyReportSubscriptionsTable): Promise<void> {
  await db
    .insertInto('weekly_report_subscriptions')
    .values(row)
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ email_enc: row.email_enc, updated_at: row.updated_at }))
    .execute();
}

export async function deleteSubscription(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('weekly_report_subscriptions').where('user_id', '=', userId).execute();
}
