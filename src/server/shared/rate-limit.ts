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
 * `Counters` (returned by installRateLimits) counts keys a route derives itself on the same store, cheaply.
 */

export const RATE_LIMIT_NAMESPACE = 'jagabaya:rate-limit:';

/** A count as the stores give it: the requests in the key's window so far (this one included) and its ms left. */
export interface WindowCount {
  current: number;
  ttl: number;
}

/**
 * Fixed windows per key on the injected clock, at most `maxKeys` of them (expired and then the oldest dropped): the
 * in-memory counting of both the plugin's store and `Counters` below, so the two count alike.
 */
class ClockWindows {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly clock: Clock, private readonly maxKeys: number) {}

  incr(key: string, timeWindow: number): WindowCount {
    const now = this.clock.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= timeWindow) {
      if (!w && this.windows.size >= this.maxKeys) this.prune(now, timeWindow);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    return { current: w.count, ttl: w.start + timeWindow - now };
  }

  read(key: string, timeWindow: number): WindowCount {
    const now = this.clock.now();
    const w = this.windows.get(key);
    return w && now - w.start < timeWindow ? { current: w.count, ttl: w.start + timeWindow - now } : { current: 0, ttl: 0 };
  }

  private prune(now: number, timeWindow: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= timeWindow) this.windows.delete(key);
    const oldest = this.windows.keys().next();
    if (this.windows.size >= this.maxKeys && !oldest.done) this.windows.delete(oldest.value);
  }
}

const MAX_KEYS = 10_000;

/** A fixed window per key, on the injected clock. */
export function clockStore(clock: Clock, maxKeys = MAX_KEYS): FastifyRateLimitStoreCtor {
  class ClockStore implements FastifyRateLimitStore {
    private readonly windows = new ClockWindows(clock, maxKeys);

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      callback(null, this.windows.incr(key, timeWindow));
    }

    /** The count without adding to it (a route that counts only some outcomes reads first: `{ increment: false }`). */
    read(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      callback(null, this.windows.read(key, timeWindow));
    }

    child(): FastifyRateLimitStore {
      return new ClockStore();
    }
  }
  return ClockStore;
}

/** One key to count: its family (made once with `Counters.family`), the key within it and the family's limit for it. */
export interface CountStep {
  family: CounterFamily;
  key: string;
  max: number;
}

/** A named set of counters with one window length (e.g. `checkin-device`, one minute). */
export interface CounterFamily {
  readonly label: string;
  readonly timeWindow: number;
}

/**
 * Counters for routes that count several keys of their own per request (the check-in: per device, per poster and
 * address, per poster in all), without one `app.createRateLimit` limiter per key: each limiter call is an async
 * function with a promise around the store's callback and awaits on its key and max functions, three per check-in,
 * and on Redis the poster's total took a second round trip. Here:
 * - in memory, a step is one Map lookup and the whole evaluation is synchronous (no promise at all);
 * - in Redis, all of a request's keys go in one Lua script (one round trip, one EVALSHA), however many stages.
 * Same counting as the plugin's stores (fixed windows; Redis: INCR, PEXPIRE on the first, else PTTL) and the same
 * Redis keys as the `app.createRateLimit` limiters they replace (see `PLUGIN_LIMITER_PREFIX`), so processes of the
 * previous release share the windows during a rolling update.
 */
export interface Counters {
  family(label: string, timeWindow: number): CounterFamily;
  /**
   * Counts the stages in order, stopping after the first stage in which a key went over its max (the later stages are
   * then not counted: a refused request must not use up their budget). Returns the count of every step counted, in
   * order (fewer than the steps when it stopped early); a count of 0 for every step when Redis failed (the request
   * goes through, as the plugin's `skipOnError`). Synchronous in memory, a promise in Redis.
   */
  count(stages: readonly (readonly CountStep[])[]): WindowCount[] | Promise<WindowCount[]>;
}

/**
 * The key prefix @fastify/rate-limit's Redis store gives a limiter made by `app.createRateLimit` (its child store
 * names it after a route it does not have: `${nameSpace}${method}${url}-` with both undefined).
 */
const PLUGIN_LIMITER_PREFIX = 'undefinedundefined-';

function memoryCounters(clock: Clock): Counters {
  // One bounded map per family, as the plugin kept one store per limiter.
  const windows = new Map<CounterFamily, ClockWindows>();
  return {
    family(label, timeWindow) {
      const family = { label, timeWindow };
      windows.set(family, new ClockWindows(clock, MAX_KEYS));
      return family;
    },
    count(stages) {
      const counts: WindowCount[] = [];
      for (const stage of stages) {
        let over = false;
        for (const step of stage) {
          const c = windows.get(step.family)!.incr(`${step.family.label}:${step.key}`, step.family.timeWindow);
          if (c.current > step.max) over = true;
          counts.push(c);
        }
        if (over) break;
      }
      return counts;
    },
  };
}

/**
 * KEYS: the keys in order; ARGV[1]: the window (ms); ARGV[1 + i]: key i's max; ARGV[1 + #KEYS + i]: its stage.
 * Returns current and ttl of each key counted, flat. The counting of one key is the plugin's script (RedisStore.js)
 * without its continueExceeding and exponentialBackoff options, which the limits do not use.
 */
const COUNT_STAGES_LUA = `
local window = tonumber(ARGV[1])
local n = #KEYS
local out = {}
local over = false
local stage = nil
for i = 1, n do
  local s = ARGV[1 + n + i]
  if s ~= stage then
    if over then break end
    stage = s
  end
  local current = redis.call('INCR', KEYS[i])
  local ttl
  if current == 1 then
    redis.call('PEXPIRE', KEYS[i], window)
    ttl = window
  else
    ttl = redis.call('PTTL', KEYS[i])
  end
  if current > tonumber(ARGV[1 + i]) then over = true end
  out[#out + 1] = current
  out[#out + 1] = ttl
end
return out
`;

type StagedRedis = Redis & { jbCountStages(numberOfKeys: number, ...args: (string | number)[]): Promise<number[]> };

function redisCounters(redis: Redis, nameSpace: string): Counters {
  if (!('jbCountStages' in redis)) redis.defineCommand('jbCountStages', { lua: COUNT_STAGES_LUA });
  const staged = redis as StagedRedis;
  return {
    family: (label, timeWindow) => ({ label, timeWindow }),
    async count(stages) {
      const keys: string[] = [];
      const maxes: number[] = [];
      const stageOf: number[] = [];
      let timeWindow = 0;
      stages.forEach((stage, s) => {
        for (const step of stage) {
          keys.push(`${nameSpace}${PLUGIN_LIMITER_PREFIX}${step.family.label}:${step.key}`);
          maxes.push(step.max);
          stageOf.push(s);
          // One window per script call: the check-in's families all count per minute.
          if (timeWindow !== 0 && timeWindow !== step.family.timeWindow) throw new Error('Counters.count: one window length per call');
          timeWindow = step.family.timeWindow;
        }
      });
      if (keys.length === 0) return [];
      try {
        const flat = await staged.jbCountStages(keys.length, ...keys, timeWindow, ...maxes, ...stageOf);
        const counts: WindowCount[] = [];
        for (let i = 0; i + 1 < flat.length; i += 2) counts.push({ current: flat[i]!, ttl: flat[i + 1]! });
        return counts;
      } catch {
        // Redis unreachable: the request goes through (the limit guards, it does not gate), as skipOnError below;
        // the client's 'error' handler says why.
        return keys.map(() => ({ current: 0, ttl: 0 }));
      }
    },
  };
}

export interface RateLimitOptions {
  clock: Clock;
  /** redis:// or rediss:// URL of the shared store; null keeps the counters in memory. */
  redisUrl: string | null;
  /** Key prefix in Redis (tests use their own). */
  nameSpace?: string;
}

/** Registers the plugin on the root instance, before the routes (it attaches to the routes that declare a limit). */
export async function installRateLimits(app: FastifyInstance, options: RateLimitOptions): Promise<Counters> {
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
  // The same store (memory or Redis, same namespace) for routes that count keys of their own.
  return redis ? redisCounters(redis, options.nameSpace ?? RATE_LIMIT_NAMESPACE) : memoryCounters(options.clock);
}

/** 429 problem+json (texts rateLimited.* in the caller's language). */
export function rateLimited(seconds: number): AppError {
  return new AppError(429, 'rate-limited', 'rateLimited.title', 'rateLimited.detail', { seconds });
}

/** The client address as the limits count it: an IPv4 address, or the /64 of an IPv6 one (one household or phone). */
export function addressKey(request: FastifyRequest): string {
  return normalizeAddress(request.ip);
}

/** An address as the limits count it (see addressKey), from the text of `request.ip` / `ctx.ip`. */
export function normalizeAddress(ip: string): string {
  return normalizeIP(ip, 64);
}

/** Throws 429 with Retry-After (the longest wait) when any of the counts (of `steps`, or of the first ones counted) is over its max. */
export function refuseIfOverCounts(reply: FastifyReply, steps: readonly CountStep[], counts: readonly WindowCount[]): void {
  let wait = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i]!.current > steps[i]!.max) wait = Math.max(wait, Math.ceil(counts[i]!.ttl / 1000), 1);
  if (wait > 0) {
    reply.header('retry-after', String(wait));
    throw rateLimited(wait);
  }
}

