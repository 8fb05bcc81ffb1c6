import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, createServices, type AppServices } from '../../src/server/app.js';
import type { Dialect } from '../../src/server/db/kysely.js';
import { systemClock } from '../../src/server/shared/clock.js';
import { PROJECT_ROOT } from '../../src/server/shared/paths.js';
import { notificationDataKey, openNotification } from '../../src/server/modules/notifications/notifications.outbox.js';
import { ADMIN, signupTokenIn, testConfig } from '../app-harness.js';
import { createTestDatabase, type TestDatabase } from '../databases.js';
import { freePort } from '../process/spawn-server.js';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  database: TestDatabase;
  services: AppServices;
  /** Moves the server's clock forward (a visit must last ten minutes before it may rate). */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

/** The real product (built web app included) on a random local port, over a fresh database. */
export async function startServer(dialect: Dialect = 'sqlite'): Promise<RunningServer> {
  const webDir = path.join(PROJECT_ROOT, 'dist', 'web');
  if (!existsSync(path.join(webDir, 'index.html'))) throw new Error('dist/web is missing: run `npm run build` before the browser tests');
  const database = await createTestDatabase(dialect);
  // The port is chosen first so that PUBLIC_URL (printed on QR posters) points at this very server.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = testConfig({ webDir, logLevel: 'silent', port, publicUrl: url, publicUrlProblem: 'loopback' });
  // The system clock, which a test can move forward.
  let offset = 0;
  const clock = { now: () => systemClock.now() + offset };
  const deps = { config, database, clock };
  const services = createServices(deps);
  await services.accounts.ensureBootstrapAdmin(ADMIN);
  const app = await buildApp(deps, services);
  await app.listen({ port, host: '127.0.0.1' });
  return {
    url,
    app,
    database,
    services,
    advanceClock: (ms) => {
      offset += ms;
    },
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** The confirmation link of the last sign-up mail to `email` in the server's outbox (the test key of testConfig). */
export async function signupLinkFor(server: RunningServer, email: string): Promise<string> {
  const rows = await server.database.db.selectFrom('notifications').selectAll().where('channel', '=', 'email').orderBy('id').execute();
  const mails = rows.map((row) => openNotification(notificationDataKey(Buffer.alloc(32, 7)), row)).filter((m) => m.to === email);
  const last = mails.at(-1);
  if (!last) throw new Error(`no mail to ${email}`);
  return `${server.url}/daftar-pengelola/konfirmasi#${signupTokenIn(last.body)}`;
}
