import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, SELATAN, SERANGAN, KESIMAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';

// Issue #18: the user list is searched on the server (name or username, role, region) with the usual pagination.
describeEachDatabase('user list search', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const create = async (username: string, displayName: string, assignments: { role: string; regionCode: string }[]) => {
      const res = await t.request({ method: 'POST', url: '/api/v1/users', cookie: t.adminCookie, payload: { username, password: `${username}-pass-word-9`, displayName, assignments } });
      expect(res.statusCode).toBe(201);
    };
    await create('wayan.serangan', 'I Wayan Sudarma', [{ role: 'village_officer', regionCode: SERANGAN }]);
    await create('made.kesiman', 'Made Wirawan', [{ role: 'village_officer', regionCode: KESIMAN }]);
    await create('ketut.tracer', 'Ketut Sudarmi', [{ role: 'health_tracer', regionCode: TIMUR }]);
    await create('nyoman_x', 'Nyoman 100% Persen', [{ role: 'viewer', regionCode: SELATAN }]);
    await create('nyomanax', 'Nyoman Biasa', [{ role: 'viewer', regionCode: SELATAN }]);
  });
  afterAll(() => t.close());

  const list = async (query: Record<string, string | number>, cookie = t.adminCookie) => {
    const res = await t.request({ method: 'GET', url: '/api/v1/users', query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])), cookie });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ items: { username: string }[]; nextCursor: string | null }>();
    return { names: body.items.map((u) => u.username), nextCursor: body.nextCursor };
  };

  it('finds users by part of the display name or the username, case-insensitively', async () => {
    expect((await list({ q: 'sudarm' })).names).toEqual(['ketut.tracer', 'wayan.serangan']);
    expect((await list({ q: 'KESIMAN' })).names).toEqual(['made.kesiman']);
    expect((await list({ q: '  wirawan ' })).names).toEqual(['made.kesiman']);
    expect((await list({ q: 'nobody-has-this' })).names).toEqual([]);
  });

  it('matches % and _ literally', async () => {
    expect((await list({ q: '100%' })).names).toEqual(['nyoman_x']);
    expect((await list({ q: '%' })).names).toEqual(['nyoman_x']);
    expect((await list({ q: 'nyoman_' })).names).toEqual(['nyoman_x']);
  });

  it('filters by role and by region (the region and everything inside it), together and with the search text', async () => {
    expect((await list({ role: 'village_officer' })).names).toEqual(['made.kesiman', 'wayan.serangan']);
    expect((await list({ region: SELATAN })).names).toEqual(['nyoman_x', 'nyomanax', 'wayan.serangan']);
    expect((await list({ region: TIMUR })).names).toEqual(['ketut.tracer', 'made.kesiman']);
    expect((await list({ role: 'village_officer', region: SELATAN })).names).toEqual(['wayan.serangan']);
    expect((await list({ role: 'viewer', q: 'biasa' })).names).toEqual(['nyomanax']);
  });

  it('pages through a filtered list', async () => {
    const first = await list({ region: SELATAN, limit: 2 });
    expect(first.names).toEqual(['nyoman_x', 'nyomanax']);
    expect(first.nextCursor).not.toBeNull();
    const second = await list({ region: SELATAN, limit: 2, cursor: first.nextCursor! });
    expect(second.names).toEqual(['wayan.serangan']);
    expect(second.nextCursor).toBeNull();
  });

  it('an administrator of one kecamatan finds only users in it, and a region filter does not probe assignments outside it', async () => {
    const { cookie } = await t.staff('admin.timur', [{ role: 'admin', regionCode: TIMUR }]);
    expect((await list({ role: 'village_officer' }, cookie)).names).toEqual(['made.kesiman']);
    expect((await list({ region: SERANGAN }, cookie)).names).toEqual([]);
    expect((await list({ q: 'sudarm' }, cookie)).names).toEqual(['ketut.tracer']);
  });

  it('refuses an unknown role or a malformed region, naming the field', async () => {
    for (const query of [{ role: 'emperor' }, { region: 'not a code' }] as Record<string, string>[]) {
      const res = await t.request({ method: 'GET', url: '/api/v1/users', query, cookie: t.adminCookie });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('problem+json');
      expect(JSON.stringify(res.json())).toContain(Object.keys(query)[0]);
    }
  });
});
