import pg from 'pg';
import { sql } from 'kysely';
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
  it('survives the server closing a connection that is in use: that transaction fails, the process lives, the next query works', async () => {
    // A PgBouncer or primary that goes away mid-transaction (fail-over): pg-pool listens for errors only on idle
    // connections, so the client's 'error' event on a checked-out one would end the process (bench/failover-drill.ts
    // saw three API nodes exit so).
    const scratch = await createScratchDatabase();
    const handle = openDatabase({ dialect: 'postgres', url: scratch.url }, { poolSize: 1, onIdleError: () => {} });
    try {
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      const outcome = handle.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        // Let the socket's end arrive while the connection is still checked out.
        await new Promise((r) => setTimeout(r, 200));
        await sql`select 1`.execute(trx);
      });
      await expect(outcome).rejects.toThrow();
      await admin.end();
      expect((await sql<{ one: number }>`select 1 as one`.execute(handle.db)).rows[0]!.one).toBe(1);
    } finally {
      await handle.close();
      await scratch.drop();
    }
  });
});
