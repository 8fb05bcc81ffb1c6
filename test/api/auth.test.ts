import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_AFTER_FAILURES, LOCK_DURATION_MS } from '../../src/server/modules/accounts/index.js';
import { ADMIN, createTestApp, SERANGAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';

describeEachDatabase('auth', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('logs in with a session cookie that is httpOnly and SameSite', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^jb_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(res.json().user).toMatchObject({ username: 'admin', assignments: [{ role: 'admin', regionCode: '51.71' }] });
  });

  it('GET /me answers who I am, with roles and scopes; 401 without a session', async () => {
    const me = await t.request({ method: 'GET', url: '/api/v1/me', cookie: t.adminCookie });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'admin', assignments: [{ role: 'admin', regionCode: '51.71', regionName: 'Kota Denpasar' }] });
    expect(me.json().permissions).toEqual(expect.arrayContaining(['users:manage', 'audit:read', 'regions:manage']));
    const anon = await t.request({ method: 'GET', url: '/api/v1/me' });
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['content-type']).toContain('application/problem+json');
    const forged = await t.request({ method: 'GET', url: '/api/v1/me', cookie: 'jb_session=forged-token-value' });
    expect(forged.statusCode).toBe(401);
  });

  it('refuses a wrong password and an unknown user with the same 401, in Indonesian or English', async () => {
    const wrong = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'nope-nope-nope' } });
    const unknown = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ghost', password: 'nope-nope-nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.json().title).toBe('Gagal masuk');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const en = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
      payload: { username: 'ghost', password: 'nope-nope-nope' },
    });
    expect(en.json().title).toBe('Login failed');
  });

  it(`locks an account after ${LOCK_AFTER_FAILURES} failures, even for the right password, until the lock expires`, async () => {
    await t.staff('locky', [{ role: 'viewer', regionCode: SERANGAN }]);
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) {
      const res = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'locky', password: 'wrong-password-x' } });
      expect(res.statusCode).toBe(401);
    }
    const locked = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'locky', password: 'staff-password-123' } });
    expect(locked.statusCode).toBe(401);
    t.clock.advance(LOCK_DURATION_MS + 1);
    const after = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'locky', password: 'staff-password-123' } });
    expect(after.statusCode).toBe(200);
  });

  it('logout ends the session', async () => {
    const cookie = await t.login(ADMIN.username, ADMIN.password);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie })).statusCode).toBe(200);
    const out = await t.request({ method: 'POST', url: '/api/v1/auth/logout', cookie });
    expect(out.statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie })).statusCode).toBe(401);
  });

  it('changes a password under the length policy and ends the other sessions', async () => {
    const { cookie } = await t.staff('changer', [{ role: 'viewer', regionCode: SERANGAN }]);
    const otherSession = await t.login('changer', 'staff-password-123');
    const short = await t.request({ method: 'POST', url: '/api/v1/me/password', cookie, payload: { currentPassword: 'staff-password-123', newPassword: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors).toEqual([{ field: 'newPassword', message: 'kata sandi minimal 10 karakter' }]);
    const wrongCurrent = await t.request({ method: 'POST', url: '/api/v1/me/password', cookie, payload: { currentPassword: 'bad-bad-bad-1', newPassword: 'a-much-better-password' } });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().errors[0].field).toBe('currentPassword');
    const ok = await t.request({ method: 'POST', url: '/api/v1/me/password', cookie, payload: { currentPassword: 'staff-password-123', newPassword: 'a-much-better-password' } });
    expect(ok.statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie: otherSession })).statusCode).toBe(401);
    await expect(t.login('changer', 'staff-password-123')).rejects.toThrow();
    await t.login('changer', 'a-much-better-password');
  });

  it('sessions expire after the idle period', async () => {
    const cookie = await t.login(ADMIN.username, ADMIN.password);
    t.clock.advance(13 * 60 * 60 * 1000);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie })).statusCode).toBe(401);
  });
});

describe('bad input on the login route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('malformed JSON is a 400 problem', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username": "admin",' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 400, title: 'JSON tidak valid' });
    expect(res.body).not.toMatch(/at .*\.js|SyntaxError/);
  });

  it('unknown fields and wrong types are rejected, naming each field', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'accept-language': 'en' },
      payload: { username: 42, password: 'x', remember: true },
    });
    expect(res.statusCode).toBe(400);
    const fields = (res.json().errors as { field: string; message: string }[]).map((e) => `${e.field}: ${e.message}`);
    expect(fields).toEqual(expect.arrayContaining(['username: must be a string', 'remember: is not a known field']));
  });

  it('a missing field is named', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'password', message: 'wajib diisi' }]);
  });

  it('a huge body gets 413', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'x'.repeat(200_000) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().type).toMatch(/body-too-large$/);
  });

  it('a body that is not JSON gets 415', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'username=admin' });
    expect(res.statusCode).toBe(415);
  });

  it('unknown API paths answer a problem 404', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
