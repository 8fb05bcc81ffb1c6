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

  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql.raw(POSTGRES_CHECKIN_BATCH).execute(db);
}

/**
 * PostgreSQL writes a batch of check-ins in one round trip: this function is the same decision as
 * modules/checkins/checkin-batch.ts (which the SQLite store runs in process), next to the data. Counters are locked in
 * one global order, so concurrent batches from several server processes never deadlock and never overfill a venue.
 */
const POSTGRES_CHECKIN_BATCH = `
create or replace function jb_checkin_batch(
  p_ids text[], p_venue_ids text[], p_person_keys text[], p_name_encs text[], p_phone_encs text[],
  p_secret_hashes text[], p_sources text[], p_entered_bys text[], p_ts bigint[], p_region_codes text[],
  p_limits int[], p_enforce boolean[], p_attempt_ids text[])
returns table(idx int, kind text, visit_id text, at_ms bigint, occupancy int, closed_visit_id text)
language plpgsql as $fn$
declare
  i int;
  n int := coalesce(array_length(p_ids, 1), 0);
  open_id text;
  open_venue text;
  open_t_in bigint;
  cur int;
begin
  insert into venue_occupancy (venue_id, current, updated_at)
    select distinct v, 0, p_ts[n] from unnest(p_venue_ids) as v
    on conflict (venue_id) do nothing;
  perform 1 from venue_occupancy
    where venue_id in (select unnest(p_venue_ids) union select o.venue_id from visits o where o.person_key = any(p_person_keys) and o.t_out is null)
    order by venue_id for update;
  for i in 1..n loop
    select v.id, v.venue_id, v.t_in into open_id, open_venue, open_t_in
      from visits v where v.person_key = p_person_keys[i] and v.t_out is null order by v.t_in desc limit 1;
    select o.current into cur from venue_occupancy o where o.venue_id = p_venue_ids[i];
    idx := i;
    closed_visit_id := null;
    if open_id is not null and open_venue = p_venue_ids[i] then
      kind := 'duplicate'; visit_id := open_id; at_ms := open_t_in; occupancy := cur;
      return next;
      continue;
    end if;
    if p_enforce[i] and cur >= p_limits[i] then
      insert into checkin_attempts (id, at, venue_id, region_code, reason, detail)
        values (p_attempt_ids[i], p_ts[i], p_venue_ids[i], p_region_codes[i], 'venue_full',
                json_build_object('occupancy', cur, 'limit', p_limits[i])::text);
      kind := 'full'; visit_id := null; at_ms := null; occupancy := cur;
      return next;
      continue;
    end if;
    if open_id is not null then
      update visits set t_out = greatest(p_ts[i], open_t_in), out_kind = 'switch' where id = open_id and t_out is null;
      update venue_occupancy set current = greatest(current - 1, 0), updated_at = p_ts[i] where venue_id = open_venue;
      closed_visit_id := open_id;
    end if;
    insert into visits (id, venue_id, person_key, name_enc, phone_enc, secret_hash, t_in, estimated, source, entered_by, region_code, created_at)
      values (p_ids[i], p_venue_ids[i], p_person_keys[i], p_name_encs[i], p_phone_encs[i], p_secret_hashes[i], p_ts[i], 0,
              p_sources[i], p_entered_bys[i], p_region_codes[i], p_ts[i]);
    update venue_occupancy set current = current + 1, updated_at = p_ts[i] where venue_id = p_venue_ids[i] returning current into cur;
    kind := 'created'; visit_id := p_ids[i]; at_ms := p_ts[i]; occupancy := cur;
    return next;
  end loop;
end
$fn$`;

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`drop function if exists jb_checkin_batch`.execute(db);
  for (const table of ['visit_ratings', 'checkin_attempts', 'venue_occupancy', 'visits']) await db.schema.dropTable(table).execute();
}
