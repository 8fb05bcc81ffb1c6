import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Exposure finding reads visits by (venue_id, t_in) and keeps those still there at the case's start (t_out after it,
 * or open): `overlappingOnPostgres`, tracing.read-model.ts (issue #19). With t_out only in the heap, each of the ~1,950
 * index entries a case reads at 50 M visits cost a heap fetch just to be filtered out. PostgreSQL: the venue index
 * becomes `(venue_id, t_in) include (t_out, person_key, id, estimated)`, every column the statement reads, so the scan
 * is index-only and the t_out filter runs on index entries. Same name as before (visits_venue_t_in_idx): the synthetic
 * city's bulk load reads index definitions from the database and the benches drop it by name. Each entry grows by
 * the id and person key (a check-in still writes one entry into it). SQLite is unchanged: no INCLUDE, and its venue
 * ranges are a few hundred rows.
 *
 * Locks. Kysely runs pending migrations in one transaction, so each lock is held until it commits:
 * - CREATE INDEX on the partitioned `visits` builds the index on every partition (visits_pYYYYMMDD, the legacy and
 *   default partitions) under a SHARE lock on each: reads go on, check-ins, check-outs and the auto-close wait for the
 *   whole build (seconds at a few million visits, minutes at 50 M);
 * - DROP INDEX of the old one: ACCESS EXCLUSIVE on visits and its partitions, catalogue work only, but it waits for
 *   the statements running on visits and everything queues behind it meanwhile;
 * - the rename: SHARE UPDATE EXCLUSIVE on the index, instant.
 * On a large live instance the operator builds the index beforehand without blocking writes (CREATE INDEX CONCURRENTLY
 * is refused on a partitioned table, so per partition; docs/architecture.md, "Visits partitioned by day"):
 *
 *   create index visits_venue_t_in_cover_idx on only visits (venue_id, t_in) include (t_out, person_key, id, estimated);
 *   -- for each partition P of visits (select inhrelid::regclass from pg_inherits where inhparent = 'visits'::regclass):
 *   create index concurrently P_venue_cover_idx on P (venue_id, t_in) include (t_out, person_key, id, estimated);
 *   alter index visits_venue_t_in_cover_idx attach partition P_venue_cover_idx;
 *
 * Once every partition's index is attached the parent index is valid, and this migration takes it as it is (a day
 * partition created meanwhile by jb_ensure_visit_partitions gets its index on ATTACH). Under the lock only the DROP and
 * the rename remain. An index of that name left invalid (a partition not attached yet) stops the migration rather
 * than leave partitions without the index.
 */
const COLUMNS = '(venue_id, t_in) include (t_out, person_key, id, estimated)';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const { rows } = await sql<{ valid: boolean }>`
    select i.indisvalid as valid from pg_index i where i.indexrelid = to_regclass('visits_venue_t_in_cover_idx')`.execute(db);
  if (rows[0] && !rows[0].valid) {
    throw new Error('visits_venue_t_in_cover_idx exists but is not valid: attach the index of every partition of visits first (migration 2026-12-10-01)');
  }
  if (!rows[0]) await sql.raw(`create index visits_venue_t_in_cover_idx on visits ${COLUMNS}`).execute(db);
  await sql`drop index visits_venue_t_in_idx`.execute(db);
  await sql`alter index visits_venue_t_in_cover_idx rename to visits_venue_t_in_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create index visits_venue_t_in_plain_idx on visits (venue_id, t_in)`.execute(db);
  await sql`drop index visits_venue_t_in_idx`.execute(db);
  await sql`alter index visits_venue_t_in_plain_idx rename to visits_venue_t_in_idx`.execute(db);
}
