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
