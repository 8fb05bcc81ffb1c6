import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, DENPASAR, KESIMAN, PEDUNGAN, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';

describeEachDatabase('user administration', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  const countUsers = async () => (await t.database.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

  it('creates a user with several role assignments; the user sees them in /me', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: t.adminCookie,
      payload: {
        username: 'perbekel.serangan',
        password: 'serangan-password',
        displayName: 'Perbekel Serangan',
        assignments: [
          { role: 'village_officer', regionCode: SERANGAN },
          { role: 'viewer', regionCode: SELATAN },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().id).toMatch(/^[0-9a-f-]{36}$/);
    const cookie = await t.login('perbekel.serangan', 'serangan-password');
    const me = (await t.request({ method: 'GET', url: '/api/v1/me', cookie })).json();
    // Both assignments are created in the same millisecond, so their order is not defined: compare sorted.
    expect(me.assignments.map((a: { role: string; regionCode: string }) => `${a.role}@${a.regionCode}`).sort()).toEqual([
      `village_officer@${SERANGAN}`,
      `viewer@${SELATAN}`,
    ].sort());
    expect(me.permissions).not.toContain('users:manage');
  });

  it('refuses a duplicate username with 409 and changes nothing', async () => {
    const before = await countUsers();
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: t.adminCookie,
      payload: { username: 'perbekel.serangan', password: 'another-password', displayName: 'X', assignments: [] },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain('perbekel.serangan');
    expect(await countUsers()).toBe(before);
  });

  it('refuses a short password with 400 naming the field', async () => {
    const before = await countUsers();
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: t.adminCookie,
      headers: { 'accept-language': 'en' },
      payload: { username: 'shorty', password: 'short', displayName: 'Shorty', assignments: [] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'password', message: 'password must be at least 10 characters' }]);
    expect(await countUsers()).toBe(before);
  });

  it('refuses a region that does not exist with 404 naming the field, and an unknown role with 400', async () => {
    const before = await countUsers();
    const missing = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: t.adminCookie,
      payload: { username: 'nowhere', password: 'nowhere-password', displayName: 'N', assignments: [{ role: 'viewer', regionCode: '51.71.09.9999' }] },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().errors[0].field).toBe('assignments[0].regionCode');
    const badRole = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: t.adminCookie,
      payload: { username: 'nowhere', password: 'nowhere-password', displayName: 'N', assignments: [{ role: 'emperor', regionCode: SERANGAN }] },
    });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().errors[0].field).toBe('assignments[0].role');
    expect(await countUsers()).toBe(before);
  });

  it('an administrator scoped to one kecamatan cannot grant roles outside it (403), nor manage users above it', async () => {
    const { cookie, id: selatanAdminId } = await t.staff('admin.selatan', [{ role: 'admin', regionCode: SELATAN }]);
    const inside = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie,
      payload: { username: 'lurah.pedungan', password: 'pedungan-password', displayName: 'Lurah Pedungan', assignments: [{ role: 'village_officer', regionCode: PEDUNGAN }] },
    });
    expect(inside.statusCode).toBe(201);
    const before = await countUsers();
    const outside = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie,
      payload: { username: 'lurah.kesiman', password: 'kesiman-password', displayName: 'Lurah Kesiman', assignments: [{ role: 'village_officer', regionCode: KESIMAN }] },
    });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().detail).toContain(KESIMAN);
    expect(await countUsers()).toBe(before);
    const cityWide = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie,
      payload: { username: 'sneaky', password: 'sneaky-password', displayName: 'S', assignments: [{ role: 'admin', regionCode: DENPASAR }] },
    });
    expect(cityWide.statusCode).toBe(403);
    // The bootstrap admin holds a city-wide role: out of reach for a kecamatan admin.
    const list = (await t.request({ method: 'GET', url: '/api/v1/users?limit=200', cookie })).json();
    const names = list.items.map((u: { username: string }) => u.username);
    expect(names).toContain('lurah.pedungan');
    expect(names).not.toContain('admin');
    const adminId = (await t.request({ method: 'GET', url: '/api/v1/users?limit=200', cookie: t.adminCookie })).json().items.find(
      (u: { username: string }) => u.username === 'admin',
    ).id;
    const reset = await t.request({ method: 'PATCH', url: `/api/v1/users/${adminId}`, cookie, payload: { password: 'takeover-password' } });
    expect(reset.statusCode).toBe(403);
    const escalate = await t.request({ method: 'POST', url: `/api/v1/users/${selatanAdminId}/assignments`, cookie, payload: { role: 'admin', regionCode: TIMUR } });
    expect(escalate.statusCode).toBe(403);
  });

  it('a village officer cannot manage users at all (403)', async () => {
    const { cookie } = await t.staff('officer.kesiman', [{ role: 'village_officer', regionCode: KESIMAN }]);
    const res = await t.request({ method: 'GET', url: '/api/v1/users', cookie });
    expect(res.statusCode).toBe(403);
    const create = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie,
      payload: { username: 'x-user', password: 'x-password-123', displayName: 'X', assignments: [] },
    });
    expect(create.statusCode).toBe(403);
  });

  it('adds and removes assignments, disables users, and never removes the last city administrator', async () => {
    const { id } = await t.staff('rotating', [{ role: 'viewer', regionCode: SERANGAN }]);
    const add = await t.request({ method: 'POST', url: `/api/v1/users/${id}/assignments`, cookie: t.adminCookie, payload: { role: 'health_tracer', regionCode: SELATAN } });
    expect(add.statusCode).toBe(201);
    const dup = await t.request({ method: 'POST', url: `/api/v1/users/${id}/assignments`, cookie: t.adminCookie, payload: { role: 'health_tracer', regionCode: SELATAN } });
    expect(dup.statusCode).toBe(409);
    const del = await t.request({ method: 'DELETE', url: `/api/v1/users/${id}/assignments/${add.json().id}`, cookie: t.adminCookie });
    expect(del.statusCode).toBe(204);
    const disable = await t.request({ method: 'PATCH', url: `/api/v1/users/${id}`, cookie: t.adminCookie, payload: { disabled: true } });
    expect(disable.statusCode).toBe(200);
    expect(disable.json()).toMatchObject({ disabled: true, assignments: [{ role: 'viewer', regionCode: SERANGAN }] });
    await expect(t.login('rotating', 'staff-password-123')).rejects.toThrow(/401/);

    const me = (await t.request({ method: 'GET', url: '/api/v1/me', cookie: t.adminCookie })).json();
    const lastAdmin = await t.request({ method: 'PATCH', url: `/api/v1/users/${me.id}`, cookie: t.adminCookie, payload: { disabled: true } });
    expect(lastAdmin.statusCode).toBe(409);
    const removeOwn = await t.request({ method: 'DELETE', url: `/api/v1/users/${me.id}/assignments/${me.assignments[0].id}`, cookie: t.adminCookie });
    expect(removeOwn.statusCode).toBe(409);
  });

  it('pages through users with a cursor', async () => {
    const first = (await t.request({ method: 'GET', url: '/api/v1/users?limit=2', cookie: t.adminCookie })).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = (await t.request({ method: 'GET', url: `/api/v1/users?limit=2&cursor=${first.nextCursor}`, cookie: t.adminCookie })).json();
    expect(second.items[0].username > first.items[1].username).toBe(true);
    expect(JSON.stringify(first)).not.toContain('password');
  });
});
