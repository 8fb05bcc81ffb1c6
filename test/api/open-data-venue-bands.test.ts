// Issue #17, the open data's venues by compliance band per desa: written from the venues' score history by the
// band-days refresh (the hourly job, which also fills the past), a venue counted under the band of its last stored
// score at each day's end and from the day it was verified, a venue changing band moving between columns from that
// day, counts 1–4 as "<5", kecamatan and kota totals as "≥N" when they hold such a desa, the same on both databases.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, DENPASAR, PEDUNGAN, SELATAN, SERANGAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { verifiedVenue } from '../factories/venues.js';
import { createVenueBandRollups } from '../../src/server/modules/venues/index.js';
import { localDateTimeToEpochMs } from '../../src/server/shared/local-time.js';

const TZ = 'Asia/Makassar';
const at = (day: string, time: string) => localDateTimeToEpochMs(day, time, TZ);

describeEachDatabase('open data: venues by compliance band', (dialect) => {
  let t: TestApp;
  let serangan: string[];
  let pedungan: string;
  let scores = 0;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    serangan = [];
    for (let i = 0; i < 6; i++) serangan.push((await verifiedVenue(t, { name: `Warung ${i}` })).id);
    pedungan = (await verifiedVenue(t, { name: 'Toko Pedungan' })).id;
    const db = t.database.db;
    // Moved to Pedungan (the factory's point lies in Serangan).
    await db.updateTable('venues').set({ region_code: PEDUNGAN }).where('id', '=', pedungan).execute();
    await db.deleteFrom('venue_compliance_scores').execute();
    await db.updateTable('venues').set({ verified_at: at('2026-11-09', '09:00') }).where('id', 'in', serangan).execute();
    // Pedungan's venue is verified on the 11th: it does not count before that day.
    await db.updateTable('venues').set({ verified_at: at('2026-11-11', '23:59') }).where('id', '=', pedungan).execute();
  });
  afterAll(async () => t?.close());

  async function score(venueId: string, when: number, badge: string) {
    await t.database.db
      .insertInto('venue_compliance_scores')
      .values({ id: `score-${String(++scores).padStart(6, '0')}`, venue_id: venueId, computed_at: when, score: badge === 'green' ? 90 : badge === 'yellow' ? 60 : 20, badge, reasons: '[]', components: '{}', trigger: 'inspection' })
      .execute();
  }
  const daily = async (query: string) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/open-data/daily?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Record<string, unknown>[]>();
  };
  const bandsOf = (row: Record<string, unknown> | undefined) => row && { green: row.venuesGreen, yellow: row.venuesYellow, red: row.venuesRed, grey: row.venuesGrey };

  it('counts each venue under its band at the end of each day, from the day it was verified, and moves a venue that changes band', async () => {
    // All six Serangan venues inspected green on the 10th; the first turns yellow on the 11th just before midnight
    // and red on the 12th (a heavy violation); one more is inspected on the 13th at 00:00, the next day's first instant.
    for (const id of serangan) await score(id, at('2026-11-10', '10:00'), 'green');
    await score(serangan[0]!, at('2026-11-11', '23:59'), 'yellow');
    await score(serangan[0]!, at('2026-11-12', '08:00'), 'red');
    await score(serangan[1]!, at('2026-11-13', '00:00'), 'yellow');
    const rollups = createVenueBandRollups(t.database.db);
    const written = await rollups.refreshBandDays({ now: t.clock.now(), timeZone: TZ });
    // Nothing written yet: the first run fills from the day the first venue was verified.
    expect(written).toMatchObject({ from: '2026-11-09', to: '2026-11-29' });

    const rows = await daily('from=2026-11-09&to=2026-11-13&level=desa');
    const of = (code: string, day: string) => bandsOf(rows.find((r) => r.regionCode === code && r.date === day));
    expect(of(SERANGAN, '2026-11-09')).toEqual({ green: 0, yellow: 0, red: 0, grey: 6 });
    expect(of(SERANGAN, '2026-11-10')).toEqual({ green: 6, yellow: 0, red: 0, grey: 0 });
    expect(of(SERANGAN, '2026-11-11')).toEqual({ green: 5, yellow: '<5', red: 0, grey: 0 });
    expect(of(SERANGAN, '2026-11-12')).toEqual({ green: 5, yellow: 0, red: '<5', grey: 0 });
    expect(of(SERANGAN, '2026-11-13')).toEqual({ green: '<5', yellow: '<5', red: '<5', grey: 0 });
    expect(of(PEDUNGAN, '2026-11-10')).toEqual({ green: 0, yellow: 0, red: 0, grey: 0 });
    expect(of(PEDUNGAN, '2026-11-11')).toEqual({ green: 0, yellow: 0, red: 0, grey: '<5' });

    // Kecamatan and kota: exact only when no desa is suppressed, else the lower bound.
    for (const [level, code] of [['kecamatan', SELATAN], ['kota', DENPASAR]] as const) {
      const totals = await daily(`from=2026-11-10&to=2026-11-12&level=${level}`);
      const day = (d: string) => bandsOf(totals.find((r) => r.regionCode === code && r.date === d));
      expect(day('2026-11-10')).toEqual({ green: 6, yellow: 0, red: 0, grey: 0 });
      expect(day('2026-11-11')).toEqual({ green: 5, yellow: '≥1', red: 0, grey: '≥1' });
      expect(day('2026-11-12')).toEqual({ green: 5, yellow: 0, red: '≥1', grey: '≥1' });
    }

    const csv = await t.request({ method: 'GET', url: '/api/v1/open-data/daily?from=2026-11-12&to=2026-11-12&format=csv' });
    expect(csv.body).toContain(`"2026-11-12","${SERANGAN}","Serangan"`);
    expect(csv.body.split('\r\n').find((line) => line.includes(`"${SERANGAN}"`))).toMatch(/"5","0","<5","0"$/);
  });

  it('rewrites from the last day written, idempotently, and takes in a band stored since', async () => {
    const db = t.database.db;
    const rollups = createVenueBandRollups(db);
    const before = await db.selectFrom('venue_band_daily_desa').selectAll().orderBy('region_code').orderBy('day').orderBy('band').execute();
    // The last day written is today (the 29th, so far): the next run starts there.
    expect(await rollups.refreshBandDays({ now: t.clock.now(), timeZone: TZ })).toMatchObject({ from: '2026-11-29', to: '2026-11-29' });
    const again = await db.selectFrom('venue_band_daily_desa').selectAll().orderBy('region_code').orderBy('day').orderBy('band').execute();
    expect(again.map((r) => ({ ...r, venues: Number(r.venues) }))).toEqual(before.map((r) => ({ ...r, venues: Number(r.venues) })));
    const today = (await rollups.venuesPerBandPerDay(SERANGAN, '2026-11-29', '2026-11-29')).map((r) => [r.band, r.count]);
    expect(Object.fromEntries(today)).toEqual({ green: 4, yellow: 1, red: 1 });
    // Pedungan's venue is inspected today: its grey becomes green on the next run.
    await score(pedungan, t.clock.now() - 60_000, 'green');
    await rollups.refreshBandDays({ now: t.clock.now(), timeZone: TZ });
    expect((await rollups.venuesPerBandPerDay(PEDUNGAN, '2026-11-29', '2026-11-29')).map((r) => [r.band, r.count])).toEqual([['green', 1]]);
    expect((await rollups.venuesPerBandPerDay(PEDUNGAN, '2026-11-28', '2026-11-28')).map((r) => [r.band, r.count])).toEqual([['grey', 1]]);
  });
});
