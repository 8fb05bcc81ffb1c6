import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { OPEN_VISIT_HORIZON_MS } from '../../modules/checkins/checkin-batch.js';
import { POSTGRES_CHECKIN_BATCH_V1 } from './2026-11-29-04-checkins.js';

/**
 * jb_checkin_batch, second version: the same decision as modules/checkins/checkin-batch.ts, but with a fixed number of
 * statements per batch instead of four per check-in. Measured on the first version: each check-in cost about 1 ms
 * inside the function, growing with the number of people inside, because the per-person look-up of an open visit
 * was planned on the partial index of open visits (it scanned every open visit of the city, filtering by person).
 *
 * Now: lock the counters involved (one global order, so concurrent batches from several processes never deadlock or
 * overfill a venue), read the open visits of everyone in the batch in one statement that can only use the
 * (person_key, t_in) index, decide each check-in in arrival order in memory, then write visits, closes, counters and
 * refusals with one statement each.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql.raw(POSTGRES_CHECKIN_BATCH_V2).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql.raw(POSTGRES_CHECKIN_BATCH_V1).execute(db);
}


/**
 * The newest open visit of each person of the batch. The inner query has no "t_out is null", so it cannot be planned
 * on the partial index of open visits (with stale statistics it was, and scanned every open visit of the city);
 * offset 0 keeps the outer filter from being pushed into it.
 */
const OPEN_VISITS_OF_BATCH = `
  select distinct on (a.person_key) a.person_key, a.id, a.venue_id, a.t_in
    from (select v.person_key, v.id, v.venue_id, v.t_in, v.t_out from visits v
           where v.person_key = any(p_person_keys) and v.t_in >= since offset 0) a
   where a.t_out is null
   order by a.person_key, a.t_in desc`;

export const POSTGRES_CHECKIN_BATCH_V2 = `
create or replace function jb_checkin_batch(
  p_ids text[], p_venue_ids text[], p_person_keys text[], p_name_encs text[], p_phone_encs text[],
  p_secret_hashes text[], p_sources text[], p_entered_bys text[], p_ts bigint[], p_region_codes text[],
  p_limits int[], p_enforce boolean[], p_attempt_ids text[])
returns table(idx int, kind text, visit_id text, at_ms bigint, occupancy int, closed_visit_id text)
language plpgsql
-- PL/pgSQL keeps each statement's plan for the session. A plan made while visits was small reads it sequentially,
-- and kept that way as the table grew (measured: 2-7 ms per batch after a few thousand check-ins); every statement
-- here has an index that fits, so the plans use it from the start.
set enable_seqscan = off
as $fn$
declare
  c record;
  since bigint := (select min(t) from unnest(p_ts) t) - ${OPEN_VISIT_HORIZON_MS};
  -- Counters of the venues involved, sorted by venue id: parallel arrays, looked up with array_position.
  counter_venues text[];
  counters int[];
  changed boolean[];
  -- Open visit of each person seen so far (from the database, then as the batch checks them in).
  open_persons text[];
  open_ids text[];
  open_venues text[];
  open_t_ins bigint[];
  keep boolean[] := array_fill(false, array[cardinality(p_ids)]);
  close_ids text[] := '{}';
  close_ts bigint[] := '{}';
  refused int[] := '{}';
  refused_counts int[] := '{}';
  op int;
  vp int;
  cur int;
begin
  insert into venue_occupancy (venue_id, current, updated_at)
    select distinct v, 0, p_ts[1] from unnest(p_venue_ids) as v
    on conflict (venue_id) do nothing;

  -- Counters first (checkout and auto-close lock a counter before its visit too), then the open visits: a visit
  -- closed by someone else meanwhile is seen closed. An open visit at a venue not locked here appeared after the
  -- lock's own look-up (the same person checking in elsewhere at this very moment) and is left to the auto-close job.
  select array_agg(l.venue_id order by l.venue_id), array_agg(l.current order by l.venue_id)
    into counter_venues, counters
    from (select o.venue_id, o.current from venue_occupancy o
           where o.venue_id = any(p_venue_ids)
              or o.venue_id in (select r.venue_id from (${OPEN_VISITS_OF_BATCH}) r)
           order by o.venue_id for update) l;

  select coalesce(array_agg(r.person_key), '{}'), coalesce(array_agg(r.id), '{}'), coalesce(array_agg(r.venue_id), '{}'),
         coalesce(array_agg(r.t_in), '{}')
    into open_persons, open_ids, open_venues, open_t_ins
    from (${OPEN_VISITS_OF_BATCH}) r
   where r.venue_id = any(counter_venues);
  changed := array_fill(false, array[cardinality(counter_venues)]);

  for c in
    select * from unnest(p_ids, p_venue_ids, p_person_keys, p_ts, p_limits, p_enforce)
      with ordinality as t(id, venue_id, person_key, ts, lim, enforce, n)
  loop
    op := array_position(open_persons, c.person_key);
    vp := array_position(counter_venues, c.venue_id);
    cur := counters[vp];
    idx := c.n;
    closed_visit_id := null;
    if op is not null and open_venues[op] = c.venue_id then
      kind := 'duplicate'; visit_id := open_ids[op]; at_ms := open_t_ins[op]; occupancy := cur;
      return next;
      continue;
    end if;
    if c.enforce and cur >= c.lim then
      refused := refused || c.n::int; refused_counts := refused_counts || cur;
      kind := 'full'; visit_id := null; at_ms := null; occupancy := cur;
      return next;
      continue;
    end if;
    if op is not null then
      close_ids := close_ids || open_ids[op];
      close_ts := close_ts || greatest(c.ts, open_t_ins[op]);
      closed_visit_id := open_ids[op];
      -- The open visit's venue was locked with the others (an open visit created by this batch is at a batch venue).
      declare ov int := array_position(counter_venues, open_venues[op]);
      begin
        if ov is not null then
          counters[ov] := greatest(counters[ov] - 1, 0);
          changed[ov] := true;
        end if;
      end;
      open_ids[op] := c.id; open_venues[op] := c.venue_id; open_t_ins[op] := c.ts;
    else
      open_persons := open_persons || c.person_key; open_ids := open_ids || c.id;
      open_venues := open_venues || c.venue_id; open_t_ins := open_t_ins || c.ts;
    end if;
    counters[vp] := counters[vp] + 1;
    changed[vp] := true;
    keep[c.n] := true;
    kind := 'created'; visit_id := c.id; at_ms := c.ts; occupancy := counters[vp];
    return next;
  end loop;

  insert into visits (id, venue_id, person_key, name_enc, phone_enc, secret_hash, t_in, estimated, source, entered_by, region_code, created_at)
    select t.id, t.venue_id, t.person_key, t.name_enc, t.phone_enc, t.secret_hash, t.ts, 0, t.source, t.entered_by, t.region_code, t.ts
      from unnest(p_ids, p_venue_ids, p_person_keys, p_name_encs, p_phone_encs, p_secret_hashes, p_sources, p_entered_bys,
                  p_ts, p_region_codes, keep)
        as t(id, venue_id, person_key, name_enc, phone_enc, secret_hash, source, entered_by, ts, region_code, kept)
     where t.kept;
  if cardinality(close_ids) > 0 then
    update visits v set t_out = x.t_out, out_kind = 'switch'
      from unnest(close_ids, close_ts) as x(id, t_out)
     where v.id = x.id and v.t_out is null;
  end if;
  update venue_occupancy o set current = x.current, updated_at = p_ts[cardinality(p_ts)]
    from unnest(counter_venues, counters, changed) as x(venue_id, current, changed)
   where o.venue_id = x.venue_id and x.changed;
  if cardinality(refused) > 0 then
    insert into checkin_attempts (id, at, venue_id, region_code, reason, detail)
      select p_attempt_ids[r.n], p_ts[r.n], p_venue_ids[r.n], p_region_codes[r.n], 'venue_full',
             json_build_object('occupancy', r.cur, 'limit', p_limits[r.n])::text
        from unnest(refused, refused_counts) as r(n, cur);
  end if;
end
$fn$`;
