import { Redis } from 'ioredis';

/** The Redis the shared rate-limit tests count in (TEST_REDIS_URL; .ci/run starts one on the default). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function reachable(url: string): Promise<boolean> {
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

/**
 * Whether the Redis tests of a file can run. In CI nothing is skipped: an unreachable Redis fails the file. On a
 * laptop without Redis the skip is said loudly.
 */
export async function redisForTests(what: string): Promise<boolean> {
  const ok = await reachable(TEST_REDIS_URL);
  if (!ok && process.env.CI) throw new Error(`Redis at ${TEST_REDIS_URL} is not reachable: ${what} cannot run`);
  if (!ok) console.warn(`\n!! SKIPPING ${what}: no Redis at ${TEST_REDIS_URL} (set TEST_REDIS_URL)\n`);
  return ok;
}
