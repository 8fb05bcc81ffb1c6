import { afterEach } from 'vitest';
import { openDatabase, type DatabaseHandle, type Dialect } from '../../src/server/db/kysely.js';
import { migrateTo } from '../../src/server/db/migrate.js';
import { ensureDefaultRegions } from '../../src/server/modules/regions/index.js';
import { systemClock } from '../../src/server/shared/clock.js';
import { createScratchDatabase } from '../postgres.js';

/**
 * For a migration test: opens an empty database of the dialect (SQLite in memory, or a PostgreSQL scratch database),
 * migrates it to `version` (an older schema, to seed rows as they were then) and loads the shipped regions. Each one
 * is closed, and the scratch database dropped, after the test.
 */
export function useDatabaseAtVersion(): (dialect: Dialect, version: string, secretKey: Buffer) => Promise<DatabaseHandle> {
  const opened: { handle: DatabaseHandle; drop: () => Promise<void> }[] = [];
  afterEach(async () => {
    for (const { handle, drop } of opened.splice(0)) {
      await handle.close();
      await drop();
    }
  });
  return async (dialect, version, secretKey) => {
    let handle: DatabaseHandle;
    let drop: () => Promise<void> = async () => undefined;
    if (dialect === 'sqlite') {
      handle = openDatabase({ dialect: 'sqlite', file: ':memory:' });
    } else {
      const scratch = await createScratchDatabase();
      drop = scratch.drop;
      handle = openDatabase({ dialect: 'postgres', url: scratch.url }, { poolSize: 2 });
    }
    opened.push({ handle, drop });
    await migrateTo(handle.db, version, secretKey);
    await ensureDefaultRegions(handle.db, systemClock);
    return handle;
  };
}
