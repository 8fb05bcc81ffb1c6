import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from './clock.js';
import { installRateLimits, type Counters, type WindowCount } from './rate-limit.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => null });
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

async function appWith(options: Parameters<typeof installRateLimits>[1]): Promise<FastifyInstance> {
  const app = Fastify();
  await installRateLimits(app, options);
  app.get('/limited', { config: { rateLimit: { max: 2, timeWindow: 60_000 } } }, () => ({ ok: true }));
  app.get('/free', () => ({ ok: true }));
  await app.ready();
  return app;
}

/** The check-in's shape: two keys in the first stage, one in the second (counted only when the first stayed within). */
async function expectStagedCounting(counters: Counters, clock: ReturnType<typeof fixedClock>): Promise<void> {
  const small = counters.family('t-small', 60_000);
  const large = counters.family('t-large', 60_000);
  const total = counters.family('t-total', 60_000);
  const stages = (key: string) => [[{ family: small, key, max: 1 }, { family: large, key, max: 5 }], [{ family: total, key, max: 5 }]];
  const current = (counts: WindowCount[]) => counts.map((c) => c.current);
  expect(current(await counters.count(stages('k')))).toEqual([1, 1, 1]);
  // Over in the first stage: the second is not counted.
  const over = await counters.count(stages('k'));
  expect(current(over)).toEqual([2, 2]);
  expect(over[0]!.ttl).toBeGreaterThan(0);
  expect(over[0]!.ttl).toBeLessThanOrEqual(60_000);
  expect(current(await counters.count(stages('other')))).toEqual([1, 1, 1]);
  expect(current(await counters.count([[{ family: total, key: 'k', max: 5 }]]))).toEqual([2]);
  clock.advance(60_000);
}

const hit = (app: FastifyInstance, url: string, ip = '192.0.2.1') => app.inject({ method: 'GET', url, remoteAddress: ip });

describe('rate limits in memory', () => {
  it('limit only the routes that declare one, per address, in windows of the injected clock', async () => {
    const clock = fixedClock(Date.parse('2026-11-29T02:00:00Z'));
    const app = await appWith({ clock, redisUrl: null });
    expect([(await hit(app, '/limited')).statusCode, (await hit(app, '/limited')).statusCode]).toEqual([200, 200]);
    const third = await hit(app, '/limited');
    expect(third.statusCode).toBe(429);
    expect(Number(third.headers['retry-after'])).toBe(60);
    expect(third.headers['x-ratelimit-limit']).toBeUndefined();
    expect((await hit(app, '/limited', '192.0.2.2')).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await hit(app, '/free')).statusCode).toBe(200);
    clock.advance(59_000);
    expect(Number((await hit(app, '/limited')).headers['retry-after'])).toBe(1);
    clock.advance(1_000);
    expect((await hit(app, '/limited')).statusCode).toBe(200);
    await app.close();
  });

  it('Counters count like the plugin: stages stop after one with a key over its max; same keys as app.createRateLimit', async () => {
    const clock = fixedClock(Date.parse('2026-11-29T02:00:00Z'));
    const app = Fastify();
    const counters = await installRateLimits(app, { clock, redisUrl: null });
    await app.ready();
    await expectStagedCounting(counters, clock);
    await app.close();
  });
});

const reachable = await redisReachable(REDIS_URL);
// In CI nothing is skipped; on a laptop without Redis the suite says so loudly.
if (!reachable && process.env.CI) throw new Error(`Redis at ${REDIS_URL} is not reachable: the shared rate-limit tests cannot run`);
if (!reachable) console.warn(`\n!! SKIPPING the Redis rate-limit tests: no Redis at ${REDIS_URL} (set TEST_REDIS_URL)\n`);

describe.skipIf(!reachable)('rate limits in Redis (REDIS_URL)', () => {
  const nameSpace = `jagabaya-test:${randomBytes(6).toString('hex')}:`;
  const clock = fixedClock(Date.now());
  afterAll(async () => {
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${nameSpace}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('one limit holds across two app instances (processes behind a load balancer)', async () => {
    const a = await appWith({ clock, redisUrl: REDIS_URL, nameSpace });
    const b = await appWith({ clock, redisUrl: REDIS_URL, nameSpace });
    expect((await hit(a, '/limited')).statusCode).toBe(200);
    expect((await hit(b, '/limited')).statusCode).toBe(200);
    const third = await hit(a, '/limited');
    expect(third.statusCode).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    expect((await hit(b, '/limited')).statusCode).toBe(429);
    expect((await hit(b, '/limited', '192.0.2.9')).statusCode).toBe(200);
    // Without REDIS_URL an instance counts on its own.
    const alone = await appWith({ clock, redisUrl: null });
    expect((await hit(alone, '/limited')).statusCode).toBe(200);
    await Promise.all([a.close(), b.close(), alone.close()]);
  });

  it('Counters in Redis: one script for all stages, on the keys app.createRateLimit used, shared by two instances', async () => {
    const a = Fastify();
    const countersA = await installRateLimits(a, { clock, redisUrl: REDIS_URL, nameSpace });
    const b = Fastify();
    const countersB = await installRateLimits(b, { clock, redisUrl: REDIS_URL, nameSpace });
    await Promise.all([a.ready(), b.ready()]);
    await expectStagedCounting(countersA, clock);
    // The keys of the limiters this replaced (the plugin's child-store prefix), with a window.
    const redis = new Redis(REDIS_URL);
    expect(await redis.get(`${nameSpace}undefinedundefined-t-small:k`)).toBe('2');
    expect(await redis.get(`${nameSpace}undefinedundefined-t-total:k`)).toBe('2');
    expect(await redis.pttl(`${nameSpace}undefinedundefined-t-large:k`)).toBeGreaterThan(0);
    await redis.quit();
    // The plugin's own limiter on the same key sees the same window, and so does the other instance.
    const limiter = a.createRateLimit({ max: 5, timeWindow: 60_000, keyGenerator: () => 't-large:k' });
    const counted = await limiter({ routeOptions: { config: {} } } as unknown as FastifyRequest);
    expect(counted.isAllowed ? null : counted.remaining).toBe(2);
    const shared = countersB.family('t-large', 60_000);
    expect((await countersB.count([[{ family: shared, key: 'k', max: 5 }]]))[0]!.current).toBe(4);
    await Promise.all([a.close(), b.close()]);
  });

  it('a REDIS_URL that does not answer stops the start-up with a clear error', async () => {
    await expect(installRateLimits(Fastify(), { clock, redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow(/REDIS_URL/);
  });
});
