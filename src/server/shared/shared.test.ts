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
  it('stays right across a daylight-saving change and in zones with 45-minute offsets', () => {
    expect(toIso(Date.parse('2026-03-29T00:59:59Z'), 'Europe/Berlin')).toBe('2026-03-29T01:59:59.000+01:00');
    expect(toIso(Date.parse('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe('2026-03-29T03:00:00.000+02:00');
    // Lord Howe Island moves by 30 minutes at 15:30 UTC: inside an hour, not on its boundary.
    expect(toIso(Date.parse('2026-10-03T15:29:59Z'), 'Australia/Lord_Howe')).toBe('2026-10-04T01:59:59.000+10:30');
    expect(toIso(Date.parse('2026-10-03T15:30:00Z'), 'Australia/Lord_Howe')).toBe('2026-10-04T02:30:00.000+11:00');
    expect(toIso(Date.parse('2026-11-29T12:00:00Z'), 'Asia/Kathmandu')).toBe('2026-11-29T17:45:00.000+05:45');
  });
});
