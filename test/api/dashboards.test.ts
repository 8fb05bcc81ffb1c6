import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/server/shared/ids.js';
import { localDateTimeToEpochMs } from '../../src/server/shared/local-time.js';
import { createTestApp, KESIMAN, PEDUNGAN, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';

// GET /api/v1/dashboards (issue #17): each panel's exact figures for Kecamatan Denpasar Selatan (Serangan, Pedungan),
// with the same kinds of records seeded in Kesiman (Denpasar Timur), which must never count; the drill-down levels;
// the CSV of a panel (spreadsheet-safe); another region's code refused; the event stream.

const TZ = 'Asia/Makassar';
const at = (date: string, time: string) => localDateTimeToEpochMs(date, time, TZ);

interface Panel { id: string; kind: string; columns: string[]; rows: (string | number | null)[][] }
interface Dashboard { region: { code: string }; path: { code: string }[]; children: { code: string; name: string }[]; from: string; to: string; panels: Panel[] }

describeEachDatabase('dashboards', (dialect) => {
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
    for (const [name, role, region] of [
      ['dasbor.satgas', 'task_force', SELATAN],
      ['dasbor.walikota', 'approver', SELATAN],
      ['dasbor.lurah', 'village_officer', SERANGAN],
      ['dasbor.tracer', 'health_tracer', SELATAN],
    ] as const) cookies[name] = (await t.staff(name, [{ role, regionCode: region }])).cookie;
  });
  afterAll(() => t.close());

  async function dashboard(cookie: string, query: string): Promise<Dashboard> {
    const res = await t.request({ method: 'GET', url: `/api/v1/dashboards?${query}`, cookie });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Dashboard>();
  }
  const rowsOf = (d: Dashboard, id: string) => d.panels.find((p) => p.id === id)!.rows;

  it("gives the kecamatan's exact figures, with none of another kecamatan's", async () => {
    const d = await dashboard(cookies['dasbor.satgas']!, `region=${SELATAN}&from=2026-11-23&to=2026-11-29`);
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
    const d = await dashboard(cookies['dasbor.lurah']!, 'from=2026-11-23&to=2026-11-29');
    expect(d.region.code).toBe(SERANGAN);
    expect(d.children).toEqual([]);
    expect(rowsOf(d, 'zone-map')).toEqual([[SERANGAN, expect.any(String), 'red', 45]]);
    expect(rowsOf(d, 'checkins-per-day').reduce((n, r) => n + Number(r[1]), 0)).toBe(3);
    expect(rowsOf(d, 'newcomers')).toEqual([['reported', 1], ['visited', 0]]);
    // The approver of the kecamatan drills into Pedungan.
    const p = await dashboard(cookies['dasbor.walikota']!, `region=${PEDUNGAN}&from=2026-11-23&to=2026-11-29`);
    expect(p.path.map((r) => r.code)).toEqual([SELATAN, PEDUNGAN]);
    expect(rowsOf(p, 'violations')).toEqual([['crowd', 'Satgas Desa', 1, 0]]);
  });

  it("refuses another region's code with the out-of-scope problem, and callers without the permission", async () => {
    for (const region of [TIMUR, KESIMAN]) {
      const res = await t.request({ method: 'GET', url: `/api/v1/dashboards?region=${region}`, cookie: cookies['dasbor.satgas']! });
      expect(res.statusCode).toBe(403);
      expect(res.json<{ type: string }>().type).toMatch(/out-of-scope$/);
      const csv = await t.request({ method: 'GET', url: `/api/v1/dashboards/panels/zone-map.csv?region=${region}`, cookie: cookies['dasbor.satgas']! });
      expect(csv.statusCode).toBe(403);
      expect(csv.body).not.toContain('99');
    }
    const lurah = await t.request({ method: 'GET', url: `/api/v1/dashboards?region=${PEDUNGAN}`, cookie: cookies['dasbor.lurah']! });
    expect(lurah.statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/dashboards', cookie: cookies['dasbor.tracer']! })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/dashboards' })).statusCode).toBe(401);
    const bad = await t.request({ method: 'GET', url: `/api/v1/dashboards?region=${SELATAN}&from=2026-11-30&to=2026-11-29`, cookie: cookies['dasbor.satgas']! });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('"to"');
  });

  it('downloads a panel as spreadsheet-safe CSV with the same figures', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/dashboards/panels/violations.csv?region=${SELATAN}&from=2026-11-23&to=2026-11-29`, cookie: cookies['dasbor.satgas']! });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/)).toEqual(['"offence","team","violations","finesIdr"', '"crowd","Satgas Desa","1","0"', '"no_mask","Satpol PP 1","2","200000"']);
    // A venue name starting with "=" is neutralised (the city-wide task force of the admin sees Kesiman's venue).
    const city = await t.request({ method: 'GET', url: `/api/v1/dashboards/panels/worst-venues.csv?region=${TIMUR}`, cookie: (await t.staff('dasbor.kota', [{ role: 'task_force', regionCode: '51.71' }])).cookie });
    expect(city.statusCode, city.body).toBe(200);
    expect(city.body).toContain(`"'=HYPERLINK`);
    expect((await t.request({ method: 'GET', url: '/api/v1/dashboards/panels/nothing.csv', cookie: cookies['dasbor.satgas']! })).statusCode).toBe(404);
  });

  describe('event stream', () => {
    it('sends events and closes cleanly', async () => {
      const res = await t.request({ method: 'GET', url: `/api/v1/dashboards/events?region=${SELATAN}`, cookie: cookies['dasbor.satgas']! });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/event-stream');
      expect(res.body).toMatch(/^retry: \d+\n\n/);
      expect(res.body).toContain('event: ready\n');
      expect(res.body).toContain('event: refresh\n');
      expect(res.body.endsWith('\n\n')).toBe(true);
      const refused = await t.request({ method: 'GET', url: `/api/v1/dashboards/events?region=${TIMUR}`, cookie: cookies['dasbor.satgas']! });
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
