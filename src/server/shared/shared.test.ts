import { describe, expect, it } from 'vitest';
import { toIso } from './clock.js';
import { decryptText, deriveKey, encryptText, keyedHash } from './crypto.js';
import { newId, ID_PATTERN } from './ids.js';
import { languageFrom } from './language.js';

describe('language negotiation', () => {
  it.each([
    [undefined, 'id'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['id-ID,id;q=0.9,en;q=0.8', 'id'],
    ['fr-FR,en;q=0.5', 'en'],
    ['en;q=0.2,id;q=0.8', 'id'],
    ['de', 'id'],
  ])('%s → %s', (header, expected) => {
    expect(languageFrom(header)).toBe(expected);
  });
});

describe('ids', () => {
  it('are UUIDv7, time-ordered and unique', () => {
    const a = newId(1_000);
    const b = newId(2_000);
    expect(a).toMatch(new RegExp(ID_PATTERN));
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => newId(5))).size).toBe(1000);
  });
});

describe('crypto', () => {
  const key = deriveKey(Buffer.alloc(32, 1), 'test');
  it('encrypts with authentication: round trip, random IV, tampering detected', () => {
    const a = encryptText(key, '081234567890');
    expect(a).not.toContain('081234567890');
    expect(encryptText(key, '081234567890')).not.toBe(a);
    expect(decryptText(key, a)).toBe('081234567890');
    const parts = a.split('.');
    parts[3] = Buffer.from('tampered!').toString('base64url');
    expect(() => decryptText(key, parts.join('.'))).toThrow();
    expect(() => decryptText(deriveKey(Buffer.alloc(32, 2), 'test'), a)).toThrow();
  });
  it('derives different keys per purpose; keyed hashes are stable', () => {
    expect(deriveKey(Buffer.alloc(32, 1), 'a')).not.toEqual(deriveKey(Buffer.alloc(32, 1), 'b'));
    expect(keyedHash(key, 'x')).toBe(keyedHash(key, 'x'));
  });
});

describe('times', () => {
  it('renders ISO-8601 with the region offset', () => {
    expect(toIso(Date.parse('2026-11-29T13:05:00Z'), 'Asia/Makassar')).toBe('2026-11-29T21:05:00.000+08:00');
    expect(toIso(Date.parse('2026-11-29T13:05:00Z'), 'Asia/Jakarta')).toBe('2026-11-29T20:05:00.000+07:00');
  });
});
