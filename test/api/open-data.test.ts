// Issue #17, the open data: daily figures per desa, kecamatan and kota from the roll-ups, counts 1–4 as "<5" (the
// boundaries 0, 1, 4, 5), totals that cannot give a suppressed desa away, CSV safe for spreadsheets, a bounded range
// named in the caller's language, the published schema, and the cache (ETag, 304, Cache-Control).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, PEDUNGAN, SELATAN, SERANGAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { openDataRows } from '../../src/server/modules/open-data/open-data-rows.js';

describeEachDatabase('open data', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t?.close());

  /** One desa's figures of one day, written straight into the owners' roll-ups and the zone history. */
  async function figures(region: string, day: string, f: { checkins?: number; newCases?: number; violations?: number; activeCases?: number; colour?: string }) {
    const db = t.database.db;
    if (f.checkins !== undefined) await db.insertInto('checkin_daily_desa').values({ region_code: region, day, checkins: f.checkins }).execute();
    if (f.newCases !== undefined) await db.insertInto('case_daily_desa').values({ region_code: region, day, new_cases: f.newCases }).execute();
    if (f.violations !== undefined) await db.insertInto('violation_daily_desa').values({ region_code: region, day, violations: f.violations }).execute();
    if (f.activeCases !== undefined) {
      await db.insertInto('zone_history').values({ region_code: region, date: day, active_cases: f.activeCases, colour: f.colour ?? 'green', count_date: day, thresholds_version_id: null, computed_at: 0 }).execute();
    }
  }
  const daily = (query: string, headers: Record<string, string> = {}) => t.request({ method: 'GET', url: `/api/v1/open-data/daily?${query}`, headers });

  it('publishes 0 and 5 as numbers and 1 and 4 as "<5", without a login', async () => {
    await figures(SERANGAN, '2026-11-01', { checkins: 0, newCases: 1, violations: 4, activeCases: 5, colour: 'yellow' });
    const res = await daily('from=2026-11-01&to=2026-11-01&level=desa');
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json<Record<string, unknown>[]>();
    expect(rows.find((r) => r.regionCode === SERANGAN)).toEqual({ date: '2026-11-01', regionCode: SERANGAN, regionName: 'Serangan', zoneColour: 'yellow', activeCases: 5, newCases: '<5', checkins: 0, violations: '<5', venuesGreen: 0, venuesYellow: 0, venuesRed: 0, venuesGrey: 0 });
    // A desa without any figure that day: zeros and no zone yet.
    expect(rows.find((r) => r.regionCode === PEDUNGAN)).toMatchObject({ zoneColour: null, activeCases: 0, newCases: 0, checkins: 0, violations: 0 });
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(String(res.headers.link)).toContain('creativecommons.org/licenses/by/4.0');
  });

  it('never lets a kecamatan or kota total give a suppressed desa away', async () => {
    await figures(SERANGAN, '2026-11-02', { checkins: 3, newCases: 5 });
    await figures(PEDUNGAN, '2026-11-02', { checkins: 40, newCases: 7 });
    const desa = (await daily('from=2026-11-02&to=2026-11-02&level=desa')).json<Record<string, unknown>[]>();
    expect(desa.find((r) => r.regionCode === SERANGAN)?.checkins).toBe('<5');
    const kec = (await daily('from=2026-11-02&to=2026-11-02&level=kecamatan')).json<Record<string, unknown>[]>();
    const selatan = kec.find((r) => r.regionCode === SELATAN);
    // 43 exact would give Serangan's 3 away (43 − 40): the bound is what the desa rows say already.
    expect(selatan).toMatchObject({ checkins: '≥41', newCases: 12, regionName: 'Denpasar Selatan' });
    const kota = (await daily('from=2026-11-02&to=2026-11-02&level=kota')).json<Record<string, unknown>[]>();
    expect(kota).toHaveLength(1);
    expect(kota[0]).toMatchObject({ regionCode: '51.71', checkins: '≥41', newCases: 12 });
  });

  it('gives the same kecamatan and kota totals from the grouped roll-ups as from its desa rows', async () => {
    const day = '2026-11-05';
    const regions = await t.database.db.selectFrom('regions').select(['code', 'name', 'type', 'parent_code']).execute();
    const byCode = new Map(regions.map((r) => [r.code, r]));
    const desa = regions.filter((r) => r.type === 'desa' || r.type === 'kelurahan').map((r) => {
      const kec = byCode.get(r.parent_code!)!;
      const kota = byCode.get(kec.parent_code!)!;
      return { code: r.code, name: r.name, kecamatan: { code: kec.code, name: kec.name }, kota: { code: kota.code, name: kota.name } };
    });
    const figuresOf = new Map();
    let i = 0;
    for (const d of desa) {
      const f = { checkins: (i * 7) % 9, newCases: i % 6, violations: (i * 3) % 8, activeCases: (i * 5) % 7, colour: ['green', 'yellow', 'orange', 'red'][i % 4]! };
      const bands = { venuesGreen: (i * 5) % 11, venuesYellow: i % 3, venuesRed: (i * 2) % 7, venuesGrey: 0 };
      i += 1;
      await figures(d.code, day, f);
      for (const [band, n] of [['green', bands.venuesGreen], ['yellow', bands.venuesYellow], ['red', bands.venuesRed]] as const) {
        if (n > 0) await t.database.db.insertInto('venue_band_daily_desa').values({ region_code: d.code, day, band, venues: n }).execute();
      }
      figuresOf.set(`${d.code}|${day}`, { ...f, ...bands, zoneColour: f.colour });
    }
    for (const level of ['kecamatan', 'kota'] as const) {
      const res = await daily(`from=${day}&to=${day}&level=${level}`);
      expect(res.json()).toEqual(openDataRows(level, { days: [day], desa, figures: figuresOf }));
    }
  });

  it('answers CSV safe for a spreadsheet', async () => {
    await t.database.db.updateTable('regions').set({ name: '=HYPERLINK("http://x")' }).where('code', '=', PEDUNGAN).execute();
    try {
      const res = await daily('from=2026-11-03&to=2026-11-03&format=csv');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.headers['content-disposition']).toContain('attachment');
      expect(res.body.startsWith('\uFEFF"date","regionCode","regionName","zoneColour","activeCases","newCases","checkins","violations","venuesGreen","venuesYellow","venuesRed","venuesGrey"\r\n')).toBe(true);
      expect(res.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    } finally {
      await t.database.db.updateTable('regions').set({ name: 'Pedungan' }).where('code', '=', PEDUNGAN).execute();
    }
  });

  it('refuses a range over 366 days, to before from and an impossible date, naming the field in the caller’s language', async () => {
    const long = await daily('from=2025-01-01&to=2026-01-02', { 'accept-language': 'id' });
    expect(long.statusCode).toBe(400);
    expect(long.headers['content-type']).toContain('application/problem+json');
    expect(long.json()).toMatchObject({ errors: [{ field: 'to', message: expect.stringContaining('366 hari') }] });
    const en = await daily('from=2025-01-01&to=2026-01-02', { 'accept-language': 'en' });
    expect(en.json()).toMatchObject({ errors: [{ field: 'to', message: expect.stringContaining('366 days') }] });
    expect((await daily('from=2025-01-01&to=2025-12-31')).statusCode).toBe(200);
    expect((await daily('from=2026-01-02&to=2026-01-01')).json()).toMatchObject({ errors: [{ field: 'to' }] });
    expect((await daily('from=2026-02-30&to=2026-03-01')).json()).toMatchObject({ errors: [{ field: 'from' }] });
    expect((await daily('from=2026-01-01&to=2026-01-02&level=banjar')).statusCode).toBe(400);
  });

  it('is cached: the same query is answered from memory, and 304 to a client holding it', async () => {
    await figures(SERANGAN, '2026-11-04', { checkins: 10 });
    const first = await daily('from=2026-11-04&to=2026-11-04');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    // A new count does not reach readers until the cached answer is five minutes old.
    await t.database.db.updateTable('checkin_daily_desa').set({ checkins: 20 }).where('region_code', '=', SERANGAN).where('day', '=', '2026-11-04').execute();
    const again = await daily('from=2026-11-04&to=2026-11-04', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    t.clock.advance(301_000);
    const later = await daily('from=2026-11-04&to=2026-11-04', { 'if-none-match': etag });
    expect(later.statusCode).toBe(200);
    expect(later.json<Record<string, unknown>[]>().find((r) => r.regionCode === SERANGAN)?.checkins).toBe(20);
  });

  it('publishes its schema with the licence', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/open-data/schema' });
    expect(res.statusCode).toBe(200);
    const schema = res.json<{ license: { name: string }; items: { properties: Record<string, unknown> } }>();
    expect(schema.license.name).toBe('CC BY 4.0');
    expect(Object.keys(schema.items.properties)).toEqual(['date', 'regionCode', 'regionName', 'zoneColour', 'activeCases', 'newCases', 'checkins', 'violations', 'venuesGreen', 'venuesYellow', 'venuesRed', 'venuesGrey']);
  });

  it('serves the public page in both languages without a login or a script', async () => {
    const id = await t.request({ method: 'GET', url: '/open-data', headers: { 'accept-language': 'id' } });
    expect(id.statusCode).toBe(200);
    expect(id.body).toContain('Data terbuka Jaga Baya');
    expect(id.body).toContain('CC BY 4.0');
    expect(id.body).toContain('Denpasar Selatan');
    expect(id.body).not.toContain('<script');
    const en = await t.request({ method: 'GET', url: '/open-data?lang=en' });
    expect(en.body).toContain('Jaga Baya open data');
    expect(en.body).toContain('format=csv');
    // The venue band columns, under one heading, in each language.
    expect(id.body).toContain('Tempat usaha menurut pita kepatuhan');
    expect(id.body).toContain('Belum dinilai');
    expect(en.body).toContain('Venues by compliance band');
    expect(en.body).toContain('<code>venuesGreen</code>');
  });
});
