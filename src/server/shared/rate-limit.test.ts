import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from './clock.js';
import { installRateLimits } from './rate-limit.js';

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
});

const reachable = await redisReachable(REDIS_URL);

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

  it('a REDIS_URL that does not answer stops the start-up with a clear error', async () => {
    await expect(installRateLimits(Fastify(), { clock, redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow(/REDIS_URL/);
  });
});
