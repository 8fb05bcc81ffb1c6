import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/server/app.js';
import {
  LOCK_AFTER_FAILURES,
  LOCK_DURATION_MS,
  LOCK_MAX_MS,
  LOGIN_ADDRESS_WINDOW_MS,
  LOGINS_PER_ADDRESS,
  WRONG_CURRENT_PASSWORD_WINDOW_MS,
  WRONG_CURRENT_PASSWORDS,
} from '../../src/server/modules/accounts/index.js';
import { fixedClock } from '../../src/server/shared/clock.js';
import { ADMIN, createTestApp, SERANGAN, testConfig, type TestApp } from '../app-harness.js';
import { createTestDatabase, describeEachDatabase } from '../databases.js';

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

  it('GET /session, the web app’s probe, answers 200 either way: the account when signed in, signedIn false without a session (no 401 in the console)', async () => {
    const signedIn = await t.request({ method: 'GET', url: '/api/v1/session', cookie: t.adminCookie });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json()).toMatchObject({ signedIn: true, me: { username: 'admin' } });
    for (const cookie of [undefined, 'jb_session=forged-token-value']) {
      const res = await t.request({ method: 'GET', url: '/api/v1/session', ...(cookie ? { cookie } : {}) });
      expect([res.statusCode, res.json()]).toEqual([200, { signedIn: false }]);
    }
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

  /** The value of one cookie from a response's Set-Cookie headers. */
  function cookieOf(res: { headers: Record<string, unknown> }, name: string): string {
    const all = [res.headers['set-cookie']].flat().map(String);
    const found = all.find((c) => c.startsWith(`${name}=`));
    if (!found) throw new Error(`no ${name} cookie`);
    return found.split(';')[0]!;
  }
  const loginFrom = (remoteAddress: string, username: string, password: string, cookie?: string) =>
    t.request({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, cookie, payload: { username, password } });

  it('a stranger cannot keep an account locked: guesses made while locked neither count nor extend it, and the user’s own browser signs in through it', async () => {
    await t.staff('besieged', [{ role: 'viewer', regionCode: SERANGAN }]);
    // The user signs in once at their usual browser, which keeps the account's device cookie.
    const first = await loginFrom('192.0.2.10', 'besieged', 'staff-password-123');
    expect(first.statusCode).toBe(200);
    const device = cookieOf(first, 'jb_device');
    expect(String([first.headers['set-cookie']].flat().find((c) => String(c).startsWith('jb_device=')))).toContain('HttpOnly');

    // A stranger guesses until the lock, then keeps guessing while it holds.
    for (let i = 0; i < LOCK_AFTER_FAILURES + 20; i++) {
      expect((await loginFrom(`203.0.113.${i}`, 'besieged', `guess-number-${i}`)).statusCode).toBe(401);
    }
    // Locked for anyone without the device cookie, with the same answer as any failure…
    const strangerRight = await loginFrom('203.0.113.200', 'besieged', 'staff-password-123');
    expect(strangerRight.statusCode).toBe(401);
    expect(strangerRight.json().type).toMatch(/login-failed$/);
    // …but the user's browser passes, and the audit tells the two apart.
    const own = await loginFrom('192.0.2.10', 'besieged', 'staff-password-123', device);
    expect(own.statusCode).toBe(200);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', first.json().user.id).execute();
    const reasons = audit.filter((a) => a.action === 'auth.login_failed').map((a) => JSON.parse(String(a.details)).reason);
    expect(reasons.filter((r) => r === 'wrong_password')).toHaveLength(LOCK_AFTER_FAILURES);
    expect(reasons.filter((r) => r === 'locked')).toHaveLength(21);

    // The 20 guesses made during the lock did not extend it: once the first lock has run out, the account opens.
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) expect((await loginFrom('203.0.113.201', 'besieged', `again-${i}`)).statusCode).toBe(401);
    t.clock.advance(LOCK_DURATION_MS + 1);
    expect((await loginFrom('198.51.100.1', 'besieged', 'staff-password-123')).statusCode).toBe(200);
  });

  it('a venue manager’s browser is known to the account from sign-up on, so it passes a stranger’s lock too', async () => {
    const signup = await t.signUpManager({ name: 'Ketut', phone: '081355500011', email: 'ketut@warung.example', password: 'tiga-kata-acak-pantai' }, '192.0.2.20');
    expect(signup.statusCode).toBe(201);
    const device = cookieOf(signup, 'jb_device');
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) await loginFrom('203.0.113.220', 'ketut@warung.example', `guess-${i}`);
    expect((await loginFrom('203.0.113.221', 'ketut@warung.example', 'tiga-kata-acak-pantai')).statusCode).toBe(401);
    expect((await loginFrom('192.0.2.20', 'ketut@warung.example', 'tiga-kata-acak-pantai', device)).statusCode).toBe(200);
  });

  it('the lock doubles with each failure after it has run out, up to a cap, and a successful sign-in clears it', async () => {
    const { id } = await t.staff('backoff', [{ role: 'viewer', regionCode: SERANGAN }]);
    const lockedFor = async () => {
      const user = await t.request({ method: 'GET', url: `/api/v1/users/${id}`, cookie: t.adminCookie });
      const until = user.json().lockedUntil as string | null;
      return until === null ? 0 : Date.parse(until) - t.clock.now();
    };
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) await loginFrom('198.51.100.2', 'backoff', 'wrong-password-x');
    expect(await lockedFor()).toBe(LOCK_DURATION_MS);
    let expected = LOCK_DURATION_MS;
    for (let round = 0; round < 8; round++) {
      t.clock.advance(expected);
      expect((await loginFrom('198.51.100.2', 'backoff', 'wrong-password-x')).statusCode).toBe(401);
      expected = Math.min(expected * 2, LOCK_MAX_MS);
      expect(await lockedFor()).toBe(expected);
    }
    expect(expected).toBe(LOCK_MAX_MS);
    t.clock.advance(LOCK_MAX_MS);
    expect((await loginFrom('198.51.100.2', 'backoff', 'staff-password-123')).statusCode).toBe(200);
    expect(await lockedFor()).toBe(0);
    // The count starts again: the next wrong password does not lock.
    await loginFrom('198.51.100.2', 'backoff', 'wrong-password-x');
    expect(await lockedFor()).toBe(0);
  });

  it(`limits login attempts per address (${LOGINS_PER_ADDRESS} per window, then 429 with Retry-After); other addresses are not affected`, async () => {
    const address = '198.51.100.77';
    for (let i = 0; i < LOGINS_PER_ADDRESS; i++) expect((await loginFrom(address, `sprayed-${i}`, 'Summer-2026-pass')).statusCode).toBe(401);
    const refused = await loginFrom(address, 'admin', ADMIN.password);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await loginFrom('198.51.100.78', ADMIN.username, ADMIN.password)).statusCode).toBe(200);
    t.clock.advance(LOGIN_ADDRESS_WINDOW_MS);
    expect((await loginFrom(address, ADMIN.username, ADMIN.password)).statusCode).toBe(200);
  });

  it('limits and audits wrong current passwords on POST /me/password, per account whatever the address', async () => {
    const { id, cookie } = await t.staff('guessed', [{ role: 'viewer', regionCode: SERANGAN }]);
    const change = (remoteAddress: string, currentPassword: string) =>
      t.request({ method: 'POST', url: '/api/v1/me/password', cookie, remoteAddress, payload: { currentPassword, newPassword: 'a-much-better-password' } });
    for (let i = 0; i < WRONG_CURRENT_PASSWORDS; i++) {
      const wrong = await change(`192.0.2.${50 + i}`, `not-it-${i}`);
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().errors[0].field).toBe('currentPassword');
    }
    // The sixth attempt is refused before any check, even with the right password and from another address.
    const limited = await change('192.0.2.99', 'staff-password-123');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('entity_id', '=', id).where('action', '=', 'user.password_change_failed').execute();
    expect(audit).toHaveLength(WRONG_CURRENT_PASSWORDS);
    expect(audit.every((a) => a.actor_user_id === id)).toBe(true);
    t.clock.advance(WRONG_CURRENT_PASSWORD_WINDOW_MS);
    expect((await change('192.0.2.99', 'staff-password-123')).statusCode).toBe(204);
  });

  it('refuses common, trivial and personal passwords wherever one is set, naming the field', async () => {
    const { id, cookie } = await t.staff('policy.user', [{ role: 'viewer', regionCode: SERANGAN }]);
    const own = (newPassword: string, lang = 'en') =>
      t.request({ method: 'POST', url: '/api/v1/me/password', cookie, headers: { 'accept-language': lang }, remoteAddress: '192.0.2.150', payload: { currentPassword: 'staff-password-123', newPassword } });
    const common = await own('password12');
    expect(common.statusCode).toBe(400);
    expect(common.json().errors).toEqual([{ field: 'newPassword', message: expect.stringContaining('among the most common') }]);
    expect((await own('aaaaaaaaaa')).json().errors).toEqual([{ field: 'newPassword', message: expect.stringContaining('too simple') }]);
    // Decorating a common word does not help; nor does the city's name or one's own name.
    expect((await own('Dragon!!2024', 'id')).json().errors).toEqual([{ field: 'newPassword', message: expect.stringContaining('paling sering') }]);
    expect((await own('Denpasar-2026')).json().errors).toEqual([{ field: 'newPassword', message: expect.stringContaining('Kota Denpasar') }]);
    expect((await own('Policy.User!!!')).json().errors[0].field).toBe('newPassword');

    const created = await t.request({ method: 'POST', url: '/api/v1/users', cookie: t.adminCookie, payload: { username: 'weakling', password: 'qwertyuiop', displayName: 'W', assignments: [] } });
    expect(created.statusCode).toBe(400);
    expect(created.json().errors[0].field).toBe('password');
    const reset = await t.request({ method: 'PATCH', url: `/api/v1/users/${id}`, cookie: t.adminCookie, payload: { password: '1234567890' } });
    expect(reset.statusCode).toBe(400);
    expect(reset.json().errors[0].field).toBe('password');
    const signup = await t.request({
      method: 'POST',
      url: '/api/v1/venue-managers/signup',
      remoteAddress: '192.0.2.151',
      payload: { name: 'Made', phone: '081377788899', email: 'made.wirawan@example.id', password: 'made.wirawan2026' },
    });
    expect(signup.statusCode).toBe(400);
    expect(signup.json().errors[0].field).toBe('password');
    // A good one still passes.
    expect((await own('tiga-kata-acak-ombak')).statusCode).toBe(204);
  });

  it('the first administrator from ADMIN_PASSWORD must pass the policy too (the generated one is random)', async () => {
    const clock = fixedClock(Date.parse('2026-11-29T02:00:00Z'));
    const database = await createTestDatabase(dialect, { clock });
    try {
      const services = createServices({ config: testConfig(), database, clock });
      await expect(services.accounts.ensureBootstrapAdmin({ username: 'root', password: 'password1234' })).rejects.toThrow(/ADMIN_PASSWORD/);
      const generated = await services.accounts.ensureBootstrapAdmin({});
      expect(generated?.generated).toBe(true);
    } finally {
      await database.close();
    }
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
