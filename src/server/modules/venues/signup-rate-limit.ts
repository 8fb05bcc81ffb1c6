import type { Clock } from '../../shared/clock.js';

/*
 * A fixed-window counter per key (the client IP) held in memory. Good enough for one process guarding the public
 * sign-up form against scripted account creation; with several API processes behind a load balancer each counts on
 * its own, so move it to the database or Redis then (docs/architecture notes §7).
 */
export function createFixedWindowLimiter(options: { limit: number; windowMs: number; clock: Clock; maxKeys?: number }) {
  const { limit, windowMs, clock } = options;
  const maxKeys = options.maxKeys ?? 10_000;
  const windows = new Map<string, { start: number; count: number }>();

  function prune(now: number): void {
    for (const [key, w] of windows) if (now - w.start >= windowMs) windows.delete(key);
  }

  return {
    /** Counts one attempt; `retryAfterSeconds` > 0 when the key is over its limit. */
    hit(key: string): { allowed: boolean; retryAfterSeconds: number } {
      const now = clock.now();
      let w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        if (windows.size >= maxKeys) prune(now);
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      if (w.count <= limit) return { allowed: true, retryAfterSeconds: 0 };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) };
    },
  };
}
