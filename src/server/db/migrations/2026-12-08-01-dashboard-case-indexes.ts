import type { Kysely } from 'kysely';

/*
 * Indexes for the dashboards' case panels at scale (issue #17: under 100 ms with two years of cases, ~94 000 in the
 * bench). Every case panel reads a short window of days out of the whole register, and before these indexes each
 * city-wide read scanned all of it (cases_residence_idx leads with the residence code, which the city's prefix does
 * not narrow):
 *   cases_episode_idx     epi-curve and clusters (episode date within the 28 days) and the active cases whose
 *                         isolation has no end yet (episode date within the last 14 days)
 *   cases_isolation_idx   the active cases whose isolation ends on or after the day (a handful out of the register)
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('cases_episode_idx').on('cases').columns(['episode_date', 'residence_code']).execute();
  await db.schema.createIndex('cases_isolation_idx').on('cases').columns(['isolation_end', 'residence_code']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_isolation_idx').execute();
  await db.schema.dropIndex('cases_episode_idx').execute();
}
