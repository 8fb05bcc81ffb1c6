/**
 * Many rows into one table, fast, on either database (the synthetic city, `npm run cli -- synth`; issue #19).
 *
 * PostgreSQL: one `INSERT … SELECT * FROM unnest($1::text[], $2::bigint[], …)` per batch — one array parameter per
 * column, so a batch of 5,000 rows is one statement with 17 parameters (no 65,535-parameter ceiling, one plan, one
 * round trip). `COPY … FROM STDIN` would be faster still but needs pg-copy-streams, which is not a dependency.
 * SQLite: one prepared `INSERT` run for every row inside one transaction per batch (better-sqlite3 is synchronous:
 * a batch is a tight loop in C).
 *
 * The caller (a module's repository) names its own table and gives the PostgreSQL type of each column.
 */
import type { DatabaseHandle } from './kysely.js';

export type PgColumnType = 'text' | 'bigint' | 'integer' | 'double precision' | 'smallint';

export async function bulkInsert<Row extends object>(handle: DatabaseHandle, table: string, columns: Record<keyof Row & string, PgColumnType>, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns) as (keyof Row & string)[];
  for (const name of [table, ...names]) if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bulkInsert: bad identifier ${name}`);
  if (handle.driver.dialect === 'postgres') {
    const arrays = names.map((name) => rows.map((row) => (row as Record<string, unknown>)[name] ?? null));
    const unnest = names.map((name, i) => `$${i + 1}::${columns[name]}[]`).join(', ');
    await handle.driver.pool.query(`insert into ${table} (${names.join(', ')}) select * from unnest(${unnest})`, arrays);
    return;
  }
  const sqlite = handle.driver.sqlite;
  const insert = sqlite.prepare(`insert into ${table} (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`);
  const all = sqlite.transaction((batch: readonly Row[]) => {
    for (const row of batch) insert.run(names.map((name) => (row as Record<string, unknown>)[name] ?? null));
  });
  all(rows);
}
