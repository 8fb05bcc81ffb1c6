import { afterAll, beforeAll, expect, it } from 'vitest';
import { notificationDataKey, openNotification } from '../../src/server/modules/notifications/notifications.outbox.js';
import { createTestApp, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { verifiedVenue, type VenueFixture } from '../factories/venues.js';

const MIN = 60_000;

// 2026-11-29 02:00 UTC = 10:00 WITA. Visits at a warung in Serangan (Denpasar Selatan); the case is registered
// two hours later with onset today.
describeEachDatabase('contact tracing API', (dialect) => {
  let t: TestApp;
  let warung: VenueFixture;
  let tracer: { id: string; cookie: string };
  let managerCookie: string;
  let otherTracer: { id: string; cookie: string };
  let caseId: string;
  const visits: Record<string, { visitId: string; checkoutSecret: string }> = {};

  const checkIn = async (who: string, phone: string) => {
    const res = await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: warung.token, name: who, phone } });
    expect(res.statusCode).toBe(201);
    visits[who] = res.json();
  };
  const checkOut = async (who: string) => {
    const v = visits[who]!;
    expect((await t.request({ method: 'POST', url: `/api/v1/checkins/${v.visitId}/checkout`, payload: { checkoutSecret: v.checkoutSecret } })).statusCode).toBe(200);
  };
  /** Sessions expire: after moving the clock by days, log in again. */
  const relogin = async () => {
    tracer = { ...tracer, cookie: await t.login('tracer_selatan', 'staff-password-123') };
    otherTracer = { ...otherTracer, cookie: await t.login('tracer_timur', 'staff-password-123') };
    managerCookie = await t.login('komang@example.id', 'kata-sandi-aman-1');
  };
  // Confirmed with the laboratory's reference: the ground of its exposure search (need-to-know, issue #14).
  const caseBody = { name: 'Kadek Positif', phone: '081300000001', residenceCode: SERANGAN, category: 'konfirmasi_simptomatik', onsetDate: '2026-11-29', nik: '5171011708850001', testReference: 'NAR-5171-000001' };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    warung = await verifiedVenue(t, { capacity: 50 });
    tracer = await t.staff('tracer_selatan', [{ role: 'health_tracer', regionCode: SELATAN }]);
    otherTracer = await t.staff('tracer_timur', [{ role: 'health_tracer', regionCode: TIMUR }]);
    // The warung's manager (self sign-up), linked to the venue.
    const signup = await t.signUpManager({ name: 'Komang Sari', email: 'komang@example.id', phone: '081234567890', password: 'kata-sandi-aman-1' });
    expect(signup.statusCode).toBe(201);
    await t.database.db.insertInto('venue_managers').values({ venue_id: warung.id, user_id: signup.json().id as string, created_at: t.clock.now(), created_by: null }).execute();
    await checkIn('Kadek Positif', '081300000001');
    await checkIn('=HYPERLINK("http://x")', '081300000002');
    t.clock.advance(10 * MIN);
    await checkIn('Bagus Terbuka', '081300000003');
    t.clock.advance(40 * MIN);
    await checkIn('Citra Singkat', '081300000004');
    t.clock.advance(10 * MIN);
    await checkOut('Kadek Positif');
    await checkOut('=HYPERLINK("http://x")');
    t.clock.advance(10 * MIN);
    await checkOut('Citra Singkat');
    t.clock.advance(50 * MIN);
  });
  afterAll(() => t.close());

  it('registers a case (201 {id}), encrypted at rest, and feeds the zone count of the desa', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/cases', cookie: tracer.cookie, payload: caseBody });
    expect(res.statusCode).toBe(201);
    caseId = res.json().id;
    const row = await t.database.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(row.name_enc).not.toContain('Kadek');
    expect(row.nik_enc).not.toContain('5171');
    expect(row.isolation_end).toBe('2026-12-12');
    const zone = await t.database.db.selectFrom('zone_active_cases').selectAll().where('region_code', '=', SERANGAN).execute();
    expect(zone).toEqual([expect.objectContaining({ source: 'case_register', active_cases: 1, date: '2026-11-29' })]);
    const detail = await t.request({ method: 'GET', url: `/api/v1/cases/${caseId}`, cookie: tracer.cookie });
    expect(detail.json()).toMatchObject({ name: 'Kadek Positif', phone: '+6281300000001', category: 'konfirmasi_simptomatik', isolationEnd: '2026-12-12', window: { start: '2026-11-27T00:00:00.000+08:00' } });
    // The case page says which venues were told (the e-mail below) and when, so the page and the outbox agree.
    expect(detail.json().venueNotices).toEqual([
      { venueId: warung.id, venueName: 'Warung Makan Bu Komang', date: '2026-11-29', from: expect.stringMatching(/^2026-11-29T/), until: expect.stringMatching(/^2026-11-29T/), notifiedAt: expect.any(String) },
    ]);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', caseId).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['case.create', 'case.read']));
    // The venue's manager got a notice by e-mail: date and time span, never the person.
    // (The manager's own sign-up confirmation is in the outbox too, and is not this notice.)
    const mails = await t.database.db.selectFrom('notifications').selectAll().where('channel', '=', 'email').where('dedupe_key', 'not like', 'signup-%').execute();
    expect(mails).toHaveLength(1);
    const mail = openNotification(notificationDataKey(Buffer.alloc(32, 7)), mails[0]!);
    expect(mail.to).toBe('komang@example.id');
    expect(mail.body).toContain('2026-11-29 10:00–11:00');
    expect(mail.body).not.toContain('Kadek');
    expect(mail.body).not.toContain('0813');
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const count = async () => Number((await t.database.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const bad = async (patch: Record<string, unknown>, field: string) => {
      const res = await t.request({ method: 'POST', url: '/api/v1/cases', cookie: tracer.cookie, headers: { 'accept-language': 'en' }, payload: { ...caseBody, phone: '081300000099', ...patch } });
      expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      expect(JSON.stringify(res.json())).toContain(field);
    };
    await bad({ onsetDate: '2026-12-01' }, 'onsetDate');
    await bad({ nik: '1234' }, 'nik');
    await bad({ nik: '5171013202850001' }, 'birth date');
    await bad({ nik: '9971011708850001' }, 'region code');
    await bad({ category: 'konfirmasi_simptomatik', onsetDate: undefined }, 'onsetDate');
    await bad({ residenceCode: SELATAN }, 'residenceCode');
    const dup = await t.request({ method: 'POST', url: '/api/v1/cases', cookie: tracer.cookie, payload: { ...caseBody, phone: '+62 813 0000 0001' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().existingCaseId).toBe(caseId);
    expect(await count()).toBe(before);
    const end = await t.request({ method: 'POST', url: `/api/v1/cases/${caseId}/status`, cookie: tracer.cookie, payload: { category: 'konfirmasi_simptomatik', isolationStart: '2026-11-29', isolationEnd: '2026-11-20' } });
    expect(end.statusCode).toBe(400);
  });

  it("a tracer of another kecamatan can neither open nor register Selatan's cases", async () => {
    expect((await t.request({ method: 'GET', url: `/api/v1/cases/${caseId}`, cookie: otherTracer.cookie })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: `/api/v1/cases/${caseId}/exposures`, cookie: otherTracer.cookie })).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: '/api/v1/cases', cookie: otherTracer.cookie, payload: { ...caseBody, phone: '081300000098' } })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/cases', cookie: otherTracer.cookie })).json()).toEqual([]);
    const venueOfficer = await t.staff('village_serangan', [{ role: 'village_officer', regionCode: SERANGAN }]);
    expect((await t.request({ method: 'GET', url: `/api/v1/cases/${caseId}`, cookie: venueOfficer.cookie })).statusCode).toBe(403);
  });

  it('finds the exposures from check-ins: one per person, highest risk first, estimated ends flagged', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/cases/${caseId}/exposures`, cookie: tracer.cookie });
    expect(res.statusCode).toBe(200);
    const list = res.json<{ name: string; classification: string; totalOverlapMinutes: number; venues: { venueId: string; overlapMinutes: number; estimated: boolean }[]; lastExposureAt: string }[]>();
    expect(list.map((x) => [x.name, x.classification, x.totalOverlapMinutes])).toEqual([
      ['=HYPERLINK("http://x")', 'close', 60],
      ['Bagus Terbuka', 'close', 50],
      ['Citra Singkat', 'low', 10],
    ]);
    expect(list[1]!.venues).toEqual([expect.objectContaining({ venueId: warung.id, overlapMinutes: 50, estimated: true })]);
    expect(list[0]!.venues[0]!.estimated).toBe(false);
    expect(list[0]!.lastExposureAt).toBe('2026-11-29T11:00:00.000+08:00');
    const again = await t.request({ method: 'GET', url: `/api/v1/cases/${caseId}/exposures`, cookie: tracer.cookie });
    expect(again.json().map((x: { candidateId: string }) => x.candidateId)).toEqual(list.map((x) => (x as unknown as { candidateId: string }).candidateId));
  });

  it('confirms and dismisses candidates; confirming twice is 409; a confirmed contact is on the follow-up list', async () => {
    const list = (await t.request({ method: 'GET', url: `/api/v1/cases/${caseId}/exposures`, cookie: tracer.cookie })).json<{ candidateId: string; name: string }[]>();
    const decide = (candidateId: string, payload: Record<string, unknown>) =>
      t.request({ method: 'POST', url: `/api/v1/cases/${caseId}/exposures/${candidateId}/decision`, cookie: tracer.cookie, payload });
    const first = await decide(list[0]!.candidateId, { decision: 'confirm' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'confirmed', quarantineEnd: '2026-12-13' });
    expect((await decide(list[0]!.candidateId, { decision: 'confirm' })).statusCode).toBe(409);
    expect((await decide(list[1]!.candidateId, { decision: 'confirm', language: 'en' })).statusCode).toBe(200);
    expect((await decide(list[2]!.candidateId, { decision: 'dismiss' })).statusCode).toBe(400);
    expect((await decide(list[2]!.candidateId, { decision: 'dismiss', reason: 'sat outside, 10 minutes' })).statusCode).toBe(200);
    const contacts = (await t.request({ method: 'GET', url: '/api/v1/contacts', cookie: tracer.cookie })).json<{ name: string; quarantineEnd: string; followUpRegionCode: string }[]>();
    expect(contacts.map((c) => c.name).sort()).toEqual(['=HYPERLINK("http://x")', 'Bagus Terbuka']);
    expect(contacts[0]).toMatchObject({ quarantineEnd: '2026-12-13', followUpRegionCode: SELATAN });
    expect((await t.request({ method: 'GET', url: '/api/v1/contacts', cookie: otherTracer.cookie })).json()).toEqual([]);
  });

  it('the contact reports daily through the personal link; a wrong link is 404, an expired one 410', async () => {
    const contact = await t.database.db.selectFrom('contacts').selectAll().where('language', '=', 'en').executeTakeFirstOrThrow();
    // The SMS was written to the outbox in the confirming transaction: one message per contact, ≤ 160 characters.
    const row = await t.database.db.selectFrom('notifications').selectAll().where('dedupe_key', '=', `contact:${contact.id}`).executeTakeFirstOrThrow();
    const sms = openNotification(notificationDataKey(Buffer.alloc(32, 7)), row);
    expect(sms).toMatchObject({ channel: 'sms', to: '+6281300000003', lang: 'en' });
    expect([...sms.body].length).toBeLessThanOrEqual(160);
    expect(sms.body).toContain('13/12');
    const token = /http:\/\/jagabaya\.test\/k\/([\w-]+)/.exec(sms.body)![1]!;
    const page = await t.request({ method: 'GET', url: `/k/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('2026-12-13');
    // Dates read as a person reads them, in the page's language (issue #18).
    expect(page.body).toContain('<time datetime="2026-12-13">13 December 2026</time>');
    expect(page.body).toContain('Your quarantine lasts until');
    const posted = await t.request({ method: 'POST', url: `/k/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'condition=symptoms&symptoms=cough&symptoms=fever&temperature=38.2' });
    expect(posted.statusCode).toBe(200);
    expect(posted.body).toContain('report is saved');
    const tooHot = await t.request({ method: 'POST', url: `/k/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'condition=none&temperature=50' });
    expect(tooHot.statusCode).toBe(400);
    const list = (await t.request({ method: 'GET', url: '/api/v1/contacts', cookie: tracer.cookie })).json<{ id: string; reportedToday: boolean; lastReport: { symptoms: string[]; temperatureC: number } | null }[]>();
    expect(await t.database.db.selectFrom('notifications').select('id').where('dedupe_key', 'like', 'contact:%').execute()).toHaveLength(2);
    expect(list.find((c) => c.id === contact.id)).toMatchObject({ reportedToday: true, lastReport: { symptoms: ['cough', 'fever'], temperatureC: 38.2 } });
    expect((await t.request({ method: 'GET', url: '/k/not-a-real-token-at-all-xyz' })).statusCode).toBe(404);
    // Two days later without a report: flagged.
    t.clock.advance(2 * 24 * 60 * MIN);
    await relogin();
    const later = (await t.request({ method: 'GET', url: '/api/v1/contacts', cookie: tracer.cookie })).json<{ id: string; missedDays: number; missedReport: boolean }[]>();
    expect(later.find((c) => c.id === contact.id)).toMatchObject({ missedDays: 1, missedReport: true });
    t.clock.advance(15 * 24 * 60 * MIN);
    expect((await t.request({ method: 'GET', url: `/k/${token}` })).statusCode).toBe(410);
    t.clock.advance(-17 * 24 * 60 * MIN);
    await relogin();
  });

  it('exports the contacts as CSV safe against formula injection, audited', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/cases/${caseId}/contacts.csv`, cookie: tracer.cookie });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(res.body).not.toContain('5171011708850001');
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('action', '=', 'case.export_contacts').execute();
    expect(audit.length).toBe(1);
  });

  it('a contact testing positive becomes a case linked to the source; a venue cluster and the chain appear', async () => {
    const contact = await t.database.db.selectFrom('contacts').selectAll().where('language', '=', 'id').executeTakeFirstOrThrow();
    const res = await t.request({ method: 'POST', url: `/api/v1/contacts/${contact.id}/test`, cookie: tracer.cookie, payload: { result: 'positive', date: '2026-11-29' } });
    expect(res.statusCode).toBe(200);
    const newCaseId = res.json().caseId as string;
    const newCase = await t.database.db.selectFrom('cases').selectAll().where('id', '=', newCaseId).executeTakeFirstOrThrow();
    expect(newCase.source_case_id).toBe(caseId);
    const clusters = (await t.request({ method: 'GET', url: '/api/v1/clusters', cookie: tracer.cookie })).json();
    expect(clusters.clusters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'venue', key: warung.id, size: 2 }),
        expect.objectContaining({ kind: 'desa', key: SERANGAN, size: 2 }),
      ]),
    );
    expect(clusters.links).toEqual([{ caseId: newCaseId, sourceCaseId: caseId }]);
    expect((await t.request({ method: 'GET', url: '/api/v1/clusters', cookie: otherTracer.cookie })).json().clusters).toEqual([]);
    const notices = (await t.request({ method: 'GET', url: `/api/v1/venues/${warung.id}/case-notices`, cookie: t.adminCookie })).json();
    expect(notices.length).toBe(2);
    expect(JSON.stringify(notices)).not.toContain('Kadek');
    // The venue's own manager (no staff role) reads the notices e-mailed to them; another region's tracer does not.
    await relogin();
    const asManager = await t.request({ method: 'GET', url: `/api/v1/venues/${warung.id}/case-notices`, cookie: managerCookie });
    expect(asManager.statusCode).toBe(200);
    expect(asManager.json()).toEqual(notices);
    expect((await t.request({ method: 'GET', url: `/api/v1/venues/${warung.id}/case-notices`, cookie: otherTracer.cookie })).statusCode).toBe(403);
    const zone = await t.database.db.selectFrom('zone_active_cases').selectAll().where('region_code', '=', SERANGAN).execute();
    expect(zone[0]!.active_cases).toBe(2);
  });

  it('status updates: isolation complete lowers the zone count; a closed case stays closed; discharge waits for the end date', async () => {
    const done = await t.request({ method: 'POST', url: `/api/v1/cases/${caseId}/status`, cookie: tracer.cookie, payload: { category: 'selesai_isolasi' } });
    expect(done.statusCode).toBe(200);
    expect(done.json().category).toBe('selesai_isolasi');
    const zone = await t.database.db.selectFrom('zone_active_cases').selectAll().where('region_code', '=', SERANGAN).execute();
    expect(zone[0]!.active_cases).toBe(1);
    expect((await t.request({ method: 'POST', url: `/api/v1/cases/${caseId}/status`, cookie: tracer.cookie, payload: { category: 'meninggal' } })).statusCode).toBe(409);
    const en = await t.database.db.selectFrom('contacts').selectAll().where('language', '=', 'en').executeTakeFirstOrThrow();
    expect((await t.request({ method: 'POST', url: `/api/v1/contacts/${en.id}/discharge`, cookie: tracer.cookie })).statusCode).toBe(409);
    t.clock.advance(14 * 24 * 60 * MIN);
    await relogin();
    // The end date itself is still quarantine for the job; the tracer may discharge from that day on.
    expect(await t.services.tracing.dischargeDue()).toBe(0);
    t.clock.advance(24 * 60 * MIN);
    expect(await t.services.tracing.dischargeDue()).toBe(1);
    await relogin();
    const closed = await t.request({ method: 'POST', url: `/api/v1/contacts/${en.id}/discharge`, cookie: tracer.cookie });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().type).toContain('contact-closed');
    // Retention: the closed case goes a year after it was closed, with its contacts, reports and notices.
    expect(await t.services.tracing.purgeExpired()).toBe(0);
    t.clock.advance(366 * 24 * 60 * MIN);
    expect(await t.services.tracing.purgeExpired()).toBe(1);
    expect(await t.database.db.selectFrom('cases').select('id').where('id', '=', caseId).execute()).toEqual([]);
    expect(await t.database.db.selectFrom('contacts').select('id').where('case_id', '=', caseId).execute()).toEqual([]);
    expect(await t.database.db.selectFrom('venue_notices').select('id').where('case_id', '=', caseId).execute()).toHaveLength(0);
  });
});
