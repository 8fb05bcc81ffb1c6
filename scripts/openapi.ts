// Writes the server's OpenAPI document without listening: the app is built on an empty in-memory SQLite database, so
// this runs anywhere (CI, a fresh clone) and yields what GET /openapi.json would serve.
//   tsx scripts/openapi.ts [out-file]      (default var/openapi.json)
// `npm run gen:api` feeds the result to openapi-typescript; `npm test` lints it with Redocly and checks that the
// checked-in web types still match it.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp, createServices } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/kysely.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { systemClock } from '../src/server/shared/clock.js';

export async function openApiDocument(): Promise<unknown> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: 'sqlite::memory:',
    // Not a secret: the app needs a key to start; nothing is encrypted with it here.
    SECRET_KEY: '0'.repeat(64),
    LOG_LEVEL: 'silent',
    CHECKIN_WRITER_THREAD: '0',
    JAGABAYA_WEB_DIR: '/nonexistent',
  });
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db, config.secretKey);
    const deps = { config, database, clock: systemClock };
    const app = await buildApp(deps, createServices(deps));
    try {
      await app.ready();
      return app.swagger();
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

const out = path.resolve(process.argv[2] ?? 'var/openapi.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(await openApiDocument(), null, 2) + '\n');
console.log(`OpenAPI document written to ${path.relative(process.cwd(), out) || out}`);
