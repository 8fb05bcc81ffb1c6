import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/server/db/kysely.js';

describe('SQLite checkpoints off the event loop', () => {
  let dir: string;
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies committed pages into the database file from the worker, well before the fallback threshold', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jb-checkpoint-'));
    const file = path.join(dir, 'db.sqlite');
    handle = openDatabase({ dialect: 'sqlite', file });
    if (handle.driver.dialect !== 'sqlite') throw new Error('sqlite expected');
    const sqlite = handle.driver.sqlite;
    // Far below the fallback threshold: only the worker can have copied these pages.
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    sqlite.exec('create table t (x text)');
    const insert = sqlite.prepare('insert into t (x) values (?)');
    sqlite.transaction(() => {
      for (let i = 0; i < 2_000; i++) insert.run('x'.repeat(1_000));
    })();
    expect(statSync(file).size).toBeLessThan(100_000);
    for (let i = 0; i < 100 && statSync(file).size < 2_000_000; i++) await new Promise((r) => setTimeout(r, 50));
    expect(statSync(file).size).toBeGreaterThan(2_000_000);
    expect(sqlite.prepare('select count(*) as n from t').get()).toEqual({ n: 2_000 });
  });

  it('closes cleanly: the worker stops and the log is folded back into the file', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jb-checkpoint-'));
    const file = path.join(dir, 'db.sqlite');
    handle = openDatabase({ dialect: 'sqlite', file });
    if (handle.driver.dialect !== 'sqlite') throw new Error('sqlite expected');
    handle.driver.sqlite.exec("create table t (x text); insert into t values ('kept')");
    await handle.close();
    handle = openDatabase({ dialect: 'sqlite', file });
    if (handle.driver.dialect !== 'sqlite') throw new Error('sqlite expected');
    expect(handle.driver.sqlite.prepare('select x from t').all()).toEqual([{ x: 'kept' }]);
  });
});
