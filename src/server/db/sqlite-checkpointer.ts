import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the SQLite write-ahead log back into the database file from a worker thread. SQLite's own automatic
 * checkpoint runs inside the commit that crosses the threshold, on the event loop, and waits for the disk to sync
 * the database file: measured on the check-in path, that cost more than all the inserts together. A PASSIVE checkpoint
 * on a second connection never blocks writers; the log restarts from its beginning once it has been copied.
 *
 * The main connection keeps a high automatic threshold as a safety net, should this thread ever stop.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

// Plain CommonJS evaluated in the worker, so the same code runs from the sources (tests) and from dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
let running = true;
const timer = setInterval(() => {
  if (!running) return;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  running = false;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface SqliteCheckpointer {
  close(): Promise<void>;
}

export function startSqliteCheckpointer(file: string, options: { intervalMs?: number; onError?: (message: string) => void } = {}): SqliteCheckpointer {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driverPath, intervalMs: options.intervalMs ?? 250 } });
  const onError = options.onError ?? ((message: string) => process.emitWarning(`SQLite checkpoint: ${message}`));
  worker.on('message', (message: { error?: string }) => message.error && onError(message.error));
  worker.on('error', (err) => onError(err.message));
  // The checkpointer never keeps the process alive on its own.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async close() {
      worker.ref();
      worker.postMessage('close');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
