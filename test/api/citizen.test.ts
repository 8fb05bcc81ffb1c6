// Issue #16, the resident's own space (Lindungi Diri), server side: sign-in by phone through the outbox and a real
// local SMS gateway, the resident cookie kept apart from staff sessions, my status, my visits whatever format the number
// was typed in, who read my data, export and deletion.
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createChannels } from '../../src/server/modules/notifications/notifications.channels.js';
import { createNotificationWorker } from '../../src/server/modules/notifications/notifications.worker.js';
import { createTestApp, SELATAN, SERANGAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase, TEST_SECRET_KEY } from '../databases.js';
import { verifiedVenue, type VenueFixture } from '../factories/venues.js';
import { startGateway } from '../notify-servers.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describeEachDatabase('the resident’s own space (Lindungi Diri)', (dialect) => {
  let t: TestApp;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let worker: ReturnType<typeof createNotificationWorker>;
  let venue: VenueFixture;
  let address = 0;
  /** A fresh client address per request group, so the per-address limits only bite where a test means them to. */
  const nextAddress = () => `10.16.${Math.floor(++address / 200)}.${address % 200}`;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    gateway = await startGateway();
    const channels = createChannels(
      { mode: 'live', webhook: { url: gateway.url, authHeader: null, template: '{"to":"{{to}}","text":"{{body}}","lang":"{{lang}}"}', timeoutMs: 2000 }, smtp: null, maxAttempts: 3, retentionDays: 30 },
      () => {},
    );
    worker = createNotificationWorker({ db: t.database.db, clock: t.clock, secretKey: TEST_SECRET_KEY, channels, maxAttempts: 3, leaseMs: 60_000, baseDelayMs: 10_000, maxDelayMs: 60_000, random: () => 0.5 });
    venue = await verifiedVenue(t, { name: 'Warung Lindungi', capacity: 50 });
  });
  afterAll(async () => {
    await gateway.close();
    await t.close();
  });
  beforeEach(() => {
    gateway.requests.length = 0;
  });

  const requestCode = (phone: unknown, opts: { lang?: string; remoteAddress?: string } = {}) =>
    t.request({ method: 'POST', url: '/api/v1/citizen/otp', remoteAddress: opts.remoteAddress ?? nextAddress(), headers: { 'accept-language': opts.lang ?? 'id' }, payload: { phone } });
  const session = (phone: string, code: string, remoteAddress = nextAddress()) => t.request({ method: 'POST', url: '/api/v1/citizen/session', remoteAddress, payload: { phone, code } });
  /** The SMS the gateway received for this number (E.164), oldest first, after the worker's round. */
  const smsTo = async (e164: string) => {
    await worker.runOnce();
    return gateway.requests.filter((r) => r.json.to === e164).map((r) => ({ text: String(r.json.text), lang: String(r.json.lang) }));
  };
  const codeIn = (text: string) => {
    const match = /\b(\d{6})\b/.exec(text);
    if (!match) throw new Error(`no code in ${text}`);
    return match[1]!;
  };
  const cookieOf = (res: LightMyRequestResponse) => {
    const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('jb_resident='));
    if (!header) throw new Error(`no resident cookie: ${res.statusCode} ${res.body}`);
    return { cookie: header.split(';')[0]!, header };
  };
  /** The whole sign-in: code by SMS through the gateway, then the session; answers the resident cookie. */
  const signIn = async (typed: string, e164: string) => {
    expect((await requestCode(typed)).statusCode).toBe(202);
    // The person may also be sent other SMS (a contact's notice, in whatever order the worker delivers them): the
    // sign-in code is the latest message that carries one.
    const code = codeIn((await smsTo(e164)).filter((m) => /kode masuk|sign-in code/.test(m.text)).at(-1)?.text ?? 'no sign-in SMS');
    const res = await session(typed, code);
    expect(res.statusCode, res.body).toBe(200);
    return cookieOf(res).cookie;
  };
  const me = (cookie: string, path = '') => t.request({ method: 'GET', url: `/api/v1/citizen/me${path}`, cookie });

  it('signs in with a code sent by SMS in the person’s language; the same answer for any valid number; a staff cookie never passes', async () => {
    const known = await requestCode('0812-3456-7001');
    const unknown = await requestCode('+62 812 3456 7002', { lang: 'en' });
    expect([known.statusCode, unknown.statusCode]).toEqual([202, 202]);
    expect(known.json()).toEqual({});
    expect(unknown.body).toBe(known.body);
    const id = await smsTo('+6281234567001');
    const en = await smsTo('+6281234567002');
    expect(id).toHaveLength(1);
    expect(id[0]).toMatchObject({ lang: 'id' });
    expect(id[0]!.text).toContain('kode masuk');
    expect(en[0]!.text).toContain('sign-in code');
    // Only a keyed hash of the code is stored.
    const code = codeIn(id[0]!.text);
    const rows = await t.database.db.selectFrom('resident_codes').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(code);

    const bad = await requestCode('not a number');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'phone' })]);
    expect((await smsTo('not a number')).length).toBe(0);

    const res = await session('081234567001', code);
    expect(res.statusCode, res.body).toBe(200);
    // No record under the status rule in force (Jul 2022 version): red, "not vaccinated" (status-rule.ts).
    expect(res.json()).toEqual({ phone: '0812-****-7001', status: { colour: 'merah', reason: 'not_vaccinated', until: null, changesAt: null, rule: '2022-07' } });
    const { cookie, header } = cookieOf(res);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).not.toMatch(/Secure/);
    expect((await me(cookie)).json()).toMatchObject({ phone: '0812-****-7001' });

    // A code is spent once.
    expect((await session('081234567001', code)).statusCode).toBe(401);
    // The two sessions never cross: a staff cookie on a resident route, a resident cookie on staff routes.
    expect((await me(t.adminCookie)).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/v1/citizen/me/export', cookie: t.adminCookie })).statusCode).toBe(401);
    expect((await t.request({ method: 'POST', url: '/api/v1/citizen/me/deletion', cookie: t.adminCookie })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/v1/cases', cookie })).statusCode).toBe(401);
    // Every operation of the OpenAPI document, whatever its path: a resident operation refuses a staff cookie, a staff
    // operation refuses the resident cookie (401, no data) — so a route added later cannot cross the two.
    const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>> };
    let crossed = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const scheme = Object.keys(op.security?.[0] ?? {})[0];
        if (!scheme || path.endsWith('/session/end')) continue;
        const url = path.replace(/\{[^}]+\}/g, '017213e9-f800-7000-8000-000000000001');
        const wrongCookie = scheme === 'resident' ? t.adminCookie : cookie;
        const res = await t.request({ method: method.toUpperCase(), url, cookie: wrongCookie, ...(method === 'get' ? {} : { payload: {} }) });
        // The session probes answer 200 either way (issue #17: no 401 in a visitor's console): signed in as nobody.
        if (method === 'get' && (path === '/api/v1/session' || path === '/api/v1/citizen/session')) {
          expect([res.statusCode, res.json()], path).toEqual([200, { signedIn: false }]);
          crossed++;
          continue;
        }
        expect(res.statusCode, `${method.toUpperCase()} ${path} with the ${scheme === 'resident' ? 'staff' : 'resident'} cookie: ${res.body.slice(0, 200)}`).toBe(401);
        crossed++;
      }
    }
    expect(crossed).toBeGreaterThan(100);
    // No staff account signs in with a code: the staff sign-in knows no number.
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: '+6281234567001', password: code } })).statusCode).toBe(401);

    const end = await t.request({ method: 'POST', url: '/api/v1/citizen/session/end', cookie });
    expect(end.statusCode).toBe(204);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('the cookie is Secure when the public URL is https', async () => {
    const https = await createTestApp(dialect, { publicUrl: 'https://jagabaya.test', secureCookies: true });
    try {
      expect((await https.request({ method: 'POST', url: '/api/v1/citizen/otp', payload: { phone: '081234567010' } })).statusCode).toBe(202);
      const rows = await https.database.db.selectFrom('resident_codes').selectAll().execute();
      expect(rows).toHaveLength(1);
      // The code itself left only by SMS; a wrong one still proves the cookie is not set, a right one is needed:
      // read it from the outbox through the harness's own opener.
      const { notificationDataKey, openNotification } = await import('../../src/server/modules/notifications/notifications.outbox.js');
      const row = await https.database.db.selectFrom('notifications').selectAll().executeTakeFirstOrThrow();
      const code = codeIn(openNotification(notificationDataKey(TEST_SECRET_KEY), row).body);
      const res = await https.request({ method: 'POST', url: '/api/v1/citizen/session', payload: { phone: '081234567010', code } });
      expect(res.statusCode).toBe(200);
      expect(cookieOf(res).header).toMatch(/Secure/);
    } finally {
      await https.close();
    }
  });

  it('wrong codes for a number that asked for none never lock it: nobody can keep a stranger out', async () => {
    for (let i = 0; i < 8; i++) expect((await session('081234567040', String(100000 + i))).statusCode, `try ${i + 1}`).toBe(401);
    await signIn('081234567040', '+6281234567040');
  });

  it('five wrong codes lock the number for 15 minutes (429, even with the right code); then a new code signs in', async () => {
    expect((await requestCode('081234567020')).statusCode).toBe(202);
    const code = codeIn((await smsTo('+6281234567020')).at(-1)!.text);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const res = await session('081234567020', wrong);
      expect(res.statusCode, `try ${i + 1}`).toBe(401);
      expect(res.json().type).toContain('sign-in-code-invalid');
    }
    const locked = await session('081234567020', code);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expect(locked.headers['set-cookie']).toBeUndefined();
    // While locked, a code request answers the same but sends nothing.
    gateway.requests.length = 0;
    expect((await requestCode('081234567020')).statusCode).toBe(202);
    expect(await smsTo('+6281234567020')).toHaveLength(0);
    t.clock.advance(15 * MIN + 1000);
    // The old code was retired by the lock.
    expect((await session('081234567020', code)).statusCode).toBe(401);
    await signIn('081234567020', '+6281234567020');
  });

  it('a code of another number fails; an expired code fails', async () => {
    expect((await requestCode('081234567030')).statusCode).toBe(202);
    expect((await requestCode('081234567031')).statusCode).toBe(202);
    const codeA = codeIn((await smsTo('+6281234567030')).at(-1)!.text);
    const codeB = codeIn((await smsTo('+6281234567031')).at(-1)!.text);
    if (codeA !== codeB) expect((await session('081234567031', codeA)).statusCode).toBe(401);
    expect((await session('081234567030', codeB === codeA ? '999999' : codeB)).statusCode).toBe(401);
    // Five minutes pass: A's code has expired.
    t.clock.advance(5 * MIN + 1000);
    expect((await session('081234567030', codeA)).statusCode).toBe(401);
    // A new code works.
    await signIn('081234567030', '+6281234567030');
  });

  it('rate limits: ten code requests a minute for one number, or from one address, are refused past the limit', async () => {
    t.clock.advance(MIN);
    const forOneNumber = [];
    for (let i = 0; i < 10; i++) forOneNumber.push((await requestCode('081234567040')).statusCode);
    expect(forOneNumber.filter((s) => s === 202).length).toBe(3);
    expect(forOneNumber.slice(3)).toEqual(Array(7).fill(429));
    expect(await smsTo('+6281234567040')).toHaveLength(3);

    const fromOneAddress = [];
    for (let i = 0; i < 10; i++) fromOneAddress.push((await requestCode(`08123456705${i}`, { remoteAddress: '10.99.0.1' })).statusCode);
    expect(fromOneAddress.filter((s) => s === 202).length).toBe(6);
    expect(fromOneAddress.slice(6)).toEqual(Array(4).fill(429));
    await worker.runOnce();
    expect(gateway.requests.filter((r) => String(r.json.to).startsWith('+62812345670'))).toHaveLength(3 + 6);
  });

  it('my visits: a desk entry typed 0812-3456-789 shows for a sign-in as +62 812 3456 789, with a QR check-in; nobody else’s', async () => {
    const desk = await t.request({ method: 'POST', url: `/api/v1/venues/${venue.id}/visits`, cookie: t.adminCookie, payload: { name: 'Made Desk', phone: '0812-3456-789', checkedInAt: new Date(t.clock.now() - 90 * MIN).toISOString(), checkedOutAt: new Date(t.clock.now() - 30 * MIN).toISOString(), source: 'paper' } });
    expect(desk.statusCode, desk.body).toBe(201);
    const qr = await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: venue.token, name: 'Made', phone: '08123456789' } });
    expect(qr.statusCode, qr.body).toBe(201);
    expect((await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: venue.token, name: 'Orang Lain', phone: '081234567999' } })).statusCode).toBe(201);
    const cookie = await signIn('+62 812 3456 789', '+628123456789');
    const visits = (await me(cookie, '/visits')).json<{ visitId: string; venue: { id: string; name: string }; source: string; checkoutEstimated: boolean; checkedOutAt: string | null }[]>();
    expect(visits.map((v) => v.visitId).sort()).toEqual([desk.json().visitId, qr.json().visitId].sort());
    expect(visits.find((v) => v.visitId === desk.json().visitId)).toMatchObject({ venue: { id: venue.id, name: 'Warung Lindungi' }, source: 'paper', checkoutEstimated: false });
    expect(visits.find((v) => v.visitId === qr.json().visitId)).toMatchObject({ source: 'qr', checkedOutAt: null });
  });

  it('status, who read my data, export of every kind, and deletion that keeps an open case and says why — twice alike', async () => {
    const tracer = await t.staff(`tracer.citizen.${dialect}`, [{ role: 'health_tracer', regionCode: SELATAN }]);
    const satpol = await t.staff(`satpol.citizen.${dialect}`, [{ role: 'enforcement_officer', regionCode: SELATAN }]);
    // The resident (typed in three formats across the records) and a case they sat next to for an hour.
    const mine = { desk: '0813-5555-0001', qr: '+62 813 5555 0001', e164: '+6281355550001' };
    const NIK = '5171014508900003';
    const start = t.clock.now();
    expect((await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: venue.token, name: 'Kadek Sumber', phone: '081399990001' } })).statusCode).toBe(201);
    t.clock.advance(60 * MIN);
    const visit = await t.request({ method: 'POST', url: `/api/v1/venues/${venue.id}/visits`, cookie: t.adminCookie, payload: { name: 'Wayan Warga', phone: mine.desk, checkedInAt: new Date(start).toISOString(), checkedOutAt: new Date(start + 60 * MIN).toISOString(), source: 'desk' } });
    expect(visit.statusCode, visit.body).toBe(201);
    const source = await t.request({ method: 'POST', url: '/api/v1/cases', cookie: tracer.cookie, payload: { name: 'Kadek Sumber', phone: '081399990001', residenceCode: SERANGAN, category: 'konfirmasi_simptomatik', onsetDate: new Date(start).toISOString().slice(0, 10), testReference: 'NAR-5171-016001' } });
    expect(source.statusCode, source.body).toBe(201);
    const exposures = (await t.request({ method: 'GET', url: `/api/v1/cases/${source.json().id as string}/exposures`, cookie: tracer.cookie })).json<{ candidateId: string; name: string }[]>();
    const candidate = exposures.find((e) => e.name === 'Wayan Warga');
    expect(candidate, JSON.stringify(exposures)).toBeDefined();
    const confirmed = await t.request({ method: 'POST', url: `/api/v1/cases/${source.json().id as string}/exposures/${candidate!.candidateId}/decision`, cookie: tracer.cookie, payload: { decision: 'confirm' } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const quarantineEnd = confirmed.json().quarantineEnd as string;

    let cookie = await signIn(mine.qr, mine.e164);
    expect((await me(cookie)).json().status).toMatchObject({ colour: 'hitam', reason: 'quarantine', until: quarantineEnd });

    // A QR visit elsewhere, rated with a comment.
    const kopi = await verifiedVenue(t, { name: 'Kopi Sanur' });
    const qr = await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: kopi.token, name: 'Wayan', phone: mine.qr } });
    expect(qr.statusCode, qr.body).toBe(201);
    t.clock.advance(20 * MIN);
    const secret = qr.json().checkoutSecret as string;
    expect((await t.request({ method: 'POST', url: `/api/v1/checkins/${qr.json().visitId as string}/checkout`, payload: { checkoutSecret: secret } })).statusCode).toBe(200);
    const rated = await t.request({ method: 'POST', url: `/api/v1/checkins/${qr.json().visitId as string}/rating`, payload: { checkoutSecret: secret, scores: { masks: 4, handwashing: 4, distancing: 3, temperature: 5, cleanliness: 4 }, comment: 'Kasir tidak pakai masker' } });
    expect(rated.statusCode, rated.body).toBe(201);

    // Later the resident tests positive and is registered as a case (with their NIK); a violation is recorded under
    // their number, and a self-report under their NIK.
    const own = await t.request({ method: 'POST', url: '/api/v1/cases', cookie: tracer.cookie, payload: { name: 'Wayan Warga', phone: mine.qr, nik: NIK, residenceCode: SERANGAN, category: 'konfirmasi_asimptomatik', specimenDate: new Date(t.clock.now()).toISOString().slice(0, 10), testReference: 'NAR-5171-016002' } });
    expect(own.statusCode, own.body).toBe(201);
    const caseId = own.json().id as string;
    const isolationEnd = (await t.database.db.selectFrom('cases').select('isolation_end').where('id', '=', caseId).executeTakeFirstOrThrow()).isolation_end!;
    const violation = await t.request({ method: 'POST', url: '/api/v1/violations', cookie: satpol.cookie, payload: { offence: 'masker_tidak_benar', regionCode: SERANGAN, occurredAt: new Date(t.clock.now() - MIN).toISOString(), subject: { kind: 'person', name: 'Wayan Warga', phone: mine.desk } } });
    expect(violation.statusCode, violation.body).toBe(201);
    const arrival = await t.request({ method: 'POST', url: '/api/v1/arrivals', remoteAddress: nextAddress(), payload: { name: 'Wayan Warga', nik: NIK, phone: mine.desk, origin: 'Surabaya', arrivalDate: new Date(t.clock.now()).toISOString().slice(0, 10), regionCode: SERANGAN, address: 'Jl. Tukad Punggawa 2', purpose: 'pulang kampung' } });
    expect(arrival.statusCode, arrival.body).toBe(201);
    // Someone else gives the resident's NIK with their own number: a NIK alone is no proof, so neither record is theirs.
    const stranger = { nik: NIK, name: 'Orang Lain', phone: '081277770001' };
    expect((await t.request({ method: 'POST', url: '/api/v1/arrivals', remoteAddress: nextAddress(), payload: { ...stranger, origin: 'Jember', arrivalDate: new Date(t.clock.now()).toISOString().slice(0, 10), regionCode: SERANGAN, address: 'Jl. Lain 1', purpose: 'kerja' } })).statusCode).toBe(201);
    expect((await t.request({ method: 'POST', url: '/api/v1/violations', cookie: satpol.cookie, payload: { offence: 'masker_tidak_dipakai', regionCode: SERANGAN, occurredAt: new Date(t.clock.now() - MIN).toISOString(), subject: { kind: 'person', ...stranger } } })).statusCode).toBe(201);

    // Who read my data: the tracer's read of my case, as role, region and purpose, never the tracer's name.
    expect((await me(cookie, '/access-log')).json()).toEqual([]);
    expect((await t.request({ method: 'GET', url: `/api/v1/cases/${caseId}`, cookie: tracer.cookie })).statusCode).toBe(200);
    // An officer looks at the photo of my violation: a read of my record too.
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#888' } }).jpeg().toBuffer();
    const uploaded = await t.request({ method: 'POST', url: `/api/v1/violations/${violation.json().id as string}/photos`, cookie: satpol.cookie, headers: { 'content-type': 'image/jpeg' }, payload: photo });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    expect((await t.request({ method: 'GET', url: `/api/v1/violations/${violation.json().id as string}/photos/${uploaded.json().id as string}`, cookie: satpol.cookie })).statusCode).toBe(200);
    const accessLog = await me(cookie, '/access-log');
    expect(accessLog.json()).toEqual([
      { at: expect.any(String), role: 'health_tracer', regionCode: SERANGAN, purpose: 'case.read' },
      { at: expect.any(String), role: 'enforcement_officer', regionCode: SERANGAN, purpose: 'violation.photo_read' },
    ]);
    expect(accessLog.body).not.toContain('tracer.citizen');
    expect((await me(cookie)).json().status).toMatchObject({ colour: 'hitam', reason: 'isolation', until: quarantineEnd > isolationEnd ? quarantineEnd : isolationEnd });

    // Export: every kind, audited.
    const exported = await me(cookie, '/export');
    expect(exported.statusCode, exported.body).toBe(200);
    const doc = exported.json();
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['visits', 'cases', 'contacts', 'vaccinations', 'tests', 'violations', 'arrivals', 'notifications', 'accessLog']));
    expect(doc.visits.map((v: { visitId: string }) => v.visitId).sort()).toEqual([visit.json().visitId, qr.json().visitId].sort());
    expect(doc.ratings).toEqual([expect.objectContaining({ visitId: qr.json().visitId, comment: 'Kasir tidak pakai masker' })]);
    expect(doc.cases).toEqual([expect.objectContaining({ id: caseId, category: 'konfirmasi_asimptomatik', nik: NIK })]);
    expect(doc.contacts).toEqual([expect.objectContaining({ caseId: source.json().id, status: 'quarantine', quarantineEnd })]);
    expect(doc.violations).toEqual([expect.objectContaining({ id: violation.json().id, offence: 'masker_tidak_benar' })]);
    expect(doc.arrivals).toEqual([expect.objectContaining({ reference: arrival.json().reference, origin: 'Surabaya' })]);
    expect(doc.notifications.length).toBeGreaterThan(0);
    expect(doc.notifications.some((n: { body: string }) => n.body.includes('kontak erat'))).toBe(true);
    expect(doc.notifications.some((n: { body: string }) => /kode masuk/.test(n.body))).toBe(false);
    expect(doc.accessLog).toEqual([expect.objectContaining({ role: 'health_tracer', purpose: 'case.read' }), expect.objectContaining({ role: 'enforcement_officer', purpose: 'violation.photo_read' })]);
    expect(doc.vaccinations).toEqual([]);
    expect(doc.tests).toEqual([]);
    const audited = await t.database.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('action', '=', 'resident.export').execute();
    expect(audited).toEqual([{ action: 'resident.export', actor_user_id: null }]);

    // The status changes on the day after quarantine and isolation both end.
    const lastDay = quarantineEnd > isolationEnd ? quarantineEnd : isolationEnd;
    // (Resident sessions last a week: sign in again after moving the clock.)
    t.clock.set(Date.parse(`${lastDay}T12:00:00+08:00`));
    cookie = await signIn(mine.qr, mine.e164);
    expect((await me(cookie)).json().status).toMatchObject({ colour: 'hitam', reason: quarantineEnd > isolationEnd ? 'quarantine' : 'isolation', until: lastDay });
    t.clock.set(Date.parse(`${lastDay}T12:00:00+08:00`) + DAY);
    // A survivor without a vaccination on record: yellow for 90 days after the isolation (status-rule.ts).
    expect((await me(cookie)).json().status).toMatchObject({ colour: 'kuning', reason: 'recovered' });

    // Deletion: the account and the comments go at once; the case (open until the tracer closes it), the contact, the
    // violation and the self-report stay, saying why and until when; so do the visits, which tracing of the open case
    // still needs (they go with the retention purge).
    const first = await t.request({ method: 'POST', url: '/api/v1/citizen/me/deletion', cookie });
    expect(first.statusCode, first.body).toBe(200);
    const answer = first.json<{ deleted: { what: string; count: number }[]; kept: { what: string; why: string; until: string | null }[] }>();
    expect(answer.deleted).toEqual([{ what: 'visits', count: 0 }, { what: 'ratingComments', count: 1 }, { what: 'deviceInbox', count: 0 }, { what: 'screeningReferrals', count: 0 }, { what: 'account', count: 1 }]);
    expect(answer.kept.map((k) => k.what)).toEqual(['visits', 'cases', 'contacts', 'violations', 'arrivals']);
    expect(answer.kept[0]).toMatchObject({ count: 2, why: expect.stringContaining('penelusuran kontak'), until: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const keptCase = answer.kept.find((k) => k.what === 'cases')!;
    expect(keptCase.why).toContain('UU 4/1984');
    expect(keptCase.until).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(keptCase.until! > isolationEnd).toBe(true);
    expect(await t.database.db.selectFrom('visits').select('id').where('id', 'in', [visit.json().visitId as string, qr.json().visitId as string]).execute()).toHaveLength(2);
    // The rating's scores stay, anonymous; its comment and links to the person go.
    expect(await t.database.db.selectFrom('visit_ratings').select(['comment', 'person_key', 'masks']).where('visit_id', '=', qr.json().visitId as string).execute()).toEqual([{ comment: null, person_key: null, masks: 4 }]);
    expect(await t.database.db.selectFrom('cases').select('id').where('id', '=', caseId).execute()).toHaveLength(1);
    expect((await me(cookie, '/visits')).json()).toHaveLength(2);

    const second = await t.request({ method: 'POST', url: '/api/v1/citizen/me/deletion', cookie });
    expect(second.statusCode).toBe(200);
    expect(second.json().deleted.every((d: { count: number }) => d.count === 0)).toBe(true);
    expect(second.json().kept).toEqual(answer.kept);
    // Asked with a staff cookie: refused, nothing changes.
    expect((await t.request({ method: 'POST', url: '/api/v1/citizen/me/deletion', cookie: tracer.cookie })).statusCode).toBe(401);

    // A resident nobody is tracing: their visits go at once.
    const other = { desk: '0813-5555-0077', e164: '+6281355550077' };
    const checkIn = await t.request({ method: 'POST', url: '/api/v1/checkins', remoteAddress: nextAddress(), payload: { token: venue.token, name: 'Made Bebas', phone: other.desk } });
    expect(checkIn.statusCode, checkIn.body).toBe(201);
    const free = await signIn(other.desk, other.e164);
    const gone = (await t.request({ method: 'POST', url: '/api/v1/citizen/me/deletion', cookie: free })).json<{ deleted: { what: string; count: number }[]; kept: unknown[] }>();
    expect(gone.deleted.find((d) => d.what === 'visits')).toEqual({ what: 'visits', count: 1 });
    expect(gone.kept).toEqual([]);
    expect((await me(free, '/visits')).json()).toEqual([]);
  });
});
