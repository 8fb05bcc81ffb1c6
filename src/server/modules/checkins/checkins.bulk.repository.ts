import { sql } from 'kysely';
import { bulkInsert } from '../../db/bulk-insert.js';
import type { DatabaseHandle } from '../../db/kysely.js';
import type { VisitsTable } from './checkins.table.js';
import { ensureVisitPartitions } from './visit-partitions.repository.js';

const DAY_MS = 86_400_000;

/**
 * Visits in bulk (the synthetic city): one statement per batch, see db/bulk-insert.ts. On PostgreSQL the day
 * partitions of the batch's days are made first (a city generated for past days would otherwise fill the default).
 */
export async function insertVisitsBulk(handle: DatabaseHandle, rows: readonly Required<VisitsTable>[]): Promise<void> {
  if (handle.dialect === 'postgres' && rows.length > 0) {
    let min = Infinity;
    let max = -Infinity;
    for (const r of rows) {
      min = Math.min(min, r.t_in);
      max = Math.max(max, r.t_in);
    }
    await prepareVisitDays(handle, min, max);
  }
  return bulkInsert<Required<VisitsTable>>(handle, 'visits', {
    id: 'text',
    venue_id: 'text',
    person_key: 'text',
    person_enc: 'text',
    name_enc: 'text',
    phone_enc: 'text',
    secret_hash: 'text',
    t_in: 'bigint',
    t_out: 'bigint',
    out_kind: 'text',
    estimated: 'integer',
    source: 'text',
    client_key: 'text',
    over_capacity: 'integer',
    entered_by: 'text',
    region_code: 'text',
    created_at: 'bigint',
  }, rows);
}

/**
 * Makes the day partitions of [from, to] before a bulk load (PostgreSQL): batches written at once on several
 * connections would otherwise race to create the same day (the second `create table` fails).
 */
export async function prepareVisitDays(handle: DatabaseHandle, from: number, to: number): Promise<void> {
  if (handle.dialect === 'postgres') await ensureVisitPartitions(handle.db, from, Math.floor(to / DAY_MS) - Math.floor(from / DAY_MS));
}

/**
 * After visits written in bulk (PostgreSQL): VACUUM (ANALYZE) visits, as after a restore. Fresh rows have no
 * visibility map, so the covering venue index's index-only scans would read the heap for every entry, and no
 * statistics for the planner until autovacuum's turn comes (never, where it is off). 22 s at 50 M visits.
 */
export async function settleVisitsAfterBulkWrite(handle: DatabaseHandle): Promise<void> {
  if (handle.dialect === 'postgres') await sql`vacuum (analyze) visits`.execute(handle.db);
}

/** A secondary index of visits as the database itself defines it (pg_indexes / sqlite_master). */
export interface VisitIndex {
  name: string;
  definition: string;
}

/** What a bulk load without the secondary indexes took. */
export interface VisitBulkLoad<T> {
  result: T;
  /** The indexes dropped and built again, with their definitions. */
  indexes: VisitIndex[];
  /** Seconds spent building them again. */
  rebuildSeconds: number;
}

/**
 * The secondary indexes of visits: every index but the primary key's (and, on PostgreSQL, any other index behind a
 * constraint). On PostgreSQL the partitioned parent's definition reads `ON ONLY public.visits`, which re-run as it is
 * would make an invalid parent index without the partitions' indexes: `ONLY` is dropped, so the statement builds the
 * index on every partition and attaches them, as the migration's `create index … on visits` did.
 */
export async function visitSecondaryIndexes(handle: DatabaseHandle): Promise<VisitIndex[]> {
  if (handle.dialect === 'postgres') {
    const { rows } = await sql<{ name: string; definition: string }>`
      select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
        from pg_index i join pg_class c on c.oid = i.indexrelid
       where i.indrelid = 'visits'::regclass
         and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
       order by c.relname`.execute(handle.db);
    return rows.map((r) => ({ name: r.name, definition: r.definition.replace(/ ON ONLY /, ' ON ') }));
  }
  // Indexes SQLite makes for a PRIMARY KEY or UNIQUE column have no SQL: they stay.
  const { rows } = await sql<{ name: string; definition: string }>`
    select name, sql as definition from sqlite_master
     where type = 'index' and tbl_name = 'visits' and sql is not null
     order by name`.execute(handle.db);
  return rows;
}

/** Whether visits holds any row (a bulk load without indexes is for an empty table). */
export async function visitsHoldRows(handle: DatabaseHandle): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from (select 1 from visits limit 1) as one`.execute(handle.db);
  return Number(rows[0]!.n) > 0;
}

/** PostgreSQL: memory for each index build of the rebuild (session only; the default 64 MB spills a 50 M-row sort to disk). */
const REBUILD_MAINTENANCE_WORK_MEM = '1GB';
/** SQLite: page cache during the load and the rebuild (CREATE INDEX sorts in it before spilling to temp files). */
const BULK_SQLITE_CACHE_KIB = 512 * 1024;

/**
 * Runs `load` (which writes visits through insertVisitsBulk) with the visits' secondary indexes dropped, then builds
 * them again from the definitions read before dropping, whatever happens in `load` (a failed load leaves its rows and
 * the whole schema). Each row then costs the primary key only, and each index is built once by a sort instead of
 * taking millions of random page writes (docs/scaling.md §5). The primary key, the foreign key to venues and the
 * partitions stay.
 *
 * For an empty table only, unless `evenIfVisits`: on a table with rows the rebuild takes as long as those rows
 * demand, and an instance serving check-ins would go without its indexes (and the offline check-ins' unique key)
 * meanwhile. A process killed during the load cannot run its `finally`: the definitions go to `onDropped` first so
 * that they can be run by hand.
 */
export async function loadVisitsWithoutIndexes<T>(
  handle: DatabaseHandle,
  load: () => Promise<T>,
  options: { evenIfVisits?: boolean; onDropped?: (indexes: VisitIndex[]) => void } = {},
): Promise<VisitBulkLoad<T>> {
  if (!options.evenIfVisits && (await visitsHoldRows(handle))) throw new Error('visits already holds rows: a bulk load drops its indexes only on an empty table (say evenIfVisits to do it anyway)');
  const indexes = await visitSecondaryIndexes(handle);
  options.onDropped?.(indexes);
  const dropped: VisitIndex[] = [];
  let cacheBefore: unknown;
  if (handle.driver.dialect === 'sqlite') {
    cacheBefore = handle.driver.sqlite.pragma('cache_size', { simple: true });
    handle.driver.sqlite.pragma(`cache_size = -${BULK_SQLITE_CACHE_KIB}`);
  }
  try {
    let result: T;
    try {
      for (const index of indexes) {
        await sql`drop index ${sql.id(index.name)}`.execute(handle.db);
        dropped.push(index);
      }
      result = await load();
    } catch (err) {
      // The load's error is the one to report; the rebuild's own failure (if any) is added to it.
      await restoreVisitIndexes(handle, dropped).catch((rebuildErr: unknown) => {
        throw new AggregateError([err, rebuildErr], `bulk load failed (${String(err)}), and so did building the indexes again: ${String(rebuildErr)}`);
      });
      throw err;
    }
    const started = performance.now();
    await restoreVisitIndexes(handle, dropped);
    return { result, indexes, rebuildSeconds: (performance.now() - started) / 1000 };
  } finally {
    // After the rebuild, which sorts in the larger cache too.
    if (handle.driver.dialect === 'sqlite') handle.driver.sqlite.pragma(`cache_size = ${Number(cacheBefore)}`);
  }
}

/**
 * Builds the given indexes of visits again, each in its own statement (one failing does not keep the others from
 * being built); throws at the end naming those not built, with their definitions, so an operator can run them.
 */
async function restoreVisitIndexes(handle: DatabaseHandle, indexes: readonly VisitIndex[]): Promise<void> {
  if (indexes.length === 0) return;
  const failed: { index: VisitIndex; err: unknown }[] = [];
  await handle.db.connection().execute(async (conn) => {
    // One connection, so the session setting applies to every build; reset before it goes back to the pool.
    if (handle.dialect === 'postgres') await sql.raw(`set maintenance_work_mem = '${REBUILD_MAINTENANCE_WORK_MEM}'`).execute(conn);
    try {
      for (const index of indexes) {
        try {
          await sql.raw(index.definition).execute(conn);
        } catch (err) {
          failed.push({ index, err });
        }
      }
    } finally {
      if (handle.dialect === 'postgres') await sql`reset maintenance_work_mem`.execute(conn);
    }
  });
  if (failed.length > 0) throw new Error(`visits indexes not built again: ${failed.map((f) => `${f.index.definition} (${String(f.err)})`).join('; ')}`);
}
