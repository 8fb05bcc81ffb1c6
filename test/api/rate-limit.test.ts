import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app-harness.js';
import { redisForTests, TEST_REDIS_URL } from '../redis.js';

const REDIS_URL = TEST_REDIS_URL;
const reachable = await redisForTests('the Redis sign-up limit tests');

describe.skipIf(!reachable)('the sign-up limit with REDIS_URL', () => {
  // An address of our own (IPv6 is limited by /64), so parallel runs and other suites do not share its counter.
  const prefix = `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;
  const ip = `${prefix}::1`;
  const apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    const redis = new Redis(REDIS_URL);
    const keys = (await redis.keys('jagabaya:rate-limit:*')).filter((k) => k.includes(prefix));
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('holds across two app instances: ten sign-ups through either, the eleventh is refused by both (429 in the caller’s language)', async () => {
    apps.push(await createTestApp('sqlite', { redisUrl: REDIS_URL }), await createTestApp('sqlite', { redisUrl: REDIS_URL }));
    const [a, b] = apps as [TestApp, TestApp];
    const signup = (t: TestApp, lang = 'id') =>
      t.request({ method: 'POST', url: '/api/v1/venue-managers/signup', remoteAddress: ip, headers: { 'accept-language': lang }, payload: { name: 'Spam', email: 'bad', phone: '0', password: 'x' } });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await signup(i % 2 === 0 ? a : b)).statusCode);
    expect(statuses.every((s) => s === 400)).toBe(true);
    const refused = await signup(a, 'en');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json().type).toMatch(/rate-limited$/);
    const inIndonesian = await signup(b, 'id');
    expect(inIndonesian.statusCode).toBe(429);
    expect(inIndonesian.json().title).not.toBe(refused.json().title);
  });
});
