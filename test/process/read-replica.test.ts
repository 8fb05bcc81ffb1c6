import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, appendFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnServer, type ServerProcess } from './spawn-server.js';

/**
 * READ_DATABASE_URL against a REAL streaming replica (issue #19): a primary and a hot standby made on loopback the way
 * deploy/cluster.sh makes them (initdb into a temporary folder, pg_basebackup -R), the server started on both.
 * A venue registered through the API (a write: the primary) shows in the staff list (a heavy read: the replica) once
 * replayed; with replay paused, the list is the replica's (the new venue missing) until the lag passes
 * READ_REPLICA_MAX_LAG_MS, then the list falls back to the primary (the venue there) and /metrics says so. The
 * dashboards and the open data read there too: a roll-up count written on the primary meanwhile is missing from both
 * until the fallback.
 */

function findPgBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], 'bin') : null;
}

const PG_BIN = findPgBin();
if (!PG_BIN) {
  const message = '!!! READ REPLICA TEST SKIPPED: no PostgreSQL server binaries (initdb, pg_basebackup) under /usr/lib/postgresql/*/bin !!!';
  if (process.env.CI === 'true') throw new Error(`${message} — CI must have them (apt-get install postgresql)`);
  console.warn(`\n${message}\n`);
}

const isRoot = process.getuid?.() === 0;
/** initdb and postgres refuse root: as root they run as Debian's `postgres` user, as deploy/cluster.sh does. */
function asDbUser(command: string, args: string[]): string {
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const ADMIN = { username: 'admin', password: 'replica-drill-2026' };
const VENUE = { sector: 'trade', type: 'warung', regionCode: '51.71.01.1001', address: 'Jl. Tukad Punggawa 1', lat: -8.736259, lon: 115.23211, capacity: 20, indoor: true, openingHours: null };

describe.skipIf(!PG_BIN)('read replica (a real streaming replica on loopback)', () => {
  let dir = '';
  let primaryUrl = '';
  let replicaUrl = '';
  let server: ServerProcess | undefined;
  let cookie = '';
  let taskForceCookie = '';
  const bin = (name: string) => path.join(PG_BIN!, name);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jb-replica-'));
    chmodSync(dir, 0o755);
    if (isRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()));
    const [primaryPort, replicaPort] = [await freePort(), await freePort()];
    asDbUser(bin('initdb'), ['-D', `${dir}/primary`, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    appendFileSync(
      `${dir}/primary/postgresql.conf`,
      `\nlisten_addresses = '127.0.0.1'\nport = ${primaryPort}\nunix_socket_directories = '${dir}'\nwal_level = replica\nmax_wal_senders = 3\nfsync = off\nshared_buffers = 32MB\n`,
    );
    appendFileSync(`${dir}/primary/pg_hba.conf`, '\nhost replication postgres 127.0.0.1/32 trust\n');
    asDbUser(bin('pg_ctl'), ['-D', `${dir}/primary`, '-l', `${dir}/primary.log`, '-w', 'start']);
    await query(`postgres://postgres@127.0.0.1:${primaryPort}/postgres`, 'create database jagabaya');
    asDbUser(bin('pg_basebackup'), ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', `${dir}/replica`, '-R', '-X', 'stream', '-c', 'fast']);
    appendFileSync(`${dir}/replica/postgresql.conf`, `\nport = ${replicaPort}\nhot_standby = on\nhot_standby_feedback = on\n`);
    asDbUser(bin('pg_ctl'), ['-D', `${dir}/replica`, '-l', `${dir}/replica.log`, '-w', 'start']);
    primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/jagabaya`;
    replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/jagabaya`;
    await until('the replica to accept connections', async () => (await query<{ r: boolean }>(replicaUrl, 'select pg_is_in_recovery() as r'))[0]?.r);

    server = await spawnServer({
      JAGABAYA_VAR_DIR: dir,
      DATABASE_URL: primaryUrl,
      READ_DATABASE_URL: replicaUrl,
      READ_REPLICA_MAX_LAG_MS: '3000',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
    });
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    expect(login.status).toBe(200);
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    // A task-force member of the city, for the dashboards (the administrator has no dashboard role).
    const taskForce = { username: 'satgas-replika', password: 'satgas-password-123' };
    const created = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ ...taskForce, displayName: 'Satgas Replika', assignments: [{ role: 'task_force', regionCode: '51.71' }] }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const tfLogin = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(taskForce) });
    expect(tfLogin.status).toBe(200);
    taskForceCookie = tfLogin.headers.get('set-cookie')!.split(';')[0]!;
  }, 90_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    if (dir && PG_BIN) {
      for (const node of ['replica', 'primary']) {
        try {
          asDbUser(bin('pg_ctl'), ['-D', `${dir}/${node}`, '-m', 'immediate', 'stop']);
        } catch {
          // not started
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const register = async (name: string) => {
    const res = await fetch(`${server!.url}/api/v1/venues`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ ...VENUE, name }) });
    expect(res.status, await res.clone().text()).toBe(201);
  };
  const listed = async (q: string): Promise<string[]> => {
    const res = await fetch(`${server!.url}/api/v1/venues?q=${encodeURIComponent(q)}&limit=50`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: { name: string }[] }).items.map((v) => v.name);
  };
  const metric = async (name: string): Promise<number> => {
    const text = await (await fetch(`${server!.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
    return line ? Number(line.split(' ').pop()) : Number.NaN;
  };
  // Today in the city's zone (the dashboards' default period ends today; the open data builds today from the roll-ups).
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar' }).format(new Date());
  const SERANGAN = '51.71.01.1001';
  const openDataCheckins = async (format: 'json' | 'csv'): Promise<string> => {
    const res = await fetch(`${server!.url}/api/v1/open-data/daily?from=${today}&to=${today}&level=desa&format=${format}`);
    expect(res.status).toBe(200);
    const body = await res.text();
    if (format === 'json') return String((JSON.parse(body) as { regionCode: string; checkins: unknown }[]).find((r) => r.regionCode === SERANGAN)?.checkins);
    return body.split('\r\n').find((l) => l.includes(`"${SERANGAN}"`))!.split(',')[6]!.replace(/"/g, '');
  };
  const dashboardCheckins = async (): Promise<number> => {
    const res = await fetch(`${server!.url}/api/v1/dashboards?region=${SERANGAN}`, { headers: { cookie: taskForceCookie } });
    expect(res.status, await res.clone().text()).toBe(200);
    const panel = ((await res.json()) as { panels: { id: string; rows: [string, number][] }[] }).panels.find((p) => p.id === 'checkins-per-day')!;
    return panel.rows.find(([d]) => d === today)?.[1] ?? 0;
  };
  const replicaHas = async (name: string) => (await query<{ n: number }>(replicaUrl, `select count(*)::int as n from venues where name = '${name}'`))[0]!.n === 1;

  it('starts on the replica, says so, and exports the lag', async () => {
    expect(server!.output()).toMatch(/Replica:\s+PostgreSQL 127\.0\.0\.1:\d+\/jagabaya for lists and searches \(in use/);
    expect(await metric('jagabaya_read_replica_in_use')).toBe(1);
    expect(await metric('jagabaya_read_replica_lag_seconds')).toBeLessThan(3);
  });

  it('reads the heavy lists from the replica, and from the primary once the paused replica lags past the limit', async () => {
    // A write on the primary is read back from the replica once replayed.
    await register('Warung Replika Satu');
    await until('the replica to replay the first venue', () => replicaHas('Warung Replika Satu'));
    expect(await listed('Replika')).toEqual(['Warung Replika Satu']);

    // Replay paused just after a commit: the replica is within the limit for about 3 s and still answers the list,
    // without the venue written since (the proof that the list is read there, not on the primary).
    await query(replicaUrl, 'select pg_wal_replay_pause()');
    await register('Warung Replika Dua');
    // 42 check-ins today in one desa's roll-up, on the primary only.
    await query(primaryUrl, `insert into checkin_daily_desa (region_code, day, checkins) values ('${SERANGAN}', '${today}', 42)`);
    expect(await replicaHas('Warung Replika Dua')).toBe(false);
    const started = Date.now();
    expect(await listed('Replika')).toEqual(['Warung Replika Satu']);
    expect(await dashboardCheckins()).toBe(0);
    expect(await openDataCheckins('json')).toBe('0');

    // Past READ_REPLICA_MAX_LAG_MS (3 s) the next lag check sends the reads to the primary: the venue is there.
    await until('the fallback to the primary', async () => (await metric('jagabaya_read_replica_in_use')) === 0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await listed('Replika')).sort()).toEqual(['Warung Replika Dua', 'Warung Replika Satu']);
    expect(await dashboardCheckins()).toBe(42);
    // (CSV: the JSON answer of this query is cached for 5 minutes.)
    expect(await openDataCheckins('csv')).toBe('42');
    expect(await metric('jagabaya_read_replica_lag_seconds')).toBeGreaterThan(3);
    expect(await metric('jagabaya_read_replica_fallbacks_total')).toBe(1);
    expect(server!.output()).toMatch(/heavy reads fall back to the primary: replica lag/);

    // Replay resumed: back on the replica, which now has both.
    await query(replicaUrl, 'select pg_wal_replay_resume()');
    await until('the return to the replica', async () => (await metric('jagabaya_read_replica_in_use')) === 1);
    expect((await listed('Replika')).sort()).toEqual(['Warung Replika Dua', 'Warung Replika Satu']);
  });

  it('falls back to the primary when the replica is unreachable', async () => {
    asDbUser(bin('pg_ctl'), ['-D', `${dir}/replica`, '-m', 'immediate', 'stop']);
    await until('the fallback to the primary', async () => (await metric('jagabaya_read_replica_in_use')) === 0);
    await register('Warung Replika Tiga');
    expect(await listed('Replika Tiga')).toEqual(['Warung Replika Tiga']);
    expect(server!.output()).toMatch(/heavy reads fall back to the primary: replica unreachable/);
  });
});
