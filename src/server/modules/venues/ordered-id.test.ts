import { describe, expect, it } from 'vitest';
import { ID_PATTERN } from '../../shared/ids.js';
import { orderedId } from './ordered-id.js';

describe('orderedId', () => {
  it('is a UUIDv7 that sorts in creation order, also within one millisecond and when the clock steps back', () => {
    const t = Date.parse('2026-11-29T02:00:00Z');
    const ids = [orderedId(t), orderedId(t), orderedId(t), orderedId(t - 5), ...Array.from({ length: 5000 }, () => orderedId(t)), orderedId(t + 1)];
    for (const id of ids) expect(id).toMatch(new RegExp(ID_PATTERN));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
