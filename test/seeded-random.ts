/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same sequence, so a test's or a
 * benchmark's random data is reproducible. Answers numbers in [0, 1). Not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
