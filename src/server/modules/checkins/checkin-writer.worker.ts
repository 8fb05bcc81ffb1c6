import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { configureSqliteConnection } from '../../db/kysely.js';
import { newId } from '../../shared/ids.js';
import type { CheckinRequest } from './checkin-batch.js';
import { createSqliteCheckinStore } from './checkin-store.sqlite.js';
import type { WriterData, WriterReply, WriterRequest } from './checkin-store.sqlite-thread.js';

// The SQLite check-in writer thread: its own connection to the same file, the same store as in process.
const { file, keys } = workerData as WriterData;
const sqlite = new SQLite(file);
configureSqliteConnection(sqlite);
const store = createSqliteCheckinStore(sqlite, keys);
const port = parentPort!;

port.on('message', (message: WriterRequest | 'close') => {
  if (message === 'close') {
    sqlite.close();
    port.close();
    return;
  }
  void apply(message.id, message.requests);
});

async function apply(id: number, requests: CheckinRequest[]): Promise<void> {
  let reply: WriterReply;
  try {
    reply = { id, outcomes: await store.applyBatch(requests, () => newId()) };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
}
