import { randomBytes } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import {
  POSTER_ID_LENGTH,
  POSTER_TOKEN_LENGTH,
  checkInUrlFor,
  issuePosterToken,
  posterTokenFor,
  verifyPosterToken,
} from './poster-token.js';

const key = Buffer.from('9f1c2e7a5b3d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60', 'hex');
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('poster tokens', () => {
  it('round-trips: a freshly issued token verifies to its poster id', () => {
    const { posterId, token } = issuePosterToken(key);
    expect(posterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(token).toHaveLength(POSTER_TOKEN_LENGTH);
    expect(token.length).toBeLessThanOrEqual(40);
    expect(token.startsWith(posterId)).toBe(true);
    expect(verifyPosterToken(key, token)).toEqual({ posterId });
  });

  it('issues a different, unguessable id every time', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => issuePosterToken(key).posterId));
    expect(ids.size).toBe(2000);
  });

  it('accepts a copy of the key in another Buffer (the derived key is cached by content)', () => {
    const { token, posterId } = issuePosterToken(key);
    expect(verifyPosterToken(Buffer.from(key), token)).toEqual({ posterId });
  });

  it('rejects a token signed with another key', () => {
    const { token } = issuePosterToken(randomBytes(32));
    expect(verifyPosterToken(key, token)).toBeNull();
  });

  it('rejects every single-character change anywhere in the token', () => {
    const { token } = issuePosterToken(key);
    for (let position = 0; position < token.length; position++) {
      for (const replacement of ['A', 'g', '-', '_', '9']) {
        if (token[position] === replacement) continue;
        const tampered = token.slice(0, position) + replacement + token.slice(position + 1);
        expect(verifyPosterToken(key, tampered), `position ${position} → ${replacement}`).toBeNull();
      }
    }
  });

  it('rejects a forged token: a random id with a random tag', () => {
    const forgedId = randomBytes(16).toString('base64url');
    const forgedTag = randomBytes(12).toString('base64url');
    expect(verifyPosterToken(key, forgedId + forgedTag)).toBeNull();
  });

  it('rejects a valid tag moved onto another poster id', () => {
    const first = issuePosterToken(key);
    const second = issuePosterToken(key);
    const spliced = second.posterId + first.token.slice(POSTER_ID_LENGTH);
    expect(verifyPosterToken(key, spliced)).toBeNull();
  });

  it('rejects a non-canonical spelling of the same poster id bytes', () => {
    const { token } = issuePosterToken(key);
    const lastIdCharacter = token[POSTER_ID_LENGTH - 1] ?? 'A';
    // The last id character carries 2 data bits (its top bits); setting a low bit keeps the decoded bytes.
    const sameBytes = BASE64URL[BASE64URL.indexOf(lastIdCharacter) | 1] ?? 'B';
    const variant = token.slice(0, POSTER_ID_LENGTH - 1) + sameBytes + token.slice(POSTER_ID_LENGTH);
    expect(Buffer.from(variant.slice(0, POSTER_ID_LENGTH), 'base64url')).toEqual(Buffer.from(token.slice(0, POSTER_ID_LENGTH), 'base64url'));
    expect(verifyPosterToken(key, variant)).toBeNull();
  });

  it('rejects truncated, extended and garbage tokens without throwing', () => {
    const { token } = issuePosterToken(key);
    const garbage = [
      '',
      token.slice(0, -1),
      token.slice(0, POSTER_ID_LENGTH),
      `${token}A`,
      ` ${token.slice(1)}`,
      `${token.slice(0, -1)}=`,
      `${token.slice(0, -1)}+`,
      `${token.slice(0, -1)}/`,
      `${token.slice(0, -1)}é`,
      `${token.slice(0, -2)}😀`,
      token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase(),
      '../../etc/passwd',
      'A'.repeat(POSTER_TOKEN_LENGTH),
      'x'.repeat(10_000),
      '\u0000'.repeat(POSTER_TOKEN_LENGTH),
    ];
    for (const candidate of garbage) {
      expect(() => verifyPosterToken(key, candidate)).not.toThrow();
      expect(verifyPosterToken(key, candidate), JSON.stringify(candidate)).toBeNull();
    }
    // A JavaScript caller passing a non-string still gets null.
    expect(verifyPosterToken(key, undefined as unknown as string)).toBeNull();
  });

  it('refuses a master key shorter than 32 bytes (configuration error, fails fast)', () => {
    expect(() => issuePosterToken(randomBytes(16))).toThrow(RangeError);
    expect(() => verifyPosterToken(randomBytes(31), 'x')).toThrow(RangeError);
  });

  it('builds the check-in URL under PUBLIC_URL with or without a trailing slash', () => {
    expect(checkInUrlFor('https://jagabaya.example.id', 'TOKEN')).toBe('https://jagabaya.example.id/c/TOKEN');
    expect(checkInUrlFor('https://jagabaya.example.id/', 'TOKEN')).toBe('https://jagabaya.example.id/c/TOKEN');
    expect(checkInUrlFor('https://example.id/jagabaya//', 'TOKEN')).toBe('https://example.id/jagabaya/c/TOKEN');
  });

  it('recomputes the token of a stored poster id, and refuses what is not a poster id', () => {
    const { posterId, token } = issuePosterToken(key);
    expect(posterTokenFor(key, posterId)).toBe(token);
    expect(posterTokenFor(Buffer.from(key), posterId)).toBe(token);
    expect(posterTokenFor(randomBytes(32), posterId)).not.toBe(token);
    expect(() => posterTokenFor(key, 'short')).toThrow(RangeError);
    expect(() => posterTokenFor(key, `${posterId.slice(0, 21)}B`)).toThrow(RangeError);
  });
});
