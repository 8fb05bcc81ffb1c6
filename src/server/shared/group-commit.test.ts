import { describe, expect, it } from 'vitest';
import { GroupCommitter } from './group-commit.js';

describe('group commit', () => {
  it('batches what arrives together and settles each caller after its batch', async () => {
    const batches: number[][] = [];
    const committer = new GroupCommitter<number, number>(async (items) => {
      batches.push(items);
      await new Promise((r) => setTimeout(r, 5));
      return items.map((i) => i * 10);
    });
    const first = await Promise.all([1, 2, 3].map((i) => committer.submit(i)));
    expect(first).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
    // Items submitted while a batch is being written form the next batch.
    const a = committer.submit(4);
    await new Promise((r) => setImmediate(r));
    const rest = [5, 6].map((i) => committer.submit(i));
    expect(await Promise.all([a, ...rest])).toEqual([40, 50, 60]);
    expect(batches).toEqual([[1, 2, 3], [4], [5, 6]]);
  });

  it('a failed batch rejects every caller in it and the next batch still runs', async () => {
    let fail = true;
    const committer = new GroupCommitter<number, number>(async (items) => {
      if (fail) {
        fail = false;
        throw new Error('disk full');
      }
      return items;
    });
    const results = await Promise.allSettled([committer.submit(1), committer.submit(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await committer.submit(3)).toBe(3);
  });

  it('splits large queues into batches of at most maxBatch', async () => {
    const sizes: number[] = [];
    const committer = new GroupCommitter<number, number>(async (items) => {
      sizes.push(items.length);
      return items;
    }, 4);
    await Promise.all(Array.from({ length: 10 }, (_, i) => committer.submit(i)));
    expect(sizes).toEqual([4, 4, 2]);
  });
});
