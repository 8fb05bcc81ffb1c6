import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_DURATION_MS, LOGIN_CHALLENGE_ATTEMPTS, LOGINS_PER_ADDRESS } from '../../src/server/modules/accounts/index.js';
import { ADMIN, createTestApp, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';

/*
 * Two-factor sign-in (issue #14, finding 14). Codes are computed with otpauth from the key the enrolment answers, at
 * the app's clock, as an authenticator app would compute them at that moment.
 */

const PASSWORD = 'staff-password-123';

function codeAt(secret: string, at: number): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at });
}

function cookieOf(res: { headers: Record<string, unknown> }, name: string): string | undefined {
  const all = [res.headers['set-cookie']].flat().filter((c) => c !== undefined).map(String);
  return all.find((c) => c.startsWith(`${name}=`))?.split(';')[0];
}

describeEachDatabase('two-factor sign-in', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  /** A 30-second step later than any code used so far (each test starts on a fresh step). */
  const nextStep = () => t.clock.advance(30_000);
  const code = (secret: string, offsetMs = 0) => codeAt(secret, t.clock.now() + offsetMs);
  const login = (username: string, password = PASSWORD, remoteAddress?: string) =>
    t.request({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { username, password } });
  const secondStep = (challenge: string, value: string, remoteAddress?: string) =>
    t.request({ method: 'POST', url: '/api/v1/auth/login/second-factor', remoteAddress, payload: { challenge, code: value } });
  const audit = (userId: string, action: string) =>
    t.database.db.selectFrom('audit_log').select(['action', 'details', 'actor_user_id']).where('entity_id', '=', userId).where('action', '=', action).orderBy('id').execute();
  const detailsOf = (row: { details: string | null }) => JSON.parse(row.details ?? '{}') as Record<string, unknown>;

  /** Sets up two-factor sign-in for the account behind `cookie`: its key and recovery codes. */
  async function enrol(cookie: string): Promise<{ secret: string; recoveryCodes: string[] }> {
    const start = await t.request({ method: 'POST', url: '/api/v1/me/two-factor/enrolment', cookie });
    expect(start.statusCode).toBe(200);
    const { secret } = start.json<{ secret: string }>();
    const confirm = await t.request({ method: 'POST', url: '/api/v1/me/two-factor/enrolment/confirm', cookie, payload: { code: code(secret) } });
    expect(confirm.statusCode).toBe(200);
    nextStep();
    return { secret, recoveryCodes: confirm.json<{ recoveryCodes: string[] }>().recoveryCodes };
  }

  it('is off on a fresh install: no role requires it, and sign-in answers a session as before', async () => {
    const policy = await t.request({ method: 'GET', url: '/api/v1/two-factor/policy', cookie: t.adminCookie });
    expect(policy.statusCode).toBe(200);
    const roles = policy.json<{ roles: { role: string; required: boolean; recommended: boolean }[] }>().roles;
    expect(roles.filter((r) => r.required)).toEqual([]);
    expect(roles.filter((r) => r.recommended).map((r) => r.role).sort()).toEqual(['admin', 'approver', 'health_tracer']);

    const res = await login(ADMIN.username, ADMIN.password);
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json())).toEqual(['user']);
    expect(res.json().user.twoFactor).toEqual({ status: 'off', required: false });
    const me = await t.request({ method: 'GET', url: '/api/v1/users', cookie: cookieOf(res, 'jb_session')! });
    expect(me.statusCode).toBe(200);
  });

  it('enrols: a key as an otpauth URI and a QR code, sealed in the database, confirmed by a code, with recovery codes stored hashed', async () => {
    const { id, cookie } = await t.staff('enrolee', [{ role: 'viewer', regionCode: SERANGAN }]);
    const start = await t.request({ method: 'POST', url: '/api/v1/me/two-factor/enrolment', cookie });
    expect(start.statusCode).toBe(200);
    const { secret, uri, qrCode } = start.json<{ secret: string; uri: string; qrCode: string }>();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(parsed.host).toBe('totp');
    expect(decodeURIComponent(parsed.pathname)).toBe('/Jaga Baya:enrolee');
    expect(Object.fromEntries(parsed.searchParams)).toEqual({ issuer: 'Jaga Baya', secret, algorithm: 'SHA1', digits: '6', period: '30' });
    expect(qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(qrCode.split(',')[1]!, 'base64').toString()).toContain('<svg');

    const row = await t.database.db.selectFrom('user_totp').selectAll().where('user_id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(row.secret_sealed).toMatch(/^v1\./);
    expect(row.secret_sealed).not.toContain(secret);
    expect((await t.request({ method: 'GET', url: '/api/v1/me/two-factor', cookie })).json()).toMatchObject({ status: 'pending', required: false });

    // Pending is not on: the password alone still signs in.
    expect(Object.keys((await login('enrolee')).json())).toEqual(['user']);

    const wrong = await t.request({ method: 'POST', url: '/api/v1/me/two-factor/enrolment/confirm', cookie, payload: { code: code(secret, 5 * 60_000) } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ field: 'code' })]);

    const confirm = await t.request({ method: 'POST', url: '/api/v1/me/two-factor/enrolment/confirm', cookie, payload: { code: code(secret) } });
    expect(confirm.statusCode).toBe(200);
    const { recoveryCodes } = confirm.json<{ recoveryCodes: string[] }>();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);
    const stored = await t.database.db.selectFrom('user_recovery_codes').select('code_hash').where('user_id', '=', id).execute();
    expect(stored).toHaveLength(10);
    for (const s of stored) for (const c of recoveryCodes) expect(s.code_hash).not.toContain(c.replace('-', ''));
    expect((await t.request({ method: 'GET', url: '/api/v1/me/two-factor', cookie })).json()).toEqual({ status: 'active', required: false, enrolmentRequired: false, recoveryCodesLeft: 10 });

    // A second enrolment over an active one is refused (turn it off first).
    expect((await t.request({ method: 'POST', url: '/api/v1/me/two-factor/enrolment', cookie })).statusCode).toBe(409);
    expect((await audit(id, 'user.two_factor_enabled'))).toHaveLength(1);
    expect((await audit(id, 'user.two_factor_enrolment_failed'))).toHaveLength(1);
  });

  it('signs in with the password, then a current code: the challenge between them is no session', async () => {
    const { id, cookie } = await t.staff('coder', [{ role: 'viewer', regionCode: SERANGAN }]);
    const { secret } = await enrol(cookie);
    nextStep();

    const first = await login('coder');
    expect(first.statusCode).toBe(200);
    expect(first.headers['set-cookie']).toBeUndefined();
    const { challenge, methods } = first.json().secondFactor;
    expect(methods).toEqual(['totp', 'recovery_code']);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie: `jb_session=${challenge}` })).statusCode).toBe(401);

    // A code from one step ago is still taken (clock drift).
    const second = await secondStep(challenge, code(secret, -30_000));
    expect(second.statusCode).toBe(200);
    expect(second.json().user).toMatchObject({ username: 'coder', twoFactor: { status: 'active', required: false } });
    const session = cookieOf(second, 'jb_session')!;
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie: session })).statusCode).toBe(200);
    // The challenge is spent.
    expect((await secondStep(challenge, code(secret))).json().type).toMatch(/login-challenge-invalid$/);

    const logins = await audit(id, 'auth.login');
    expect(detailsOf(logins.at(-1)!)).toMatchObject({ secondFactor: 'totp' });
    expect(await audit(id, 'auth.login_second_factor_requested')).not.toHaveLength(0);
  });

  it('refuses a code whose time step was already used (replay), and codes outside ±1 step', async () => {
    const { id, cookie } = await t.staff('replayer', [{ role: 'viewer', regionCode: SERANGAN }]);
    const { secret } = await enrol(cookie);
    const used = code(secret);
    const first = await login('replayer');
    expect((await secondStep(first.json().secondFactor.challenge, used)).statusCode).toBe(200);

    // The same code again, within its 30 seconds, for another sign-in.
    const again = await login('replayer');
    const replay = await secondStep(again.json().secondFactor.challenge, used);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().type).toMatch(/second-factor-failed$/);
    // An earlier step than the one used is no better, and two steps away is outside the window.
    expect((await secondStep(again.json().secondFactor.challenge, code(secret, -30_000))).statusCode).toBe(401);
    expect((await secondStep(again.json().secondFactor.challenge, code(secret, 60_000))).statusCode).toBe(401);
    expect((await audit(id, 'auth.login_second_factor_failed')).map((r) => detailsOf(r)['reason'])).toEqual(['replayed_code', 'replayed_code', 'wrong_code']);

    // The next step's code works.
    nextStep();
    expect((await secondStep(again.json().secondFactor.challenge, code(secret))).statusCode).toBe(200);
    nextStep();
  });

  it('takes a recovery code once, typed either way', async () => {
    const { id, cookie } = await t.staff('recoverer', [{ role: 'viewer', regionCode: SERANGAN }]);
    const { recoveryCodes } = await enrol(cookie);
    const typed = recoveryCodes[3]!.toUpperCase().replace('-', ' ');
    const first = await login('recoverer');
    const ok = await secondStep(first.json().secondFactor.challenge, typed);
    expect(ok.statusCode).toBe(200);
    expect((await audit(id, 'auth.login')).map((r) => detailsOf(r)['secondFactor']).at(-1)).toBe('recovery_code');

    const again = await login('recoverer');
    const reused = await secondStep(again.json().secondFactor.challenge, recoveryCodes[3]!);
    expect(reused.statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/v1/me/two-factor', cookie: cookieOf(ok, 'jb_session')! })).json().recoveryCodesLeft).toBe(9);
    expect((await secondStep(again.json().secondFactor.challenge, recoveryCodes[4]!)).statusCode).toBe(200);
  });

  it('counts wrong codes in the login throttle: the challenge ends, the account backs off, each failure audited', async () => {
    const { id, cookie } = await t.staff('guessed', [{ role: 'viewer', regionCode: SERANGAN }]);
    const { secret } = await enrol(cookie);
    const right = code(secret);
    const wrongCode = right === '000000' ? '111111' : '000000';
    const first = await login('guessed');
    const challenge = first.json().secondFactor.challenge;
    for (let i = 0; i < LOGIN_CHALLENGE_ATTEMPTS; i++) expect((await secondStep(challenge, wrongCode)).statusCode).toBe(401);
    // The challenge has had its attempts: even the right code needs the password again.
    const spent = await secondStep(challenge, right);
    expect(spent.statusCode).toBe(401);
    expect(spent.json().type).toMatch(/login-challenge-invalid$/);
    // Five wrong codes are five failures of the account: it is locked, the password step refused too.
    const locked = await login('guessed');
    expect(locked.statusCode).toBe(401);
    expect(locked.json().type).toMatch(/login-failed$/);
    const failures = await audit(id, 'auth.login_second_factor_failed');
    expect(failures.map((r) => detailsOf(r)['reason'])).toEqual(Array(LOGIN_CHALLENGE_ATTEMPTS).fill('wrong_code'));

    t.clock.advance(LOCK_DURATION_MS + 1);
    const after = await login('guessed');
    expect(after.statusCode).toBe(200);
    expect((await secondStep(after.json().secondFactor.challenge, code(secret))).statusCode).toBe(200);
    nextStep();
    const row = await t.database.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(Number(row.failed_logins)).toBe(0);
  });

  it('limits the second step per client address like the password step', async () => {
    let last = 0;
    for (let i = 0; i <= LOGINS_PER_ADDRESS; i++) last = (await secondStep(`no-such-challenge-${i}`, '123456', '198.51.100.77')).statusCode;
    expect(last).toBe(429);
    expect((await secondStep('no-such-challenge', '123456', '198.51.100.78')).statusCode).toBe(401);
  });

  it('turns off with the password and a code; new recovery codes replace the old', async () => {
    const { id, cookie } = await t.staff('switcher', [{ role: 'viewer', regionCode: SERANGAN }]);
    const { secret, recoveryCodes } = await enrol(cookie);
    const fresh = await t.request({ method: 'POST', url: '/api/v1/me/two-factor/recovery-codes', cookie, payload: { code: code(secret) } });
    expect(fresh.statusCode).toBe(200);
    nextStep();
    const newCodes = fresh.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(newCodes).toHaveLength(10);
    const first = await login('switcher');
    expect((await secondStep(first.json().secondFactor.challenge, recoveryCodes[0]!)).statusCode).toBe(401);

    const wrongPassword = await t.request({ method: 'POST', url: '/api/v1/me/two-factor/disable', cookie, payload: { password: 'not-my-password', code: code(secret) } });
    expect(wrongPassword.statusCode).toBe(400);
    expect(wrongPassword.json().errors).toEqual([expect.objectContaining({ field: 'password' })]);
    const off = await t.request({ method: 'POST', url: '/api/v1/me/two-factor/disable', cookie, payload: { password: PASSWORD, code: newCodes[0]! } });
    expect(off.statusCode).toBe(204);
    expect(Object.keys((await login('switcher')).json())).toEqual(['user']);
    expect(await t.database.db.selectFrom('user_recovery_codes').select('id').where('user_id', '=', id).execute()).toEqual([]);
    expect(await audit(id, 'user.two_factor_disabled')).toHaveLength(1);
    expect(await audit(id, 'user.two_factor_disable_failed')).toHaveLength(1);
  });

  describe('mandatory per role', () => {
    /** A tracer's session opened before the policy. */
    let earlier = '';

    it('a city administrator sets it per role, audited; a kecamatan administrator cannot', async () => {
      earlier = (await t.staff('tracer-early', [{ role: 'health_tracer', regionCode: SERANGAN }])).cookie;
      expect((await t.request({ method: 'GET', url: '/api/v1/cases', cookie: earlier })).statusCode).toBe(200);
      const { cookie: kecamatanAdmin } = await t.staff('kec-admin', [{ role: 'admin', regionCode: SELATAN }]);
      const refused = await t.request({ method: 'PUT', url: '/api/v1/two-factor/policy', cookie: kecamatanAdmin, payload: { requiredRoles: ['health_tracer'] } });
      expect(refused.statusCode).toBe(403);
      const viewer = await t.staff('policy-viewer', [{ role: 'viewer', regionCode: SERANGAN }]);
      expect((await t.request({ method: 'PUT', url: '/api/v1/two-factor/policy', cookie: viewer.cookie, payload: { requiredRoles: [] } })).statusCode).toBe(403);

      const set = await t.request({ method: 'PUT', url: '/api/v1/two-factor/policy', cookie: t.adminCookie, payload: { requiredRoles: ['health_tracer'] } });
      expect(set.statusCode).toBe(200);
      expect(set.json().roles.filter((r: { required: boolean }) => r.required).map((r: { role: string }) => r.role)).toEqual(['health_tracer']);
      const rows = await t.database.db.selectFrom('audit_log').select(['details', 'region_code']).where('action', '=', 'two_factor.policy_update').execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.region_code).toBe('51.71');
      expect(detailsOf(rows[0]!)).toEqual({ requiredRoles: ['health_tracer'], before: [] });
    });

    it('a tracer without it signs in to a session that may only set it up (403 two-factor-required elsewhere), until enrolled', async () => {
      await t.staff('tracer-2fa', [{ role: 'health_tracer', regionCode: SERANGAN }]);
      const res = await login('tracer-2fa');
      expect(res.statusCode).toBe(200);
      expect(res.json().user.twoFactor).toEqual({ status: 'off', required: true });
      const cookie = cookieOf(res, 'jb_session')!;
      // A session opened before it became mandatory is restricted as well.
      for (const c of [earlier, cookie]) {
        const cases = await t.request({ method: 'GET', url: '/api/v1/cases', cookie: c, headers: { 'accept-language': 'en' } });
        expect(cases.statusCode).toBe(403);
        expect(cases.headers['content-type']).toContain('application/problem+json');
        expect(cases.json()).toMatchObject({ type: expect.stringMatching(/two-factor-required$/), enrolment: '/api/v1/me/two-factor/enrolment' });
        expect(cases.json().detail).toContain('/api/v1/me/two-factor/enrolment');
      }
      expect((await t.request({ method: 'POST', url: '/api/v1/me/password', cookie, payload: { currentPassword: PASSWORD, newPassword: 'another-long-passphrase' } })).statusCode).toBe(403);
      expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie })).statusCode).toBe(200);
      expect((await t.request({ method: 'GET', url: '/api/v1/me/two-factor', cookie })).json()).toMatchObject({ required: true, enrolmentRequired: true });

      const { secret } = await enrol(cookie);
      expect((await t.request({ method: 'GET', url: '/api/v1/cases', cookie })).statusCode).toBe(200);
      // Mandatory: it cannot be turned off by its user.
      const off = await t.request({ method: 'POST', url: '/api/v1/me/two-factor/disable', cookie, payload: { password: PASSWORD, code: code(secret) } });
      expect(off.statusCode).toBe(409);
      expect(off.json().type).toMatch(/two-factor-mandatory$/);
      // Roles it is not mandatory for are not touched.
      const viewer = await t.staff('viewer-2fa', [{ role: 'viewer', regionCode: SERANGAN }]);
      expect((await t.request({ method: 'GET', url: '/api/v1/rule-sets', cookie: viewer.cookie })).statusCode).not.toBe(403);
    });

    it('an administrator resets a user whose phone is lost: audited, sessions ended, the next sign-in must enrol again', async () => {
      const { id, cookie } = await t.staff('lost-phone', [{ role: 'health_tracer', regionCode: SERANGAN }]);
      await enrol(cookie);
      const { cookie: otherAdmin } = await t.staff('timur-admin', [{ role: 'admin', regionCode: TIMUR }]);
      expect((await t.request({ method: 'POST', url: `/api/v1/users/${id}/two-factor/reset`, cookie: otherAdmin })).statusCode).toBe(403);
      expect((await t.request({ method: 'POST', url: `/api/v1/users/${id}/two-factor/reset`, cookie })).statusCode).toBe(403);

      expect((await t.request({ method: 'GET', url: `/api/v1/users/${id}`, cookie: t.adminCookie })).json().twoFactor).toBe('active');
      const reset = await t.request({ method: 'POST', url: `/api/v1/users/${id}/two-factor/reset`, cookie: t.adminCookie });
      expect(reset.statusCode).toBe(204);
      expect((await t.request({ method: 'GET', url: `/api/v1/users/${id}`, cookie: t.adminCookie })).json().twoFactor).toBe('off');
      expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie })).statusCode).toBe(401);
      const again = await login('lost-phone');
      expect(again.json().user.twoFactor).toEqual({ status: 'off', required: true });
      expect((await t.request({ method: 'GET', url: '/api/v1/cases', cookie: cookieOf(again, 'jb_session')! })).statusCode).toBe(403);
      const rows = await audit(id, 'user.two_factor_reset');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.actor_user_id).not.toBe(id);
    });

    it('turned off again, every role signs in as before', async () => {
      expect((await t.request({ method: 'PUT', url: '/api/v1/two-factor/policy', cookie: t.adminCookie, payload: { requiredRoles: [] } })).statusCode).toBe(200);
      const res = await login('lost-phone');
      expect((await t.request({ method: 'GET', url: '/api/v1/cases', cookie: cookieOf(res, 'jb_session')! })).statusCode).toBe(200);
    });
  });
});
