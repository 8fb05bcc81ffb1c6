/**
 * Shared rules of the daily roll-ups (issue #17): a desa is the first four parts of a region code (a banjar's code
 * extends its desa's: 51.71.01.1001.03 lies in 51.71.01.1001), the same rule the migration's backfill applies with
 * substr(code, 1, 13).
 */
export function desaOf(regionCode: string): string {
  return regionCode.split('.').slice(0, 4).join('.');
}

/** Sums counts by key: a batch's rows become one upsert per key. */
export function tally<K extends string>(keys: Iterable<K>): Map<K, number> {
  const out = new Map<K, number>();
  for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

/**
 * A region's total of one day over its desa, split for suppression (issue #17): `small` desa counted 1 to below − 1,
 * and the exact sum of the others. Read per kecamatan or kota in one grouped query instead of every desa row.
 */
export interface SplitTotal {
  key: string;
  day: string;
  exact: number;
  small: number;
}
