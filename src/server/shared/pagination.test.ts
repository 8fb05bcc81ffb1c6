import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { decodeCursor, encodeCursor, pageOf } from './pagination.js';

describe('keyset pagination', () => {
  it('round-trips a key of several parts, names with spaces and colons included', () => {
    const cursor = encodeCursor('Warung Bu Made: Sanur', '0190a1b2-0000-7000-8000-000000000001');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 2)).toEqual(['Warung Bu Made: Sanur', '0190a1b2-0000-7000-8000-000000000001']);
    expect(decodeCursor(encodeCursor(1_700_000_000_000, 'x'), 2)).toEqual(['1700000000000', 'x']);
  });

  it('is byte-compatible with the venue list cursors (name NUL id) and the user list cursors (username)', () => {
    expect(encodeCursor('Pasar Badung', 'id1')).toBe(Buffer.from('Pasar Badung\u0000id1').toString('base64url'));
    expect(encodeCursor('admin')).toBe(Buffer.from('admin').toString('base64url'));
  });

  it('answers no cursor with undefined and a malformed one with a 400 on the cursor field', () => {
    expect(decodeCursor(undefined, 2)).toBeUndefined();
    expect(decodeCursor('', 2)).toBeUndefined();
    const err = (() => {
      try {
        decodeCursor(encodeCursor('only-one-part'), 2);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
  });

  it('keeps limit rows of limit + 1 and makes the next cursor from the last one kept', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(pageOf(rows, 2, (r) => encodeCursor(r.id), (r) => r.id)).toEqual({ items: ['a', 'b'], nextCursor: encodeCursor('b') });
    expect(pageOf(rows, 3, (r) => encodeCursor(r.id))).toEqual({ items: rows, nextCursor: null });
    expect(pageOf([], 3, () => 'x')).toEqual({ items: [], nextCursor: null });
  });
});
