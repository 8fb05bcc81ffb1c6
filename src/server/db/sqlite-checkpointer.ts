import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the SQLite write-ahead log back into the database file from a worker thread. SQLite's own automatic
 * checkpoint runs inside the commit that crosses the threshold, on the event loop, and waits for the disk to sync
 * the database file: measured on the check-in path, that cost more than all the inserts together. A PASSIVE checkpoint
 * on a second connection never blocks writers.
 *
 * But the log only starts again from its beginning when a write begins after a checkpoint that copied all of it, and
 * under a steady stream of check-ins the writer has always appended more by then. The log then grew until the
 * fallback threshold below, whose checkpoint ran inside a check-in batch's commit: 50–90 ms, twice a second, and the
 * p99 of the check-in benchmark above 50 ms. So when a PASSIVE pass leaves a long log, a RESTART follows: it waits for
 * the writer's current transaction, copies the frames written since the PASSIVE pass and makes the next write start the
 * log again. The writer waits meanwhile (its busy timeout): 15–30 ms here, mostly the two disk syncs, so at most one
 * RESTART every two seconds, which leaves the requests it delays well outside the 99th percentile.
 *
 * The main connection keeps a high automatic threshold as a safety net, should this thread ever stop.
 */
// Above what two seconds of a busy writer add to the log between two RESTARTs, so that it stays a safety net.
export const FALLBACK_AUTOCHECKPOINT_PAGES = 50_000;

// Plain CommonJS evaluated in the worker, so the same code runs from the sources (tests) and from dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file);
// Only RESTART waits (PASSIVE never does): should the writer hold on, the next pass tries again, rather than this
// connection keep the checkpoint lock for long, which would also hold off the writer's own fallback checkpoint.
db.pragma('busy_timeout = 100');
db.pragma('synchronous = NORMAL');
let running = true;
let lastRestart = 0;
const timer = setInterval(() => {
  if (!running) return;
  try {
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
    if (passive && passive.log >= workerData.restartFrames && Date.now() - lastRestart >= workerData.restartIntervalMs) {
      lastRestart = Date.now();
      db.pragma('wal_checkpoint(RESTART)');
    }
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

/** About 8 MB of log; shorter logs are left to PASSIVE passes, which restart them whenever writes pause. */
export const RESTART_AFTER_FRAMES = 2_000;
export const RESTART_INTERVAL_MS = 2_000;

export function startSqliteCheckpointer(
  file: string,
  options: { intervalMs?: number; restartFrames?: number; restartIntervalMs?: number; onError?: (message: string) => void } = {},
): SqliteCheckpointer {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const workerData = {
    file,
    driverPath,
    intervalMs: options.intervalMs ?? 250,
    restartFrames: options.restartFrames ?? RESTART_AFTER_FRAMES,
    restartIntervalMs: options.restartIntervalMs ?? RESTART_INTERVAL_MS,
  };
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
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
