import { randomBytes } from 'node:crypto';

/*
 * UUIDv7 ids that also sort in creation order within one millisecond (RFC 9562 §6.2 method 1: the 12 bits after the
 * version hold a counter). Venue history, inspections and score snapshots are listed by (time, id); with a fixed or
 * coarse clock several rows share a millisecond, and plain random bits would shuffle them. 62 random bits remain,
 * so the ids stay unguessable. Monotonic within one process, which is where one request writes its rows.
 */
let lastMs = -1;
let counter = 0;

export function orderedId(now: number = Date.now()): string {
  let ms = Math.max(0, Math.floor(now));
  if (ms > lastMs) {
    lastMs = ms;
    counter = 0;
  } else {
    counter += 1;
    if (counter > 0xfff) {
      lastMs += 1; // borrow the next millisecond rather than wrap around
      counter = 0;
    }
    ms = lastMs;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
