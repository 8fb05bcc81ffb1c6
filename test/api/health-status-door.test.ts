// Issue #16, "my status colour" and "at the door": health staff record vaccinations and test results (one by one and
// from CSV), the versioned status rule reads them, and a venue whose rules in force ask for a status check shows the
// colour on the check-in confirmation and refuses hitam (and merah under the seeded versions), changing nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { notificationDataKey, openNotification } from '../../src/server/modules/notifications/notifications.outbox.js';
import { normalizePhone } from '../../src/server/shared/phone.js';
import { createTestApp, DENPASAR, KESIMAN, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase, TEST_SECRET_KEY } from '../databases.js';
import { verifiedVenue, type VenueFixture } from '../factories/venues.js';

const DAY = 24 * 60 * 60_000;

describeEachDatabase('health records, the status rule and the door check', (dialect) => {
  let t: TestApp;
  let worker: { id: string; cookie: string };
  let venue: VenueFixture;
  let address = 0;
  const nextAddress = () => `10.17.${Math.floor(++address / 200)}.${address % 200}`;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    worker = await t.staff(`puskesmas.${dialect}`, [{ role: 'health_worker', regionCode: SELATAN }]);
    venue = await verifiedVenue(t, { name: 'Warung Pintu', capacity: 50 });
  });
  afterAll(() => t.close());

  const vaccinate = (payload: Record<string, unknown>, cookie = worker.cookie) => t.request({ method: 'POST', url: '/api/v1/vaccinations', cookie, payload });
  const testResult = (payload: Record<string, unknown>, cookie = worker.cookie) => t.request({ method: 'POST', url: '/api/v1/test-results', cookie, payload });
  /** The resident cookie of `phone`, signed in with the code the outbox holds for it (as the SMS would bring it). */
  const residents = new Map<string, string>();
  const residentCookie = async (phone: string): Promise<string> => {
    const known = residents.get(phone);
    if (known) return known;
    expect((await t.request({ method: 'POST', url: '/api/v1/citizen/otp', remoteAddress: nextAddress(), payload: { phone } })).statusCode).toBe(202);
    const rows = await t.database.db.selectFrom('notifications').selectAll().where('channel', '=', 'sms').orderBy('id').execute();
    const sms = rows.map((row) => openNotification(notificationDataKey(TEST_SECRET_KEY), row)).filter((m) => m.to === normalizePhone(phone));
    const code = /\b(\d{6})\b/.exec(sms.at(-1)?.body ?? '')?.[1];
    if (!code) throw new Error(`no code for ${phone}`);
    const session = await t.request({ method: 'POST', url: '/api/v1/citizen/session', remoteAddress: nextAddress(), payload: { phone, code } });
    const cookie = ([] as string[]).concat(session.headers['set-cookie'] ?? []).find((c) => c.startsWith('jb_resident='))?.split(';')[0];
    if (!cookie) throw new Error(`no resident cookie: ${session.statusCode} ${session.body}`);
    residents.set(phone, cookie);
    return cookie;
  };
  /** A check-in by the resident signed in as `phone` on this phone (the door may look up their own colour). */
  const checkIn = async (phone: string, lang = 'id') =>
    t.request({ method: 'POST', url: '/api/v1/checkins', remoteAddress: nextAddress(), cookie: await residentCookie(phone), headers: { 'accept-language': lang }, payload: { token: venue.token, name: 'Warga Uji', phone } });
  /** Someone typing a number with no resident session for it: a stranger's, or their own while not signed in. */
  const checkInUnproven = (phone: string, cookie?: string) =>
    t.request({ method: 'POST', url: '/api/v1/checkins', remoteAddress: nextAddress(), ...(cookie ? { cookie } : {}), payload: { token: venue.token, name: 'Orang Lain', phone } });
  const counts = async () => ({
    visits: Number((await t.database.db.selectFrom('visits').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    attempts: Number((await t.database.db.selectFrom('checkin_attempts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    vaccinations: Number((await t.database.db.selectFrom('vaccinations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    tests: Number((await t.database.db.selectFrom('test_results').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  });
  const today = () => new Date(t.clock.now() + 8 * 3_600_000).toISOString().slice(0, 10);

  it('a health worker records a vaccination and a test in their region, audited; bad input names the field and stores nothing', async () => {
    const ok = await vaccinate({ phone: '0812-7777-0001', dose: 1, vaccine: 'Sinovac', date: '2021-08-01' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ by: 'phone', dose: 1, vaccine: 'sinovac', date: '2021-08-01', regionCode: SELATAN });
    const test = await testResult({ nik: '5171014508900003', kind: 'antigen', result: 'negative', at: new Date(t.clock.now() - 3_600_000).toISOString() });
    expect(test.statusCode, test.body).toBe(201);
    expect(test.json()).toMatchObject({ by: 'nik', kind: 'antigen', result: 'negative' });
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'region_code', 'details']).where('action', 'in', ['vaccination.record', 'test_result.record']).execute();
    expect(audit.map((a) => [a.action, a.region_code])).toEqual([['vaccination.record', SELATAN], ['test_result.record', SELATAN]]);
    expect(JSON.stringify(audit)).not.toContain('5171014508900003');
    // Neither the phone nor the NIK is stored as typed.
    expect(JSON.stringify(await t.database.db.selectFrom('vaccinations').selectAll().execute())).not.toContain('7777');
    expect(JSON.stringify(await t.database.db.selectFrom('test_results').selectAll().execute())).not.toContain('5171014508900003');

    const before = await counts();
    const tomorrow = new Date(t.clock.now() + 8 * 3_600_000 + DAY).toISOString().slice(0, 10);
    const bad: [Record<string, unknown>, string][] = [
      [{ phone: '081277770001', dose: 1, vaccine: 'sinovac', date: tomorrow }, 'date'],
      [{ phone: '081277770001', dose: 7, vaccine: 'sinovac', date: '2021-08-01' }, 'dose'],
      [{ phone: '081277770001', dose: 1, vaccine: 'air-putih', date: '2021-08-01' }, 'vaccine'],
      [{ phone: '081277770001', nik: '5171014508900003', dose: 1, vaccine: 'sinovac', date: '2021-08-01' }, 'nik'],
      [{ dose: 1, vaccine: 'sinovac', date: '2021-08-01' }, 'phone'],
      [{ nik: '51710145089', dose: 1, vaccine: 'sinovac', date: '2021-08-01' }, 'nik'],
      [{ phone: '081277770001', dose: 1, vaccine: 'sinovac', date: '2021-02-30' }, 'date'],
    ];
    for (const [payload, field] of bad) {
      const res = await vaccinate(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const future = await testResult({ phone: '081277770001', kind: 'pcr', result: 'negative', at: new Date(t.clock.now() + 60 * 60_000).toISOString() });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors).toEqual([expect.objectContaining({ field: 'at' })]);
    const kind = await testResult({ phone: '081277770001', kind: 'swab', result: 'maybe', at: new Date(t.clock.now()).toISOString() }, worker.cookie);
    expect(kind.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['kind', 'result']);
    // Out of the worker's region, and a role without the permission.
    expect((await vaccinate({ phone: '081277770001', dose: 1, vaccine: 'sinovac', date: '2021-08-01', regionCode: TIMUR })).statusCode).toBe(403);
    const viewer = await t.staff(`viewer.health.${dialect}`, [{ role: 'viewer', regionCode: DENPASAR }]);
    expect((await vaccinate({ phone: '081277770001', dose: 1, vaccine: 'sinovac', date: '2021-08-01' }, viewer.cookie)).statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('CSV import: a preview lists each row’s errors and stores nothing; the import stores new rows once, however often the file comes', async () => {
    const csv = ['phone,nik,dose,vaccine,date', '0812-7777-1001,,1,sinovac,2021-07-01', ',5171014508900011,2,pfizer,2021-08-01', '0812-7777-1002,,9,sinovac,2021-07-01', '=HYPERLINK("x"),,1,sinovac,2021-07-01'].join('\r\n');
    const before = await counts();
    const preview = await t.request({ method: 'POST', url: '/api/v1/health-records/import/preview', cookie: worker.cookie, payload: { kind: 'vaccinations', csv } });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().counts).toEqual({ new: 2, duplicate: 0, error: 2 });
    expect(preview.json().rows[2]).toMatchObject({ line: 4, status: 'error', errors: [expect.objectContaining({ field: 'dose' })] });
    expect(preview.json().rows[3]).toMatchObject({ line: 5, status: 'error', errors: [expect.objectContaining({ field: 'phone' })] });
    // A file with an error is not imported at all.
    const refused = await t.request({ method: 'POST', url: '/api/v1/health-records/import', cookie: worker.cookie, payload: { kind: 'vaccinations', csv } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors.map((e: { field: string }) => e.field)).toEqual(['rows[4].dose', 'rows[5].phone']);
    expect(await counts()).toEqual(before);

    const good = csv.split('\r\n').slice(0, 3).join('\n');
    const first = await t.request({ method: 'POST', url: '/api/v1/health-records/import', cookie: worker.cookie, payload: { kind: 'vaccinations', csv: good } });
    expect(first.json()).toEqual({ stored: 2, duplicate: 0 });
    const again = await t.request({ method: 'POST', url: '/api/v1/health-records/import', cookie: worker.cookie, payload: { kind: 'vaccinations', csv: `\uFEFF${good}` } });
    expect(again.json()).toEqual({ stored: 0, duplicate: 2 });
    expect((await counts()).vaccinations).toBe(before.vaccinations + 2);
    const tests = await t.request({ method: 'POST', url: '/api/v1/health-records/import/preview', cookie: worker.cookie, payload: { kind: 'tests', csv: 'phone,kind,result\n0812,pcr,negative' } });
    expect(tests.statusCode).toBe(400);
    expect(tests.json().errors).toEqual([expect.objectContaining({ field: 'csv' })]);
  });

  it('the door checks status only where the rules in force ask: hitam refused kindly and nothing changes, merah refused under the Jul 2022 version, green shown; the desk is not checked', async () => {
    const tracer = await t.staff(`tracer.door.${dialect}`, [{ role: 'health_tracer', regionCode: SELATAN }]);
    const black = '081388880001';
    const isolated = await t.request({ method: 'POST', url: '/api/v1/cases', cookie: tracer.cookie, payload: { name: 'Made Isolasi', phone: black, residenceCode: SERANGAN, category: 'konfirmasi_asimptomatik', specimenDate: today(), testReference: 'NAR-5171-017001' } });
    expect(isolated.statusCode, isolated.body).toBe(201);

    // No rule set in force asks for a status check (the seeded ones ended in Sep 2021): no colour, no refusal.
    const unchecked = await checkIn(black);
    expect(unchecked.statusCode, unchecked.body).toBe(201);
    expect(unchecked.json().status).toBeNull();

    const created = await t.request({ method: 'POST', url: '/api/v1/rule-sets', cookie: t.adminCookie, payload: { kind: 'city', scopeRegionCode: SELATAN, legalBasis: 'SE Walikota Denpasar 443/2026 (status check)', effectiveFrom: today(), effectiveTo: null, rules: [], statusCheck: true } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().statusCheck).toBe(true);
    expect((await t.request({ method: 'POST', url: `/api/v1/rule-sets/${created.json().id as string}/publish`, cookie: t.adminCookie })).statusCode).toBe(200);

    const before = await counts();
    const refused = await checkIn(black);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({ reason: 'status_check', doorStatus: { colour: 'hitam' } });
    expect(refused.json().detail).toMatch(/isolasi atau karantina/);
    const english = await checkIn(black, 'en');
    expect(english.json().detail).toMatch(/isolation or quarantine/);
    // Nothing stored, not even a refused attempt the venue's counts would show.
    expect(await counts()).toEqual(before);

    // The colour is the signed-in resident's own: typing the isolated person's number without their session (no
    // session, or another resident's) learns nothing: "unverified", admitted, no colour, no refusal.
    for (const cookie of [undefined, await residentCookie('081388880008')]) {
      const stranger = await checkInUnproven(black, cookie);
      expect(stranger.statusCode, stranger.body).toBe(201);
      expect(stranger.json().status).toEqual({ colour: 'unverified', until: null });
      expect(stranger.body).not.toMatch(/hitam|isolasi/);
    }

    // No record under the Jul 2022 version: red, refused too; three doses: green, shown on the confirmation.
    const red = await checkIn('081388880002');
    expect(red.statusCode).toBe(409);
    expect(red.json()).toMatchObject({ reason: 'status_check', doorStatus: { colour: 'merah' } });
    for (const dose of [1, 2, 3]) expect((await vaccinate({ phone: '0813-8888-0002', dose, vaccine: 'pfizer', date: `2021-0${dose + 5}-01` })).statusCode).toBe(201);
    const green = await checkIn('+62 813 8888 0002');
    expect(green.statusCode, green.body).toBe(201);
    expect(green.json().status).toEqual({ colour: 'hijau', until: null });
    // Two doses: yellow, admitted.
    for (const dose of [1, 2]) await vaccinate({ phone: '081388880003', dose, vaccine: 'sinovac', date: `2021-0${dose + 5}-01` });
    expect((await checkIn('081388880003')).json().status).toEqual({ colour: 'kuning', until: null });
    // A negative antigen test of an unvaccinated person: green for 24 h.
    await testResult({ phone: '081388880004', kind: 'antigen', result: 'negative', at: new Date(t.clock.now() - 60_000).toISOString() });
    expect((await checkIn('081388880004')).json().status).toMatchObject({ colour: 'hijau' });

    // The page without the script: the refusal in words and the colour block; the confirmation with the colour.
    const plain = await t.request({ method: 'POST', url: `/c/${venue.token}`, remoteAddress: nextAddress(), cookie: await residentCookie(black), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `name=Made+Isolasi&phone=${black}` });
    expect(plain.statusCode).toBe(409);
    expect(plain.body).toContain('data-colour="hitam"');
    expect(plain.body).toContain('isolasi atau karantina');
    const plainGreen = await t.request({ method: 'POST', url: `/c/${venue.token}`, remoteAddress: nextAddress(), cookie: await residentCookie('081388880002'), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=Warga+Hijau&phone=081388880002' });
    expect(plainGreen.body).toContain('data-colour="hijau"');

    // The desk records who was there (for tracing), status or not: staff do not learn a person's colour by a number.
    const desk = await t.request({ method: 'POST', url: `/api/v1/venues/${venue.id}/visits`, cookie: t.adminCookie, payload: { name: 'Made Isolasi', phone: black, checkedInAt: new Date(t.clock.now() - 60_000).toISOString(), source: 'desk' } });
    expect(desk.statusCode, desk.body).toBe(201);
    expect(JSON.stringify(desk.json())).not.toMatch(/hitam|colour/);

    // A venue of another kecamatan has no status check in force.
    const elsewhere = await verifiedVenue(t, { name: 'Warung Kesiman', regionCode: KESIMAN, lat: -8.6406, lon: 115.2531 }).catch(() => null);
    if (elsewhere) {
      const res = await t.request({ method: 'POST', url: '/api/v1/checkins', remoteAddress: nextAddress(), payload: { token: elsewhere.token, name: 'Made Isolasi', phone: black } });
      expect(res.statusCode, res.body).toBe(201);
    }
  });

  it('the colour changes on the day isolation ends (the test clock): black through its last day, then admitted', async () => {
    const tracer = await t.staff(`tracer.day.${dialect}`, [{ role: 'health_tracer', regionCode: SELATAN }]);
    const phone = '081388880009';
    for (const dose of [1, 2, 3]) await vaccinate({ phone, dose, vaccine: 'astrazeneca', date: `2021-0${dose + 5}-01` });
    const own = await t.request({ method: 'POST', url: '/api/v1/cases', cookie: tracer.cookie, payload: { name: 'Nyoman Sembuh', phone, residenceCode: SERANGAN, category: 'konfirmasi_asimptomatik', specimenDate: today(), testReference: 'NAR-5171-017009' } });
    expect(own.statusCode, own.body).toBe(201);
    const isolationEnd = (await t.database.db.selectFrom('cases').select('isolation_end').where('id', '=', own.json().id as string).executeTakeFirstOrThrow()).isolation_end!;
    t.clock.set(Date.parse(`${isolationEnd}T23:59:00+08:00`));
    const last = await checkIn(phone);
    expect(last.statusCode).toBe(409);
    expect(last.json().doorStatus).toEqual({ colour: 'hitam', until: isolationEnd });
    t.clock.set(Date.parse(`${isolationEnd}T23:59:00+08:00`) + 60_000);
    const next = await checkIn(phone);
    expect(next.statusCode, next.body).toBe(201);
    expect(next.json().status).toEqual({ colour: 'hijau', until: null });
  });
});
