/**
 * Reads that may be a few seconds old go to a PostgreSQL streaming replica (READ_DATABASE_URL, issue #19).
 *
 * The contract for modules: a service receives a `ReadSource` and, for each heavy read, asks it for the handle of the
 * moment (`reads.db()`) and passes that to its repository or read-model function as an explicit `readDb` argument.
 * The repository function does not know where it reads from; the service decides, per call, whether the read may be
 * stale (lists, dashboards, open data, exposure finding) or must see the caller's own write (everything inside a
 * transaction, a record just written, access checks before a write: those keep using the primary `db`).
 *
 * `reads.db()` answers the replica while its measured lag is within READ_REPLICA_MAX_LAG_MS, and the primary when the
 * replica is behind, paused or unreachable (the gauge `jagabaya_read_replica_in_use` drops to 0, the counter
 * `jagabaya_read_replica_fallbacks_total{reason}` counts the switches, and the log says so). Without a replica, or on
 * SQLite, `reads.db()` is always the primary: nothing changes for a single-machine install.
 *
 * Lag: every few seconds the primary's `pg_current_wal_lsn()` is read, then the replica's `pg_last_wal_replay_lsn()`.
 * A replica that has replayed at least that position is caught up (lag 0, however long ago the last commit was: the
 * replay timestamp alone would call an idle replica "minutes behind"). One that has not is as stale as its last replayed
 * commit: lag = now() − pg_last_xact_replay_timestamp() on the replica's clock, an upper bound of what it misses.
 */
import { sql } from 'kysely';
import { openDatabase, type Db, type DatabaseHandle } from './kysely.js';

export interface ReadSource {
  /** The handle for a read that may lag the primary by up to the configured limit: the replica, or the primary. */
  db(): Db;
  /** Where reads go now, and why. */
  state(): ReadReplicaState;
}

export interface ReadReplicaState {
  configured: boolean;
  /** True while reads go to the replica. */
  inUse: boolean;
  /** Last measured lag in milliseconds; null before the first check or when the replica did not answer. */
  lagMs: number | null;
  /** Why reads go to the primary ('lag', 'unreachable', 'not-a-standby', 'starting'); null while on the replica. */
  fallbackReason: string | null;
  checkedAt: number | null;
}

/** The primary for every read: SQLite, or PostgreSQL without READ_DATABASE_URL. */
export function primaryReads(db: Db): ReadSource {
  const state: ReadReplicaState = { configured: false, inUse: false, lagMs: null, fallbackReason: null, checkedAt: null };
  return { db: () => db, state: () => state };
}

export interface ReadReplicaOptions {
  primary: DatabaseHandle;
  url: string;
  maxLagMs: number;
  /** How often the lag is measured (default 2000 ms). */
  intervalMs?: number;
  poolSize?: number;
  /** Told of every switch between replica and primary. */
  onSwitch?: (event: { to: 'replica' | 'primary'; reason: string | null; lagMs: number | null }) => void;
  now?: () => number;
}

export interface ReadReplica extends ReadSource {
  /** Measures the lag now (the timer calls it; tests and start-up call it to not wait for the first tick). */
  check(): Promise<ReadReplicaState>;
  /** Switches to the primary counted by reason (for metrics). */
  fallbacks(): Record<string, number>;
  close(): Promise<void>;
}

interface LagRow {
  in_recovery: boolean;
  caught_up: boolean | null;
  replay_age_ms: number | string | null;
}

/**
 * Opens the replica pool and starts measuring. Reads stay on the primary until the first check has found the replica
 * within the limit (start() awaits that first check).
 */
export async function startReadReplica(options: ReadReplicaOptions): Promise<ReadReplica> {
  const primaryDb = options.primary.db;
  // A replica that stops answering (a host gone, a network cut) must not hang the lag check or a list for long.
  const handle = openDatabase({ dialect: 'postgres', url: options.url }, { poolSize: options.poolSize ?? 10, onIdleError: () => undefined, timeoutMs: 2000 });
  const replicaDb: Db = handle.db;
  const state: ReadReplicaState = { configured: true, inUse: false, lagMs: null, fallbackReason: 'starting', checkedAt: null };
  const counts: Record<string, number> = {};
  const now = options.now ?? Date.now;

  function setState(inUse: boolean, reason: string | null, lagMs: number | null) {
    const switched = inUse !== state.inUse || (!inUse && reason !== state.fallbackReason);
    state.lagMs = lagMs;
    state.checkedAt = now();
    state.inUse = inUse;
    state.fallbackReason = inUse ? null : reason;
    if (!switched) return;
    if (!inUse && reason) counts[reason] = (counts[reason] ?? 0) + 1;
    options.onSwitch?.({ to: inUse ? 'replica' : 'primary', reason, lagMs });
  }

  let running: Promise<ReadReplicaState> | null = null;
  async function measure(): Promise<ReadReplicaState> {
    let primaryLsn: string;
    try {
      const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(primaryDb);
      primaryLsn = rows[0]!.lsn;
    } catch {
      // The primary itself is down: nothing to compare with; keep the last decision (writes fail anyway).
      return state;
    }
    try {
      const { rows } = await withTimeout(3000, sql<LagRow>`
        select pg_is_in_recovery() as in_recovery,
               pg_last_wal_replay_lsn() >= ${primaryLsn}::pg_lsn as caught_up,
               (extract(epoch from (clock_timestamp() - pg_last_xact_replay_timestamp())) * 1000)::float8 as replay_age_ms`.execute(replicaDb));
      const row = rows[0]!;
      if (!row.in_recovery) {
        setState(false, 'not-a-standby', null);
        return state;
      }
      const lagMs = row.caught_up ? 0 : Math.max(0, Math.round(Number(row.replay_age_ms ?? Number.POSITIVE_INFINITY)));
      if (lagMs <= options.maxLagMs) setState(true, null, lagMs);
      else setState(false, 'lag', lagMs);
    } catch {
      setState(false, 'unreachable', null);
    }
    return state;
  }
  function check(): Promise<ReadReplicaState> {
    running ??= measure().finally(() => {
      running = null;
    });
    return running;
  }

  await check();
  const timer = setInterval(() => void check(), options.intervalMs ?? 2000);
  timer.unref();

  return {
    db: () => (state.inUse ? replicaDb : primaryDb),
    state: () => state,
    check,
    fallbacks: () => ({ ...counts }),
    async close() {
      clearInterval(timer);
      await running?.catch(() => undefined);
      await handle.close();
    },
  };
}

/** A lag check that does not answer within `ms` counts as unreachable (the query itself ends at the pool's timeout). */
function withTimeout<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
