import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/kysely.js';
import { PROJECT_ROOT } from '../../src/server/shared/paths.js';
import { testDialects } from '../databases.js';
import { createScratchDatabase } from '../postgres.js';
import { spawnServer, type ServerProcess } from './spawn-server.js';

/**
 * `npm run cli -- backup` while the server runs, `restore` into a new database, then the product started on the
 * restored copy: every table holds the same rows, and what was written through the API reads back through the API.
 */
const ADMIN = { username: 'admin', password: 'backup-drill-2026' };

function cli(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/server/cli.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

async function api(server: ServerProcess, method: string, url: string, cookie?: string, body?: unknown) {
  const response = await fetch(server.url + url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown>, cookie: response.headers.get('set-cookie')?.split(';')[0] };
}

async function rowCounts(config: DatabaseConfig): Promise<Record<string, number>> {
  const handle = openDatabase(config);
  try {
    const tables = await handle.db.introspection.getTables();
    const counts: Record<string, number> = {};
    for (const t of tables) {
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t.name)}`.execute(handle.db);
      counts[t.name] = Number(rows[0]!.n);
    }
    return counts;
  } finally {
    await handle.close();
  }
}

describe('backup and restore', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it.each(testDialects())('backs up a running %s instance and restores it into a new database that the product starts on', async (dialect) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jb-backup-'));
    const source = dialect === 'postgres' ? await createScratchDatabase() : null;
    const target = dialect === 'postgres' ? await createScratchDatabase() : null;
    if (source) cleanups.push(source.drop);
    if (target) cleanups.push(target.drop);
    const sourceUrl = source?.url ?? `sqlite:${path.join(dir, 'live.sqlite')}`;
    const targetUrl = target?.url ?? `sqlite:${path.join(dir, 'restored.sqlite')}`;
    const env = { JAGABAYA_VAR_DIR: dir, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password };

    const live = await spawnServer({ ...env, DATABASE_URL: sourceUrl });
    cleanups.push(async () => {
      if (live.child.exitCode === null) live.child.kill('SIGTERM');
      await live.exited;
    });
    const login = await api(live, 'POST', '/api/v1/auth/login', undefined, ADMIN);
    expect(login.status).toBe(200);
    const created = await api(live, 'POST', '/api/v1/users', login.cookie, {
      username: 'lurah.backup',
      password: 'kata-sandi-lurah-1',
      displayName: 'Lurah Backup',
      assignments: [{ role: 'village_officer', regionCode: '51.71.01.1003' }],
    });
    expect(created.status).toBe(201);

    // The backup is taken while the server runs.
    const file = path.join(dir, `drill.${dialect === 'postgres' ? 'pgdump' : 'sqlite'}`);
    const backup = cli(['backup', '--to', file], { ...env, DATABASE_URL: sourceUrl });
    expect(backup.out).toContain('Backup written');
    expect(backup.code).toBe(0);
    live.child.kill('SIGTERM');
    expect(await live.exited).toBe(0);

    const restore = cli(['restore', '--from', file], { ...env, DATABASE_URL: targetUrl });
    expect(restore.out).toContain('Restored');
    expect(restore.code).toBe(0);

    const parse = (url: string): DatabaseConfig => (url.startsWith('sqlite:') ? { dialect: 'sqlite', file: url.slice('sqlite:'.length) } : { dialect: 'postgres', url });
    const before = await rowCounts(parse(sourceUrl));
    const after = await rowCounts(parse(targetUrl));
    expect(before.users).toBe(2);
    expect(before.regions).toBeGreaterThan(40);
    expect(after).toEqual(before);

    // The product starts on the restored copy, and the old administrator's password and the new account are there.
    const restored = await spawnServer({ ...env, DATABASE_URL: targetUrl });
    cleanups.push(async () => {
      if (restored.child.exitCode === null) restored.child.kill('SIGTERM');
      await restored.exited;
    });
    const again = await api(restored, 'POST', '/api/v1/auth/login', undefined, ADMIN);
    expect(again.status).toBe(200);
    const users = await api(restored, 'GET', '/api/v1/users?limit=50', again.cookie);
    expect((users.json.items as { username: string }[]).map((u) => u.username)).toContain('lurah.backup');

    // A restore never overwrites a database silently.
    const refused = cli(['restore', '--from', file], { ...env, DATABASE_URL: dialect === 'sqlite' ? targetUrl : sourceUrl });
    if (dialect === 'sqlite') {
      expect(refused.code).toBe(2);
      expect(refused.out).toContain('--force');
    } else {
      // The source database still holds the tables: pg_restore without --clean fails on them.
      expect(refused.code).not.toBe(0);
    }
  }, 120_000);
});
