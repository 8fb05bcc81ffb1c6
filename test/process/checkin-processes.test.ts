import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle, type Dialect } from '../../src/server/db/kysely.js';
import { posterTokenFor } from '../../src/server/modules/venues/index.js';
import { testDialects } from '../databases.js';
import { createScratchDatabase } from '../postgres.js';
import { spawnServer, TEST_SECRET_KEY_HEX, type ServerProcess } from './spawn-server.js';

const ADMIN = { username: 'admin', password: 'process-admin-password' };

interface Setup {
  databaseUrl: string;
  database: DatabaseHandle;
  varDir: string;
  drop: () => Promise<void>;
}

async function setup(dialect: Dialect): Promise<Setup> {
  const varDir = mkdtempSync(path.join(tmpdir(), 'jb-proc-'));
  if (dialect === 'sqlite') {
    const file = path.join(varDir, 'jagabaya.sqlite');
    return { databaseUrl: `sqlite:${file}`, varDir, database: openDatabase({ dialect: 'sqlite', file }), drop: async () => undefined };
  }
  const scratch = await createScratchDatabase();
  return { databaseUrl: scratch.url, varDir, database: openDatabase({ dialect: 'postgres', url: scratch.url }, { poolSize: 2 }), drop: scratch.drop };
}

function start(s: Setup): Promise<ServerProcess> {
  // The load comes from one address at one poster, thousands a minute: the public limits are scaled out of its way
  // (they stay in the path, so their cost is in what is measured; test/api/checkin-limits.test.ts tests them).
  return spawnServer({ DATABASE_URL: s.databaseUrl, JAGABAYA_VAR_DIR: s.varDir, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, PUBLIC_RATE_LIMIT_SCALE: '1000000' });
}

async function api(url: string, method: string, body?: unknown, cookie?: string) {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

/** A verified venue with `capacity` places, and the token of its poster. */
async function venueWithPoster(server: ServerProcess, s: Setup, capacity: number): Promise<string> {
  const login = await api(`${server.url}/api/v1/auth/login`, 'POST', ADMIN);
  const cookie = login.cookie as string;
  const venue = await api(`${server.url}/api/v1/venues`, 'POST', {
    name: 'Pasar Badung', sector: 'trade', type: 'traditional_market', regionCode: '51.71.01.1001', address: 'Jl. Sulawesi',
    lat: -8.736259, lon: 115.23211, capacity, indoor: false,
  }, cookie);
  expect(venue.status).toBe(201);
  const id = venue.body?.id as string;
  expect((await api(`${server.url}/api/v1/venues/${id}/verification`, 'POST', { decision: 'approve' }, cookie)).status).toBe(200);
  let poster = await s.database.db.selectFrom('venue_posters').select('poster_id').where('venue_id', '=', id).where('replaced_at', 'is', null).executeTakeFirst();
  if (!poster) {
    await api(`${server.url}/api/v1/venues/${id}/poster`, 'POST', undefined, cookie);
    poster = await s.database.db.selectFrom('venue_posters').select('poster_id').where('venue_id', '=', id).where('replaced_at', 'is', null).executeTakeFirstOrThrow();
  }
  return posterTokenFor(Buffer.from(TEST_SECRET_KEY_HEX, 'hex'), poster.poster_id);
}

const phone = (i: number) => `0812${String(40_000_000 + i)}`;

describe('check-in across real server processes', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  // Issue #14: the kill is repeated, so a loss that happens one time in a few cannot hide. JB_DURABILITY_ROUNDS raises
  // it for a soak (e.g. 50); the suite CI runs does 10 per engine.
  const ROUNDS = Number(process.env.JB_DURABILITY_ROUNDS ?? 10);

  it.each(testDialects())(`[%s] every acknowledged check-in survives SIGKILL under load, ${ROUNDS} times`, async (dialect) => {
    const s = await setup(dialect);
    cleanups.push(async () => {
      await s.database.close();
      await s.drop();
    });
    let server = await start(s);
    const token = await venueWithPoster(server, s, 50_000);
    const acknowledged: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) server = await start(s);
      const target = acknowledged.length + 300;
      let stop = false;
      // 32 concurrent visitors keep checking in until the process is killed mid-stream.
      const workers = Array.from({ length: 32 }, async (_, w) => {
        for (let i = 0; !stop; i++) {
          try {
            const res = await api(`${server.url}/api/v1/checkins`, 'POST', { token, name: 'Beban', phone: phone(round * 1_000_000 + w * 10_000 + i) });
            if (res.status === 201) acknowledged.push(res.body?.visitId as string);
          } catch {
            return; // connection refused or reset: the process is gone
          }
        }
      });
      while (acknowledged.length < target) await new Promise((r) => setTimeout(r, 5));
      server.child.kill('SIGKILL');
      stop = true;
      await Promise.all(workers);
      await server.exited;
      const stored = new Set((await s.database.db.selectFrom('visits').select('id').execute()).map((r) => r.id));
      const lost = acknowledged.filter((id) => !stored.has(id));
      expect({ round, lost }).toEqual({ round, lost: [] });
    }

    server = await start(s);
    cleanups.push(async () => {
      server.child.kill('SIGTERM');
      await server.exited;
    });
    const stored = new Set((await s.database.db.selectFrom('visits').select('id').execute()).map((r) => r.id));
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(acknowledged.length).toBeGreaterThanOrEqual(300 * ROUNDS);
    expect(lost).toEqual([]);
    expect((await api(`${server.url}/healthz`, 'GET')).status).toBe(200);
  }, 60_000 + ROUNDS * 20_000);

  it.each(testDialects())('[%s] the capacity limit holds with two server processes on one database', async (dialect) => {
    const s = await setup(dialect);
    cleanups.push(async () => {
      await s.database.close();
      await s.drop();
    });
    const first = await start(s);
    const second = await start(s);
    cleanups.push(async () => {
      for (const p of [first, second]) p.child.kill('SIGTERM');
      await Promise.all([first.exited, second.exited]);
    });
    const token = await venueWithPoster(first, s, 25);
    const attempts = Array.from({ length: 120 }, (_, i) => api(`${(i % 2 ? first : second).url}/api/v1/checkins`, 'POST', { token, name: 'Ramai', phone: phone(900_000 + i) }));
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    expect(statuses.filter((x) => x === 201)).toHaveLength(25);
    expect(statuses.filter((x) => x === 409)).toHaveLength(95);
    const open = await s.database.db.selectFrom('visits').select((eb) => eb.fn.countAll<number>().as('n')).where('t_out', 'is', null).executeTakeFirstOrThrow();
    expect(Number(open.n)).toBe(25);
    const counter = await s.database.db.selectFrom('venue_occupancy').select('current').executeTakeFirstOrThrow();
    expect(Number(counter.current)).toBe(25);
  }, 120_000);
});
