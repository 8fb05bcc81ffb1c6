import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { systemClock } from '../../src/server/shared/clock.js';
import { testConfig } from '../app-harness.js';
import { createTestDatabase, testDialects } from '../databases.js';
import { createScratchDatabase } from '../postgres.js';
import { spawnServer } from './spawn-server.js';

describe('the server process', () => {
  it.each(testDialects())('starts on an empty %s database, prints where to open it and the generated admin password, and exits 0 on SIGTERM', async (dialect) => {
    const varDir = mkdtempSync(path.join(tmpdir(), 'jb-main-'));
    const scratch = dialect === 'postgres' ? await createScratchDatabase() : null;
    const server = await spawnServer(
      { JAGABAYA_VAR_DIR: varDir, PORT: '0', DATABASE_URL: scratch?.url ?? '', ADMIN_USERNAME: '', ADMIN_PASSWORD: '', SECRET_KEY: '' },
      { waitFor: 'Generated password', port: 0 },
    );
    const output = server.output();
    expect(output).toContain('Jaga Baya is running.');
    expect(output).toMatch(/Open: +http:\/\/localhost:0\//);
    expect(output).toMatch(/username "admin" \(scope 51\.71\)/);
    expect(output).toMatch(/Generated password \(shown only now.*\): \S{16,}/);
    expect(output).toContain(dialect === 'postgres' ? 'Database:  PostgreSQL' : 'Database:  SQLite');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await scratch?.drop();
  }, 60_000);

  it('finishes in-flight requests when closing', async () => {
    const database = await createTestDatabase('sqlite');
    const app = await buildApp({ config: testConfig(), database, clock: systemClock });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    app.get('/slow', { config: { access: 'public' } }, async () => {
      await gate;
      return { done: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const inFlight = fetch(`http://127.0.0.1:${port}/slow`).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }));
    await new Promise((r) => setTimeout(r, 100));
    const closing = app.close();
    setTimeout(release, 200);
    await closing;
    expect(await inFlight).toEqual({ status: 200, body: { done: true } });
    await database.close();
  });
});
