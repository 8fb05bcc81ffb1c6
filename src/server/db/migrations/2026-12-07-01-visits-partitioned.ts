import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { POSTGRES_CHECKIN_BATCH_V4 } from './2026-12-03-02-checkin-bound-to-device.js';

/*
 * Visits partitioned by day on PostgreSQL (issue #19): `visits` becomes a table partitioned by range of `t_in` (epoch
 * ms, bigint), one partition per UTC day (`visits_pYYYYMMDD`, [day 00:00, next day 00:00)), plus `visits_default`, a
 * safety net so that an insert is never refused for want of a partition (jb_ensure_visit_partitions moves its rows
 * into their day partition when it creates that day). The retention purge then drops whole days
 * (modules/checkins/visit-partitions.repository.ts) instead of deleting rows. SQLite is unchanged: nothing runs there.
 *
 * Keys carry the partition key: the primary key is (id, t_in) and the offline check-in's unique key is
 * (client_key, t_in). Nothing references visits by foreign key (visit_ratings and contacts hold the id as text), so no
 * key elsewhere changes. Every look-up of a visit by id binds t_in (its UUIDv7 id carries its creation time).
 *
 * On a database with visits (an instance upgraded in place), the rows stay where they are: the old table is renamed
 * `visits_legacy` and attached as the partition for everything before the next UTC midnight (a CHECK constraint
 * proves the range, so ATTACH does not scan again). New days go to day partitions; the legacy partition shrinks with
 * the ordinary purge and is dropped once empty and past the retention window. On an empty database the old table is
 * simply dropped. Locks and their duration: docs/architecture.md, "Visits partitioned by day".
 */

const DAY_MS = 86_400_000;
/** Day partitions created ahead (the daily job keeps the same horizon: checkins.jobs.ts). */
export const VISIT_PARTITION_DAYS_AHEAD = 7;

/**
 * Creates the day partitions covering [p_from_ms's day, + p_days days] that do not exist yet; rows already in the
 * default partition for such a day are moved into it (the default and the new table are locked meanwhile, so an
 * insert routed to that day waits for the attach instead of slipping into the default). A day overlapping an existing
 * partition (the legacy one) is skipped. Answers the names created.
 */
const ENSURE_FUNCTION = `
create or replace function jb_ensure_visit_partitions(p_from_ms bigint, p_days int) returns setof text
language plpgsql as $fn$
declare
  d int;
  lo bigint;
  hi bigint;
  part text;
begin
  for d in 0..p_days loop
    lo := (floor(p_from_ms::numeric / ${DAY_MS})::bigint + d) * ${DAY_MS};
    hi := lo + ${DAY_MS};
    part := 'visits_p' || to_char(to_timestamp(lo / 1000) at time zone 'UTC', 'YYYYMMDD');
    continue when to_regclass(part) is not null;
    -- Covered already (the legacy partition, from MINVALUE to some day): leave it.
    continue when exists (
      select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = 'visits'::regclass
         and pg_get_expr(c.relpartbound, c.oid) like 'FOR VALUES FROM (MINVALUE)%'
         and substring(pg_get_expr(c.relpartbound, c.oid) from 'TO \\(''?(-?[0-9]+)')::bigint > lo);
    execute format('create table %I (like visits including defaults)', part);
    if to_regclass('visits_default') is not null then
      lock table visits_default in exclusive mode;
      execute format('with moved as (delete from visits_default where t_in >= %s and t_in < %s returning *) insert into %I select * from moved', lo, hi, part);
    end if;
    execute format('alter table visits attach partition %I for values from (%s) to (%s)', part, lo, hi);
    return next part;
  end loop;
end
$fn$`;

/** Migration 2026-12-03-02's function with the switch's close bound to the visit's t_in (the key is (id, t_in)). */
export const POSTGRES_CHECKIN_BATCH_V5 = [
  ["  close_ids text[] := '{}';", "  close_ids text[] := '{}';\n  close_t_ins bigint[] := '{}';"],
  ['      close_ids := close_ids || open_ids[op];', '      close_ids := close_ids || open_ids[op];\n      close_t_ins := close_t_ins || open_t_ins[op];'],
  ['      from unnest(close_ids, close_ts) as x(id, t_out)\n     where v.id = x.id and v.t_out is null;', '      from unnest(close_ids, close_t_ins, close_ts) as x(id, t_in, t_out)\n     where v.id = x.id and v.t_in = x.t_in and v.t_out is null;'],
].reduce((text, [from, to]) => {
  if (!text.includes(from!)) throw new Error(`jb_checkin_batch v5: text not found: ${from}`);
  return text.replace(from!, to!);
}, POSTGRES_CHECKIN_BATCH_V4);

const INDEXES = [
  ['venue_t_in_idx', '(venue_id, t_in)'],
  ['person_t_in_idx', '(person_key, t_in)'],
  ['open_t_in_idx', '(t_in) where t_out is null'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const hasRows = (await sql<{ any: boolean }>`select exists (select 1 from visits) as any`.execute(db)).rows[0]!.any;
  // Everything before the next UTC midnight stays in the old table (and after the last row it holds, should a clock
  // have written one ahead), unless the operator has proven a bound beforehand (docs/architecture.md: on a large live
  // table, `visits_legacy_t_in_range` added NOT VALID and validated while check-ins go on): that bound is then used.
  const proven = hasRows ? await provenBound(db) : null;
  const last = hasRows && proven === null ? Number((await sql<{ t: string }>`select max(t_in)::text as t from visits`.execute(db)).rows[0]!.t) : 0;
  const cut = proven ?? (Math.floor(Math.max(Date.now(), last) / DAY_MS) + 1) * DAY_MS;

  await sql`alter table visits rename to visits_legacy`.execute(db);
  await sql`alter index visits_pkey rename to visits_legacy_pkey`.execute(db);
  await sql`alter index visits_client_key_idx rename to visits_legacy_client_key_idx`.execute(db);
  for (const [name] of INDEXES) await sql.raw(`alter index visits_${name} rename to visits_legacy_${name}`).execute(db);
  await sql`alter table visits_legacy rename constraint visits_venue_id_fkey to visits_legacy_venue_id_fkey`.execute(db);

  await sql`create table visits (like visits_legacy including defaults) partition by range (t_in)`.execute(db);
  await sql`alter table visits add constraint visits_pkey primary key (id, t_in)`.execute(db);
  await sql`alter table visits add constraint visits_venue_id_fkey foreign key (venue_id) references venues (id)`.execute(db);
  await sql`create unique index visits_client_key_t_in_key on visits (client_key, t_in)`.execute(db);
  for (const [name, columns] of INDEXES) await sql.raw(`create index visits_${name} on visits ${columns}`).execute(db);

  if (hasRows) {
    // The old table gets the keys the partitioned one needs (a unique constraint on (id, t_in) matches the primary key,
    // so ATTACH builds nothing); its own indexes on venue, person and open visits match as they are. An operator of a
    // large live table builds these beforehand with CREATE INDEX CONCURRENTLY under the same names (docs).
    await sql`create unique index if not exists visits_legacy_id_t_in_key on visits_legacy (id, t_in)`.execute(db);
    await sql`alter table visits_legacy add constraint visits_legacy_id_t_in_key unique using index visits_legacy_id_t_in_key`.execute(db);
    await sql`create unique index if not exists visits_legacy_client_key_t_in_key on visits_legacy (client_key, t_in)`.execute(db);
    if (proven === null) {
      await sql.raw(`alter table visits_legacy add constraint visits_legacy_t_in_range check (t_in < ${cut}) not valid`).execute(db);
      await sql`alter table visits_legacy validate constraint visits_legacy_t_in_range`.execute(db);
    }
    await sql.raw(`alter table visits attach partition visits_legacy for values from (minvalue) to (${cut})`).execute(db);
    // The old single-column keys go: the partitioned keys cover them, and each index costs every check-in a write.
    await sql`alter table visits_legacy drop constraint visits_legacy_pkey`.execute(db);
    await sql`drop index visits_legacy_client_key_idx`.execute(db);
  } else {
    await sql`drop table visits_legacy`.execute(db);
  }
  await sql`create table visits_default partition of visits default`.execute(db);
  await sql.raw(ENSURE_FUNCTION).execute(db);
  await sql.raw(`select jb_ensure_visit_partitions(${hasRows ? cut : Date.now()}, ${VISIT_PARTITION_DAYS_AHEAD})`).execute(db);
  await sql.raw(POSTGRES_CHECKIN_BATCH_V5).execute(db);
}

/** The bound of a validated `visits_legacy_t_in_range` constraint the operator added before the migration, or null. */
async function provenBound(db: Kysely<any>): Promise<number | null> {
  const { rows } = await sql<{ def: string }>`
    select pg_get_constraintdef(oid) as def from pg_constraint
     where conrelid = 'visits'::regclass and conname = 'visits_legacy_t_in_range' and convalidated`.execute(db);
  const m = rows[0] ? /^CHECK \(\(t_in < '?(\d+)'?(::bigint)?\)\)$/.exec(rows[0].def) : null;
  return m ? Number(m[1]) : null;
}

/** Back to one table (every partition's rows copied into it): for tests and a rolled-back deploy of a small instance. */
export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop function jb_ensure_visit_partitions(bigint, int)`.execute(db);
  await sql`alter table visits rename to visits_partitioned`.execute(db);
  await sql`alter index visits_pkey rename to visits_partitioned_pkey`.execute(db);
  for (const [name] of INDEXES) await sql.raw(`alter index visits_${name} rename to visits_partitioned_${name}`).execute(db);
  await sql`alter table visits_partitioned rename constraint visits_venue_id_fkey to visits_partitioned_venue_id_fkey`.execute(db);
  await sql`create table visits (like visits_partitioned including defaults)`.execute(db);
  await sql`insert into visits select * from visits_partitioned`.execute(db);
  await sql`drop table visits_partitioned cascade`.execute(db);
  await sql`alter table visits add primary key (id)`.execute(db);
  await sql`alter table visits add constraint visits_venue_id_fkey foreign key (venue_id) references venues (id)`.execute(db);
  await sql`create unique index visits_client_key_idx on visits (client_key)`.execute(db);
  for (const [name, columns] of INDEXES) await sql.raw(`create index visits_${name} on visits ${columns}`).execute(db);
  await sql.raw(POSTGRES_CHECKIN_BATCH_V4).execute(db);
}
