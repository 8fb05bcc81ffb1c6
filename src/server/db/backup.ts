import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { DatabaseConfig } from '../config.js';
import type { DatabaseHandle } from './kysely.js';

/*
 * Backups and restores with each engine's own tools, never a home-made dump:
 * - SQLite: the online backup API (pages copied while the server keeps writing; the copy is one consistent snapshot);
 * - PostgreSQL: pg_dump in its custom format, restored with pg_restore. Point-in-time recovery of a production server
 *   is a base backup with WAL archiving (docs/operations.md in a later step); this is the logical backup a city
 *   office can take and restore with one command.
 * Personal data stays encrypted with SECRET_KEY inside the copy: a backup is useless without the key, and the key must
 * be kept apart from it.
 */

export class BackupError extends Error {}

export function defaultBackupFile(config: DatabaseConfig, varDir: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return path.join(varDir, 'backups', `jagabaya-${stamp}.${config.dialect === 'sqlite' ? 'sqlite' : 'pgdump'}`);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (err) => reject(new BackupError(`${command} could not run (${err.message}); install the PostgreSQL client tools`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new BackupError(`${command} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

/** Writes a consistent copy of the configured database to `file` (which must not exist yet). */
export async function backupDatabase(config: DatabaseConfig, handle: DatabaseHandle, file: string): Promise<{ file: string; bytes: number }> {
  if (existsSync(file)) throw new BackupError(`${file} exists already: choose another name`);
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (config.dialect === 'sqlite' && handle.driver.dialect === 'sqlite') {
    if (config.file === ':memory:') throw new BackupError('an in-memory database has nothing to back up');
    await handle.driver.sqlite.backup(file);
  } else if (config.dialect === 'postgres') {
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${config.url}`]);
  }
  return { file, bytes: statSync(file).size };
}

/**
 * Restores a backup into the configured database, which must be new: an SQLite file that does not exist yet (or
 * `force` to replace one; the server must be stopped), a PostgreSQL database that is empty (or `force`: pg_restore
 * drops what the backup holds before recreating it).
 */
export async function restoreDatabase(config: DatabaseConfig, file: string, options: { force: boolean }): Promise<void> {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist`);
  if (config.dialect === 'sqlite') {
    if (config.file === ':memory:') throw new BackupError('cannot restore into an in-memory database');
    if (existsSync(config.file) && !options.force) throw new BackupError(`${config.file} exists: stop the server and pass --force to replace it`);
    const check = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      const result = check.pragma('integrity_check', { simple: true });
      if (result !== 'ok') throw new BackupError(`${file} is not a sound SQLite database: ${String(result)}`);
    } finally {
      check.close();
    }
    mkdirSync(path.dirname(path.resolve(config.file)), { recursive: true });
    for (const suffix of ['-wal', '-shm']) rmSync(config.file + suffix, { force: true });
    copyFileSync(file, config.file);
    return;
  }
  const args = ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${config.url}`];
  if (options.force) args.unshift('--clean', '--if-exists');
  await run('pg_restore', [...args, file]);
}
