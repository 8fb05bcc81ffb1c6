import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, SELATAN, SERANGAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';

describeEachDatabase('audit log', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('records who changed what, when and from where; administrators page through it', async () => {
    await t.staff('audited', [{ role: 'viewer', regionCode: SERANGAN }]);
    const page = (await t.request({ method: 'GET', url: '/api/v1/audit?limit=100', cookie: t.adminCookie })).json();
    const create = page.items.find((e: { action: string }) => e.action === 'user.create');
    expect(create).toMatchObject({ actorUsername: 'admin', entityType: 'user', regionCode: SERANGAN, ip: '127.0.0.1' });
    expect(create.at).toMatch(/\+08:00$/);
    expect(create.details.username).toBe('audited');
    expect(JSON.stringify(page)).not.toContain('staff-password-123');
    const actions = page.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.bootstrap_admin', 'auth.login', 'user.create']));
  });

  it('pages with a cursor and filters by action', async () => {
    for (let i = 0; i < 3; i++) {
      await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'wrong-password' } });
    }
    const first = (await t.request({ method: 'GET', url: '/api/v1/audit?limit=2&action=auth.login_failed', cookie: t.adminCookie })).json();
    expect(first.items).toHaveLength(2);
    const second = (await t.request({ method: 'GET', url: `/api/v1/audit?limit=2&action=auth.login_failed&cursor=${first.nextCursor}`, cookie: t.adminCookie })).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('only administrators read it; a kecamatan administrator sees only entries in scope', async () => {
    const { cookie: viewer } = await t.staff('viewer.audit', [{ role: 'viewer', regionCode: SERANGAN }]);
    expect((await t.request({ method: 'GET', url: '/api/v1/audit', cookie: viewer })).statusCode).toBe(403);
    const { cookie: scoped } = await t.staff('admin.selatan.audit', [{ role: 'admin', regionCode: SELATAN }]);
    const page = (await t.request({ method: 'GET', url: '/api/v1/audit?limit=200', cookie: scoped })).json();
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((e: { regionCode: string | null }) => e.regionCode !== null && e.regionCode.startsWith(SELATAN))).toBe(true);
  });
});
