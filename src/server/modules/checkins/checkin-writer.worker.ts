import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { configureSqliteConnection } from '../../db/kysely.js';
import type { CheckinCommand } from './checkin-batch.js';
import { createSqliteCheckinStore } from './checkin-store.sqlite.js';
import type { WriterReply, WriterRequest } from './checkin-store.sqlite-thread.js';

// The SQLite check-in writer thread: its own connection to the same file, the same store as in process.
const { file } = workerData as { file: string };
const sqlite = new SQLite(file);
configureSqliteConnection(sqlite);
const store = createSqliteCheckinStore(sqlite);
const port = parentPort!;

port.on('message', (message: WriterRequest | 'close') => {
  if (message === 'close') {
    sqlite.close();
    port.close();
    return;
  }
  void apply(message.id, message.commands, message.attemptIds);
});

async function apply(id: number, commands: CheckinCommand[], attemptIds: string[]): Promise<void> {
  let next = 0;
  let reply: WriterReply;
  try {
    reply = { id, outcomes: await store.applyBatch(commands, () => attemptIds[next++] as string) };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
}
