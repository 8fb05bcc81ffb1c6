import { describe, inject } from 'vitest';
import { openDatabase, type DatabaseHandle, type Dialect } from '../src/server/db/kysely.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { ensureDefaultRegions } from '../src/server/modules/regions/index.js';
import { ensureDefaultPolicies } from '../src/server/modules/policies/index.js';
import { systemClock, type Clock } from '../src/server/shared/clock.js';
import { createScratchDatabase } from './postgres.js';

export interface TestDatabase extends DatabaseHandle {
  /** The DATABASE_URL a second process would use to reach the same database. */
  url: string;
}

/** The instance key of the test harnesses (testConfig's secretKey): what the migrations encrypt existing rows with. */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7);

export async function createTestDatabase(
  dialect: Dialect,
  options: { clock?: Clock; regions?: boolean; sqliteFile?: string; secretKey?: Buffer } = {},
): Promise<TestDatabase> {
  let handle: DatabaseHandle;
  let url: string;
  let drop: () => Promise<void> = async () => undefined;
  if (dialect === 'sqlite') {
    const file = options.sqliteFile ?? ':memory:';
    url = `sqlite:${file}`;
    handle = openDatabase({ dialect: 'sqlite', file });
  } else {
    const scratch = await createScratchDatabase();
    url = scratch.url;
    drop = scratch.drop;
    handle = openDatabase({ dialect: 'postgres', url }, { poolSize: 5 });
  }
  await migrateToLatest(handle.db, options.secretKey ?? TEST_SECRET_KEY);
  if (options.regions !== false) {
    await ensureDefaultRegions(handle.db, options.clock ?? systemClock);
    await ensureDefaultPolicies(handle.db, options.clock ?? systemClock);
  }
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await drop();
    },
  };
}

/** The dialects this run covers: SQLite always, PostgreSQL when reachable (global-setup decides and shouts). */
export function testDialects(): Dialect[] {
  return inject('postgresAvailable') ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** Runs the same suite once per database engine. */
export function describeEachDatabase(title: string, suite: (dialect: Dialect) => void): void {
  for (const dialect of testDialects()) describe(`${title} [${dialect}]`, () => suite(dialect));
}
