import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Check-ins: visits (personal data encrypted, person found by keyed hash), live occupancy counters, refused attempts
// and prokes ratings.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id'))
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('phone_enc', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text')
    .addColumn('t_in', 'bigint', (c) => c.notNull())
    .addColumn('t_out', 'bigint')
    .addColumn('out_kind', 'text')
    .addColumn('estimated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'text')
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // Tracing reads visits by venue and time, and a person's visits by their key (docs: overlap queries stay under 1 ms
  // over millions of rows only with both).
  await db.schema.createIndex('visits_venue_t_in_idx').on('visits').columns(['venue_id', 't_in']).execute();
  await db.schema.createIndex('visits_person_t_in_idx').on('visits').columns(['person_key', 't_in']).execute();
  // Open visits, oldest first, for the auto-close job. Every index costs each check-in a write, so there are no
  // more: a person's open visit is found through (person_key, t_in), and the daily retention purge may scan.
  await db.schema.createIndex('visits_open_t_in_idx').on('visits').column('t_in').where(sql.ref('t_out'), 'is', null).execute();

  await db.schema
    .createTable('venue_occupancy')
    .addColumn('venue_id', 'text', (c) => c.primaryKey().references('venues.id'))
    .addColumn('current', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('checkin_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('venue_id', 'text')
    .addColumn('region_code', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('checkin_attempts_region_idx').on('checkin_attempts').columns(['region_code', 'at']).execute();
  await db.schema.createIndex('checkin_attempts_venue_idx').on('checkin_attempts').columns(['venue_id', 'at']).execute();

  await db.schema
    .createTable('visit_ratings')
    .addColumn('visit_id', 'text', (c) => c.primaryKey())
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('masks', 'integer', (c) => c.notNull())
    .addColumn('handwashing', 'integer', (c) => c.notNull())
    .addColumn('distancing', 'integer', (c) => c.notNull())
    .addColumn('temperature', 'integer', (c) => c.notNull())
    .addColumn('cleanliness', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('visit_ratings_venue_idx').on('visit_ratings').columns(['venue_id', 'at']).execute();
  await db.schema.createIndex('visit_ratings_region_idx').on('visit_ratings').columns(['region_code', 'at']).execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql.raw(POSTGRES_CHECKIN_BATCH_V1).execute(db);
}

/**
 * PostgreSQL writes a batch of check-ins in one round trip: this function is the same decision as
 * modules/checkins/checkin-batch.ts (which the SQLite store runs in process), next to the data. Counters are locked in
 * one global order, so concurrent batches from several server processes never deadlock and never overfill a venue.
 */
export const POSTGRES_CHECKIN_BATCH_V1 = `
create or replace function jb_checkin_batch(
  p_ids text[], p_venue_ids text[], p_person_keys text[], p_name_encs text[], p_phone_encs text[],
  p_secret_hashes text[], p_sources text[], p_entered_bys text[], p_ts bigint[], p_region_codes text[],
  p_limits int[], p_enforce boolean[], p_attempt_ids text[])
returns table(idx int, kind text, visit_id text, at_ms bigint, occupancy int, closed_visit_id text)
language plpgsql as $fn$
declare
  c record;
  open_id text;
  open_venue text;
  open_t_in bigint;
  cur int;
begin
  insert into venue_occupancy (venue_id, current, updated_at)
    select distinct v, 0, p_ts[1] from unnest(p_venue_ids) as v
    on conflict (venue_id) do nothing;
  perform 1 from venue_occupancy
    where venue_id in (select unnest(p_venue_ids) union select o.venue_id from visits o where o.person_key = any(p_person_keys) and o.t_out is null)
    order by venue_id for update;
  -- unnest, not p_x[i]: subscripting a text[] walks it from the start, which made large batches quadratic.
  for c in
    select * from unnest(p_ids, p_venue_ids, p_person_keys, p_name_encs, p_phone_encs, p_secret_hashes, p_sources,
                         p_entered_bys, p_ts, p_region_codes, p_limits, p_enforce, p_attempt_ids)
      with ordinality as t(id, venue_id, person_key, name_enc, phone_enc, secret_hash, source, entered_by, ts,
                           region_code, lim, enforce, attempt_id, n)
  loop
    select v.id, v.venue_id, v.t_in into open_id, open_venue, open_t_in
      from visits v where v.person_key = c.person_key and v.t_out is null order by v.t_in desc limit 1;
    select o.current into cur from venue_occupancy o where o.venue_id = c.venue_id;
    idx := c.n;
    closed_visit_id := null;
    if open_id is not null and open_venue = c.venue_id then
      kind := 'duplicate'; visit_id := open_id; at_ms := open_t_in; occupancy := cur;
      return next;
      continue;
    end if;
    if c.enforce and cur >= c.lim then
      insert into checkin_attempts (id, at, venue_id, region_code, reason, detail)
        values (c.attempt_id, c.ts, c.venue_id, c.region_code, 'venue_full', json_build_object('occupancy', cur, 'limit', c.lim)::text);
      kind := 'full'; visit_id := null; at_ms := null; occupancy := cur;
      return next;
      continue;
    end if;
    if open_id is not null then
      update visits set t_out = greatest(c.ts, open_t_in), out_kind = 'switch' where id = open_id and t_out is null;
      update venue_occupancy set current = greatest(current - 1, 0), updated_at = c.ts where venue_id = open_venue;
      closed_visit_id := open_id;
    end if;
    insert into visits (id, venue_id, person_key, name_enc, phone_enc, secret_hash, t_in, estimated, source, entered_by, region_code, created_at)
      values (c.id, c.venue_id, c.person_key, c.name_enc, c.phone_enc, c.secret_hash, c.ts, 0, c.source, c.entered_by, c.region_code, c.ts);
    update venue_occupancy set current = current + 1, updated_at = c.ts where venue_id = c.venue_id returning current into cur;
    kind := 'created'; visit_id := c.id; at_ms := c.ts; occupancy := cur;
    return next;
  end loop;
end
$fn$`;

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`drop function if exists jb_checkin_batch`.execute(db);
  for (const table of ['visit_ratings', 'checkin_attempts', 'venue_occupancy', 'visits']) await db.schema.dropTable(table).execute();
}
