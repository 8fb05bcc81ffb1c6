import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { DatabaseConfig } from '../config.js';
import type { Database } from './schema.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startSqliteCheckpointer } from './sqlite-checkpointer.js';

export type Db = Kysely<Database>;
export type Dialect = DatabaseConfig['dialect'];

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  /**
   * The driver underneath, for the few hot paths (check-in) whose repositories use prepared statements and
   * set-based batches directly instead of building each query through Kysely.
   */
  driver: { dialect: 'sqlite'; sqlite: SQLite.Database } | { dialect: 'postgres'; pool: pg.Pool };
  close(): Promise<void>;
}

/** pg returns BIGINT and NUMERIC as strings; every bigint here is an epoch-ms or a count, well inside 2^53. */
function pgTypes(): pg.CustomTypesConfig {
  // pg-types declares its parsers as `any`; pin the shape we rely on.
  const builtin = pg.types.getTypeParser as (oid: number, format: 'text') => (value: string) => unknown;
  const defaultParser = (oid: number) => builtin(oid, 'text');
  const getTypeParser = (oid: number) => (oid === 20 || oid === 1700 ? (value: string) => Number(value) : defaultParser(oid));
  return { getTypeParser: getTypeParser as pg.CustomTypesConfig['getTypeParser'] };
}

function defaultIdleError(err: Error): void {
  process.emitWarning(`PostgreSQL closed an idle connection: ${err.message}`);
}

/**
 * Every connection to a SQLite file (the main one, the check-in writer thread's): WAL, so readers never wait for the
 * writer; synchronous=NORMAL, durable when the process is killed (the log is written before COMMIT returns); checkpoints
 * left to the checkpointer thread, with a high automatic threshold as a safety net.
 */
export function configureSqliteConnection(sqlite: SQLite.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
}

export function openDatabase(
  config: DatabaseConfig,
  options: { poolSize?: number; onIdleError?: (err: Error) => void; /** PostgreSQL: give up connecting, and a query, after this long (the read replica). */ timeoutMs?: number } = {},
): DatabaseHandle {
  if (config.dialect === 'sqlite') {
    if (config.file !== ':memory:') mkdirSync(path.dirname(path.resolve(config.file)), { recursive: true });
    const sqlite = new SQLite(config.file);
    configureSqliteConnection(sqlite);
    const checkpointer = config.file === ':memory:' ? null : startSqliteCheckpointer(config.file);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return {
      db,
      dialect: 'sqlite',
      driver: { dialect: 'sqlite', sqlite },
      async close() {
        await checkpointer?.close();
        await db.destroy();
      },
    };
  }
  const timeouts = options.timeoutMs ? { connectionTimeoutMillis: options.timeoutMs, query_timeout: options.timeoutMs * 10 } : {};
  const pool = new pg.Pool({ connectionString: config.url, max: options.poolSize ?? 10, types: pgTypes(), ...timeouts });
  // An idle connection that the server closes (restart, failover, an administrator's pg_terminate_backend) is dropped
  // from the pool and replaced on the next query; unhandled, pg would raise it as an uncaught error and end the process.
  pool.on('error', (err) => (options.onIdleError ?? defaultIdleError)(err));
  // pg-pool listens only while a connection is idle: one the server (or PgBouncer, in a fail-over) closes while it is
  // checked out emits 'error' with no listener, which ends the process. Its query or transaction rejects with the same
  // error, and the pool drops the connection when it comes back (no longer queryable), so there is nothing more to do.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', driver: { dialect: 'postgres', pool }, close: () => db.destroy() };
}
