import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { configureSqliteConnection, openDatabase, type DatabaseHandle } from '../../src/server/db/kysely.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startSqliteCheckpointer } from '../../src/server/db/sqlite-checkpointer.js';

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
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
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

  /**
   * A steady writer (a batch, a pause of a millisecond, the next batch) with SQLite's own fallback switched off: a
   * PASSIVE pass never finds the log wholly copied when the next batch begins, so without a RESTART the log keeps every
   * frame written. Frames in the log at the end: the same stream with and without RESTARTs.
   */
  async function framesLeftAfterSteadyWrites(restartFrames: number): Promise<number> {
    dir = mkdtempSync(path.join(tmpdir(), 'jb-checkpoint-'));
    const file = path.join(dir, 'db.sqlite');
    const writer = new SQLite(file);
    configureSqliteConnection(writer);
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('create table t (k text, x text); create index t_k on t (k)');
    const checkpointer = startSqliteCheckpointer(file, { intervalMs: 20, restartFrames, restartIntervalMs: 100 });
    const insert = writer.prepare('insert into t (k, x) values (?, ?)');
    const batch = writer.transaction(() => {
      for (let i = 0; i < 20; i++) insert.run(Math.random().toString(36), 'x'.repeat(300));
    });
    try {
      try {
        // A fixed count of batches (about 1.5 s on an idle machine), not a fixed time: a busy machine then writes
        // the same frames, only more slowly, instead of too few for the bounds below.
        for (let i = 0; i < 800; i++) {
          batch.immediate();
          await new Promise((r) => setTimeout(r, 1));
        }
      } finally {
        await checkpointer.close();
      }
      // With the checkpointer gone, this pass is not refused as busy (log -1): it reports the frames in the log.
      const [state] = writer.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number }[];
      expect(state!.busy).toBe(0);
      return state!.log;
    } finally {
      writer.close();
    }
  }

  it('restarts the log under a steady stream of writes, which PASSIVE passes alone never do', async () => {
    const withoutRestart = await framesLeftAfterSteadyWrites(Number.MAX_SAFE_INTEGER);
    rmSync(dir, { recursive: true, force: true });
    const withRestart = await framesLeftAfterSteadyWrites(50);
    // 800 batches write thousands of frames; RESTARTs every 100 ms leave about one interval's worth.
    expect(withoutRestart).toBeGreaterThan(2_000);
    expect(withRestart).toBeGreaterThan(0);
    expect(withRestart).toBeLessThan(withoutRestart / 4);
  }, 20_000);
});
