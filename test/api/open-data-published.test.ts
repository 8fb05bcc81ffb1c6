// Issue #17, open data at scale: settled days (before yesterday) are served from their published text, which the
// hourly job writes from the roll-ups. Held here on both databases: the published answer is byte for byte the one
// built from the roll-ups, at every level and in both formats; a correction to a settled day shows only after the
// job has run again, and then only that day is rewritten; yesterday and today always come from the roll-ups.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, PEDUNGAN, SERANGAN, KESIMAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { seededRandom } from '../seeded-random.js';
import { addDaysToDate } from '../../src/server/shared/local-time.js';
import { PUBLISHED_DAYS } from '../../src/server/modules/open-data/open-data.service.js';

// The harness's clock: 2026-11-29 10:00 WITA, so yesterday is 11-28 and the last settled day 11-27.
const FROM = '2026-11-15';
const TO = '2026-11-29';
const LEVELS = ['desa', 'kecamatan', 'kota'] as const;
const FORMATS = ['json', 'csv'] as const;

describeEachDatabase('open data: published settled days', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // Figures on every day of the range for every desa, small counts (1–4) among them, zones and venue bands too.
    const db = t.database.db;
    const desa = (await db.selectFrom('regions').select('code').where('type', 'in', ['desa', 'kelurahan']).execute()).map((r) => r.code);
    const rand = seededRandom(17);
    for (let day = FROM; day <= TO; day = addDaysToDate(day, 1)) {
      const rows = desa.map((code) => ({ code, c: Math.floor(rand() * 12), n: Math.floor(rand() * 6), v: Math.floor(rand() * 7), a: Math.floor(rand() * 9), g: Math.floor(rand() * 8) }));
      await db.insertInto('checkin_daily_desa').values(rows.filter((r) => r.c > 0).map((r) => ({ region_code: r.code, day, checkins: r.c }))).execute();
      await db.insertInto('case_daily_desa').values(rows.filter((r) => r.n > 0).map((r) => ({ region_code: r.code, day, new_cases: r.n }))).execute();
      await db.insertInto('violation_daily_desa').values(rows.filter((r) => r.v > 0).map((r) => ({ region_code: r.code, day, violations: r.v }))).execute();
      await db.insertInto('venue_band_daily_desa').values(rows.filter((r) => r.g > 0).map((r) => ({ region_code: r.code, day, band: 'green', venues: r.g }))).execute();
      await db
        .insertInto('zone_history')
        .values(rows.map((r) => ({ region_code: r.code, date: day, active_cases: r.a, colour: ['green', 'yellow', 'orange', 'red'][r.a % 4]!, count_date: day, thresholds_version_id: null, computed_at: 0 })))
        .execute();
    }
  });
  afterAll(async () => t?.close());

  /** Every level and format of [FROM, TO], past the answer cache (5 minutes). */
  async function answers(): Promise<Record<string, string>> {
    t.clock.advance(301_000);
    const out: Record<string, string> = {};
    for (const level of LEVELS) {
      for (const format of FORMATS) {
        const res = await t.request({ method: 'GET', url: `/api/v1/open-data/daily?from=${FROM}&to=${TO}&level=${level}&format=${format}` });
        expect(res.statusCode, res.body).toBe(200);
        out[`${level}.${format}`] = res.body;
      }
    }
    return out;
  }
  const newCasesOf = (body: string, day: string, region: string) => (JSON.parse(body) as { date: string; regionCode: string; newCases: unknown }[]).find((r) => r.date === day && r.regionCode === region)?.newCases;

  it('answers the same bytes from the published days as from the roll-ups, at every level and in both formats', async () => {
    const built = await answers();
    const first = await t.services.openData.publish();
    expect(first).toEqual({ through: '2026-11-27', written: PUBLISHED_DAYS * LEVELS.length });
    const stored = await t.database.db.selectFrom('open_data_days').select(({ fn }) => [fn.min('day').as('first'), fn.max('day').as('last'), fn.countAll().as('n')]).executeTakeFirstOrThrow();
    expect({ ...stored, n: Number(stored.n) }).toEqual({ first: addDaysToDate('2026-11-27', -(PUBLISHED_DAYS - 1)), last: '2026-11-27', n: PUBLISHED_DAYS * LEVELS.length });
    const published = await answers();
    for (const key of Object.keys(built)) expect(published[key], key).toBe(built[key]);
    expect(JSON.parse(built['desa.json']!)).toHaveLength(15 * 43);
    // Nothing changed: the next run writes nothing.
    expect(await t.services.openData.publish()).toEqual({ through: '2026-11-27', written: 0 });
  });

  it('shows a correction to a settled day after the next run, rewriting only that day, and yesterday at once', async () => {
    const db = t.database.db;
    await t.services.openData.publish();
    const before = await answers();
    const settledBefore = newCasesOf(before['desa.json']!, '2026-11-20', SERANGAN);
    // Late reports: 20 more cases on a settled day, 20 more yesterday.
    for (const day of ['2026-11-20', '2026-11-28']) {
      const had = await db.selectFrom('case_daily_desa').select('new_cases').where('region_code', '=', SERANGAN).where('day', '=', day).executeTakeFirst();
      if (had) await db.updateTable('case_daily_desa').set({ new_cases: had.new_cases + 20 }).where('region_code', '=', SERANGAN).where('day', '=', day).execute();
      else await db.insertInto('case_daily_desa').values({ region_code: SERANGAN, day, new_cases: 20 }).execute();
    }
    const stale = await answers();
    expect(newCasesOf(stale['desa.json']!, '2026-11-20', SERANGAN)).toBe(settledBefore);
    expect(newCasesOf(stale['desa.json']!, '2026-11-28', SERANGAN)).toBeGreaterThanOrEqual(20);

    // The run rewrites that day at each level (the kecamatan and kota totals change with it), nothing else.
    expect(await t.services.openData.publish()).toEqual({ through: '2026-11-27', written: 3 });
    const fresh = await answers();
    expect(newCasesOf(fresh['desa.json']!, '2026-11-20', SERANGAN)).toBeGreaterThanOrEqual(20);
    // And it is what the roll-ups give when nothing is published.
    await db.deleteFrom('open_data_days').execute();
    const built = await answers();
    for (const key of Object.keys(built)) expect(fresh[key], key).toBe(built[key]);
    for (const region of [PEDUNGAN, KESIMAN]) expect(newCasesOf(fresh['desa.json']!, '2026-11-20', region)).toBe(newCasesOf(before['desa.json']!, '2026-11-20', region));
  });
});
