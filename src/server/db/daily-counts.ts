import { sql, type Kysely } from 'kysely';
import type { SplitTotal } from '../shared/daily-rollup.js';
import type { Db } from './kysely.js';

/*
 * The one shape of the daily count tables (the roll-ups of issue #17): rows keyed by a few text columns and a local
 * day (YYYY-MM-DD), holding one integer count. It knows no domain: each owning module's repository names its own
 * table and columns (`checkin_daily_desa`, `case_daily_desa`, …) and keeps its own rules of what counts.
 *
 *   add          sums deltas per key and day and writes them in one upsert, rows sorted by key (a fixed lock order,
 *                so two batches never wait on each other in opposite orders), in the caller's transaction
 *   perDay       the rows of a day range, for the keys under a region prefix (itself and below; '' for all) or in a list
 *   splitTotals  per region of `codeLength` characters (codes are hierarchical prefixes: a kecamatan 8, a kota 5) and
 *                day, split for suppression: how many rows count 1 to below − 1 (`small`), and the exact sum of the
 *                others (`exact`), in one grouped query
 */

/** A table's own rows are typed by its owner; here a row is only named columns. */
type LooseDb = Kysely<Record<string, Record<string, string | number | null>>>;

export interface DailyCountSpec<K extends string> {
  table: string;
  /** The key columns besides `day`; the conflict target is (…keys, day) in this order. */
  keys: readonly K[];
  /** The integer column that holds the count. */
  count: string;
  /** Columns written when a row is first made and left alone after (e.g. a venue's desa). */
  insertOnly?: readonly string[];
}

export type DailyKey<K extends string> = { readonly [P in K]: string } & { readonly day: string };
export type DailyDelta<K extends string> = DailyKey<K> & { readonly delta: number; readonly insertOnly?: Readonly<Record<string, string>> };
export type DailyRow<K extends string> = DailyKey<K> & { count: number };

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function dailyCountTable<K extends string>(spec: DailyCountSpec<K>) {
  for (const name of [spec.table, spec.count, ...spec.keys, ...(spec.insertOnly ?? [])]) {
    if (!IDENTIFIER.test(name)) throw new Error(`dailyCountTable: bad identifier ${name}`);
  }
  const { table, keys, count } = spec;
  const columns = [...keys, 'day'] as const;
  const keyOf = (row: DailyKey<K>) => columns.map((c) => (row as Record<string, string>)[c]).join('|');

  return {
    async add(db: Db, deltas: readonly DailyDelta<K>[]): Promise<void> {
      const summed = new Map<string, Record<string, string | number>>();
      for (const d of deltas) {
        const k = keyOf(d);
        const row = summed.get(k);
        if (row) row[count] = Number(row[count]) + d.delta;
        else {
          const fresh: Record<string, string | number> = { ...d.insertOnly, [count]: d.delta };
          for (const c of columns) fresh[c] = (d as Record<string, string>)[c]!;
          summed.set(k, fresh);
        }
      }
      const rows = [...summed.entries()]
        .filter(([, row]) => row[count] !== 0)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, row]) => row);
      if (rows.length === 0) return;
      await (db as unknown as LooseDb)
        .insertInto(table)
        .values(rows)
        .onConflict((oc) => oc.columns([...columns]).doUpdateSet({ [count]: sql<number>`${sql.ref(`${table}.${count}`)} + excluded.${sql.ref(count)}` }))
        .execute();
    },

    /** Rows of [fromDay, toDay] whose `column` lies under `scope` (a region code: itself and below; '' for all) or is one of a list. */
    async perDay(db: Db, column: K, scope: string | readonly string[], fromDay: string, toDay: string): Promise<DailyRow<K>[]> {
      if (typeof scope !== 'string' && scope.length === 0) return [];
      let q = (db as unknown as LooseDb)
        .selectFrom(table)
        .select([...columns, count])
        .where('day', '>=', fromDay)
        .where('day', '<=', toDay);
      const c: string = column;
      if (typeof scope !== 'string') q = q.where(c, 'in', [...scope]).orderBy(c).orderBy('day');
      else if (scope !== '') q = q.where((eb) => eb.or([eb(c, '=', scope), eb(c, 'like', `${scope}.%`)]));
      const rows = await q.execute();
      return rows.map((r) => {
        const out: Record<string, string | number> = { count: Number(r[count]) };
        for (const c of columns) out[c] = String(r[c]);
        return out as DailyRow<K>;
      });
    },

    /**
     * perDay with one key column (`by`, e.g. the band) turned into columns: one row per other key and day, its counts
     * in the order of `values` (0 for a value without a row). A quarter of the rows when `by` has four values.
     */
    async perDayAcross(db: Db, column: K, scope: string, fromDay: string, toDay: string, by: K, values: readonly string[]): Promise<({ readonly [P in K]?: string } & { day: string; counts: number[] })[]> {
      const rest = keys.filter((k) => k !== by);
      const n = sql.ref(count);
      let q = (db as unknown as LooseDb)
        .selectFrom(table)
        .select([...rest, 'day', ...values.map((v, i) => sql<number>`sum(case when ${sql.ref(by)} = ${v} then ${n} else 0 end)`.as(`c${i}`))])
        .where('day', '>=', fromDay)
        .where('day', '<=', toDay)
        .groupBy([...rest, 'day']);
      const c: string = column;
      if (scope !== '') q = q.where((eb) => eb.or([eb(c, '=', scope), eb(c, 'like', `${scope}.%`)]));
      const rows = (await q.execute()) as Record<string, string | number | null>[];
      return rows.map((r) => {
        const out: Record<string, string | number[]> = { day: String(r.day), counts: values.map((_, i) => Number(r[`c${i}`])) };
        for (const k of rest) out[k] = String(r[k]);
        return out as { readonly [P in K]?: string } & { day: string; counts: number[] };
      });
    },

    /** With `by`, one total per value of that key column too (e.g. per band); its value comes back as `by`. */
    async splitTotals(db: Db, regionColumn: K, codeLength: number, below: number, fromDay: string, toDay: string, by?: K): Promise<(SplitTotal & { by?: string })[]> {
      // Literals (integers checked): PostgreSQL must see the same expression in the select list and the grouping.
      if (!Number.isInteger(codeLength) || !Number.isInteger(below)) throw new Error('codeLength and below must be integers');
      const n = sql.ref(count);
      const small = sql<number>`sum(case when ${n} between 1 and ${sql.lit(below - 1)} then 1 else 0 end)`;
      const exact = sql<number>`sum(case when ${n} between 1 and ${sql.lit(below - 1)} then 0 else ${n} end)`;
      const key = sql<string>`substr(${sql.ref(regionColumn)}, 1, ${sql.lit(codeLength)})`;
      const group = by === undefined ? [] : [sql.ref(by)];
      const rows = await (db as unknown as LooseDb)
        .selectFrom(table)
        .select([key.as('key'), 'day', ...group.map((g) => g.as('by')), small.as('small'), exact.as('exact')])
        .where('day', '>=', fromDay)
        .where('day', '<=', toDay)
        .groupBy([key, 'day', ...group])
        .execute();
      return rows.map((r) => ({ key: String(r.key), day: String(r.day), exact: Number(r.exact), small: Number(r.small), ...(by === undefined ? {} : { by: String(r.by) }) }));
    },
  };
}

export type DailyCountTable<K extends string> = ReturnType<typeof dailyCountTable<K>>;
