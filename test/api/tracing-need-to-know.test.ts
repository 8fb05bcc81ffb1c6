import { afterAll, beforeAll, expect, it } from 'vitest';
import { notificationDataKey, openNotification } from '../../src/server/modules/notifications/notifications.outbox.js';
import { createTestApp, KESIMAN, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { verifiedVenue, type VenueFixture } from '../factories/venues.js';

const MIN = 60_000;
const ALERT_ENV = { TRACING_ALERT_SEARCHES_PER_DAY: '4', TRACING_ALERT_CASES_WITHOUT_TEST_PER_DAY: '3', TRACING_ALERT_EMAILS: 'dinkes@example.id' };

/*
 * Issue #14, findings 1 and 3: need-to-know for the exposure search, the four-eyes approval of a suspect's search,
 * the purpose-bearing audit of every search, the volume alert, and the duplicate-case probe answered without the
 * other case's id or region and audited.
 */
describeEachDatabase('tracing need-to-know (issue #14)', (dialect) => {
  let t: TestApp;
  let warung: VenueFixture;
  let attacker: { id: string; cookie: string };
  let colleague: { id: string; cookie: string };
  let selatan: { id: string; cookie: string };
  let suspectId: string;
  const victimPhone = '+6281377700001';
  const exposures = (id: string, cookie: string) => t.request({ method: 'GET', url: `/api/v1/cases/${id}/exposures`, cookie, headers: { 'accept-language': 'en' } });
  const audits = (action: string) => t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

  beforeAll(async () => {
    Object.assign(process.env, ALERT_ENV);
    t = await createTestApp(dialect);
    warung = await verifiedVenue(t, { capacity: 50 });
    // A health tracer of Kesiman (Denpasar Timur) and a colleague there; a tracer of Selatan, where the warung is.
    attacker = await t.staff('tracer_kesiman', [{ role: 'health_tracer', regionCode: KESIMAN }]);
    colleague = await t.staff('tracer_timur2', [{ role: 'health_tracer', regionCode: TIMUR }]);
    selatan = await t.staff('tracer_selatan', [{ role: 'health_tracer', regionCode: SELATAN }]);
    // The victim sits at the warung in Serangan for an hour; the attacker checks in beside them with a phone of theirs.
    for (const [name, phone] of [['Wayan Korban', victimPhone], ['Made Palsu', '081377799999']] as const) {
      expect((await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: warung.token, name, phone } })).statusCode).toBe(201);
    }
    t.clock.advance(60 * MIN);
  });
  afterAll(async () => {
    for (const k of Object.keys(ALERT_ENV)) delete process.env[k];
    await t.close();
  });

  it('a made-up suspect in the attacker\'s own desa reveals nobody: the search and the decisions need an approval', async () => {
    const reg = await t.request({ method: 'POST', url: '/api/v1/cases', cookie: attacker.cookie, payload: { name: 'Made Palsu', phone: '081377799999', residenceCode: KESIMAN, category: 'suspek' } });
    expect(reg.statusCode).toBe(201);
    suspectId = reg.json().id;
    const res = await exposures(suspectId, attacker.cookie);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ type: expect.stringContaining('need-to-know'), missing: 'approval' });
    expect(res.json().detail).toContain('approved');
    expect(res.body).not.toContain('Wayan');
    expect(await t.database.db.selectFrom('exposure_candidates').select('id').where('case_id', '=', suspectId).execute()).toEqual([]);
    // A candidate computed earlier (before this rule) cannot be confirmed either: no contact, no SMS.
    const visit = await t.database.db.selectFrom('visits').select(['id', 'person_key']).where('t_out', 'is', null).executeTakeFirstOrThrow();
    await t.database.db.insertInto('exposure_candidates').values({ id: '01900000-0000-7000-8000-000000000001', case_id: suspectId, person_key: visit.person_key, visit_id: visit.id, classification: 'close', total_overlap_minutes: 60, last_exposure_at: t.clock.now(), venues: '[]', status: 'pending', reason: null, decided_by: null, decided_at: null, computed_at: t.clock.now() }).execute();
    const decided = await t.request({ method: 'POST', url: `/api/v1/cases/${suspectId}/exposures/01900000-0000-7000-8000-000000000001/decision`, cookie: attacker.cookie, payload: { decision: 'confirm' } });
    expect(decided.statusCode).toBe(403);
    expect(decided.json().missing).toBe('approval');
    expect(await t.database.db.selectFrom('contacts').select('id').execute()).toEqual([]);
    expect(await t.database.db.selectFrom('notifications').select('id').where('channel', '=', 'sms').execute()).toEqual([]);
    await t.database.db.deleteFrom('exposure_candidates').where('case_id', '=', suspectId).execute();
  });

  it('four eyes: the requester cannot approve their own search; another tracer in scope can, and the search is audited with its purpose', async () => {
    const url = `/api/v1/cases/${suspectId}/exposure-search`;
    expect((await t.request({ method: 'POST', url: `${url}/approve`, cookie: colleague.cookie })).statusCode).toBe(409);
    const asked = await t.request({ method: 'POST', url: `${url}/request`, cookie: attacker.cookie, payload: { purpose: 'Demam dan batuk, menunggu hasil swab' } });
    expect(asked.statusCode).toBe(200);
    expect(asked.json()).toMatchObject({ basis: null, missing: 'approval', request: { requestedByMe: true, approvedAt: null } });
    const own = await t.request({ method: 'POST', url: `${url}/approve`, cookie: attacker.cookie });
    expect(own.statusCode).toBe(403);
    expect(own.json().type).toContain('four-eyes');
    // A tracer outside the case's region cannot approve it either.
    expect((await t.request({ method: 'POST', url: `${url}/approve`, cookie: selatan.cookie })).statusCode).toBe(403);
    expect((await exposures(suspectId, attacker.cookie)).statusCode).toBe(403);
    const ok = await t.request({ method: 'POST', url: `${url}/approve`, cookie: colleague.cookie });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ basis: 'four_eyes', missing: null });
    expect((await t.request({ method: 'POST', url: `${url}/approve`, cookie: colleague.cookie })).statusCode).toBe(409);
    expect((await audits('exposure_search.request')).map((a) => a.actor_user_id)).toEqual([attacker.id]);
    expect((await audits('exposure_search.approve')).map((a) => a.actor_user_id)).toEqual([colleague.id]);

    const res = await exposures(suspectId, attacker.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json().map((x: { name: string }) => x.name)).toEqual(['Wayan Korban']);
    const [entry] = await audits('case.exposures');
    expect(entry).toMatchObject({ actor_user_id: attacker.id, entity_id: suspectId, region_code: KESIMAN });
    const details = JSON.parse(entry!.details!);
    expect(details.purpose).toEqual({ code: 'contact_tracing', basis: 'four_eyes', caseCategory: 'suspek', approvedBy: colleague.id });
    expect(details.actor).toEqual({ roles: ['health_tracer'], region: KESIMAN });
    // Whose records were revealed, findable by the person key (the keyed phone hash), never the phone itself.
    expect(details.revealed.personKeys).toEqual([t.services.checkins.personKeyOf(victimPhone)]);
    expect(entry!.details).not.toContain('81377700001');
    expect(entry!.details).not.toContain('Wayan');
  });

  it('an administrator approves as the supervisor', async () => {
    const reg = await t.request({ method: 'POST', url: '/api/v1/cases', cookie: colleague.cookie, payload: { name: 'Ketut Suspek', phone: '081377755555', residenceCode: KESIMAN, category: 'suspek' } });
    const id = reg.json().id as string;
    expect((await t.request({ method: 'POST', url: `/api/v1/cases/${id}/exposure-search/request`, cookie: colleague.cookie, payload: { purpose: 'short' } })).statusCode).toBe(400);
    expect((await t.request({ method: 'POST', url: `/api/v1/cases/${id}/exposure-search/request`, cookie: colleague.cookie, payload: { purpose: 'Anosmia sejak kemarin, kontak erat di pasar' } })).statusCode).toBe(200);
    const ok = await t.request({ method: 'POST', url: `/api/v1/cases/${id}/exposure-search/approve`, cookie: t.adminCookie });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().basis).toBe('four_eyes');
  });

  it('a confirmed case needs its test reference before its exposures are searched', async () => {
    const reg = await t.request({ method: 'POST', url: '/api/v1/cases', cookie: selatan.cookie, payload: { name: 'Wayan Korban', phone: victimPhone, residenceCode: SERANGAN, category: 'konfirmasi_asimptomatik', specimenDate: '2026-11-29' } });
    expect(reg.statusCode).toBe(201);
    const id = reg.json().id as string;
    const refused = await exposures(id, selatan.cookie);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ missing: 'testReference' });
    expect(refused.json().detail).toContain('test reference');
    expect((await t.request({ method: 'POST', url: `/api/v1/cases/${id}/exposure-search/request`, cookie: selatan.cookie, payload: { purpose: 'no test yet, please let me search' } })).statusCode).toBe(409);
    expect((await t.request({ method: 'POST', url: `/api/v1/cases/${id}/test-reference`, cookie: selatan.cookie, payload: { testReference: 'x y' } })).statusCode).toBe(400);
    const set = await t.request({ method: 'POST', url: `/api/v1/cases/${id}/test-reference`, cookie: selatan.cookie, payload: { testReference: 'NAR-5171-000777' } });
    expect(set.statusCode).toBe(200);
    expect(set.json().testReference).toBe('NAR-5171-000777');
    const detail = await t.request({ method: 'GET', url: `/api/v1/cases/${id}`, cookie: selatan.cookie });
    expect(detail.json().exposureSearch).toEqual({ basis: 'test', missing: null, request: null });
    const found = await exposures(id, selatan.cookie);
    expect(found.statusCode).toBe(200);
    expect(found.json().map((x: { name: string }) => x.name)).toEqual(['Made Palsu']);
  });

  it('the duplicate-case probe: out of scope, the 409 and the 403 name neither the case nor its region, and both are audited', async () => {
    const existing = await t.database.db.selectFrom('cases').select(['id', 'residence_code']).where('residence_code', '=', SERANGAN).executeTakeFirstOrThrow();
    const probe = await t.request({ method: 'POST', url: '/api/v1/cases', cookie: attacker.cookie, headers: { 'accept-language': 'en' }, payload: { name: 'X', phone: victimPhone, residenceCode: KESIMAN, category: 'suspek' } });
    expect(probe.statusCode).toBe(409);
    expect(probe.json().type).toContain('duplicate-case');
    expect(probe.json()).not.toHaveProperty('existingCaseId');
    expect(probe.body).not.toContain(existing.id);
    expect(probe.body).not.toContain(SERANGAN);
    const [logged] = await audits('case.duplicate_probe');
    expect(logged).toMatchObject({ actor_user_id: attacker.id, entity_id: existing.id, region_code: SERANGAN });
    expect(JSON.parse(logged!.details!)).toEqual({ match: 'phone', inScope: false });
    // In scope the tracer is told which case it is.
    const own = await t.request({ method: 'POST', url: '/api/v1/cases', cookie: selatan.cookie, payload: { name: 'X', phone: victimPhone, residenceCode: SERANGAN, category: 'suspek' } });
    expect(own.statusCode).toBe(409);
    expect(own.json().existingCaseId).toBe(existing.id);

    const read = await t.request({ method: 'GET', url: `/api/v1/cases/${existing.id}`, cookie: attacker.cookie });
    expect(read.statusCode).toBe(403);
    expect(read.body).not.toContain(SERANGAN);
    expect(read.body).not.toContain('51.71.01');
    const denied = (await audits('case.access_denied')).filter((a) => a.entity_id === existing.id);
    expect(denied).toEqual([expect.objectContaining({ actor_user_id: attacker.id, region_code: SERANGAN, details: JSON.stringify({ permission: 'cases:read' }) })]);
  });

  it('unusual volume: past the thresholds the administrators get one alert per account and day, through the outbox', async () => {
    const alerts = () => t.database.db.selectFrom('notifications').selectAll().where('dedupe_key', 'like', 'tracing-volume:%').execute();
    expect(await alerts()).toEqual([]);
    // The attacker searched once; three more searches reach the threshold (4) without passing it.
    for (let i = 0; i < 3; i++) expect((await exposures(suspectId, attacker.cookie)).statusCode).toBe(200);
    expect(await alerts()).toEqual([]);
    expect((await exposures(suspectId, attacker.cookie)).statusCode).toBe(200);
    const [mail, ...more] = await alerts();
    expect(more).toEqual([]);
    const opened = openNotification(notificationDataKey(Buffer.alloc(32, 7)), mail!);
    expect(opened).toMatchObject({ channel: 'email', to: 'dinkes@example.id' });
    expect(opened.body).toContain('The account tracer_kesiman made 5 exposure searches (threshold 4)');
    // More searches and cases without a test the same day: no second alert.
    for (let i = 0; i < 3; i++) expect((await exposures(suspectId, attacker.cookie)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) {
      const phone = `08137770100${i}`;
      expect((await t.request({ method: 'POST', url: '/api/v1/cases', cookie: attacker.cookie, payload: { name: 'Suspek', phone, residenceCode: KESIMAN, category: 'suspek' } })).statusCode).toBe(201);
    }
    expect(await alerts()).toHaveLength(1);
    expect(await audits('tracing.volume_alert')).toEqual([expect.objectContaining({ entity_id: attacker.id })]);
    // Another account's cases without a test: its own alert.
    for (let i = 0; i < 4; i++) {
      const phone = `08137770200${i}`;
      expect((await t.request({ method: 'POST', url: '/api/v1/cases', cookie: colleague.cookie, payload: { name: 'Suspek', phone, residenceCode: KESIMAN, category: 'suspek' } })).statusCode).toBe(201);
    }
    expect(await alerts()).toHaveLength(2);
  });
});
