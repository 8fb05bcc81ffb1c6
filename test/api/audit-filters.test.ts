import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createTestApp, KESIMAN, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';

// Issue #18: the audit log is filtered on the server by action, user, region and local date range.
describeEachDatabase('audit log filters', (dialect) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // Clock starts 2026-11-29 10:00 WITA. Day 1: users in Serangan and Timur; day 2 (11-30): one in Kesiman, created by another admin.
    await t.staff('day1.serangan', [{ role: 'viewer', regionCode: SERANGAN }]);
    await t.staff('second.admin', [{ role: 'admin', regionCode: TIMUR }]);
    await t.staff('admin.timur.filters', [{ role: 'admin', regionCode: TIMUR }]);
    t.clock.advance(24 * 3_600_000);
    // A day later the first sessions have lapsed: sign in again.
    admin = await t.login(ADMIN.username, ADMIN.password);
    const cookie = await t.login('second.admin', 'staff-password-123');
    const res = await t.request({ method: 'POST', url: '/api/v1/users', cookie, payload: { username: 'day2.kesiman', password: 'day2-kesiman-pass-9', displayName: 'Day Two', assignments: [{ role: 'viewer', regionCode: KESIMAN }] } });
    expect(res.statusCode).toBe(201);
  });
  afterAll(() => t.close());

  type Entry = { action: string; actorUsername: string | null; regionCode: string | null; at: string; details: Record<string, unknown> | null };
  const list = async (query: Record<string, string>, cookie = admin): Promise<Entry[]> => {
    const res = await t.request({ method: 'GET', url: '/api/v1/audit', query: { limit: '200', ...query }, cookie });
    expect(res.statusCode).toBe(200);
    return res.json<{ items: Entry[] }>().items;
  };
  const created = (items: Entry[]) => items.filter((e) => e.action === 'user.create').map((e) => e.details?.['username']).sort();

  it('filters by the acting user (case-insensitive)', async () => {
    const items = await list({ user: 'SECOND.admin' });
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((e) => e.actorUsername === 'second.admin')).toBe(true);
    expect(created(items)).toEqual(['day2.kesiman']);
  });

  it('finds the acting user by part of the username, case-insensitive; % and _ are only themselves', async () => {
    const part = await list({ user: 'COND.Adm' });
    expect(part.length).toBeGreaterThan(0);
    expect(new Set(part.map((e) => e.actorUsername))).toEqual(new Set(['second.admin']));
    // "admin" is in every administrator's name, and in no other actor's.
    const admins = new Set((await list({ user: 'admin' })).map((e) => e.actorUsername));
    expect(admins).toContain('admin');
    expect(admins).toContain('second.admin');
    expect([...admins].every((u) => u?.includes('admin'))).toBe(true);
    expect(new Set((await list({ user: 'day' })).map((e) => e.actorUsername))).not.toContain('admin');
    expect(await list({ user: '%' })).toEqual([]);
    expect(await list({ user: 'second_admin' })).toEqual([]);
    expect(await list({ user: 'nobody.here' })).toEqual([]);
  });

  it('filters by region, the region and everything inside it', async () => {
    const selatan = await list({ region: SELATAN, action: 'user.create' });
    expect(created(selatan)).toEqual(['day1.serangan']);
    expect(selatan.every((e) => e.regionCode?.startsWith(SELATAN))).toBe(true);
    expect(created(await list({ region: TIMUR, action: 'user.create' }))).toEqual(['admin.timur.filters', 'day2.kesiman', 'second.admin']);
  });

  it('filters by local date range, both days included', async () => {
    expect(created(await list({ from: '2026-11-29', to: '2026-11-29', action: 'user.create' }))).toEqual(['admin.timur.filters', 'day1.serangan', 'second.admin']);
    expect(created(await list({ from: '2026-11-30', action: 'user.create' }))).toEqual(['day2.kesiman']);
    expect(created(await list({ to: '2026-11-28', action: 'user.create' }))).toEqual([]);
    const day1 = await list({ from: '2026-11-29', to: '2026-11-29' });
    expect(day1.every((e) => e.at.startsWith('2026-11-29'))).toBe(true);
  });

  it('a kecamatan administrator filtering on a region outside their scope gets nothing', async () => {
    const cookie = await t.login('admin.timur.filters', 'staff-password-123');
    expect(await list({ region: SELATAN }, cookie)).toEqual([]);
    expect(created(await list({ action: 'user.create' }, cookie))).toEqual(['admin.timur.filters', 'day2.kesiman', 'second.admin']);
  });

  it('refuses a malformed date or region, naming the field', async () => {
    for (const query of [{ from: '2026-13-45' }, { to: 'tomorrow' }, { region: 'nowhere at all' }] as Record<string, string>[]) {
      const res = await t.request({ method: 'GET', url: '/api/v1/audit', query, cookie: admin });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('problem+json');
      expect(JSON.stringify(res.json())).toContain(Object.keys(query)[0]);
    }
  });
});
