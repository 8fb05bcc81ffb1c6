import type { Db } from '../../db/kysely.js';

/*
 * The weekly report's recipients (issue #17): subscriptions joined with the accounts module's `users` (enabled only),
 * `role_assignments` (the task-force regions, whose report each receives) and `user_preferences` (the language).
 */
export async function subscribedTaskForce(db: Db): Promise<{ userId: string; emailEnc: string; regionCode: string; language: string | null }[]> {
  const rows = await db
    .selectFrom('weekly_report_subscriptions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('role_assignments as a', 'a.user_id', 's.user_id')
    .leftJoin('user_preferences as p', 'p.user_id', 's.user_id')
    .select(['s.user_id', 's.email_enc', 'a.region_code', 'p.language'])
    .where('u.disabled', '=', 0)
    .where('a.role', '=', 'task_force')
    .orderBy('s.user_id')
    .orderBy('a.region_code')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, emailEnc: r.email_enc, regionCode: r.region_code, language: r.language }));
}
