import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/kysely.js';
import { testDialects } from '../databases.js';
import { createScratchDatabase, PG_ADMIN_URL } from '../postgres.js';

describe.runIf(testDialects().includes('postgres'))('PostgreSQL pool', () => {
  it('survives the server closing an idle connection, and the next query works', async () => {
    const scratch = await createScratchDatabase();
    const idleErrors: Error[] = [];
    const handle = openDatabase({ dialect: 'postgres', url: scratch.url }, { poolSize: 1, onIdleError: (err) => idleErrors.push(err) });
    try {
      if (handle.driver.dialect !== 'postgres') throw new Error('postgres expected');
      const pid = (await handle.driver.pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      await admin.query('select pg_terminate_backend($1)', [pid]);
      await admin.end();
      for (let i = 0; i < 50 && idleErrors.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(idleErrors.length).toBe(1);
      expect((await handle.driver.pool.query<{ one: number }>('select 1 as one')).rows[0]!.one).toBe(1);
    } finally {
      await handle.close();
      await scratch.drop();
    }
  });
});
