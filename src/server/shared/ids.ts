import { secureRandomBytes } from './crypto.js';

/**
 * UUIDv7: time-ordered (good index locality, natural paging order) yet 74 random bits, so ids of people
 * and visits cannot be guessed or enumerated.
 */
export function newId(now: number = Date.now()): string {
  const bytes = secureRandomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$';
