import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, createServices } from '../../src/server/app.js';
import { fixedClock } from '../../src/server/shared/clock.js';
import { ADMIN, createTestApp, SELATAN, SERANGAN, testConfig, type TestApp } from '../app-harness.js';
import { createTestDatabase, describeEachDatabase } from '../databases.js';
import { verifiedVenue, type VenueFixture } from '../factories/venues.js';

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | string[] | number | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of String(header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name] = values.join(' ');
  }
  return out;
}

describeEachDatabase('security headers', (dialect) => {
  let t: TestApp;
  let webDir: string;
  let venue: VenueFixture;
  beforeAll(async () => {
    webDir = mkdtempSync(path.join(tmpdir(), 'jagabaya-web-'));
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Jaga Baya</title><script type="module" src="/assets/index.js"></script>');
    t = await createTestApp(dialect, { webDir, tileUrl: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png' });
    venue = await verifiedVenue(t);
  });
  afterAll(async () => {
    await t.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('the web app (login page) may not be framed, sniffed or run foreign scripts; map tiles come from MAP_TILE_URL only', async () => {
    const res = await t.request({ method: 'GET', url: '/login', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    const csp = directives(res.headers['content-security-policy']);
    expect(csp['default-src']).toBe("'self'");
    expect(csp['script-src']).toBe("'self'");
    expect(csp['frame-ancestors']).toBe("'none'");
    expect(csp['object-src']).toBe("'none'");
    expect(csp['img-src']).toBe("'self' data: https://*.tile.openstreetmap.org");
    expect(csp).not.toHaveProperty('upgrade-insecure-requests');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    // PUBLIC_URL is http here: no HSTS.
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('API answers carry the same headers, and a case with its NIK is never stored by a cache', async () => {
    const tracer = await t.staff('tracer_headers', [{ role: 'health_tracer', regionCode: SELATAN }]);
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/cases',
      cookie: tracer.cookie,
      payload: { name: 'Kadek Header', phone: '081300000077', residenceCode: SERANGAN, category: 'konfirmasi_simptomatik', onsetDate: '2026-11-29', nik: '5171011708850001' },
    });
    expect(created.statusCode).toBe(201);
    const detail = await t.request({ method: 'GET', url: `/api/v1/cases/${created.json().id}`, cookie: tracer.cookie });
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('5171011708850001');
    expect(detail.headers['cache-control']).toBe('no-store');
    expect(detail.headers['x-content-type-options']).toBe('nosniff');
    expect(directives(detail.headers['content-security-policy'])['frame-ancestors']).toBe("'none'");
    // Refusals and errors too: every /api/ answer that does not choose its own caching.
    for (const res of [
      await t.request({ method: 'GET', url: '/api/v1/me', cookie: t.adminCookie }),
      await t.request({ method: 'GET', url: '/api/v1/me' }),
      await t.request({ method: 'GET', url: '/api/v1/no-such-route' }),
    ]) expect(res.headers['cache-control']).toBe('no-store');
    // Public reference data keeps its own caching.
    expect((await t.request({ method: 'GET', url: '/api/v1/sectors' })).headers['cache-control']).toBe('public, max-age=3600');
  });

  it('the /c/ and /k/ pages keep their own stricter CSP and send no referrer', async () => {
    const checkin = await t.request({ method: 'GET', url: `/c/${venue.token}` });
    expect(checkin.statusCode).toBe(200);
    expect(checkin.headers['content-security-policy']).toBe("default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; manifest-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    expect(checkin.headers['referrer-policy']).toBe('no-referrer');
    expect(checkin.headers['cache-control']).toBe('no-store');
    expect(checkin.headers['x-frame-options']).toBe('DENY');
    const followUp = await t.request({ method: 'GET', url: '/k/not-a-real-token-at-all-xyz' });
    expect(followUp.statusCode).toBe(404);
    expect(followUp.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    expect(followUp.headers['referrer-policy']).toBe('no-referrer');
    expect(followUp.headers['cache-control']).toBe('no-store');
  });

  it('the API documentation page may not be framed either', async () => {
    const docs = await t.request({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(directives(docs.headers['content-security-policy'])['frame-ancestors']).toBe("'none'");
  });

  it('a path parameter over the router limit answers 414 problem+json', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/cases/${'a'.repeat(101)}`, cookie: t.adminCookie, headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(414);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.json()).toMatchObject({ type: 'http://jagabaya.test/problems/uri-too-long', status: 414, title: 'Address too long' });
    expect(res.json().detail).toContain('100');
    const malformed = await t.request({ method: 'GET', url: '/api/v1/cases/%E0%A4%A' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  });
});

describe('security headers behind https', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { publicUrl: 'https://jagabaya.test', secureCookies: true });
  });
  afterAll(() => t.close());

  it('HSTS and upgrade-insecure-requests only when PUBLIC_URL is https', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/me' });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(directives(res.headers['content-security-policy'])).toHaveProperty('upgrade-insecure-requests');
  });
});

describe('TRUST_PROXY', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('with a hop count of 1, a client-forged X-Forwarded-For is not believed: the proxy-appended address is', async () => {
    t = await createTestApp('sqlite', { trustProxy: 1 });
    // The proxy (127.0.0.1) appends the address it saw to whatever the client sent.
    const login = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' },
      payload: ADMIN,
    });
    expect(login.statusCode).toBe(200);
    const audit = await t.request({ method: 'GET', url: '/api/v1/audit?action=auth.login', cookie: t.adminCookie });
    expect(audit.statusCode).toBe(200);
    const ips = (audit.json().items as { action: string; ip: string | null }[]).filter((e) => e.action === 'auth.login').map((e) => e.ip);
    expect(ips).toContain('203.0.113.7');
    expect(ips).not.toContain('6.6.6.6');
  });
});

describe('request log', () => {
  it('never names a poster token (/c/) or a follow-up token (/k/)', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const clock = fixedClock(Date.parse('2026-11-29T02:00:00Z'));
    const database = await createTestDatabase('sqlite', { clock });
    const deps = { config: testConfig(), database, clock, logger: { level: 'info', stream } };
    const app = await buildApp(deps, createServices(deps));
    await app.ready();
    try {
      const posterToken = 'PosterSecretToken0123456789abcdefghijkl';
      const followUpToken = 'FollowUpSecretToken0123456789abcdefgh';
      await app.inject({ method: 'GET', url: `/c/${posterToken}?lang=en` });
      await app.inject({ method: 'POST', url: `/c/${posterToken}/checkout`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'x=1' });
      await app.inject({ method: 'GET', url: `/k/${followUpToken}` });
      const log = lines.join('');
      expect(log).toContain('/c/[redacted]?lang=en');
      expect(log).toContain('/c/[redacted]/checkout');
      expect(log).toContain('/k/[redacted]');
      expect(log).not.toContain(posterToken);
      expect(log).not.toContain(followUpToken);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
