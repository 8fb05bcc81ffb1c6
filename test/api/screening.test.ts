// Issue #16, self-screening and the readable export: health facilities kept by administrators in their region, the
// resident's screening page (plain form posts, nothing stored unless sent), referrals the puskesmas staff of the
// kecamatan list (audited) and mark handled, and the export as a PDF read back with pdftotext.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { notificationDataKey, openNotification } from '../../src/server/modules/notifications/notifications.outbox.js';
import { createTestApp, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase, TEST_SECRET_KEY } from '../databases.js';
import { verifiedVenue } from '../factories/venues.js';

const run = promisify(execFile);
const MIN = 60_000;
const week = (from: string, until: string, weekend: { from: string; until: string } | null = null) => [...Array.from({ length: 5 }, () => ({ from, until })), weekend, weekend];

async function pdfText(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jb-export-'));
  try {
    await writeFile(path.join(dir, 'export.pdf'), pdf);
    const { stdout } = await run('pdftotext', ['-layout', path.join(dir, 'export.pdf'), '-']);
    return stdout.replace(/\s+/g, ' ');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describeEachDatabase('self-screening, health facilities and the PDF export', (dialect) => {
  let t: TestApp;
  let address = 0;
  const nextAddress = () => `10.26.${Math.floor(++address / 200)}.${address % 200}`;

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t?.close());

  /** Signs a resident in: the code is read from the outbox (the SMS the gateway would send). */
  async function signIn(phone: string, e164: string): Promise<string> {
    const asked = await t.request({ method: 'POST', url: '/api/v1/citizen/otp', remoteAddress: nextAddress(), payload: { phone } });
    expect(asked.statusCode, asked.body).toBe(202);
    const key = notificationDataKey(TEST_SECRET_KEY);
    const rows = await t.database.db.selectFrom('notifications').selectAll().where('channel', '=', 'sms').orderBy('id').execute();
    const sms = rows.map((r) => openNotification(key, r)).filter((m) => m.to === e164 && /\b\d{6}\b/.test(m.body)).at(-1);
    const code = /\b(\d{6})\b/.exec(sms?.body ?? '')?.[1];
    const res = await t.request({ method: 'POST', url: '/api/v1/citizen/session', remoteAddress: nextAddress(), payload: { phone, code } });
    expect(res.statusCode, res.body).toBe(200);
    return String([res.headers['set-cookie']].flat().find((c) => String(c).startsWith('jb_resident='))).split(';')[0]!;
  }

  const form = (fields: Record<string, string | string[]>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) params.append(k, x);
    return params.toString();
  };
  const post = (url: string, fields: Record<string, string | string[]>, cookie?: string) =>
    t.request({ method: 'POST', url, cookie, remoteAddress: nextAddress(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields) });

  it('health facilities: an administrator keeps those of their region; bad hours name the field; every staff member reads them', async () => {
    const body = { name: 'Puskesmas II Denpasar Selatan', kind: 'puskesmas', regionCode: SELATAN, address: 'Jl. Danau Buyan 2, Sanur', phone: '(0361) 288 604', hours: week('08:00', '14:00', { from: '08:00', until: '11:00' }) };
    const created = await t.request({ method: 'POST', url: '/api/v1/health-facilities', cookie: t.adminCookie, payload: body });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;

    const bad = await t.request({ method: 'POST', url: '/api/v1/health-facilities', cookie: t.adminCookie, payload: { ...body, hours: [{ from: '8.00', until: '14:00' }, ...body.hours.slice(1)] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'hours[0].from' })]);
    const unknownRegion = await t.request({ method: 'POST', url: '/api/v1/health-facilities', cookie: t.adminCookie, payload: { ...body, regionCode: '51.71.09' } });
    expect(unknownRegion.statusCode).toBe(400);
    expect(unknownRegion.json().errors).toEqual([expect.objectContaining({ field: 'regionCode' })]);

    // The administrator of Denpasar Timur: not in Selatan.
    const adminTimur = await t.staff(`admin.timur.${dialect}`, [{ role: 'admin', regionCode: TIMUR }]);
    expect((await t.request({ method: 'POST', url: '/api/v1/health-facilities', cookie: adminTimur.cookie, payload: body })).statusCode).toBe(403);
    expect((await t.request({ method: 'PUT', url: `/api/v1/health-facilities/${id}`, cookie: adminTimur.cookie, payload: { ...body, name: 'Diubah' } })).statusCode).toBe(403);
    expect((await t.request({ method: 'DELETE', url: `/api/v1/health-facilities/${id}`, cookie: adminTimur.cookie })).statusCode).toBe(403);
    const viewer = await t.staff(`viewer.fac.${dialect}`, [{ role: 'viewer', regionCode: TIMUR }]);
    expect((await t.request({ method: 'POST', url: '/api/v1/health-facilities', cookie: viewer.cookie, payload: body })).statusCode).toBe(403);
    const listed = await t.request({ method: 'GET', url: '/api/v1/health-facilities', cookie: viewer.cookie });
    expect(listed.json()).toEqual([expect.objectContaining({ id, name: body.name, phone: body.phone, hours: body.hours })]);
    expect((await t.request({ method: 'GET', url: '/api/v1/health-facilities' })).statusCode).toBe(401);

    const updated = await t.request({ method: 'PUT', url: `/api/v1/health-facilities/${id}`, cookie: t.adminCookie, payload: { ...body, phone: '0361 288604' } });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().phone).toBe('0361 288604');
    const extra = await t.request({ method: 'POST', url: '/api/v1/health-facilities', cookie: t.adminCookie, payload: { ...body, name: 'Klinik Sementara', kind: 'klinik' } });
    expect((await t.request({ method: 'DELETE', url: `/api/v1/health-facilities/${extra.json().id as string}`, cookie: t.adminCookie })).statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: `/api/v1/health-facilities?region=${SELATAN}`, cookie: viewer.cookie })).json()).toHaveLength(1);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'health_facility').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['health_facility.access_denied', 'health_facility.access_denied', 'health_facility.create', 'health_facility.create', 'health_facility.delete', 'health_facility.update']);
  });

  it('the screening page: questions, then the advice with the kecamatan’s facilities, open now and a tel: link; nothing stored', async () => {
    const page = await t.request({ method: 'GET', url: '/skrining?lang=id' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('name="kecamatan"');
    expect(page.body).toContain('Denpasar Selatan');
    expect((await t.request({ method: 'GET', url: '/skrining?lang=en' })).body).toContain('COVID-19 self-screening');

    const missing = await post('/skrining?lang=en', { kecamatan: SELATAN, symptoms: 'fever' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('data-testid="screening-invalid"');
    expect(missing.body).toMatch(/fieldset class="bad"/);

    // 2026-11-29T02:00Z is Sunday 10:00 WITA: the puskesmas is open 08:00–11:00 on Sundays.
    const result = await post('/skrining?lang=id', { kecamatan: SELATAN, symptoms: ['fever', 'loss_of_smell'], contact: 'yes', travel: 'no' });
    expect(result.statusCode, result.body).toBe(200);
    expect(result.body).toContain('data-advice="stay_home"');
    expect(result.body).toContain('Puskesmas II Denpasar Selatan');
    expect(result.body).toContain('data-open="true"');
    expect(result.body).toContain('href="tel:0361288604"');
    // Not signed in: a link to /saya instead of the button.
    expect(result.body).not.toContain('screening-send');
    expect(result.body).toContain('href="/saya"');
    t.clock.advance(2 * 60 * MIN);
    expect((await post('/skrining', { kecamatan: SELATAN, symptoms: [], contact: 'no', travel: 'no' })).body).toContain('data-open="false"');
    t.clock.advance(-2 * 60 * MIN);
    expect((await post('/skrining', { kecamatan: TIMUR, severe: 'yes', contact: 'no', travel: 'no' })).body).toContain('data-advice="emergency"');
    expect(await t.database.db.selectFrom('screening_referrals').selectAll().execute()).toEqual([]);
    // Sent without a resident session: refused, nothing stored.
    const anonymous = await post('/skrining/kirim', { kecamatan: SELATAN, symptoms: 'fever', contact: 'yes', travel: 'no', severe: 'no' });
    expect(anonymous.statusCode).toBe(401);
    expect(await t.database.db.selectFrom('screening_referrals').selectAll().execute()).toEqual([]);
  });

  it('sent to the puskesmas: a referral the kecamatan’s tracer lists (audited) and marks handled; nobody else sees it; deleted with my data', async () => {
    const cookie = await signIn('0813-6666-0016', '+6281366660016');
    const result = await post('/skrining', { kecamatan: SELATAN, symptoms: ['cough'], contact: 'no', travel: 'yes' }, cookie);
    expect(result.body).toContain('data-testid="screening-send"');
    const sent = await post('/skrining/kirim?lang=en', { kecamatan: SELATAN, symptoms: 'cough', contact: 'no', travel: 'yes', severe: 'no' }, cookie);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.body).toContain('data-testid="screening-sent"');
    // Sent twice: one referral, the answers replaced.
    await post('/skrining/kirim', { kecamatan: SELATAN, symptoms: ['cough', 'fever'], contact: 'no', travel: 'yes', severe: 'no' }, cookie);
    const rows = await t.database.db.selectFrom('screening_referrals').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('81366660016');

    const tracer = await t.staff(`tracer.screen.${dialect}`, [{ role: 'health_tracer', regionCode: SELATAN }]);
    const tracerTimur = await t.staff(`tracer.screen.timur.${dialect}`, [{ role: 'health_tracer', regionCode: TIMUR }]);
    const list = await t.request({ method: 'GET', url: '/api/v1/screening-referrals', cookie: tracer.cookie });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toEqual([expect.objectContaining({ regionCode: SELATAN, phone: '+6281366660016', advice: 'stay_home', suspect: true, answers: { symptoms: ['cough', 'fever'], severe: false, contact: false, travel: true }, handledAt: null })]);
    expect(await t.database.db.selectFrom('audit_log').select(['action', 'region_code']).where('action', '=', 'screening_referral.list').where('actor_user_id', '=', tracer.id).execute()).toEqual([{ action: 'screening_referral.list', region_code: SELATAN }]);
    const elsewhere = await t.request({ method: 'GET', url: '/api/v1/screening-referrals', cookie: tracerTimur.cookie });
    expect(elsewhere.json()).toEqual([]);
    expect((await t.request({ method: 'GET', url: `/api/v1/screening-referrals?region=${SELATAN}`, cookie: tracerTimur.cookie })).statusCode).toBe(403);
    const viewer = await t.staff(`viewer.screen.${dialect}`, [{ role: 'viewer', regionCode: SELATAN }]);
    expect((await t.request({ method: 'GET', url: '/api/v1/screening-referrals', cookie: viewer.cookie })).statusCode).toBe(403);

    const id = list.json()[0].id as string;
    expect((await t.request({ method: 'POST', url: `/api/v1/screening-referrals/${id}/handled`, cookie: tracerTimur.cookie })).statusCode).toBe(403);
    const handled = await t.request({ method: 'POST', url: `/api/v1/screening-referrals/${id}/handled`, cookie: tracer.cookie });
    expect(handled.statusCode, handled.body).toBe(200);
    expect(handled.json().handledAt).toEqual(expect.any(String));
    expect((await t.request({ method: 'POST', url: `/api/v1/screening-referrals/${id}/handled`, cookie: tracer.cookie })).statusCode).toBe(409);
    expect((await t.request({ method: 'GET', url: '/api/v1/screening-referrals', cookie: tracer.cookie })).json()).toEqual([]);
    expect((await t.request({ method: 'GET', url: '/api/v1/screening-referrals?status=handled', cookie: tracer.cookie })).json()).toHaveLength(1);

    // In my export, then gone with my data.
    const exported = (await t.request({ method: 'GET', url: '/api/v1/citizen/me/export', cookie })).json();
    expect(exported.screeningReferrals).toEqual([expect.objectContaining({ regionCode: SELATAN, advice: 'stay_home', handledAt: expect.any(String) })]);
    const deletion = await t.request({ method: 'POST', url: '/api/v1/citizen/me/deletion', cookie });
    expect(deletion.json().deleted).toContainEqual({ what: 'screeningReferrals', count: 1 });
    expect(await t.database.db.selectFrom('screening_referrals').selectAll().execute()).toEqual([]);
  });

  it('export.pdf: the same records as the JSON export, readable, in my language, regions named as people say them; a staff cookie is refused', async () => {
    const venue = await verifiedVenue(t, { name: 'Warung Ekspor PDF' });
    const phone = { typed: '0813-7777-0016', e164: '+6281377770016' };
    expect((await t.request({ method: 'POST', url: '/api/v1/checkins', remoteAddress: nextAddress(), payload: { token: venue.token, name: 'Ketut Ekspor', phone: phone.typed } })).statusCode).toBe(201);
    const tracer = await t.staff(`tracer.pdf.${dialect}`, [{ role: 'health_tracer', regionCode: SELATAN }]);
    const kase = await t.request({ method: 'POST', url: '/api/v1/cases', cookie: tracer.cookie, payload: { name: 'Ketut Ekspor', phone: phone.typed, residenceCode: SERANGAN, category: 'konfirmasi_asimptomatik', specimenDate: '2026-11-28', testReference: 'NAR-PDF-1' } });
    expect(kase.statusCode, kase.body).toBe(201);
    expect((await t.request({ method: 'GET', url: `/api/v1/cases/${kase.json().id as string}`, cookie: tracer.cookie })).statusCode).toBe(200);
    const cookie = await signIn(phone.typed, phone.e164);
    const exportsAudited = async () => (await t.database.db.selectFrom('audit_log').select('details').where('action', '=', 'resident.export').execute()).filter((r) => String(r.details).includes('"pdf"')).length;
    const before = await exportsAudited();

    const id = await t.request({ method: 'GET', url: '/api/v1/citizen/me/export.pdf', cookie, headers: { 'accept-language': 'id' } });
    expect(id.statusCode, id.body.slice(0, 200)).toBe(200);
    expect(id.headers['content-type']).toBe('application/pdf');
    expect(id.headers['cache-control']).toMatch(/no-store/);
    const textId = await pdfText(id.rawPayload);
    expect(textId).toContain('Data saya di Jaga Baya');
    expect(textId).toContain('+6281377770016');
    expect(textId).toContain('Warung Ekspor PDF');
    expect(textId).toContain('Konfirmasi asimptomatik');
    expect(textId).toContain('Isolasi: sampai');
    expect(textId).toContain('Kelurahan Serangan');
    expect(textId).toContain('Petugas pelacak (puskesmas)');
    expect(textId).toContain('case.read');
    expect(textId).not.toMatch(/Kota Kota|Kelurahan Kelurahan|Kecamatan Kecamatan/);

    const en = await t.request({ method: 'GET', url: '/api/v1/citizen/me/export.pdf', cookie, headers: { 'accept-language': 'en' } });
    const textEn = await pdfText(en.rawPayload);
    expect(textEn).toContain('My data in Jaga Baya');
    expect(textEn).toContain('Visits (1)');
    expect(textEn).toContain('Confirmed, asymptomatic');
    expect(textEn).toContain('Who read my data');
    expect(await exportsAudited()).toBe(before + 2);

    expect((await t.request({ method: 'GET', url: '/api/v1/citizen/me/export.pdf', cookie: t.adminCookie })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/v1/citizen/me/export.pdf' })).statusCode).toBe(401);
  });
});
