import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../src/server/shared/ids.js';
import { createTestApp, KESIMAN, PEDUNGAN, SELATAN, SERANGAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';

// GET /me/work: each role's home page lists exactly the work seeded for it in its region (Kecamatan Denpasar
// Selatan), and none of the same work seeded in Kesiman (Denpasar Timur), which is outside every caller's scope.

const ADAT_PEDUNGAN = '51.71.DA04';
const ADAT_KESIMAN = '51.71.DA07';
const DAY = 86_400_000;

describeEachDatabase('home page: the work waiting for each role', (dialect) => {
  let t: TestApp;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- seeding rows with only the columns that matter
  let db: Kysely<any>;
  let venueNumber = 1000;

  async function venue(regionCode: string, status: string, desaAdat: string | null = null): Promise<string> {
    const id = newId();
    const now = t.clock.now();
    await db.insertInto('venues').values({
      id, venue_number: venueNumber++, name: `Warung ${venueNumber}`, sector: 'trade', venue_type: 'warung', region_code: regionCode, banjar_code: null, desa_adat_code: desaAdat,
      address: 'Jl. Uji 1', lat: -8.7, lon: 115.2, position_confirmed: 1, point_region_code: regionCode, capacity: 20, opens_at: null, closes_at: null, indoor: 1,
      contact_name: null, contact_phone_enc: null, status, status_reason: null, suspended_until: null, suspension_sanction_id: null, compliance_score: null,
      compliance_badge: 'none', created_by: null, created_at: now, updated_at: now, verified_at: status === 'verified' ? now : null,
    }).execute();
    return id;
  }

  async function pkm(regionCode: string, adat: string, status: string, startDate = '2026-12-10'): Promise<void> {
    const now = t.clock.now();
    await db.insertInto('pkm_applications').values({
      id: newId(), region_code: regionCode, adat_region_code: adat, status, grounds: 'Uji', active_cases: null, active_cases_date: null, rules: '[]', border_posts: 0,
      max_gathering_size: null, other_measures: '', start_date: startDate, length_days: 28, end_date: '2027-01-07', rule_set_id: null, created_at: now, created_by: 'seed',
      submitted_at: null, submitted_by: null, updated_at: now,
    }).execute();
  }

  async function aCase(residence: string): Promise<string> {
    const id = newId();
    const now = t.clock.now();
    await db.insertInto('cases').values({
      id, person_key: `p-${id}`, name_enc: 'x', phone_enc: 'x', residence_code: residence, category: 'confirmed', episode_date: '2026-11-25', region_code: residence,
      language: 'id', created_at: now, updated_at: now,
    }).execute();
    return id;
  }

  async function candidate(caseId: string, status: string): Promise<void> {
    await db.insertInto('exposure_candidates').values({
      id: newId(), case_id: caseId, person_key: `k-${newId()}`, visit_id: newId(), classification: 'close', total_overlap_minutes: 30, last_exposure_at: t.clock.now() - DAY,
      venues: '[]', status, computed_at: t.clock.now(),
    }).execute();
  }

  /** A contact in quarantine followed since two days ago; `reported`: the dates of its daily reports. */
  async function contact(caseId: string, followUp: string, reported: string[], over: { status?: string; createdAt?: number } = {}): Promise<void> {
    const id = newId();
    const now = t.clock.now();
    await db.insertInto('contacts').values({
      id, case_id: caseId, candidate_id: null, person_key: `c-${id}`, name_enc: 'x', phone_enc: 'x', follow_up_region_code: followUp, last_exposure_at: now - 3 * DAY,
      quarantine_end: '2026-12-09', token_hash: `h-${id}`, language: 'id', status: over.status ?? 'quarantine', test_result: null, test_date: null, became_case_id: null,
      created_by: null, created_at: over.createdAt ?? now - 2 * DAY, updated_at: now,
    }).execute();
    for (const date of reported) {
      await db.insertInto('contact_reports').values({ id: newId(), contact_id: id, date, symptomatic: 0, symptoms: '[]', temperature_c: null, at: now }).execute();
    }
  }

  async function rating(venueId: string, score: number, at: number, status = 'counted'): Promise<void> {
    await db.insertInto('visit_ratings').values({
      visit_id: newId(), venue_id: venueId, region_code: SERANGAN, masks: score, handwashing: score, distancing: score, temperature: score, cleanliness: score,
      comment: null, at, status, held_reason: null, person_key: null, local_day: null,
    }).execute();
  }

  async function attempt(venueId: string, at: number): Promise<void> {
    await db.insertInto('checkin_attempts').values({ id: newId(), at, venue_id: venueId, region_code: SERANGAN, reason: 'venue_full', detail: null }).execute();
  }

  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect);
    db = t.database.db;
    const now = t.clock.now(); // 2026-11-29 10:00 WITA

    // Venues: 2 pending + 1 verified in Selatan (one pending in Desa Adat Pedungan); 1 pending + 1 verified in Kesiman.
    await venue(SERANGAN, 'pending');
    await venue(PEDUNGAN, 'pending', ADAT_PEDUNGAN);
    await venue(SERANGAN, 'verified');
    await venue(SERANGAN, 'rejected');
    await venue(KESIMAN, 'pending');
    await venue(KESIMAN, 'verified', ADAT_KESIMAN);

    // PKM: in Pedungan one at each stage, two to review; the same stages in Kesiman must not count.
    for (const [region, adat] of [[PEDUNGAN, ADAT_PEDUNGAN], [KESIMAN, ADAT_KESIMAN]] as const) {
      await pkm(region, adat, 'SUBMITTED');
      await pkm(region, adat, 'UNDER_REVIEW');
      await pkm(region, adat, 'RECOMMENDED');
      await pkm(region, adat, 'RETURNED');
      await pkm(region, adat, 'DRAFT');
      // Active since 10 days: the first weekly evaluation was due on day 7 and none was made.
      await pkm(region, adat, 'ACTIVE', '2026-11-19');
    }
    // Active since 3 days: no evaluation due yet.
    await pkm(PEDUNGAN, ADAT_PEDUNGAN, 'ACTIVE', '2026-11-26');

    // Tracing: a case in Serangan with 2 pending candidates and 1 decided; a case in Kesiman with 1 pending.
    const caseA = await aCase(SERANGAN);
    await candidate(caseA, 'pending');
    await candidate(caseA, 'pending');
    await candidate(caseA, 'confirmed');
    const caseB = await aCase(KESIMAN);
    await candidate(caseB, 'pending');
    // Contacts: missed yesterday (2026-11-28): two in Selatan (one followed up in Kesiman but of a Serangan case),
    // reported yesterday: one; started today: one; discharged: one; a Kesiman contact of a Kesiman case missed.
    await contact(caseA, SERANGAN, ['2026-11-27']);
    await contact(caseA, KESIMAN, []);
    await contact(caseA, SERANGAN, ['2026-11-28']);
    await contact(caseA, SERANGAN, [], { createdAt: now - 60_000 });
    await contact(caseA, SERANGAN, [], { status: 'discharged' });
    await contact(caseB, KESIMAN, []);

    // A venue manager with one venue: 3 refusals and 2 low ratings in the last 7 days, older ones and another
    // venue's that do not count.
    const manager = await t.signUpManager({ name: 'Pengelola Beranda', email: 'pengelola.beranda@example.id', phone: '081377711101', password: 'kata-sandi-aman-x1' });
    if (manager.statusCode !== 201) throw new Error(manager.body);
    cookies.manager = String([manager.headers['set-cookie']].flat()[0]).split(';')[0]!;
    const own = await venue(SERANGAN, 'verified');
    const other = await venue(SERANGAN, 'verified');
    await db.insertInto('venue_managers').values({ venue_id: own, user_id: manager.json<{ id: string }>().id, created_at: now, created_by: null }).execute();
    for (const at of [now - 60_000, now - DAY, now - 6 * DAY]) await attempt(own, at);
    await attempt(own, now - 8 * DAY);
    await attempt(other, now - 60_000);
    await rating(own, 1, now - DAY);
    await rating(own, 2, now - 2 * DAY);
    await rating(own, 3, now - DAY);
    await rating(own, 1, now - 9 * DAY);
    await rating(own, 1, now - DAY, 'held');
    await rating(other, 1, now - DAY);

    for (const [name, role, region] of [
      ['beranda.lurah', 'village_officer', SELATAN],
      ['beranda.bendesa', 'adat_officer', ADAT_PEDUNGAN],
      ['beranda.satgas', 'task_force', SELATAN],
      ['beranda.walikota', 'approver', SELATAN],
      ['beranda.tracer', 'health_tracer', SELATAN],
      ['beranda.viewer', 'viewer', SELATAN],
    ] as const) {
      cookies[name] = (await t.staff(name, [{ role, regionCode: region }])).cookie;
    }
  });
  afterAll(() => t.close());

  async function work(cookie: string) {
    const res = await t.request({ method: 'GET', url: '/api/v1/me/work', cookie });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ kind: string; count: number }[]>();
  }

  it('gives each role exactly the work in its scope, and nothing from another kecamatan', async () => {
    // 2 pending venues in Selatan; the inspection to-do holds the verified, never inspected ones (3 with the manager's).
    expect(await work(cookies['beranda.lurah']!)).toEqual([
      { kind: 'venues_to_verify', count: 2 },
      { kind: 'inspections_due', count: 3 },
      { kind: 'pkm_revision', count: 1 },
    ]);
    // The desa adat's officer: nothing verified in Desa Adat Pedungan; the returned PKM is theirs too.
    expect(await work(cookies['beranda.bendesa']!)).toEqual([
      { kind: 'inspections_due', count: 0 },
      { kind: 'pkm_revision', count: 1 },
    ]);
    expect(await work(cookies['beranda.satgas']!)).toEqual([
      { kind: 'pkm_to_review', count: 2 },
      { kind: 'evaluations_overdue', count: 1 },
    ]);
    expect(await work(cookies['beranda.walikota']!)).toEqual([{ kind: 'pkm_to_approve', count: 1 }]);
    expect(await work(cookies['beranda.tracer']!)).toEqual([
      { kind: 'exposures_to_review', count: 2 },
      { kind: 'contacts_missed_report', count: 2 },
    ]);
    expect(await work(cookies.manager!)).toEqual([
      { kind: 'refused_checkins', count: 3 },
      { kind: 'low_ratings', count: 2 },
    ]);
    expect(await work(cookies['beranda.viewer']!)).toEqual([]);
  });

  it('counts the whole city for the administrator', async () => {
    // Venues everywhere: 3 pending; 4 verified never inspected. Admin also manages cases: 3 candidates, 3 missed.
    expect(await work(t.adminCookie)).toEqual([
      { kind: 'venues_to_verify', count: 3 },
      { kind: 'inspections_due', count: 4 },
      { kind: 'exposures_to_review', count: 3 },
      { kind: 'contacts_missed_report', count: 3 },
    ]);
  });

  it('answers 401 without a session', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v1/me/work' })).statusCode).toBe(401);
  });
});
