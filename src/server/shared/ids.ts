import { v7 } from 'uuid';
import { secureRandomBytes } from './crypto.js';

/*
 * The one source of ids: UUIDv7 from the `uuid` package. Time-ordered (good index locality, natural paging order) and
 * unguessable (a random 31-bit counter start plus 42 random bits), so ids of people and visits cannot be enumerated.
 *
 * `now` comes from the injected clock, so the monotonic state is kept here (the package keeps its own only when it
 * reads Date.now() itself), with the package's rule (RFC 9562 §6.2 method 1 style counter): a new millisecond starts
 * the counter at a random value, the same or an earlier millisecond (a fixed or stepped-back clock) increments it, and
 * an overflowing counter borrows the next millisecond. Ids therefore sort in creation order within one process (one
 * request writes its rows there), which venue history, inspections and score snapshots rely on when listed by
 * (time, id).
 */
const state = { msecs: -1, seq: 0 };

export function newId(now: number = Date.now()): string {
  const ms = Math.max(0, Math.floor(now));
  // Random bytes from the pooled source (the package's own draws 16 bytes through WebCrypto per id, ~10× slower, and ids
  // are minted on the check-in path); a new millisecond's counter starts from 31 of them, as the package does.
  const random = secureRandomBytes(16);
  if (ms > state.msecs) {
    state.msecs = ms;
    state.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    state.seq = (state.seq + 1) >>> 0;
    if (state.seq === 0) state.msecs += 1;
  }
  return v7({ msecs: state.msecs, seq: state.seq, random });
}

export const ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$';

/**
 * The creation time (ms) a UUIDv7 id carries in its first 48 bits, or null for another id. A visit's id is minted at
 * its check-in (or its claimed or entered time), never earlier than its t_in by more than the clock's step: look-ups by
 * id bind t_in around it, so that on PostgreSQL they prune to a few day partitions.
 */
export function idTime(id: string): number | null {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7/i.test(id)) return null;
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

const DAY_MS = 86_400_000;

/**
 * The t_in range the visits with these ids lie in, as far as their ids tell: from two days before the earliest id's
 * time (an offline check-in is claimed up to 12 h back and a desk entry may be back-dated, while the id is minted at
 * most at the latest time the process has seen) to one day after the latest (a clock step). A look-up bound by it
 * and finding nothing looks again unbound: the window is a pruning hint, never a filter. Null when an id is not UUIDv7.
 */
export function idTimeWindow(ids: readonly string[]): { from: number; to: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const id of ids) {
    const t = idTime(id);
    if (t === null) return null;
    min = Math.min(min, t);
    max = Math.max(max, t);
  }
  return ids.length === 0 ? null : { from: min - 2 * DAY_MS, to: max + DAY_MS };
}
