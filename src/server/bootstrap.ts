import type { AppConfig } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/kysely.js';
import { migrateToLatest } from './db/migrate.js';
import type { Clock } from './shared/clock.js';
import { ensureDefaultRegions } from './modules/regions/index.js';
import { ensureDefaultPolicies } from './modules/policies/index.js';

/** Opens the database, applies migrations and loads the shipped regions into an empty database. */
export async function prepareDatabase(config: AppConfig, clock: Clock): Promise<{ database: DatabaseHandle; migrations: string[]; regionsLoaded: number }> {
  const database = openDatabase(config.database);
  try {
    const migrations = await migrateToLatest(database.db, config.secretKey);
    const imported = await ensureDefaultRegions(database.db, clock);
    await ensureDefaultPolicies(database.db, clock);
    return { database, migrations, regionsLoaded: imported?.regions ?? 0 };
  } catch (err) {
    await database.close();
    throw err;
  }
}
