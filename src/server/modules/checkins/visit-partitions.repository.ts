import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../../db/kysely.js';

/*
 * The day partitions of `visits` on PostgreSQL (migration 2026-12-07-01): created ahead by the daily job, dropped whole
 * by the retention purge. SQLite has one plain table: every function here answers "nothing to do" there.
 */

export interface VisitPartition {
  name: string;
  /** Lower bound (ms), null for the legacy partition (MINVALUE). */
  from: number | null;
  /** Upper bound (ms, exclusive), null for the default partition. */
  to: number | null;
}

/** Whether visits is partitioned here (PostgreSQL after migration 2026-12-07-01). */
export async function visitsPartitioned(db: Db): Promise<boolean> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return false;
  const row = await sql<{ kind: string }>`select relkind as kind from pg_class where oid = to_regclass('visits')`.execute(db);
  return row.rows[0]?.kind === 'p';
}

/** Every partition of visits with its bounds, oldest first (the default last). */
export async function visitPartitions(db: Db): Promise<VisitPartition[]> {
  if (!(await visitsPartitioned(db))) return [];
  const { rows } = await sql<{ name: string; bound: string }>`
    select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
      from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'visits'::regclass`.execute(db);
  const parts = rows.map((r): VisitPartition => {
    if (r.bound === 'DEFAULT') return { name: r.name, from: null, to: null };
    const m = /FROM \((MINVALUE|'?(-?\d+)'?)\) TO \('?(-?\d+)'?\)/.exec(r.bound);
    if (!m) throw new Error(`visits partition ${r.name}: unexpected bound ${r.bound}`);
    return { name: r.name, from: m[2] === undefined ? null : Number(m[2]), to: Number(m[3]) };
  });
  return parts.sort((a, b) => (a.to ?? Infinity) - (b.to ?? Infinity));
}

/**
 * Creates the day partitions from `from`'s UTC day through `days` days after it (those missing), moving any rows the
 * default partition holds for those days into them. Answers the partitions created.
 */
export async function ensureVisitPartitions(db: Db, from: number, days: number): Promise<string[]> {
  if (!(await visitsPartitioned(db))) return [];
  const { rows } = await sql<{ name: string }>`select jb_ensure_visit_partitions(${Math.floor(from)}::bigint, ${days}::int) as name`.execute(db);
  return rows.map((r) => r.name);
}

/** How many rows the default partition holds (the safety net should stay empty; the job says when it is not). */
export async function defaultPartitionRows(db: Db): Promise<number> {
  if (!(await visitsPartitioned(db))) return 0;
  const { rows } = await sql<{ n: string }>`select count(*)::text as n from visits_default`.execute(db);
  return Number(rows[0]!.n);
}

/**
 * The retention purge's fast path: every partition wholly before `before` with no open visit is detached and dropped
 * (an open visit stays until checked out or auto-closed; its partition is then dropped on a later run, and the
 * closed visits around it go by the row DELETE meanwhile). One short transaction per partition, under a lock timeout:
 * DETACH takes an ACCESS EXCLUSIVE lock on visits, so it must not queue behind a long reader and block check-ins
 * behind itself; a partition whose lock is not had within the timeout is left for the next run. Answers the
 * partitions dropped and the visits they held.
 */
export async function dropVisitPartitionsBefore(db: Db, before: number, lockTimeoutMs = 2000): Promise<{ partitions: string[]; visits: number }> {
  const dropped: string[] = [];
  let visits = 0;
  for (const part of await visitPartitions(db)) {
    if (part.to === null || part.to > before) continue;
    const ident = sql.id(part.name);
    const open = await sql<{ open: boolean }>`select exists (select 1 from ${ident} where t_out is null) as open`.execute(db);
    if (open.rows[0]!.open) continue;
    let held = 0;
    try {
      await db.transaction().execute(async (trx) => {
        await sql.raw(`set local lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`).execute(trx);
        // An open visit written meanwhile (an offline check-in within its 12 h, a desk entry) keeps the partition.
        const again = await sql<{ open: boolean }>`select exists (select 1 from ${ident} where t_out is null) as open`.execute(trx);
        if (again.rows[0]!.open) throw new KeptPartition();
        await sql`alter table visits detach partition ${ident}`.execute(trx);
        held = Number((await sql<{ n: string }>`select count(*)::text as n from ${ident}`.execute(trx)).rows[0]!.n);
        await sql`drop table ${ident}`.execute(trx);
      });
    } catch (err) {
      if (err instanceof KeptPartition || isLockTimeout(err)) continue;
      throw err;
    }
    dropped.push(part.name);
    visits += held;
  }
  return { partitions: dropped, visits };
}

class KeptPartition extends Error {}

function isLockTimeout(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '55P03';
}
