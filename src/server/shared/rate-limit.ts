import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit, { normalizeIP, type FastifyRateLimitStore, type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import type { Clock } from './clock.js';
import { AppError } from './errors.js';

/*
 * Request rate limits (@fastify/rate-limit). Registered with `global: false`: only a route that declares
 * `config: { rateLimit: { max, timeWindow } }` is limited, by client address (IPv6 by /64), answering 429 problem+json in
 * the caller's language with Retry-After.
 *
 * Counters live in Redis when REDIS_URL is set, so several API processes share one limit; otherwise in this process's
 * memory. The in-memory store counts on the injected clock (the plugin's own store reads Date.now(), which a test's
 * pinned clock cannot move); it holds at most `maxKeys` addresses, dropping expired and then the oldest windows.
 */

export const RATE_LIMIT_NAMESPACE = 'jagabaya:rate-limit:';

/** A fixed window per key, on the injected clock. */
export function clockStore(clock: Clock, maxKeys = 10_000): FastifyRateLimitStoreCtor {
  class ClockStore implements FastifyRateLimitStore {
    private readonly windows = new Map<string, { start: number; count: number }>();

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const now = clock.now();
      let w = this.windows.get(key);
      if (!w || now - w.start >= timeWindow) {
        if (!w && this.windows.size >= maxKeys) this.prune(now, timeWindow);
        w = { start: now, count: 0 };
        this.windows.set(key, w);
      }
      w.count += 1;
      callback(null, { current: w.count, ttl: w.start + timeWindow - now });
    }

    /** The count without adding to it (a route that counts only some outcomes reads first: `{ increment: false }`). */
    read(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const now = clock.now();
      const w = this.windows.get(key);
      if (w && now - w.start < timeWindow) callback(null, { current: w.count, ttl: w.start + timeWindow - now });
      else callback(null, { current: 0, ttl: 0 });
    }

    child(): FastifyRateLimitStore {
      return new ClockStore();
    }

    private prune(now: number, timeWindow: number): void {
      for (const [key, w] of this.windows) if (now - w.start >= timeWindow) this.windows.delete(key);
      const oldest = this.windows.keys().next();
      if (this.windows.size >= maxKeys && !oldest.done) this.windows.delete(oldest.value);
    }
  }
  return ClockStore;
}

export interface RateLimitOptions {
  clock: Clock;
  /** redis:// or rediss:// URL of the shared store; null keeps the counters in memory. */
  redisUrl: string | null;
  /** Key prefix in Redis (tests use their own). */
  nameSpace?: string;
}

/** Registers the plugin on the root instance, before the routes (it attaches to the routes that declare a limit). */
export async function installRateLimits(app: FastifyInstance, options: RateLimitOptions): Promise<void> {
  let redis: Redis | null = null;
  if (options.redisUrl) {
    // Fail fast: no offline queue (a request never waits for a reconnect) and a connection made at start-up, so a
    // wrong REDIS_URL stops the server with a clear error rather than leaving the limit silently unenforced.
    redis = new Redis(options.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5_000 });
    const client = redis;
    // ioredis reconnects by itself; meanwhile limited requests go through (skipOnError below) and this says why.
    client.on('error', (err: Error) => app.log.warn({ err }, 'Redis (rate limits) unavailable'));
    await client.connect().catch((err: unknown) => {
      client.disconnect();
      throw new Error(`REDIS_URL: cannot connect to Redis (${err instanceof Error ? err.message : String(err)})`);
    });
    app.addHook('onClose', async () => {
      await client.quit().catch(() => client.disconnect());
    });
  }
  await app.register(rateLimit, {
    global: false,
    hook: 'onRequest',
    ...(redis ? { redis, nameSpace: options.nameSpace ?? RATE_LIMIT_NAMESPACE } : { store: clockStore(options.clock) }),
    // Redis unreachable later on: the request goes through rather than failing (the limit guards, it does not gate).
    skipOnError: true,
    // The answer as before: a 429 with Retry-After only; no counters on every response.
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    addHeaders: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false, 'retry-after': true },
    errorResponseBuilder: (_request, context) => rateLimited(Math.max(1, Math.ceil(context.ttl / 1000))),
  });
}

/** 429 problem+json (texts rateLimited.* in the caller's language). */
export function rateLimited(seconds: number): AppError {
  return new AppError(429, 'rate-limited', 'rateLimited.title', 'rateLimited.detail', { seconds });
}

/** A counter made with `app.createRateLimit({ max, timeWindow, keyGenerator })`. */
export type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** The client address as the limits count it: an IPv4 address, or the /64 of an IPv6 one (one household or phone). */
export function addressKey(request: FastifyRequest): string {
  return normalizeAddress(request.ip);
}

/** An address as the limits count it (see addressKey), from the text of `request.ip` / `ctx.ip`. */
export function normalizeAddress(ip: string): string {
  return normalizeIP(ip, 64);
}

/**
 * Counts the request on several limiters at once (in parallel: one Redis round trip's time however many there are)
 * and refuses it with 429, Retry-After the longest wait, when any of them is over its limit. For a route whose keys
 * depend on what the request names (a device, a poster), which `config.rateLimit` cannot express.
 */
export async function enforceLimits(request: FastifyRequest, reply: FastifyReply, limiters: readonly Limiter[]): Promise<void> {
  refuseIfOver(reply, await Promise.all(limiters.map((limiter) => limiter(request))));
}

/** Throws 429 with Retry-After (the longest wait) when any of the counted results is over its limit. */
export function refuseIfOver(reply: FastifyReply, results: readonly (Awaited<ReturnType<Limiter>> | null)[]): void {
  let wait = 0;
  for (const r of results) if (r && !r.isAllowed && r.isExceeded) wait = Math.max(wait, r.ttlInSeconds, 1);
  if (wait > 0) {
    reply.header('retry-after', String(wait));
    throw rateLimited(wait);
  }
}
