import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * The open data's published days (issue #17: a year of every desa answered in under 100 ms). The answer for a
 * settled day (before yesterday) is the same for every request until a correction reaches that day, so the open-data
 * module writes each day's rows once, already suppressed and serialised (JSON and CSV), per level, and a request
 * for a year joins 366 stored texts instead of reading five roll-ups' 78 000 rows and building 16 000 rows from them.
 * An hourly job rewrites the days whose text changed (digest), so a correction shows within the hour.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('open_data_days')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('json', 'text', (c) => c.notNull())
    .addColumn('csv', 'text', (c) => c.notNull())
    .addColumn('published_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('open_data_days_pk', ['level', 'day'])
    .execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // A day's text (~10 KB for the desa) is stored out of line uncompressed: a year is read 366 at a time, and
    // decompressing every one cost more than the bytes saved.
    await sql`alter table open_data_days alter column json set storage external, alter column csv set storage external`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('open_data_days').execute();
}
