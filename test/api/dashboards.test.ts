import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, KESIMAN, PEDUNGAN, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { fromCsv } from '../../src/server/shared/csv.js';
import { describeEachDatabase } from '../databases.js';
import { seedDashboardCity, type DashboardCity } from '../fixtures/dashboard-city.js';

// GET /api/v1/dashboards (issue #17): each panel's exact figures for Kecamatan Denpasar Selatan (Serangan, Pedungan),
// with the same kinds of records seeded in Kesiman (Denpasar Timur), which must never count (test/fixtures/dashboard-city.ts);
// the drill-down levels;
// the CSV of a panel (spreadsheet-safe); another region's code refused; the event stream.

interface Panel { id: string; kind: string; columns: string[]; rows: (string | number | null)[][] }
interface Dashboard { region: { code: string }; path: { code: string }[]; children: { code: string; name: string }[]; from: string; to: string; panels: Panel[] }

describeEachDatabase('dashboards', (dialect) => {
  let t: TestApp;
  let cookies: DashboardCity['cookies'];

  beforeAll(async () => {
    t = await createTestApp(dialect, { dashboardStream: { tickMs: 30, lifetimeMs: 200 } });
    ({ cookies } = await seedDashboardCity(t));
  });
  afterAll(() => t.close());

  async function dashboard(cookie: string, query: string): Promise<Dashboard> {
    const res = await t.request({ method: 'GET', url: `/api/v1/dashboards?${query}`, cookie });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Dashboard>();
  }
  const rowsOf = (d: Dashboard, id: string) => d.panels.find((p) => p.id === id)!.rows;

  it("gives the kecamatan's exact figures, with none of another kecamatan's", async () => {
    const d = await dashboard(cookies['dasbor.satgas'], `region=${SELATAN}&from=2026-11-23&to=2026-11-29`);
    expect(d.region.code).toBe(SELATAN);
    expect(d.path.map((r) => r.code)).toEqual([SELATAN]);
    // Denpasar Selatan's ten desa and kelurahan, from the shipped regions.
    expect(d.children).toHaveLength(10);
    expect(d.children.slice(0, 2).map((c) => c.code)).toEqual([SERANGAN, PEDUNGAN]);
    expect(d.panels.map((p) => [p.id, p.kind])).toEqual([
      ['zone-map', 'choropleth'], ['zone-history', 'line'], ['epi-curve', 'bar'], ['active-cases', 'table'], ['checkins-per-day', 'line'], ['checkins-per-hour', 'bar'],
      ['venues-by-band', 'bar'], ['worst-venues', 'table'], ['inspections', 'bar'], ['violations', 'table'], ['pkm-stages', 'bar'], ['pkm-overdue', 'table'],
      ['clusters', 'table'], ['border-checks', 'bar'], ['newcomers', 'bar'],
    ]);
    const map = rowsOf(d, 'zone-map');
    expect(map).toHaveLength(10);
    expect(map.filter((r) => r[2] !== null)).toEqual([[SERANGAN, expect.any(String), 'red', 45], [PEDUNGAN, expect.any(String), 'yellow', 4]]);
    expect(rowsOf(d, 'zone-history')).toEqual([['2026-11-28', 'orange', 1], ['2026-11-29', 'red', 1], ['2026-11-29', 'yellow', 1]]);
    expect(rowsOf(d, 'epi-curve')).toEqual([['2026-11-25', 'konfirmasi_simptomatik', 2], ['2026-11-27', 'konfirmasi_asimptomatik', 1]]);
    expect(rowsOf(d, 'active-cases').filter((r) => r[2] !== 0).map((r) => [r[0], r[2]])).toEqual([[SERANGAN, 2], [PEDUNGAN, 1]]);
    const perDay = rowsOf(d, 'checkins-per-day');
    expect(perDay).toHaveLength(7);
    expect(perDay.filter((r) => r[1] !== 0)).toEqual([['2026-11-28', 3], ['2026-11-29', 1]]);
    expect(rowsOf(d, 'checkins-per-hour').filter((r) => r[1] !== 0)).toEqual([[9, 3], [18, 1]]);
    expect(rowsOf(d, 'venues-by-band')).toEqual([['green', 1], ['yellow', 1], ['red', 1], ['grey', 1]]);
    expect(rowsOf(d, 'worst-venues').map((r) => [r[0], r[2]])).toEqual([['Warung Serangan', 42], ['Kafe Pedungan', 75], ['Toko Pedungan', 90]]);
    expect(rowsOf(d, 'inspections')).toEqual([['done', 1], ['followUpsDue', 1], ['neverInspected', 3]]);
    expect(rowsOf(d, 'violations')).toEqual([['crowd', 'Satgas Desa', 1, 0], ['no_mask', 'Satpol PP 1', 2, 200000]]);
    expect(rowsOf(d, 'pkm-stages')).toEqual([['ACTIVE', 1], ['SUBMITTED', 1]]);
    expect(rowsOf(d, 'pkm-overdue').map((r) => [r[0], r[2]])).toEqual([[PEDUNGAN, '2026-11-26']]);
    expect(rowsOf(d, 'clusters').map((r) => [r[0], r[2], r[3], r[4]])).toEqual([[SERANGAN, 2, '2026-11-25', '2026-11-25']]);
    expect(rowsOf(d, 'border-checks')).toEqual([['passed', 2], ['turned_back', 1], ['referred', 0]]);
    expect(rowsOf(d, 'newcomers')).toEqual([['reported', 1], ['visited', 1]]);
  });

  it("drills down to a desa: the village officer sees only theirs, with no further level", async () => {
    const d = await dashboard(cookies['dasbor.lurah'], 'from=2026-11-23&to=2026-11-29');
    expect(d.region.code).toBe(SERANGAN);
    expect(d.children).toEqual([]);
    expect(rowsOf(d, 'zone-map')).toEqual([[SERANGAN, expect.any(String), 'red', 45]]);
    expect(rowsOf(d, 'checkins-per-day').reduce((n, r) => n + Number(r[1]), 0)).toBe(3);
    expect(rowsOf(d, 'newcomers')).toEqual([['reported', 1], ['visited', 0]]);
    // The approver of the kecamatan drills into Pedungan.
    const p = await dashboard(cookies['dasbor.walikota'], `region=${PEDUNGAN}&from=2026-11-23&to=2026-11-29`);
    expect(p.path.map((r) => r.code)).toEqual([SELATAN, PEDUNGAN]);
    expect(rowsOf(p, 'violations')).toEqual([['crowd', 'Satgas Desa', 1, 0]]);
  });

  it("refuses another region's code with the out-of-scope problem, and callers without the permission", async () => {
    for (const region of [TIMUR, KESIMAN]) {
      const res = await t.request({ method: 'GET', url: `/api/v1/dashboards?region=${region}`, cookie: cookies['dasbor.satgas'] });
      expect(res.statusCode).toBe(403);
      expect(res.json<{ type: string }>().type).toMatch(/out-of-scope$/);
      const csv = await t.request({ method: 'GET', url: `/api/v1/dashboards/panels/zone-map.csv?region=${region}`, cookie: cookies['dasbor.satgas'] });
      expect(csv.statusCode).toBe(403);
      expect(csv.body).not.toContain('99');
    }
    const lurah = await t.request({ method: 'GET', url: `/api/v1/dashboards?region=${PEDUNGAN}`, cookie: cookies['dasbor.lurah'] });
    expect(lurah.statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/dashboards', cookie: cookies['dasbor.tracer'] })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/dashboards' })).statusCode).toBe(401);
    const bad = await t.request({ method: 'GET', url: `/api/v1/dashboards?region=${SELATAN}&from=2026-11-30&to=2026-11-29`, cookie: cookies['dasbor.satgas'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('"to"');
  });

  it('downloads a panel as spreadsheet-safe CSV with the same figures', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/dashboards/panels/violations.csv?region=${SELATAN}&from=2026-11-23&to=2026-11-29`, cookie: cookies['dasbor.satgas'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    // The header: the columns' labels in the caller's language (Indonesian unless asked otherwise), not their keys.
    expect(res.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/)).toEqual(['"Jenis pelanggaran","Tim","Pelanggaran","Denda (Rp)"', '"crowd","Satgas Desa","1","0"', '"no_mask","Satpol PP 1","2","200000"']);
    const en = await t.request({ method: 'GET', url: `/api/v1/dashboards/panels/violations.csv?region=${SELATAN}&from=2026-11-23&to=2026-11-29`, cookie: cookies['dasbor.satgas'], headers: { 'accept-language': 'en' } });
    expect(en.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/)).toEqual(['"Offence","Team","Violations","Fines (IDR)"', '"crowd","Satgas Desa","1","0"', '"no_mask","Satpol PP 1","2","200000"']);
    // Every panel: one label per column, none of them a key, none twice in one header, in both languages.
    const d = await dashboard(cookies['dasbor.satgas'], `region=${SELATAN}&from=2026-11-23&to=2026-11-29`);
    for (const panel of d.panels) {
      for (const lang of ['id', 'en']) {
        const csv = await t.request({ method: 'GET', url: `/api/v1/dashboards/panels/${panel.id}.csv?region=${SELATAN}&from=2026-11-23&to=2026-11-29`, cookie: cookies['dasbor.satgas'], headers: { 'accept-language': lang } });
        expect(csv.statusCode, csv.body).toBe(200);
        const header = fromCsv(csv.body)[0]!;
        expect(header, `${panel.id} ${lang}`).toHaveLength(panel.columns.length);
        expect(new Set(header).size, `${panel.id} ${lang}: ${header.join(' | ')}`).toBe(header.length);
        header.forEach((label, i) => expect(label, `${panel.id} ${lang}`).not.toBe(panel.columns[i]));
      }
    }
    // A venue name starting with "=" is neutralised (the city-wide task force of the admin sees Kesiman's venue).
    const city = await t.request({ method: 'GET', url: `/api/v1/dashboards/panels/worst-venues.csv?region=${TIMUR}`, cookie: (await t.staff('dasbor.kota', [{ role: 'task_force', regionCode: '51.71' }])).cookie });
    expect(city.statusCode, city.body).toBe(200);
    expect(city.body).toContain(`"'=HYPERLINK`);
    expect((await t.request({ method: 'GET', url: '/api/v1/dashboards/panels/nothing.csv', cookie: cookies['dasbor.satgas'] })).statusCode).toBe(404);
  });

  describe('event stream', () => {
    it('sends events and closes cleanly', async () => {
      const res = await t.request({ method: 'GET', url: `/api/v1/dashboards/events?region=${SELATAN}`, cookie: cookies['dasbor.satgas'] });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/event-stream');
      expect(res.body).toMatch(/^retry: \d+\n\n/);
      expect(res.body).toContain('event: ready\n');
      expect(res.body).toContain('event: refresh\n');
      expect(res.body.endsWith('\n\n')).toBe(true);
      const refused = await t.request({ method: 'GET', url: `/api/v1/dashboards/events?region=${TIMUR}`, cookie: cookies['dasbor.satgas'] });
      expect(refused.statusCode).toBe(403);
    });

    it('ends an open stream when the server shuts down, so the shutdown does not wait for it', async () => {
      const own = await createTestApp(dialect, { dashboardStream: { tickMs: 50, lifetimeMs: 60_000 } });
      try {
        const cookie = (await own.staff('dasbor.tutup', [{ role: 'task_force', regionCode: SELATAN }])).cookie;
        const address = await own.app.listen({ port: 0, host: '127.0.0.1' });
        const res = await fetch(`${address}/api/v1/dashboards/events`, { headers: { cookie } });
        const reader = res.body!.getReader();
        const first = new TextDecoder().decode((await reader.read()).value);
        expect(first).toContain('retry:');
        const started = Date.now();
        await own.app.close();
        expect(Date.now() - started).toBeLessThan(5_000);
        // The stream ended: reading runs to its end.
        let done = false;
        while (!done) done = (await reader.read()).done;
      } finally {
        await own.close();
      }
    });
  });
});
