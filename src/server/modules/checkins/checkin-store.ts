import type { DatabaseHandle } from '../../db/kysely.js';
import { createPostgresCheckinStore } from './checkin-store.postgres.js';
import { createSqliteCheckinStore } from './checkin-store.sqlite.js';
import type { CheckinCommand, CheckinOutcome } from './checkin-batch.js';

/** Writes one batch of check-ins in one transaction and returns each command's outcome, in order. */
export interface CheckinStore {
  applyBatch(commands: CheckinCommand[], newId: () => string): Promise<CheckinOutcome[]>;
}

export function createCheckinStore(database: DatabaseHandle): CheckinStore {
  const driver = database.driver;
  return driver.dialect === 'sqlite' ? createSqliteCheckinStore(driver.sqlite) : createPostgresCheckinStore(driver.pool);
}
