import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { msUntilNext } from '../../src/server/shared/scheduler.js';
import { newId } from '../../src/server/shared/ids.js';
import { localDateTimeToEpochMs } from '../../src/server/shared/local-time.js';
import { MONDAY_0800 } from '../../src/server/modules/reports/index.js';
import { createTestApp, KESIMAN, PEDUNGAN, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';

// GET /api/v1/reports/weekly.pdf (issue #17): the PDF of ISO week 2026-W48 (23–29 Nov) read back with pdftotext holds
// the same figures as GET /dashboards for that week; the zone changes and the recommended actions; another region
// refused; the Monday job e-mails last week's report once to each subscribed task-force member.

const TZ = 'Asia/Makassar';
const at = (date: string, time: string) => localDateTimeToEpochMs(date, time, TZ);
const PDF_DIR = '/tmp/jb-weekly-report';

interface Panel { id: string; kind: string; columns: string[]; rows: (string | number | null)[][] }
interface Dashboard { panels: Panel[] }

describeEachDatabase('weekly evaluation report', (dialect) => {
  let t: TestApp;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- seeding rows with only the columns that matter
  let db: Kysely<any>;
  const cookies: Record<string, string> = {};
  let venueNumber = 5000;

  async function venue(regionCode: string, name: string, score: number | null, badge: string): Promise<string> {
    const id = newId();
    const now = t.clock.now();
    await db.insertInto('venues').values({
      id, venue_number: venueNumber++, name, sector: 'trade', venue_type: 'warung', region_code: regionCode, banjar_code: null, desa_adat_code: null,
      address: 'Jl. Uji 1', lat: -8.7, lon: 115.2, position_confirmed: 1, point_region_code: regionCode, capacity: 20, opens_at: null, closes_at: null, indoor: 1,
      contact_name: null, contact_phone_enc: null, status: 'verified', status_reason: null, suspended_until: null, suspension_sanction_id: null, compliance_score: score,
      compliance_badge: badge, created_by: null, created_at: now, updated_at: now, verified_at: now,
    }).execute();
    return id;
  }

  async function visit(venueId: string, regionCode: string, tIn: number): Promise<void> {
    await db.insertInto('visits').values({
      id: newId(), venue_id: venueId, person_key: `p-${newId()}`, person_enc: null, name_enc: null, phone_enc: null, secret_hash: null, t_in: tIn, t_out: null, out_kind: null,
      estimated: 0, source: 'qr', entered_by: null, region_code: regionCode, created_at: tIn,
    }).execute();
  }

  async function aCase(residence: string, episodeDate: string, category = 'konfirmasi_simptomatik'): Promise<void> {
    const id = newId();
    const now = t.clock.now();
    await db.insertInto('cases').values({
      id, person_key: `p-${id}`, name_enc: 'x', phone_enc: 'x', residence_code: residence, category, episode_date: episodeDate, region_code: residence,
      confirmed_at: category.startsWith('konfirmasi') ? now : null, language: 'id', created_at: now, updated_at: now,
    }).execute();
  }

  async function zone(regionCode: string, date: string, colour: string, active: number): Promise<void> {
    await db.insertInto('zone_history').values({ region_code: regionCode, date, active_cases: active, colour, count_date: date, thresholds_version_id: null, computed_at: t.clock.now() }).execute();
  }

  async function violation(regionCode: string, offence: string, team: string, date: string, fine: number | null): Promise<void> {
    const id = newId();
    const ladder = await db.selectFrom('sanction_ladders').select('id').executeTakeFirstOrThrow();
    await db.insertInto('violations').values({
      id, offence, family: 'masks', subject_kind: 'person', venue_id: null, person_key: `v-${id}`, nik_enc: null, name_enc: null, phone_enc: null, region_code: regionCode,
      desa_adat_code: null, lat: null, lon: null, occurred_at: at(date, '10:00'), local_date: date, team, note: null, ladder_id: ladder.id, proposed: '{}', prior_count: 0,
      client_key: null, status: 'recorded', annul_reason: null, annulled_by: null, annulled_at: null, recorded_by: 'seed', created_at: t.clock.now(),
    }).execute();
    if (fine !== null) {
      await db.insertInto('sanctions').values({
        id: newId(), violation_id: id, type: 'denda', amount_idr: fine, days: null, rice_kg: null, assembly: null, receipt_number: null, paid: 0, paid_at: null, paid_on: null,
        issued_on: date, starts_at: at(date, '10:00'), ends_at: null, as_proposed: 1, reason: null, status: 'active', replaced_by: null, change_reason: null, changed_by: null,
        changed_at: null, client_key: null, recorded_by: 'seed', created_at: t.clock.now(),
      }).execute();
    }
  }

  async function post(regionCode: string, results: string[]): Promise<void> {
    const id = newId();
    await db.insertInto('checkpoints').values({ id, name: `Pos ${regionCode}`, region_code: regionCode, shifts: '[]', created_by: 'seed', created_at: t.clock.now() }).execute();
    for (const result of results) {
      await db.insertInto('checkpoint_checks').values({
        id: newId(), checkpoint_id: id, at: at('2026-11-28', '09:00'), local_date: '2026-11-28', shift: null, masked: 1, nik_enc: null, origin_province: null, origin_regency: null,
        temperature_c: 36.5, purpose: 'work', letter: 'none', result, reasons: '[]', rapid_test: null, rapid_test_at: null, case_opened: null, client_key: null, recorded_by: 'seed',
        created_at: t.clock.now(),
      }).execute();
    }
  }

  async function arrival(regionCode: string, arrivalDate: string, status: string): Promise<void> {
    const id = newId();
    await db.insertInto('arrivals').values({
      id, reference: `LD-${id.slice(-8).toUpperCase()}`, name_enc: 'x', nik_enc: null, passport_enc: null, phone_enc: 'x', person_key: `a-${id}`, origin: 'Jawa Timur',
      arrival_date: arrivalDate, isolation_until: '2026-12-05', region_code: regionCode, address_enc: 'x', purpose: 'work', reporter_name_enc: null, reporter_phone_enc: null,
      language: 'id', status, visited_at: null, visited_by: null, visit_note: null, follow_up_id: null, created_at: t.clock.now(),
    }).execute();
  }

  async function pkm(regionCode: string, adat: string, status: string, startDate: string): Promise<void> {
    const now = t.clock.now();
    await db.insertInto('pkm_applications').values({
      id: newId(), region_code: regionCode, adat_region_code: adat, status, grounds: 'Uji', active_cases: null, active_cases_date: null, rules: '[]', border_posts: 0,
      max_gathering_size: null, other_measures: '', start_date: startDate, length_days: 28, end_date: '2026-12-17', rule_set_id: null, created_at: now, created_by: 'seed',
      submitted_at: null, submitted_by: null, updated_at: now,
    }).execute();
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { dashboardStream: { tickMs: 30, lifetimeMs: 200 } });
    db = t.database.db;
    // Inside: Serangan and Pedungan (Denpasar Selatan). Outside: Kesiman (Denpasar Timur), the same kinds of records.
    // The week before (W47 ends 2026-11-22): Serangan already red, Pedungan green.
    await zone(SERANGAN, '2026-11-22', 'red', 41);
    await zone(PEDUNGAN, '2026-11-22', 'green', 1);
    await zone(SERANGAN, '2026-11-28', 'orange', 15);
    await zone(SERANGAN, '2026-11-29', 'red', 45);
    await zone(PEDUNGAN, '2026-11-29', 'yellow', 4);
    await zone(KESIMAN, '2026-11-29', 'red', 99);
    await aCase(SERANGAN, '2026-11-25');
    await aCase(SERANGAN, '2026-11-25');
    await aCase(PEDUNGAN, '2026-11-27', 'konfirmasi_asimptomatik');
    await aCase(SERANGAN, '2026-11-26', 'discarded');
    await aCase(SERANGAN, '2026-10-01'); // before the period, no longer active
    for (let i = 0; i < 3; i++) await aCase(KESIMAN, '2026-11-25');
    const warung = await venue(SERANGAN, 'Warung Serangan', 42, 'red');
    const kafe = await venue(PEDUNGAN, 'Kafe Pedungan', 75, 'yellow');
    await venue(PEDUNGAN, 'Toko Pedungan', 90, 'green');
    await venue(SERANGAN, 'Baru Serangan', null, 'grey');
    const luar = await venue(KESIMAN, '=HYPERLINK("x") Kesiman', 10, 'red');
    for (const time of ['09:10', '09:40', '18:05']) await visit(warung, SERANGAN, at('2026-11-28', time));
    await visit(kafe, PEDUNGAN, at('2026-11-29', '09:15'));
    await visit(kafe, PEDUNGAN, at('2026-11-20', '09:15')); // before the period
    for (let i = 0; i < 5; i++) await visit(luar, KESIMAN, at('2026-11-28', '09:00'));
    await db.insertInto('venue_assessments').values({
      id: newId(), venue_id: warung, kind: 'inspection', checklist_version: 1, answers: '{}', fraction_met: 0.5, overall_result: 'partial', notes: null, follow_up_date: '2026-11-27',
      author_user_id: null, author_name: 'Petugas', region_code: SERANGAN, at: at('2026-11-24', '10:00'), created_at: t.clock.now(),
    }).execute();
    await violation(SERANGAN, 'no_mask', 'Satpol PP 1', '2026-11-26', 100_000);
    await violation(SERANGAN, 'no_mask', 'Satpol PP 1', '2026-11-27', 100_000);
    await violation(PEDUNGAN, 'crowd', 'Satgas Desa', '2026-11-27', null);
    await violation(KESIMAN, 'no_mask', 'Satpol PP 2', '2026-11-27', 250_000);
    await post(SERANGAN, ['passed', 'passed', 'turned_back']);
    await post(KESIMAN, ['referred', 'referred']);
    await arrival(SERANGAN, '2026-11-25', 'reported');
    await arrival(PEDUNGAN, '2026-11-22', 'visited');
    await arrival(KESIMAN, '2026-11-25', 'reported');
    await pkm(PEDUNGAN, '51.71.DA04', 'ACTIVE', '2026-11-19');
    await pkm(SERANGAN, '51.71.DA04', 'SUBMITTED', '2026-12-10');
    await pkm(KESIMAN, '51.71.DA07', 'ACTIVE', '2026-11-19');
    // Serangan under a village PKM since 16 Nov, evaluated on 24 Nov (the week's only evaluation); the next is due 30 Nov.
    await pkm(SERANGAN, '51.71.DA04', 'ACTIVE', '2026-11-16');
    const serangan = await db.selectFrom('pkm_applications').select('id').where('region_code', '=', SERANGAN).where('status', '=', 'ACTIVE').executeTakeFirstOrThrow();
    await db.insertInto('pkm_evaluations').values({
      id: newId(), application_id: serangan.id, week: 1, due_date: '2026-11-23', active_cases: 41, recommendation: 'extend', notes: '', evaluated_at: at('2026-11-24', '10:00'),
      evaluated_by: null, evaluated_by_username: 'seed',
    }).execute();
    for (const [name, role, region] of [
      ['dasbor.satgas', 'task_force', SELATAN],
      ['dasbor.walikota', 'approver', SELATAN],
      ['dasbor.lurah', 'village_officer', SERANGAN],
      ['dasbor.tracer', 'health_tracer', SELATAN],
    ] as const) cookies[name] = (await t.staff(name, [{ role, regionCode: region }])).cookie;
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
    const api = await t.request({ method: 'GET', url: `/api/v1/dashboards?region=${SELATAN}&from=2026-11-23&to=2026-11-29`, cookie: cookies['dasbor.satgas']! });
    expect(api.statusCode, api.body).toBe(200);
    const d = api.json<Dashboard>();
    const res = await t.request({ method: 'GET', url: `/api/v1/reports/weekly.pdf?region=${SELATAN}&week=2026-W48`, cookie: cookies['dasbor.satgas']! });
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
    const other = await t.request({ method: 'GET', url: `/api/v1/reports/weekly.pdf?region=${TIMUR}&week=2026-W48`, cookie: cookies['dasbor.satgas']! });
    expect(other.statusCode).toBe(403);
    expect(other.json<{ type: string }>().type).toMatch(/out-of-scope$/);
    const lurah = await t.request({ method: 'GET', url: `/api/v1/reports/weekly.pdf?region=${PEDUNGAN}&week=2026-W48`, cookie: cookies['dasbor.lurah']! });
    expect(lurah.statusCode).toBe(403);
    const future = await t.request({ method: 'GET', url: `/api/v1/reports/weekly.pdf?region=${SELATAN}&week=2026-W50`, cookie: cookies['dasbor.satgas']! });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('"week"');
    const bad = await t.request({ method: 'GET', url: `/api/v1/reports/weekly.pdf?region=${SELATAN}&week=2026-48`, cookie: cookies['dasbor.satgas']! });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('week');
    expect((await t.request({ method: 'GET', url: `/api/v1/reports/weekly.pdf?week=2026-W48`, cookie: cookies['dasbor.tracer']! })).statusCode).toBe(403);
    // The village officer gets their own desa's report.
    const own = await t.request({ method: 'GET', url: '/api/v1/reports/weekly.pdf?week=2026-W48', cookie: cookies['dasbor.lurah']! });
    expect(own.statusCode).toBe(200);
    expect(pdfText(own.rawPayload, 'serangan-2026-W48')).toContain('Serangan · minggu 2026-W48');
  });

  it('e-mails last week\'s report once to each subscribed task-force member, on Mondays at 08:00 WITA', async () => {
    // Sunday 29 Nov 10:00 → the next run is Monday 30 Nov 08:00 WITA.
    expect(t.clock.now() + (msUntilNext(MONDAY_0800, t.clock.now(), TZ) ?? 0)).toBe(at('2026-11-30', '08:00'));
    const sub = await t.request({ method: 'PUT', url: '/api/v1/me/weekly-report', cookie: cookies['dasbor.satgas']!, payload: { subscribed: true, email: 'satgas.selatan@example.id' } });
    expect(sub.statusCode, sub.body).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/me/weekly-report', cookie: cookies['dasbor.satgas']! })).json()).toEqual({ subscribed: true, email: 'satgas.selatan@example.id' });
    const notTaskForce = await t.request({ method: 'PUT', url: '/api/v1/me/weekly-report', cookie: cookies['dasbor.lurah']!, payload: { subscribed: true, email: 'lurah@example.id' } });
    expect(notTaskForce.statusCode).toBe(403);
    const badEmail = await t.request({ method: 'PUT', url: '/api/v1/me/weekly-report', cookie: cookies['dasbor.walikota']!, payload: { subscribed: true, email: 'no' } });
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
    const off = await t.request({ method: 'PUT', url: '/api/v1/me/weekly-report', cookie: cookies['dasbor.satgas']!, payload: { subscribed: false } });
    expect(off.statusCode, off.body).toBe(200);
    t.clock.set(at('2026-12-07', '08:00'));
    expect(await t.services.reports.sendWeekly()).toEqual({ week: '2026-W49', queued: 0 });
  });
});
