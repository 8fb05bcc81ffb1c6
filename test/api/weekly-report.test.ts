import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { msUntilNext } from '../../src/server/shared/scheduler.js';
import { newId } from '../../src/server/shared/ids.js';
import { MONDAY_0800 } from '../../src/server/modules/reports/index.js';
import { createTestApp, PEDUNGAN, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { at, seedDashboardCity, TZ, type DashboardCity } from '../fixtures/dashboard-city.js';

// GET /api/v1/reports/weekly.pdf (issue #17): the PDF of ISO week 2026-W48 (23–29 Nov) read back with pdftotext holds
// the same figures as GET /dashboards for that week; the zone changes and the recommended actions; another region
// refused; the Monday job e-mails last week's report once to each subscribed task-force member.

const PDF_DIR = '/tmp/jb-weekly-report';

interface Panel { id: string; kind: string; columns: string[]; rows: (string | number | null)[][] }
interface Dashboard { panels: Panel[] }

describeEachDatabase('weekly evaluation report', (dialect) => {
  let t: TestApp;
  let cookies: DashboardCity['cookies'];
  let db: TestApp['database']['db'];

  beforeAll(async () => {
    t = await createTestApp(dialect, { dashboardStream: { tickMs: 30, lifetimeMs: 200 } });
    db = t.database.db;
    // The dashboards' city (test/fixtures/dashboard-city.ts), and the week before (W47 ends 2026-11-22): Serangan
    // already red, Pedungan green.
    const city = await seedDashboardCity(t);
    cookies = city.cookies;
    await city.seed.zone(SERANGAN, '2026-11-22', 'red', 41);
    await city.seed.zone(PEDUNGAN, '2026-11-22', 'green', 1);
    // Serangan under a village PKM since 16 Nov, evaluated on 24 Nov (the week's only evaluation); the next is due 30 Nov.
    await city.seed.pkm(SERANGAN, '51.71.DA04', 'ACTIVE', '2026-11-16');
    const serangan = await db.selectFrom('pkm_applications').select('id').where('region_code', '=', SERANGAN).where('status', '=', 'ACTIVE').executeTakeFirstOrThrow();
    await db.insertInto('pkm_evaluations').values({
      id: newId(), application_id: serangan.id, week: 1, due_date: '2026-11-23', active_cases: 41, recommendation: 'extend', notes: '', evaluated_at: at('2026-11-24', '10:00'),
      evaluated_by: null, evaluated_by_username: 'seed',
    }).execute();
  });
  afterAll(() => t.close());

  function pdfText(pdf: Buffer, name: string): string {
    mkdirSync(PDF_DIR, { recursive: true });
    const file = `${PDF_DIR}/${name}-${dialect}.pdf`;
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  }
  const total = (d: Dashboard, id: string, column: string) => {
    const p = d.panels.find((x) => x.id === id)!;
    const i = p.columns.indexOf(column);
    return p.rows.reduce((n, r) => n + Number(r[i] ?? 0), 0);
  };
  const id = (n: number) => new Intl.NumberFormat('id-ID').format(n);

  it("prints the dashboard API's figures for the week, the zone changes and the recommended actions", async () => {
    const api = await t.request({ method: 'GET', url: `/api/v1/dashboards?region=${SELATAN}&from=2026-11-23&to=2026-11-29`, cookie: cookies['dasbor.satgas'] });
    expect(api.statusCode, api.body).toBe(200);
    const d = api.json<Dashboard>();
    const res = await t.request({ method: 'GET', url: `/api/v1/reports/weekly.pdf?region=${SELATAN}&week=2026-W48`, cookie: cookies['dasbor.satgas'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.rawPayload, 'selatan-2026-W48');
    expect(text).toContain('Laporan Evaluasi Mingguan');
    // Three A4 pages, each with its footer (no blank page after the last).
    expect(text.split('\f').filter((page) => page.trim() !== '')).toHaveLength(3);
    expect(text).toContain('Halaman 3');
    expect(text).toContain('Denpasar Selatan · minggu 2026-W48 (2026-11-23 sampai 2026-11-29)');
    const figure = (label: string) => Number(new RegExp(`${label}\\s+([\\d.]+)\\n`).exec(text)?.[1]?.replaceAll('.', ''));
    const expected = {
      checkins: total(d, 'checkins-per-day', 'checkins'),
      newCases: total(d, 'epi-curve', 'cases'),
      active: total(d, 'active-cases', 'activeCases'),
      violations: total(d, 'violations', 'violations'),
      fines: total(d, 'violations', 'finesIdr'),
      checks: total(d, 'border-checks', 'checks'),
      newcomers: total(d, 'newcomers', 'newcomers'),
    };
    // The seeded week, so that an empty report cannot pass: Kesiman's records are in neither.
    expect(expected).toEqual({ checkins: 4, newCases: 3, active: 3, violations: 3, fines: 200_000, checks: 3, newcomers: 2 });
    expect(figure('Check-in')).toBe(expected.checkins);
    expect(figure('Kasus baru \\(menurut tanggal mulai gejala\\)')).toBe(expected.newCases);
    expect(figure('Kasus aktif pada 2026-11-29')).toBe(expected.active);
    expect(figure('Pelanggaran')).toBe(expected.violations);
    expect(figure('Denda dijatuhkan \\(Rp\\)')).toBe(expected.fines);
    expect(figure('Pemeriksaan di pos pantau')).toBe(expected.checks);
    expect(figure('Pendatang dalam isolasi mandiri pada 2026-11-29')).toBe(expected.newcomers);
    expect(text).toContain(id(200_000));
    // Zone changes over the week and what the rules recommend.
    expect(text).toContain('Pedungan: Hijau menjadi Kuning');
    expect(text).not.toMatch(/Serangan: Merah menjadi/);
    expect(text).toMatch(/Serangan: zona merah dua minggu berturut-turut\. Perketat PKM desa/);
    expect(text).toMatch(/Serangan: evaluasi minggu ke-1 \(jatuh tempo 2026-11-23\), 41 kasus aktif, rekomendasi: perpanjang/);
    expect(text).toMatch(/Pedungan: zona memburuk dibanding minggu lalu/);
    expect(text).toMatch(/Pedungan: evaluasi mingguan PKM terlambat/);
    expect(text).not.toContain('Kesiman');
    expect(text).not.toContain('HYPERLINK');
  });

  it("refuses another region, a week that has not begun, and a malformed week", async () => {
    const other = await t.request({ method: 'GET', url: `/api/v1/reports/weekly.pdf?region=${TIMUR}&week=2026-W48`, cookie: cookies['dasbor.satgas'] });
    expect(other.statusCode).toBe(403);
    expect(other.json<{ type: string }>().type).toMatch(/out-of-scope$/);
    const lurah = await t.request({ method: 'GET', url: `/api/v1/reports/weekly.pdf?region=${PEDUNGAN}&week=2026-W48`, cookie: cookies['dasbor.lurah'] });
    expect(lurah.statusCode).toBe(403);
    const future = await t.request({ method: 'GET', url: `/api/v1/reports/weekly.pdf?region=${SELATAN}&week=2026-W50`, cookie: cookies['dasbor.satgas'] });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('"week"');
    const bad = await t.request({ method: 'GET', url: `/api/v1/reports/weekly.pdf?region=${SELATAN}&week=2026-48`, cookie: cookies['dasbor.satgas'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('week');
    expect((await t.request({ method: 'GET', url: `/api/v1/reports/weekly.pdf?week=2026-W48`, cookie: cookies['dasbor.tracer'] })).statusCode).toBe(403);
    // The village officer gets their own desa's report.
    const own = await t.request({ method: 'GET', url: '/api/v1/reports/weekly.pdf?week=2026-W48', cookie: cookies['dasbor.lurah'] });
    expect(own.statusCode).toBe(200);
    expect(pdfText(own.rawPayload, 'serangan-2026-W48')).toContain('Serangan · minggu 2026-W48');
  });

  it('e-mails last week\'s report once to each subscribed task-force member, on Mondays at 08:00 WITA', async () => {
    // Sunday 29 Nov 10:00 → the next run is Monday 30 Nov 08:00 WITA.
    expect(t.clock.now() + (msUntilNext(MONDAY_0800, t.clock.now(), TZ) ?? 0)).toBe(at('2026-11-30', '08:00'));
    const sub = await t.request({ method: 'PUT', url: '/api/v1/me/weekly-report', cookie: cookies['dasbor.satgas'], payload: { subscribed: true, email: 'satgas.selatan@example.id' } });
    expect(sub.statusCode, sub.body).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/me/weekly-report', cookie: cookies['dasbor.satgas'] })).json()).toEqual({ subscribed: true, email: 'satgas.selatan@example.id' });
    const notTaskForce = await t.request({ method: 'PUT', url: '/api/v1/me/weekly-report', cookie: cookies['dasbor.lurah'], payload: { subscribed: true, email: 'lurah@example.id' } });
    expect(notTaskForce.statusCode).toBe(403);
    const badEmail = await t.request({ method: 'PUT', url: '/api/v1/me/weekly-report', cookie: cookies['dasbor.walikota'], payload: { subscribed: true, email: 'no' } });
    expect(badEmail.statusCode).toBe(403);
    t.clock.set(at('2026-11-30', '08:00'));
    expect(await t.services.reports.sendWeekly()).toEqual({ week: '2026-W48', queued: 1 });
    expect(await t.services.reports.sendWeekly()).toEqual({ week: '2026-W48', queued: 0 });
    const mails = await db.selectFrom('notifications').select(['dedupe_key', 'region_code', 'channel']).where('dedupe_key', 'like', 'weekly-report:%').execute();
    expect(mails).toEqual([{ dedupe_key: expect.stringMatching(/^weekly-report:2026-W48:/), region_code: SELATAN, channel: 'email' }]);
    // The address is sealed at rest.
    expect(JSON.stringify(await db.selectFrom('weekly_report_subscriptions').selectAll().execute())).not.toContain('satgas.selatan@example.id');
    // Unsubscribed (in the session's lifetime): the next Monday sends nothing.
    t.clock.set(at('2026-11-29', '10:05'));
    const off = await t.request({ method: 'PUT', url: '/api/v1/me/weekly-report', cookie: cookies['dasbor.satgas'], payload: { subscribed: false } });
    expect(off.statusCode, off.body).toBe(200);
    t.clock.set(at('2026-12-07', '08:00'));
    expect(await t.services.reports.sendWeekly()).toEqual({ week: '2026-W49', queued: 0 });
  });
});
