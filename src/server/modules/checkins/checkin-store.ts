import type { DatabaseHandle } from '../../db/kysely.js';
import { createPostgresCheckinStore } from './checkin-store.postgres.js';
import { createSqliteCheckinStore } from './checkin-store.sqlite.js';
import { createSqliteThreadCheckinStore } from './checkin-store.sqlite-thread.js';
import type { CheckinCommand, CheckinOutcome } from './checkin-batch.js';

/** Writes one batch of check-ins in one transaction and returns each command's outcome, in order. */
export interface CheckinStore {
  applyBatch(commands: CheckinCommand[], newId: () => string): Promise<CheckinOutcome[]>;
  /** How many batches the group committer may hand over before the first has committed (measured per store). */
  batchesInFlight: number;
  close?(): Promise<void>;
}

/** `writerThread`: on a SQLite file, write from a thread of its own (the server does; in-process tests do not). */
export function createCheckinStore(database: DatabaseHandle, options: { writerThread?: boolean } = {}): CheckinStore {
  const driver = database.driver;
  if (driver.dialect === 'postgres') return createPostgresCheckinStore(driver.pool);
  if (options.writerThread && !driver.sqlite.memory) return createSqliteThreadCheckinStore(driver.sqlite.name);
  return createSqliteCheckinStore(driver.sqlite);
}
