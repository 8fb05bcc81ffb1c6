import { describe, expect, it } from 'vitest';
import { ID_PATTERN, newId } from './ids.js';

describe('newId', () => {
  // Moved from venues/ordered-id.test.ts: the one UUIDv7 source keeps the ordered ids' property.
  it('is a UUIDv7 that sorts in creation order, also within one millisecond and when the clock steps back', () => {
    const t = Date.parse('2026-11-29T02:00:00Z');
    const ids = [newId(t), newId(t), newId(t), newId(t - 5), ...Array.from({ length: 5000 }, () => newId(t)), newId(t + 1)];
    for (const id of ids) expect(id).toMatch(new RegExp(ID_PATTERN));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carries the given time in its first 48 bits', () => {
    const t = Date.parse('2030-01-01T00:00:00Z');
    expect(parseInt(newId(t).replace(/-/g, '').slice(0, 12), 16)).toBe(t);
  });
});
