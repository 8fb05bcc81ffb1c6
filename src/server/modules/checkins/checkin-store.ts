import type { DatabaseHandle } from '../../db/kysely.js';
import { createPostgresCheckinStore } from './checkin-store.postgres.js';
import { createSqliteCheckinStore } from './checkin-store.sqlite.js';
import { createSqliteThreadCheckinStore } from './checkin-store.sqlite-thread.js';
import type { CheckinOutcome, CheckinRequest } from './checkin-batch.js';
import type { VisitKeys } from './visit-person.js';

/**
 * Writes one batch of check-ins in one transaction and returns each one's outcome, in order. The store seals each
 * request (visit-person.ts) with the keys it was created with; `newId` names the refusals it records.
 */
export interface CheckinStore {
  applyBatch(requests: CheckinRequest[], newId: () => string): Promise<CheckinOutcome[]>;
  /** How many batches the group committer may hand over before the first has committed (measured per store). */
  batchesInFlight: number;
  close?(): Promise<void>;
}

/** `writerThread`: on a SQLite file, write from a thread of its own (the server does; in-process tests do not). */
export function createCheckinStore(database: DatabaseHandle, keys: VisitKeys, options: { writerThread?: boolean; namedStatements?: boolean } = {}): CheckinStore {
  const driver = database.driver;
  if (driver.dialect === 'postgres') return createPostgresCheckinStore(driver.pool, keys, { namedStatements: options.namedStatements });
  if (options.writerThread && !driver.sqlite.memory) return createSqliteThreadCheckinStore(driver.sqlite.name, keys);
  return createSqliteCheckinStore(driver.sqlite, keys);
}
