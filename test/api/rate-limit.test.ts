import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app-harness.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => null });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const reachable = await redisReachable(REDIS_URL);
// In CI nothing is skipped; on a laptop without Redis the suite says so loudly.
if (!reachable && process.env.CI) throw new Error(`Redis at ${REDIS_URL} is not reachable: the shared rate-limit tests cannot run`);
if (!reachable) console.warn(`\n!! SKIPPING the Redis rate-limit tests: no Redis at ${REDIS_URL} (set TEST_REDIS_URL)\n`);

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
