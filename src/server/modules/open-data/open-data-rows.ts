/*
 * The open data's rows (issue #17), pure: daily figures per desa, kecamatan or kota from the owners' roll-ups, with
 * small counts suppressed so nobody can be singled out.
 *
 * Primary suppression: a desa's count from 1 to 4 is published as the string "<5"; 0 and 5 or more as numbers.
 *
 * Secondary suppression (kecamatan and kota): a total is the sum of its desa. Published exactly, a total would give
 * away a suppressed desa by subtraction (total − the other desa's published counts). So a total is exact only when
 * none of its desa is suppressed (then each is 0 or ≥ 5, and so is the sum); when one or more is, the total is
 * published as the lower bound "≥N", N = the exact desa's sum + 1 per suppressed desa. Anyone can compute that bound
 * from the desa table alone, so it adds nothing: a total never tells more than its desa rows do. Every level uses
 * the desa as its parts (a kota total is not built from kecamatan totals), so the levels agree with one another.
 */

import { csvCell } from '../../shared/csv.js';

export type PublishedCount = number | '<5' | `≥${number}`;

export const SUPPRESS_BELOW = 5;

export function publishCount(n: number): PublishedCount {
  return n >= 1 && n < SUPPRESS_BELOW ? '<5' : n;
}

/** A total over desa counts (secondary suppression, above). */
export function publishTotal(parts: readonly number[]): PublishedCount {
  let exact = 0;
  let small = 0;
  for (const n of parts) {
    if (n >= 1 && n < SUPPRESS_BELOW) small += 1;
    else exact += n;
  }
  return publishSplit({ exact, small });
}

/** A total given as the exact sum of its unsuppressed desa and the number of suppressed ones (grouped in SQL). */
export function publishSplit(total: { exact: number; small: number }): PublishedCount {
  return total.small === 0 ? total.exact : `≥${total.exact + total.small}`;
}

export const ZONE_SEVERITY = ['green', 'yellow', 'orange', 'red'] as const;

/** A total's zone colour: the most severe of its desa's colours that day (null when none has a zone yet). */
export function worstColour(colours: readonly (string | null)[]): string | null {
  let worst = -1;
  for (const c of colours) worst = Math.max(worst, c === null ? -1 : ZONE_SEVERITY.indexOf(c as (typeof ZONE_SEVERITY)[number]));
  return worst < 0 ? null : ZONE_SEVERITY[worst]!;
}

export type OpenDataLevel = 'desa' | 'kecamatan' | 'kota';

export interface OpenDataRow {
  date: string;
  regionCode: string;
  regionName: string;
  zoneColour: string | null;
  activeCases: PublishedCount;
  newCases: PublishedCount;
  checkins: PublishedCount;
  violations: PublishedCount;
  venuesGreen: PublishedCount;
  venuesYellow: PublishedCount;
  venuesRed: PublishedCount;
  venuesGrey: PublishedCount;
}

/** The venue counts by compliance band, field by band (grey: not scored yet). */
export const BAND_FIELDS = { green: 'venuesGreen', yellow: 'venuesYellow', red: 'venuesRed', grey: 'venuesGrey' } as const;
type BandField = (typeof BAND_FIELDS)[keyof typeof BAND_FIELDS];
const BAND_FIELD_LIST = Object.values(BAND_FIELDS);

export interface DesaFigures extends Record<BandField, number> {
  zoneColour: string | null;
  activeCases: number;
  newCases: number;
  checkins: number;
  violations: number;
}

export interface OpenDataInput {
  days: readonly string[];
  /** Every desa/kelurahan with the kecamatan and kota it lies in. */
  desa: readonly { code: string; name: string; kecamatan: { code: string; name: string }; kota: { code: string; name: string } }[];
  /** `${desa}|${day}` → the desa's figures that day (missing: zero, no zone). */
  figures: ReadonlyMap<string, DesaFigures>;
}

const NONE: DesaFigures = { zoneColour: null, activeCases: 0, newCases: 0, checkins: 0, violations: 0, venuesGreen: 0, venuesYellow: 0, venuesRed: 0, venuesGrey: 0 };
export const noFigures = (): DesaFigures => ({ ...NONE });

export function openDataRows(level: OpenDataLevel, input: OpenDataInput): OpenDataRow[] {
  const groups = new Map<string, { code: string; name: string; desa: string[] }>();
  for (const d of input.desa) {
    const g = level === 'desa' ? { code: d.code, name: d.name } : level === 'kecamatan' ? d.kecamatan : d.kota;
    const entry = groups.get(g.code) ?? { ...g, desa: [] };
    entry.desa.push(d.code);
    groups.set(g.code, entry);
  }
  const ordered = [...groups.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const rows: OpenDataRow[] = [];
  for (const day of input.days) {
    for (const g of ordered) {
      const parts = g.desa.map((code) => input.figures.get(`${code}|${day}`) ?? NONE);
      const count = (pick: (f: DesaFigures) => number) => (level === 'desa' ? publishCount(pick(parts[0]!)) : publishTotal(parts.map(pick)));
      rows.push({
        date: day,
        regionCode: g.code,
        regionName: g.name,
        zoneColour: level === 'desa' ? parts[0]!.zoneColour : worstColour(parts.map((p) => p.zoneColour)),
        activeCases: count((f) => f.activeCases),
        newCases: count((f) => f.newCases),
        checkins: count((f) => f.checkins),
        violations: count((f) => f.violations),
        ...bandCounts((field) => count((f) => f[field])),
      });
    }
  }
  return rows;
}

export interface Split {
  exact: number;
  small: number;
}

const bandCounts = (count: (field: BandField) => PublishedCount) => Object.fromEntries(BAND_FIELD_LIST.map((field) => [field, count(field)])) as Record<BandField, PublishedCount>;

export interface GroupFigures extends Record<BandField, Split> {
  zoneColour: string | null;
  activeCases: Split;
  newCases: Split;
  checkins: Split;
  violations: Split;
}

const NO_SPLIT: Split = { exact: 0, small: 0 };

/**
 * Kecamatan or kota rows from totals already split per region and day (the owners group their desa rows in SQL: one
 * row per region and day instead of one per desa), published with the same rule as publishTotal.
 */
export function openDataTotalRows(input: { days: readonly string[]; groups: readonly { code: string; name: string }[]; totals: ReadonlyMap<string, Partial<GroupFigures>> }): OpenDataRow[] {
  const ordered = [...input.groups].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const rows: OpenDataRow[] = [];
  for (const day of input.days) {
    for (const g of ordered) {
      const t = input.totals.get(`${g.code}|${day}`) ?? {};
      rows.push({
        date: day,
        regionCode: g.code,
        regionName: g.name,
        zoneColour: t.zoneColour ?? null,
        activeCases: publishSplit(t.activeCases ?? NO_SPLIT),
        newCases: publishSplit(t.newCases ?? NO_SPLIT),
        checkins: publishSplit(t.checkins ?? NO_SPLIT),
        violations: publishSplit(t.violations ?? NO_SPLIT),
        ...bandCounts((field) => publishSplit(t[field] ?? NO_SPLIT)),
      });
    }
  }
  return rows;
}

/*
 * The desa table at scale (a year of every desa: ~16 000 rows for the shipped regions, ~180 000 for a city of 500 desa)
 * built without an object per desa-day: the figures sit in typed arrays indexed by day offset × desa position, and
 * the body (JSON or CSV) is written directly, cell by cell, from cells computed once per distinct value. The output is
 * exactly what openDataRows and JSON.stringify / toCsv give (test/api/open-data-grid.test.ts compares them).
 */

/** The counted fields of a row, in the order of the schema (after date, region and zone colour). */
export const COUNT_FIELDS = ['activeCases', 'newCases', 'checkins', 'violations', 'venuesGreen', 'venuesYellow', 'venuesRed', 'venuesGrey'] as const;
export type CountField = (typeof COUNT_FIELDS)[number];

export class DesaGrid {
  readonly desa: readonly { code: string; name: string }[];
  readonly counts: Record<CountField, Float64Array>;
  readonly zones: (string | null)[];
  private readonly dayAt = new Map<string, number>();
  private readonly desaAt = new Map<string, number>();

  /** `desa` in any order (sorted here by code, as the rows are); a desa code given twice keeps its first name. */
  constructor(
    readonly days: readonly string[],
    desa: readonly { code: string; name: string }[],
  ) {
    const unique = new Map<string, { code: string; name: string }>();
    for (const d of desa) if (!unique.has(d.code)) unique.set(d.code, { code: d.code, name: d.name });
    this.desa = [...unique.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    this.desa.forEach((d, i) => this.desaAt.set(d.code, i));
    days.forEach((day, i) => this.dayAt.set(day, i));
    const size = days.length * this.desa.length;
    this.counts = Object.fromEntries(COUNT_FIELDS.map((f) => [f, new Float64Array(size)])) as Record<CountField, Float64Array>;
    this.zones = new Array<string | null>(size).fill(null);
  }

  /** The cell of a desa and day, or -1 when either is outside the table (such rows are not published). */
  cell(code: string, day: string): number {
    const d = this.dayAt.get(day);
    const i = this.desaAt.get(code);
    return d === undefined || i === undefined ? -1 : d * this.desa.length + i;
  }

  add(field: CountField, code: string, day: string, n: number): void {
    const c = this.cell(code, day);
    if (c >= 0) this.counts[field][c]! += n;
  }

  setZone(code: string, day: string, colour: string | null, activeCases: number): void {
    const c = this.cell(code, day);
    if (c < 0) return;
    this.zones[c] = colour;
    this.counts.activeCases[c] = activeCases;
  }

  /** The rows as openDataRows('desa', …) gives them, serialised as JSON.stringify would. */
  toJson(): string {
    return joinJsonDays(this.jsonDays());
  }

  /** The rows as CSV lines (toCsv's quoting, CRLF after each), without the header. */
  toCsvLines(): string {
    return this.csvDays().join('');
  }

  /** Each day's rows as JSON objects joined by commas, without brackets, in the order of `days` (joinJsonDays). */
  jsonDays(): string[] {
    const jsonOf = memo((v: string | number | null) => JSON.stringify(v));
    const regions = this.desa.map((d) => `,"regionCode":${JSON.stringify(d.code)},"regionName":${JSON.stringify(d.name)},"zoneColour":`);
    const names = COUNT_FIELDS.map((f) => `,${JSON.stringify(f)}:`);
    return this.writeDays(',', (day) => `{"date":${JSON.stringify(day)}`, regions, (zone) => jsonOf(zone), names, (v) => jsonOf(v), '}');
  }

  /** Each day's rows as CSV lines, in the order of `days`. */
  csvDays(): string[] {
    const cellOf = memo((v: string | number | null) => csvCell(v));
    const regions = this.desa.map((d) => `,${cellOf(d.code)},${cellOf(d.name)},`);
    const names = COUNT_FIELDS.map(() => ',');
    return this.writeDays('', (day) => cellOf(day), regions, (zone) => cellOf(zone), names, (v) => cellOf(v), '\r\n');
  }

  private writeDays(
    between: string,
    dayPart: (day: string) => string,
    regionParts: readonly string[],
    zonePart: (zone: string | null) => string,
    fieldParts: readonly string[],
    value: (v: PublishedCount) => string,
    end: string,
  ): string[] {
    const out: string[] = [];
    const n = this.desa.length;
    const arrays = COUNT_FIELDS.map((f) => this.counts[f]);
    for (let d = 0; d < this.days.length; d++) {
      const day = dayPart(this.days[d]!);
      const rows: string[] = [];
      for (let i = 0; i < n; i++) {
        const c = d * n + i;
        let row = day + regionParts[i]! + zonePart(this.zones[c] ?? null);
        for (let f = 0; f < arrays.length; f++) row += fieldParts[f]! + value(publishCount(arrays[f]![c]!));
        rows.push(row + end);
      }
      out.push(rows.join(between));
    }
    return out;
  }
}

/** A JSON array of rows from days' texts (each the day's objects joined by commas; '' for a day without rows). */
export function joinJsonDays(days: readonly string[]): string {
  let out = '[';
  let first = true;
  for (const d of days) {
    if (d === '') continue;
    out += first ? d : `,${d}`;
    first = false;
  }
  return `${out}]`;
}

function memo<V extends string | number | null>(f: (v: V) => string): (v: V) => string {
  const seen = new Map<V, string>();
  return (v) => {
    let s = seen.get(v);
    if (s === undefined) seen.set(v, (s = f(v)));
    return s;
  };
}
