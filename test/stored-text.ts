import { sql } from 'kysely';
import type { Db, Dialect } from '../src/server/db/kysely.js';

/** Every table of the database, each row as the text of its columns (binary columns left out): what a copy of the database shows. */
export async function storedText(db: Db, dialect: Dialect): Promise<{ table: string; column: string; text: string }[]> {
  const tables =
    dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)).rows.map((r) => r.name);
  const out: { table: string; column: string; text: string }[] = [];
  for (const table of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows;
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (value === null || value === undefined || Buffer.isBuffer(value) || value instanceof Uint8Array) continue;
        const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
        out.push({ table, column, text });
      }
    }
  }
  return out;
}

/** The table.column places whose stored text contains `needle`. */
export async function placesOf(db: Db, dialect: Dialect, needle: string): Promise<string[]> {
  return [...new Set((await storedText(db, dialect)).filter((c) => c.text.includes(needle)).map((c) => `${c.table}.${c.column}`))].sort();
}
