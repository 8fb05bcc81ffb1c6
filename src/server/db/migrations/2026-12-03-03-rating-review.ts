import type { Kysely } from 'kysely';

/*
 * Ratings resist stuffing (issue #14, finding 4):
 * - status: 'counted' (in the public badge and the inspection list) or 'held' (a burst, kept for review, counted in
 *   neither until staff release it); held_reason says which burst;
 * - person_key and local_day: one rating per person (keyed phone hash of the visit) per venue per local day, held by a
 *   unique index (rows of before have no person and stay as they are);
 * - origin_key: a keyed hash of the rater's address, to see a burst from one address; fresh: 1 when the rater's
 *   person had no visit before the rated one (a made-up phone number has none).
 * Both keys are cleared with the comment when the visit is purged, so old scores stay anonymous.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('visit_ratings').addColumn('status', 'text', (c) => c.notNull().defaultTo('counted')).execute();
  await db.schema.alterTable('visit_ratings').addColumn('held_reason', 'text').execute();
  await db.schema.alterTable('visit_ratings').addColumn('person_key', 'text').execute();
  await db.schema.alterTable('visit_ratings').addColumn('local_day', 'text').execute();
  await db.schema.alterTable('visit_ratings').addColumn('origin_key', 'text').execute();
  await db.schema.alterTable('visit_ratings').addColumn('fresh', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('visit_ratings_person_day_uq').unique().on('visit_ratings').columns(['venue_id', 'person_key', 'local_day']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('visit_ratings_person_day_uq').execute();
  for (const column of ['fresh', 'origin_key', 'local_day', 'person_key', 'held_reason', 'status']) {
    await db.schema.alterTable('visit_ratings').dropColumn(column).execute();
  }
}
