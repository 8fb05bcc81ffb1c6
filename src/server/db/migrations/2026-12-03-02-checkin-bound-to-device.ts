import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { OPEN_VISIT_HORIZON_MS } from '../../modules/checkins/checkin-batch.js';
import { POSTGRES_CHECKIN_BATCH_V2 } from './2026-11-29-07-checkin-batch-set-based.js';

/**
 * jb_checkin_batch, fourth version (issue #14, finding 2): a visit is bound to the device that made it, not to a phone
 * number. Until now the open visit of the *person* (the phone's keyed hash) decided a duplicate and was closed by a
 * check-in elsewhere, so anyone who knew a number could learn where its owner was and close their visit. Now each
 * check-in may carry the device's proof of its open visit (its id and the sha256 of its check-out secret); only a
 * proven open visit of the same person is a duplicate or is closed. The decision is modules/checkins/checkin-batch.ts
 * (test/db/checkin-store.test.ts holds this function to it).
 *
 * The look-up is cheaper than before: the claimed visits by primary key instead of every open visit of each person.
 * Lock order unchanged: counters first, then visits.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql.raw(`drop function jb_checkin_batch(${V3_ARGUMENT_TYPES})`).execute(db);
  await sql.raw(POSTGRES_CHECKIN_BATCH_V4).execute(db);
}

/** Back to migration 08's function (the phone number decides again). */
export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql.raw(`drop function jb_checkin_batch(${V4_ARGUMENT_TYPES})`).execute(db);
  await sql.raw(postgresCheckinBatchV3()).execute(db);
}

const V3_ARGUMENT_TYPES = 'text[], text[], text[], text[], text[], text[], text[], bigint[], text[], int[], boolean[], text[]';
const V4_ARGUMENT_TYPES = `${V3_ARGUMENT_TYPES}, text[], text[]`;

/** The open visits the batch claims, within the horizon (as the SQLite store looks them up). */
const CLAIMED_OPEN_VISITS = `
  select v.id, v.venue_id, v.person_key, v.secret_hash, v.t_in from visits v
   where v.id = any(p_proof_ids) and v.t_in >= since and v.t_out is null`;

export const POSTGRES_CHECKIN_BATCH_V4 = `
create or replace function jb_checkin_batch(
  p_ids text[], p_venue_ids text[], p_person_keys text[], p_person_encs text[],
  p_secret_hashes text[], p_sources text[], p_entered_bys text[], p_ts bigint[], p_region_codes text[],
  p_limits int[], p_enforce boolean[], p_attempt_ids text[], p_proof_ids text[], p_proof_hashes text[])
returns table(idx int, kind text, visit_id text, at_ms bigint, occupancy int, closed_visit_id text)
language plpgsql
-- PL/pgSQL keeps each statement's plan for the session; every statement here has an index that fits (migration 07).
set enable_seqscan = off
as $fn$
declare
  c record;
  since bigint := (select min(t) from unnest(p_ts) t) - ${OPEN_VISIT_HORIZON_MS};
  -- Counters of the venues involved, sorted by venue id: parallel arrays, looked up with array_position.
  counter_venues text[];
  counters int[];
  changed boolean[];
  -- Open visits a command may prove: the claimed ones from the database, then those the batch creates. A closed
  -- one's id is set to null (and a claim without an id is never looked up, so a null never matches).
  open_ids text[];
  open_persons text[];
  open_venues text[];
  open_secrets text[];
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

  -- Counters first (checkout and auto-close lock a counter before its visit too), then the claimed visits: a visit
  -- closed by someone else meanwhile is seen closed. A claimed visit at a venue not locked here moved after the
  -- lock's own look-up and is left as it is.
  select array_agg(l.venue_id order by l.venue_id), array_agg(l.current order by l.venue_id)
    into counter_venues, counters
    from (select o.venue_id, o.current from venue_occupancy o
           where o.venue_id = any(p_venue_ids)
              or o.venue_id in (select r.venue_id from (${CLAIMED_OPEN_VISITS}) r)
           order by o.venue_id for update) l;

  select coalesce(array_agg(r.id), '{}'), coalesce(array_agg(r.person_key), '{}'), coalesce(array_agg(r.venue_id), '{}'),
         coalesce(array_agg(r.secret_hash), '{}'), coalesce(array_agg(r.t_in), '{}')
    into open_ids, open_persons, open_venues, open_secrets, open_t_ins
    from (${CLAIMED_OPEN_VISITS}) r
   where r.venue_id = any(counter_venues);
  changed := array_fill(false, array[cardinality(counter_venues)]);

  for c in
    select * from unnest(p_ids, p_venue_ids, p_person_keys, p_ts, p_limits, p_enforce, p_secret_hashes, p_proof_ids, p_proof_hashes)
      with ordinality as t(id, venue_id, person_key, ts, lim, enforce, secret_hash, proof_id, proof_hash, n)
  loop
    op := case when c.proof_id is null then null else array_position(open_ids, c.proof_id) end;
    -- A proof counts only for the same person and the visit's own secret.
    if op is not null and (open_persons[op] is distinct from c.person_key or open_secrets[op] is null
                           or open_secrets[op] is distinct from c.proof_hash) then
      op := null;
    end if;
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
      -- The proven visit's venue was locked with the others (a visit created by this batch is at a batch venue).
      declare ov int := array_position(counter_venues, open_venues[op]);
      begin
        if ov is not null then
          counters[ov] := greatest(counters[ov] - 1, 0);
          changed[ov] := true;
        end if;
      end;
      open_ids[op] := null;
    end if;
    open_ids := open_ids || c.id; open_persons := open_persons || c.person_key; open_venues := open_venues || c.venue_id;
    open_secrets := open_secrets || c.secret_hash; open_t_ins := open_t_ins || c.ts;
    counters[vp] := counters[vp] + 1;
    changed[vp] := true;
    keep[c.n] := true;
    kind := 'created'; visit_id := c.id; at_ms := c.ts; occupancy := counters[vp];
    return next;
  end loop;

  insert into visits (id, venue_id, person_key, person_enc, secret_hash, t_in, estimated, source, entered_by, region_code, created_at)
    select t.id, t.venue_id, t.person_key, t.person_enc, t.secret_hash, t.ts, 0, t.source, t.entered_by, t.region_code, t.ts
      from unnest(p_ids, p_venue_ids, p_person_keys, p_person_encs, p_secret_hashes, p_sources, p_entered_bys,
                  p_ts, p_region_codes, keep)
        as t(id, venue_id, person_key, person_enc, secret_hash, source, entered_by, ts, region_code, kept)
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

/**
 * Migration 08's function, for down(): migration 07's text with one sealed person per check-in (08 derives it the same
 * way and does not export it; an applied migration is not edited).
 */
function postgresCheckinBatchV3(): string {
  return [
    ['p_person_keys text[], p_name_encs text[], p_phone_encs text[],', 'p_person_keys text[], p_person_encs text[],'],
    ['insert into visits (id, venue_id, person_key, name_enc, phone_enc, secret_hash,', 'insert into visits (id, venue_id, person_key, person_enc, secret_hash,'],
    ['select t.id, t.venue_id, t.person_key, t.name_enc, t.phone_enc, t.secret_hash,', 'select t.id, t.venue_id, t.person_key, t.person_enc, t.secret_hash,'],
    ['unnest(p_ids, p_venue_ids, p_person_keys, p_name_encs, p_phone_encs, p_secret_hashes,', 'unnest(p_ids, p_venue_ids, p_person_keys, p_person_encs, p_secret_hashes,'],
    ['as t(id, venue_id, person_key, name_enc, phone_enc, secret_hash,', 'as t(id, venue_id, person_key, person_enc, secret_hash,'],
  ].reduce((text, [from, to]) => text.replace(from!, to!), POSTGRES_CHECKIN_BATCH_V2);
}
