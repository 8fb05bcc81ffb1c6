import { createHash } from 'node:crypto';
import type { Db } from '../../db/kysely.js';
import { primaryReads, type ReadSource } from '../../db/read-replica.js';
import type { CheckinRollups } from '../checkins/index.js';
import type { CaseRollups } from '../tracing/index.js';
import type { ViolationRollups } from '../enforcement/index.js';
import type { VenueBandRollups } from '../venues/index.js';
import type { ZoneHistoryReader } from '../policies/index.js';
import { isVillage, type RegionsService } from '../regions/index.js';
import type { Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import { csvLine } from '../../shared/csv.js';
import { addDaysToDate, localDate } from '../../shared/local-time.js';
import { BAND_FIELDS, DesaGrid, joinJsonDays, openDataTotalRows, SUPPRESS_BELOW, type GroupFigures, type OpenDataInput, type OpenDataLevel, type OpenDataRow } from './open-data-rows.js';
import type { OpenDataDays, PublishedDay } from './open-data.repository.js';

/** The longest range one request may ask for (days, both ends included). */
export const MAX_RANGE_DAYS = 366;
/** How long an answer is reused (and how long a browser or a proxy may keep it). */
export const CACHE_SECONDS = 300;
const CACHE_ENTRIES = 200;
/** How far back the publish job keeps days written (two years of history, the dashboards' and the issue's). */
export const PUBLISHED_DAYS = 730;
const LEVELS: readonly OpenDataLevel[] = ['desa', 'kecamatan', 'kota'];

export const OPEN_DATA_LICENCE = { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' } as const;
// Fields are only ever added, at the end (docs/open-data.md: a stable schema).
export const CSV_COLUMNS = ['date', 'regionCode', 'regionName', 'zoneColour', 'activeCases', 'newCases', 'checkins', 'violations', 'venuesGreen', 'venuesYellow', 'venuesRed', 'venuesGrey'] as const;

export interface DailyQuery {
  from?: string;
  to?: string;
  level?: OpenDataLevel;
  format?: 'json' | 'csv';
}

export interface CachedAnswer {
  body: string;
  etag: string;
  contentType: string;
  fileName: string;
}

/** What the open data reads, on one database: the owners' roll-ups and the published days (open-data.repository.ts). */
export interface OpenDataSources {
  checkins: CheckinRollups;
  cases: CaseRollups;
  violations: ViolationRollups;
  venueBands: VenueBandRollups;
  zones: ZoneHistoryReader;
  published: OpenDataDays;
}

export interface OpenDataDeps {
  regions: RegionsService;
  /** The primary: the publish job reads and writes there. */
  db: Db;
  /** Where a request reads (the replica when READ_DATABASE_URL is set and within its lag; db/read-replica.ts). */
  reads?: ReadSource;
  sources: (db: Db) => OpenDataSources;
  clock: Clock;
  timeZone: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (d: string) => DATE.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * The public open data (issue #17): daily figures per desa, kecamatan or kota from the owners' roll-ups (checkins,
 * tracing, enforcement, venues) and the policies module's zone history, suppressed (open-data-rows.ts).
 *
 * Settled days (before yesterday) are served from their published text (open_data_days, written by `publish`, which
 * the hourly job runs): a year of every desa is 366 stored texts joined, not 78 000 roll-up rows read and 16 000 rows
 * built. Yesterday, today and any day not published yet are built from the roll-ups on the request. The two give the
 * same bytes (test/api/open-data-published.test.ts); a correction to a settled day shows once the job has run again.
 * Answers are kept in process per query for CACHE_SECONDS, so a newspaper linking the file costs the database one
 * read per five minutes per process; each carries a strong ETag of its body.
 */
export function createOpenDataService(deps: OpenDataDeps) {
  const cache = new Map<string, { at: number; answer: CachedAnswer }>();
  const reads = deps.reads ?? primaryReads(deps.db);
  const today = () => localDate(deps.clock.now(), deps.timeZone);
  /** The last day served from its published text: the day before yesterday (offline check-ins reach yesterday until noon). */
  const lastSettledDay = () => addDaysToDate(today(), -2);

  /** The query's days, checked: real dates, from ≤ to, at most MAX_RANGE_DAYS; by default yesterday. */
  function range(query: DailyQuery): { from: string; to: string } {
    const yesterday = addDaysToDate(today(), -1);
    const to = query.to ?? (query.from && isRealDate(query.from) && query.from > yesterday ? query.from : yesterday);
    const from = query.from ?? to;
    const errors: { field: string; messageKey: 'validation.invalidDate' | 'validation.endBeforeStart' | 'validation.rangeTooLong'; params?: Record<string, string | number> }[] = [];
    if (!isRealDate(from)) errors.push({ field: 'from', messageKey: 'validation.invalidDate' });
    if (!isRealDate(to)) errors.push({ field: 'to', messageKey: 'validation.invalidDate' });
    if (errors.length === 0 && to < from) errors.push({ field: 'to', messageKey: 'validation.endBeforeStart', params: { start: from } });
    if (errors.length === 0 && daysBetween(from, to) + 1 > MAX_RANGE_DAYS) errors.push({ field: 'to', messageKey: 'validation.rangeTooLong', params: { days: MAX_RANGE_DAYS } });
    if (errors.length > 0) throw problems.validation(errors);
    return { from, to };
  }

  /** Every desa/kelurahan with the kecamatan and kota it lies in. */
  async function desaList(): Promise<OpenDataInput['desa'][number][]> {
    const regions = await deps.regions.list({});
    const byCode = new Map(regions.map((r) => [r.code, r]));
    return regions
      .filter((r) => isVillage(r.type))
      .flatMap((r) => {
        const kec = r.parentCode ? byCode.get(r.parentCode) : undefined;
        const kota = kec?.parentCode ? byCode.get(kec.parentCode) : undefined;
        return kec && kota ? [{ code: r.code, name: r.name, kecamatan: { code: kec.code, name: kec.name }, kota: { code: kota.code, name: kota.name } }] : [];
      });
  }

  function daysOf(from: string, to: string): string[] {
    const days: string[] = [];
    for (let d = from; d <= to; d = addDaysToDate(d, 1)) days.push(d);
    return days;
  }

  /** The answer's body: the published days' texts and the others built now, joined in order of day. */
  async function body(src: OpenDataSources, level: OpenDataLevel, from: string, to: string, format: 'json' | 'csv'): Promise<string> {
    const days = daysOf(from, to);
    const settled = lastSettledDay();
    const stored = from <= settled ? await src.published.texts(level, from, to < settled ? to : settled, format) : new Map<string, string>();
    const texts = days.map((d) => stored.get(d));
    for (let i = 0; i < texts.length; i++) {
      if (texts[i] !== undefined) continue;
      let j = i;
      while (j + 1 < texts.length && texts[j + 1] === undefined) j++;
      const built = (await dayTexts(src, level, days[i]!, days[j]!))[format];
      for (let k = i; k <= j; k++) texts[k] = built[k - i]!;
      i = j;
    }
    const all = texts as string[];
    return format === 'csv' ? `\uFEFF${csvLine(CSV_COLUMNS)}${all.join('')}` : joinJsonDays(all);
  }

  /** Each day's rows of [from, to] built from the roll-ups, as JSON (objects joined by commas) and as CSV lines. */
  async function dayTexts(src: OpenDataSources, level: OpenDataLevel, from: string, to: string): Promise<{ json: string[]; csv: string[] }> {
    const desa = await desaList();
    const days = daysOf(from, to);
    if (level === 'desa') {
      const grid = await desaGrid(src, desa, days, from, to);
      return { json: grid.jsonDays(), csv: grid.csvDays() };
    }
    const rows = await totalRows(src, level, desa, days, from, to);
    const byDay = new Map<string, OpenDataRow[]>(days.map((d) => [d, []]));
    for (const r of rows) byDay.get(r.date)?.push(r);
    const perDay = days.map((d) => byDay.get(d)!);
    return {
      json: perDay.map((rs) => rs.map((r) => JSON.stringify(r)).join(',')),
      csv: perDay.map((rs) => rs.map((r) => csvLine(CSV_COLUMNS.map((c) => r[c]))).join('')),
    };
  }

  /**
   * Writes the published text of every settled day of the last PUBLISHED_DAYS, at every level, where it changed (by
   * digest): the first run writes them all, later runs the days a correction reached. Returns what it wrote.
   */
  async function publish(): Promise<{ through: string; written: number }> {
    // On the primary: what was just corrected, not what a lagging replica has.
    const src = deps.sources(deps.db);
    const through = lastSettledDay();
    const first = addDaysToDate(through, -(PUBLISHED_DAYS - 1));
    let written = 0;
    for (let from = first; from <= through; from = addDaysToDate(from, MAX_RANGE_DAYS)) {
      const last = addDaysToDate(from, MAX_RANGE_DAYS - 1);
      const to = last < through ? last : through;
      const days = daysOf(from, to);
      for (const level of LEVELS) {
        const [texts, digests] = await Promise.all([dayTexts(src, level, from, to), src.published.digests(level, from, to)]);
        const changed: PublishedDay[] = [];
        days.forEach((day, i) => {
          const json = texts.json[i]!;
          const csv = texts.csv[i]!;
          const digest = createHash('sha256').update(json).update('\0').update(csv).digest('base64url').slice(0, 22);
          if (digests.get(day) !== digest) changed.push({ level, day, digest, json, csv });
        });
        await src.published.write(changed, deps.clock.now());
        written += changed.length;
      }
    }
    return { through, written };
  }

  async function desaGrid(src: OpenDataSources, desa: readonly { code: string; name: string }[], days: readonly string[], from: string, to: string): Promise<DesaGrid> {
    const [zones, checkins, cases, violations, bands] = await Promise.all([
      src.zones.zonesPerDay('', from, to),
      src.checkins.checkinsPerDay('', from, to),
      src.cases.newCasesPerDay('', from, to),
      src.violations.violationsPerDay('', from, to),
      src.venueBands.venuesAcrossBandsPerDay('', from, to),
    ]);
    const grid = new DesaGrid(days, desa);
    for (const z of zones) grid.setZone(z.regionCode, z.day, z.colour, z.activeCases);
    for (const c of checkins) grid.add('checkins', c.key, c.day, c.count);
    for (const c of cases) grid.add('newCases', c.key, c.day, c.count);
    for (const v of violations) grid.add('violations', v.key, v.day, v.count);
    for (const b of bands) for (const band of Object.keys(BAND_FIELDS) as (keyof typeof BAND_FIELDS)[]) grid.add(BAND_FIELDS[band], b.key, b.day, b.bands[band]);
    return grid;
  }

  /**
   * Kecamatan or kota rows: each owner sums its desa per region and day in SQL, split for suppression (region codes
   * are hierarchical prefixes, and the codes of one level have one length: 51.71 a kota, 51.71.01 a kecamatan).
   */
  async function totalRows(src: OpenDataSources, level: 'kecamatan' | 'kota', desa: { kecamatan: { code: string; name: string }; kota: { code: string; name: string } }[], days: string[], from: string, to: string): Promise<OpenDataRow[]> {
    const groups = [...new Map(desa.map((d) => [d[level].code, d[level]])).values()];
    if (groups.length === 0) return [];
    const length = groups[0]!.code.length;
    const [zones, checkins, cases, violations, bands] = await Promise.all([
      src.zones.zoneTotalsPerDay(length, SUPPRESS_BELOW, from, to),
      src.checkins.checkinTotalsPerDay(length, SUPPRESS_BELOW, from, to),
      src.cases.newCaseTotalsPerDay(length, SUPPRESS_BELOW, from, to),
      src.violations.violationTotalsPerDay(length, SUPPRESS_BELOW, from, to),
      src.venueBands.venueBandTotalsPerDay(length, SUPPRESS_BELOW, from, to),
    ]);
    const totals = new Map<string, Partial<GroupFigures>>();
    const at = (key: string, day: string) => {
      const k = `${key}|${day}`;
      let t = totals.get(k);
      if (!t) totals.set(k, (t = {}));
      return t;
    };
    for (const z of zones) Object.assign(at(z.key, z.day), { zoneColour: z.colour, activeCases: { exact: z.exact, small: z.small } });
    for (const c of checkins) at(c.key, c.day).checkins = { exact: c.exact, small: c.small };
    for (const c of cases) at(c.key, c.day).newCases = { exact: c.exact, small: c.small };
    for (const v of violations) at(v.key, v.day).violations = { exact: v.exact, small: v.small };
    for (const b of bands) at(b.key, b.day)[BAND_FIELDS[b.band]] = { exact: b.exact, small: b.small };
    return openDataTotalRows({ days, groups, totals });
  }

  return {
    range,
    publish,
    /** The answer for a query, from the cache when it is fresh. */
    async daily(query: DailyQuery): Promise<CachedAnswer> {
      const { from, to } = range(query);
      const level = query.level ?? 'desa';
      const format = query.format ?? 'json';
      const key = `${level}|${from}|${to}|${format}`;
      const now = deps.clock.now();
      const hit = cache.get(key);
      if (hit && now - hit.at < CACHE_SECONDS * 1000) return hit.answer;
      const text = await body(deps.sources(reads.db()), level, from, to, format);
      const answer: CachedAnswer = {
        body: text,
        etag: `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`,
        contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        fileName: `jaga-baya-${level}-${from}-${to}.${format}`,
      };
      cache.delete(key);
      cache.set(key, { at: now, answer });
      while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
      return answer;
    },
    /** Yesterday per kecamatan, for the public page (through the same cache). */
    async yesterdayPerKecamatan(): Promise<{ date: string; rows: OpenDataRow[] }> {
      const { to } = range({});
      const answer = await this.daily({ from: to, to, level: 'kecamatan', format: 'json' });
      return { date: to, rows: JSON.parse(answer.body) as OpenDataRow[] };
    },
  };
}

export type OpenDataService = ReturnType<typeof createOpenDataService>;
