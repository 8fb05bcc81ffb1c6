import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { Principal } from '../../src/server/modules/accounts/principal.js';
import { PROKES_ITEM_CODES } from '../../src/server/modules/venues/prokes-checklist.js';
import { createVenuesService, type VenueRatingsSource } from '../../src/server/modules/venues/index.js';
import { contactKeys, openContact } from '../../src/server/modules/venues/venue-contact.js';
import { createTestApp, KESIMAN, PEDUNGAN, SELATAN, SERANGAN, signupTokenIn, type TestApp } from '../app-harness.js';
import { describeEachDatabase, TEST_SECRET_KEY } from '../databases.js';

const run = promisify(execFile);

const SERANGAN_POINT = { lat: -8.736259, lon: 115.23211 };
const PEDUNGAN_POINT = { lat: -8.71151, lon: 115.210664 };
const KESIMAN_POINT = { lat: -8.657053, lon: 115.245165 };
const KUTA_POINT = { lat: -8.7185, lon: 115.1686 }; // Kabupaten Badung, outside Kota Denpasar
const DESA_ADAT_SERANGAN = '51.71.DA02';
const DAY = 86_400_000;

/** Decodes the QR of a PDF the way a person would see it: rendered by pdftoppm, read by zbarimg. */
async function decodePdfQr(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jb-venue-poster-'));
  try {
    await writeFile(path.join(dir, 'poster.pdf'), pdf);
    await run('pdftoppm', ['-r', '150', '-png', '-singlefile', path.join(dir, 'poster.pdf'), path.join(dir, 'page')]);
    const { stdout } = await run('zbarimg', ['--raw', '-q', path.join(dir, 'page.png')]);
    return stdout.trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function decodePngQr(png: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jb-venue-png-'));
  try {
    await writeFile(path.join(dir, 'poster.png'), png);
    const { stdout } = await run('zbarimg', ['--raw', '-q', path.join(dir, 'poster.png')]);
    return stdout.trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function answers(everything: 'met' | 'not_met', exceptions: Record<string, string> = {}) {
  return PROKES_ITEM_CODES.map((item) => ({ item, answer: exceptions[item] ?? everything }));
}

describeEachDatabase('venues', (dialect) => {
  let t: TestApp;
  let ipCounter = 0;
  // Each sign-up comes from its own address, so the per-IP limit only bites where a test means it to.
  const freshIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

  let manager: { cookie: string; id: string };
  let otherManager: { cookie: string; id: string };
  let officerSerangan: string;
  let officerKesiman: string;
  let enforcementSelatan: { cookie: string; id: string };
  let enforcementTimur: string;
  let adatSerangan: string;
  let viewerSelatan: string;

  async function signup(name: string, email: string, phone: string) {
    const res = await t.signUpManager({ name, email, phone, password: 'kata-sandi-aman-1' }, freshIp());
    if (res.statusCode !== 201) throw new Error(`signup ${email}: ${res.statusCode} ${res.body}`);
    const setCookie = res.headers['set-cookie'];
    const cookie = String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]!;
    return { cookie, id: res.json().id as string };
  }

  function venueBody(overrides: Record<string, unknown> = {}) {
    return {
      name: 'Warung Makan Bu Komang',
      sector: 'trade',
      type: 'warung',
      regionCode: SERANGAN,
      address: 'Jl. Tukad Punggawa No. 7',
      ...SERANGAN_POINT,
      capacity: 40,
      indoor: false,
      ...overrides,
    };
  }

  async function register(cookie: string, overrides: Record<string, unknown> = {}) {
    const res = await t.request({ method: 'POST', url: '/api/v1/venues', cookie, payload: venueBody(overrides) });
    if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`);
    return res.json().id as string;
  }

  async function verifiedVenue(overrides: Record<string, unknown> = {}) {
    const id = await register(manager.cookie, overrides);
    const res = await t.request({ method: 'POST', url: `/api/v1/venues/${id}/verification`, cookie: t.adminCookie, payload: { decision: 'approve' } });
    if (res.statusCode !== 200) throw new Error(`verify: ${res.statusCode} ${res.body}`);
    return id;
  }

  /** Rows of every venue table: "changes nothing" means these stay equal. */
  async function counts() {
    const db = t.database.db;
    const n = async (table: 'venues' | 'venue_managers' | 'venue_status_events' | 'venue_posters' | 'venue_assessments' | 'venue_compliance_scores' | 'venue_manager_profiles' | 'users') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return {
      venues: await n('venues'),
      managers: await n('venue_managers'),
      events: await n('venue_status_events'),
      posters: await n('venue_posters'),
      assessments: await n('venue_assessments'),
      scores: await n('venue_compliance_scores'),
      profiles: await n('venue_manager_profiles'),
      users: await n('users'),
    };
  }

  async function posterToken(venueId: string, cookie = manager.cookie): Promise<string> {
    const pdf = await t.request({ method: 'GET', url: `/api/v1/venues/${venueId}/poster.pdf`, cookie });
    expect(pdf.statusCode).toBe(200);
    const url = await decodePdfQr(pdf.rawPayload);
    expect(url.startsWith('http://jagabaya.test/c/')).toBe(true);
    return url.slice('http://jagabaya.test/c/'.length);
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    manager = await signup('Komang Sari', 'komang@example.id', '0812-3456-7890');
    otherManager = await signup('Made Wirawan', 'made@example.id', '+62 813 1111 2222');
    officerSerangan = (await t.staff('perbekel.serangan', [{ role: 'village_officer', regionCode: SERANGAN }])).cookie;
    officerKesiman = (await t.staff('lurah.kesiman', [{ role: 'village_officer', regionCode: KESIMAN }])).cookie;
    enforcementSelatan = await t.staff('satpolpp.selatan', [{ role: 'enforcement_officer', regionCode: SELATAN }]);
    enforcementTimur = (await t.staff('satpolpp.timur', [{ role: 'enforcement_officer', regionCode: '51.71.02' }])).cookie;
    adatSerangan = (await t.staff('pecalang.serangan', [{ role: 'adat_officer', regionCode: DESA_ADAT_SERANGAN }])).cookie;
    viewerSelatan = (await t.staff('viewer.selatan', [{ role: 'viewer', regionCode: SELATAN }])).cookie;
  });
  afterAll(() => t.close());

  // ---- sign-up ------------------------------------------------------------------------------------------------

  it('a venue manager signs up alone: phone normalised, logged in, may register venues and nothing staff-only', async () => {
    const me = await t.request({ method: 'GET', url: '/api/v1/me', cookie: manager.cookie });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'komang@example.id', displayName: 'Komang Sari', assignments: [{ role: 'venue_manager', regionCode: '51.71' }] });
    expect(me.json().permissions).toEqual(['venues:register']);
    const profile = await t.database.db.selectFrom('venue_manager_profiles').selectAll().where('user_id', '=', manager.id).executeTakeFirstOrThrow();
    expect(openContact(contactKeys(TEST_SECRET_KEY), profile.phone_enc)).toBe('+6281234567890');
    expect((await t.request({ method: 'GET', url: '/api/v1/venues', cookie: manager.cookie })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/users', cookie: manager.cookie })).statusCode).toBe(403);
    // The new account logs in with its e-mail address.
    expect(await t.login('komang@example.id', 'kata-sandi-aman-1')).toMatch(/^jb_session=/);
  });

  it('answers a registered e-mail or phone (in any spelling) exactly like a new one, creating nothing and telling only the address’s owner', async () => {
    const before = await counts();
    const attempt = (payload: Record<string, unknown>) =>
      t.request({ method: 'POST', url: '/api/v1/venue-managers/signup', remoteAddress: freshIp(), payload: { name: 'X', email: 'x@example.id', phone: '081299990000', password: 'kata-sandi-aman-1', ...payload } });
    const fresh = await attempt({ email: 'fresh@example.id' });
    const taken = await attempt({ email: 'KOMANG@example.id' });
    const takenPhone = await attempt({ email: 'other@example.id', phone: '6281234567890' });
    for (const res of [fresh, taken, takenPhone]) {
      expect(res.statusCode).toBe(202);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(Object.keys(res.json())).toEqual(['email']);
    }
    expect(await counts()).toEqual(before);
    // The owner of the registered address is told someone tried, with the way to log in; no link to create anything.
    const notice = (await t.mailsTo('komang@example.id')).at(-1)!;
    expect(notice.body).toContain('http://jagabaya.test/login');
    expect(notice.body).not.toContain('konfirmasi');
    // A phone used by another manager is refused only at the confirmation, to whoever reads the new address's mail.
    const link = signupTokenIn((await t.mailsTo('other@example.id')).at(-1)!.body);
    const confirm = await t.request({ method: 'POST', url: '/api/v1/venue-managers/signup/confirm', remoteAddress: freshIp(), payload: { token: link } });
    expect(confirm.statusCode).toBe(409);
    expect(confirm.json().type).toMatch(/phone-taken$/);
    expect(await counts()).toEqual(before);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('action', 'in', ['venue_manager.signup_requested', 'venue_manager.signup_existing']).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['venue_manager.signup_requested', 'venue_manager.signup_existing']));
  });

  it('a confirmation link works once, within 24 hours, and a forged one not at all', async () => {
    // An app of its own: the day that passes here would end the sessions the other tests use.
    const t = await createTestApp(dialect);
    onTestFinished(() => t.close());
    const ask = async (email: string) => {
      const res = await t.request({ method: 'POST', url: '/api/v1/venue-managers/signup', remoteAddress: freshIp(), payload: { name: 'Wayan', email, phone: '081277700000', password: 'kata-sandi-aman-1' } });
      expect(res.statusCode).toBe(202);
      return signupTokenIn((await t.mailsTo(email)).at(-1)!.body);
    };
    const confirm = (token: string) => t.request({ method: 'POST', url: '/api/v1/venue-managers/signup/confirm', remoteAddress: freshIp(), payload: { token } });
    const late = await ask('late@example.id');
    t.clock.advance(24 * 60 * 60 * 1000 + 1);
    expect((await confirm(late)).json().type).toMatch(/signup-link-invalid$/);
    const forged = await confirm(`${late.slice(0, -4)}AAAA`);
    expect(forged.statusCode).toBe(400);
    expect(forged.json().type).toMatch(/signup-link-invalid$/);
    const token = await ask('wayan@example.id');
    const first = await confirm(token);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ id: expect.any(String), username: 'wayan@example.id' });
    const again = await confirm(token);
    expect(again.statusCode).toBe(409);
    expect(again.json().type).toMatch(/signup-link-used$/);
  });

  it('refuses a bad phone, a short password and a bad e-mail, naming the field and creating nothing', async () => {
    const before = await counts();
    const attempt = (payload: Record<string, unknown>) =>
      t.request({ method: 'POST', url: '/api/v1/venue-managers/signup', remoteAddress: freshIp(), payload: { name: 'X', email: 'x@example.id', phone: '081299990000', password: 'kata-sandi-aman-1', ...payload } });
    const badPhone = await attempt({ phone: '12345678' });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().errors).toEqual([expect.objectContaining({ field: 'phone' })]);
    const shortPassword = await attempt({ password: 'short' });
    expect(shortPassword.statusCode).toBe(400);
    expect(shortPassword.json().errors[0].field).toBe('password');
    const badEmail = await attempt({ email: 'not-an-email' });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().errors[0].field).toBe('email');
    expect(await counts()).toEqual(before);
  });

  it('limits sign-ups per IP address (429 with Retry-After), and lets the address in again an hour later', async () => {
    const ip = '192.0.2.77';
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await t.request({ method: 'POST', url: '/api/v1/venue-managers/signup', remoteAddress: ip, payload: { name: 'Spam', email: 'bad', phone: '0', password: 'x' } });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) {
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(res.json().type).toMatch(/rate-limited$/);
      }
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
    t.clock.advance(60 * 60 * 1000);
    const later = await t.request({ method: 'POST', url: '/api/v1/venue-managers/signup', remoteAddress: ip, payload: { name: 'Spam', email: 'bad', phone: '0', password: 'x' } });
    expect(later.statusCode).toBe(400);
  });

  // ---- registration ------------------------------------------------------------------------------------------

  it('registers a venue: 201 pending, in my venues, contact defaults to the manager, history starts', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/venues', cookie: manager.cookie, payload: venueBody({ openingHours: { from: '08:00', until: '22:00' }, desaAdatCode: DESA_ADAT_SERANGAN }) });
    expect(res.statusCode).toBe(201);
    const { id, status } = res.json();
    expect(status).toBe('pending');
    const mine = (await t.request({ method: 'GET', url: '/api/v1/me/venues', cookie: manager.cookie })).json();
    expect(mine.map((v: { id: string }) => v.id)).toContain(id);
    const detail = (await t.request({ method: 'GET', url: `/api/v1/venues/${id}`, cookie: manager.cookie })).json();
    expect(detail).toMatchObject({
      name: 'Warung Makan Bu Komang',
      sector: 'trade',
      type: 'warung',
      typeLabel: { id: 'Warung makan', en: 'Warung (small eatery)' },
      regionCode: SERANGAN,
      regionName: 'Serangan',
      desaAdatName: 'Desa Adat Serangan',
      status: 'pending',
      openingHours: { from: '08:00', until: '22:00' },
      contactName: 'Komang Sari',
      contactPhone: '+6281234567890',
      positionConfirmed: false,
      pointRegionCode: SERANGAN,
      posters: [],
      compliance: { score: null, badge: 'grey' },
      permissions: { manage: true, verify: false, inspect: false, selfAssess: true },
    });
    expect(detail.history).toEqual([expect.objectContaining({ action: 'registered', toStatus: 'pending', actorName: 'Komang Sari' })]);
    expect(detail.venueNumber).toBeGreaterThan(0);
  });

  it.each([
    ['capacity of zero', { capacity: 0 }, 'capacity'],
    ['absurd capacity', { capacity: 1_000_000 }, 'capacity'],
    ['unknown desa code', { regionCode: '51.71.09.9999' }, 'regionCode'],
    ['a kecamatan instead of a desa', { regionCode: SELATAN }, 'regionCode'],
    ['coordinates outside the city', { ...KUTA_POINT }, 'lat'],
    ['unknown sector', { sector: 'space_travel' }, 'sector'],
    ['unknown venue type', { type: 'spaceport' }, 'type'],
    ['a venue type of another sector', { type: 'hospital' }, 'type'],
    ['a point in another desa, unconfirmed', { ...PEDUNGAN_POINT }, 'positionConfirmed'],
    ['a malformed opening time', { openingHours: { from: '8am', until: '22:00' } }, 'openingHours.from'],
    ['a contact phone that is no number', { contactPhone: '0812' }, 'contactPhone'],
    ['an unknown field', { colour: 'blue' }, 'colour'],
  ])('refuses %s with a problem naming the field and changes nothing', async (_title, overrides, field) => {
    const before = await counts();
    const res = await t.request({ method: 'POST', url: '/api/v1/venues', cookie: manager.cookie, headers: { 'accept-language': 'en' }, payload: venueBody(overrides) });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('explains a desa mismatch by name, and accepts it once the manager confirms the position', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/venues', cookie: manager.cookie, headers: { 'accept-language': 'en' }, payload: venueBody(PEDUNGAN_POINT) });
    expect(res.json().errors[0].message).toContain('Pedungan');
    const located = (await t.request({ method: 'GET', url: `/api/v1/venues/locate?lat=${PEDUNGAN_POINT.lat}&lon=${PEDUNGAN_POINT.lon}` })).json();
    expect(located).toEqual([{ code: PEDUNGAN, name: 'Pedungan', type: 'kelurahan' }]);
    expect((await t.request({ method: 'GET', url: `/api/v1/venues/locate?lat=${KUTA_POINT.lat}&lon=${KUTA_POINT.lon}` })).json()).toEqual([]);
    const id = await register(manager.cookie, { ...PEDUNGAN_POINT, positionConfirmed: true, name: 'Toko di perbatasan', type: 'shop' });
    const detail = (await t.request({ method: 'GET', url: `/api/v1/venues/${id}`, cookie: manager.cookie })).json();
    expect(detail).toMatchObject({ regionCode: SERANGAN, positionConfirmed: true, pointRegionCode: PEDUNGAN, pointRegionName: 'Pedungan' });
    // Outside the city no confirmation helps.
    const outside = await t.request({ method: 'POST', url: '/api/v1/venues', cookie: manager.cookie, payload: venueBody({ ...KUTA_POINT, positionConfirmed: true }) });
    expect(outside.statusCode).toBe(400);
  });

  it("another manager's venue is a 404 like a venue that does not exist (no existence leak)", async () => {
    const id = await register(manager.cookie, { name: 'Kafe Rahasia', type: 'cafe' });
    const missing = '01900000-0000-7000-8000-000000000000';
    const before = await counts();
    for (const [method, suffix, payload] of [
      ['GET', '', undefined],
      ['PATCH', '', { capacity: 10 }],
      ['GET', '/poster.pdf', undefined],
      ['POST', '/poster', undefined],
      ['GET', '/compliance', undefined],
      ['POST', '/self-assessments', { answers: answers('met') }],
    ] as const) {
      const theirs = await t.request({ method, url: `/api/v1/venues/${id}${suffix}`, cookie: otherManager.cookie, ...(payload ? { payload } : {}) });
      const nobody = await t.request({ method, url: `/api/v1/venues/${missing}${suffix}`, cookie: otherManager.cookie, ...(payload ? { payload } : {}) });
      expect(theirs.statusCode, `${method} ${suffix}`).toBe(404);
      expect({ ...theirs.json(), instance: null }).toEqual({ ...nobody.json(), instance: null });
    }
    // Verification is staff-only: a manager is refused at the door, for any id.
    expect((await t.request({ method: 'POST', url: `/api/v1/venues/${id}/verification`, cookie: otherManager.cookie, payload: { decision: 'approve' } })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: `/api/v1/venues/${id}` })).statusCode).toBe(401);
    expect(await counts()).toEqual(before);
  });

  // ---- verification -------------------------------------------------------------------------------------------

  it('verification is region-scoped: the queue and the decision belong to the officer of the desa', async () => {
    const id = await register(manager.cookie, { name: 'Toko Serangan Jaya', type: 'shop' });
    const kesimanVenue = await register(otherManager.cookie, { name: 'Warung Kesiman', regionCode: KESIMAN, ...KESIMAN_POINT });
    const queue = (await t.request({ method: 'GET', url: '/api/v1/venues/verification-queue', cookie: officerSerangan })).json();
    expect(queue.map((v: { id: string }) => v.id)).toContain(id);
    expect(queue.map((v: { id: string }) => v.id)).not.toContain(kesimanVenue);
    expect(queue.every((v: { regionCode: string; status: string }) => v.regionCode === SERANGAN && v.status === 'pending')).toBe(true);
    const otherQueue = (await t.request({ method: 'GET', url: '/api/v1/venues/verification-queue', cookie: officerKesiman })).json();
    expect(otherQueue.map((v: { id: string }) => v.id)).toEqual([kesimanVenue]);
    expect((await t.request({ method: 'GET', url: `/api/v1/venues/verification-queue?region=${SERANGAN}`, cookie: officerKesiman })).statusCode).toBe(403);

    const before = await counts();
    const outside = await t.request({ method: 'POST', url: `/api/v1/venues/${id}/verification`, cookie: officerKesiman, payload: { decision: 'approve' } });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().type).toMatch(/out-of-scope$/);
    // The refusal does not tell where the venue lies (issue #14): the caller did not give its region.
    expect(outside.body).not.toContain(SERANGAN);
    const enforcement = await t.request({ method: 'POST', url: `/api/v1/venues/${id}/verification`, cookie: enforcementSelatan.cookie, payload: { decision: 'approve' } });
    expect(enforcement.statusCode).toBe(403);
    const noReason = await t.request({ method: 'POST', url: `/api/v1/venues/${id}/verification`, cookie: officerSerangan, payload: { decision: 'reject', reason: '  ' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('reason');
    expect(await counts()).toEqual(before);

    const approved = await t.request({ method: 'POST', url: `/api/v1/venues/${id}/verification`, cookie: officerSerangan, payload: { decision: 'approve' } });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'verified', posters: [{ serial: 1, current: true }] });
    expect(approved.json().posters[0].posterNumber).toMatch(/^DPS-\d{6}-1$/);
    expect(approved.json().history.map((h: { action: string }) => h.action)).toEqual(['registered', 'approved']);
    const again = await t.request({ method: 'POST', url: `/api/v1/venues/${id}/verification`, cookie: officerSerangan, payload: { decision: 'approve' } });
    expect(again.statusCode).toBe(409);
  });

  it('a rejected venue is edited by its manager and goes back to the queue', async () => {
    const id = await register(manager.cookie, { name: 'Warung Tanpa Nama', address: '?' });
    const rejected = await t.request({ method: 'POST', url: `/api/v1/venues/${id}/verification`, cookie: officerSerangan, payload: { decision: 'reject', reason: 'Alamat tidak lengkap' } });
    expect(rejected.json()).toMatchObject({ status: 'rejected', statusReason: 'Alamat tidak lengkap' });
    const poster = await t.request({ method: 'GET', url: `/api/v1/venues/${id}/poster.pdf`, cookie: manager.cookie });
    expect(poster.statusCode).toBe(409);
    const edited = await t.request({ method: 'PATCH', url: `/api/v1/venues/${id}`, cookie: manager.cookie, payload: { address: 'Jl. Tukad Punggawa No. 12, Serangan' } });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().status).toBe('pending');
    const last = edited.json().history.at(-1);
    expect(last).toMatchObject({ action: 'resubmitted', fromStatus: 'rejected', toStatus: 'pending' });
    expect(last.details.changes.address).toEqual({ from: '?', to: 'Jl. Tukad Punggawa No. 12, Serangan' });
  });

  it('a verified venue: the manager changes operations only; the officer corrects the rest', async () => {
    const id = await verifiedVenue({ name: 'Salon Ayu' , type: 'shop' });
    const before = await counts();
    const locked = await t.request({ method: 'PATCH', url: `/api/v1/venues/${id}`, cookie: manager.cookie, payload: { name: 'Salon Ayu Baru' } });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().detail).toContain('name');
    expect(await counts()).toEqual(before);
    const capacity = await t.request({ method: 'PATCH', url: `/api/v1/venues/${id}`, cookie: manager.cookie, payload: { capacity: 25, contactPhone: '0361 234567' } });
    expect(capacity.statusCode).toBe(200);
    expect(capacity.json()).toMatchObject({ capacity: 25, contactPhone: '+62361234567', status: 'verified' });
    // The history keeps old and new values of the venue's own fields and only the name of a personal one; the audit
    // entry names the fields (issue #14, finding 11).
    expect(capacity.json().history.at(-1).details).toEqual({ changes: { capacity: { from: 40, to: 25 }, contactPhone: {} } });
    const audit = await t.database.db.selectFrom('audit_log').select('details').where('action', '=', 'venue.correct').where('entity_id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details!)).toEqual({ changed: ['capacity', 'contactPhone'], resubmitted: false, byManager: true });
    const logged = [
      ...(await t.database.db.selectFrom('audit_log').select('details').execute()).map((r) => r.details),
      ...(await t.database.db.selectFrom('venue_status_events').select('details').execute()).map((r) => r.details),
    ].join('\n');
    for (const value of ['361234567', '0361 234567', '81234567890', 'komang@example.id']) expect(logged).not.toContain(value);
    const corrected = await t.request({ method: 'PATCH', url: `/api/v1/venues/${id}`, cookie: officerSerangan, payload: { name: 'Salon Ayu Serangan', reason: 'Nama sesuai izin usaha' } });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json().history.at(-1)).toMatchObject({ action: 'corrected', reason: 'Nama sesuai izin usaha', actorName: 'perbekel.serangan' });
    expect((await t.request({ method: 'PATCH', url: `/api/v1/venues/${id}`, cookie: officerKesiman, payload: { name: 'X' } })).statusCode).toBe(403);
    const moveOut = await t.request({ method: 'PATCH', url: `/api/v1/venues/${id}`, cookie: officerSerangan, payload: { regionCode: KESIMAN, ...KESIMAN_POINT } });
    expect(moveOut.statusCode).toBe(403);
  });

  // ---- posters and the check-in page ----------------------------------------------------------------------------

  it('registration → verification → poster: the QR in the rendered PDF opens the venue page; PNG decodes too', async () => {
    const id = await verifiedVenue({ name: 'Warung Babi Guling Pak Wayan', type: 'warung', capacity: 30 });
    const pdf = await t.request({ method: 'GET', url: `/api/v1/venues/${id}/poster.pdf`, cookie: manager.cookie });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const url = await decodePdfQr(pdf.rawPayload);
    expect(url).toMatch(/^http:\/\/jagabaya\.test\/c\/[A-Za-z0-9_-]{38}$/);
    const png = await t.request({ method: 'GET', url: `/api/v1/venues/${id}/poster.png`, cookie: manager.cookie });
    expect(png.headers['content-type']).toBe('image/png');
    expect(await decodePngQr(png.rawPayload)).toBe(url);
    // The officer of the desa may print it too; an officer elsewhere may not.
    expect((await t.request({ method: 'GET', url: `/api/v1/venues/${id}/poster.pdf`, cookie: officerSerangan })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/v1/venues/${id}/poster.pdf`, cookie: officerKesiman })).statusCode).toBe(403);

    const page = await t.request({ method: 'GET', url: url.replace('http://jagabaya.test', '') });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Warung Babi Guling Pak Wayan');
    expect(page.body).toContain('data-poster-state="active"');
    expect(page.body).toContain('lang="id"');
    const english = await t.request({ method: 'GET', url: url.replace('http://jagabaya.test', ''), headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(english.body).toContain('lang="en"');
    expect(english.body).toContain('Warung Babi Guling Pak Wayan');
  });

  it('reissuing invalidates the old token: the old poster says "replaced", the new one works; forged tokens are 404', async () => {
    const id = await verifiedVenue({ name: 'Pasar Senggol Serangan', type: 'traditional_market', capacity: 200 });
    const oldToken = await posterToken(id);
    const reissued = await t.request({ method: 'POST', url: `/api/v1/venues/${id}/poster`, cookie: manager.cookie });
    expect(reissued.statusCode).toBe(201);
    expect(reissued.json()).toMatchObject({ serial: 2, current: true, replacedAt: null });
    const newToken = await posterToken(id);
    expect(newToken).not.toBe(oldToken);

    const old = await t.request({ method: 'GET', url: `/c/${oldToken}`, headers: { 'accept-language': 'en' } });
    expect(old.statusCode).toBe(410);
    expect(old.body).toContain('This poster has been replaced');
    expect(old.body).toContain('Pasar Senggol Serangan');
    const oldId = await t.request({ method: 'GET', url: `/c/${oldToken}` });
    expect(oldId.body).toContain('Poster ini sudah diganti');
    expect((await t.request({ method: 'GET', url: `/c/${newToken}` })).statusCode).toBe(200);

    const detail = (await t.request({ method: 'GET', url: `/api/v1/venues/${id}`, cookie: manager.cookie })).json();
    expect(detail.posters.map((p: { serial: number; current: boolean }) => [p.serial, p.current])).toEqual([[2, true], [1, false]]);

    const flip = (c: string) => (c === 'A' ? 'B' : 'A');
    for (const forged of [`${newToken.slice(0, -1)}${flip(newToken.at(-1)!)}`, `${flip(newToken[0]!)}${newToken.slice(1)}`, 'not-a-token', newToken.slice(0, 22), `${newToken}x`]) {
      const res = await t.request({ method: 'GET', url: `/c/${encodeURIComponent(forged)}`, headers: { accept: 'text/html' } });
      expect(res.statusCode, forged).toBe(404);
      expect(res.body).toContain('data-poster-state="invalid"');
      expect(res.body).not.toContain('Pasar Senggol');
    }
    // Another venue's officer cannot reissue; the other manager gets 404.
    expect((await t.request({ method: 'POST', url: `/api/v1/venues/${id}/poster`, cookie: officerKesiman })).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: `/api/v1/venues/${id}/poster`, cookie: otherManager.cookie })).statusCode).toBe(404);
  });

  it('a suspended venue: its QR answers with a clear notice, no poster, off the public list; reactivation restores it', async () => {
    const id = await verifiedVenue({ name: 'Karaoke Pantai', sector: 'youth_sport_tourism', type: 'nightlife', indoor: true });
    const token = await posterToken(id);
    const noReason = await t.request({ method: 'POST', url: `/api/v1/venues/${id}/suspension`, cookie: officerSerangan, payload: {} });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('reason');
    expect((await t.request({ method: 'POST', url: `/api/v1/venues/${id}/suspension`, cookie: officerKesiman, payload: { reason: 'x' } })).statusCode).toBe(403);
    const suspended = await t.request({ method: 'POST', url: `/api/v1/venues/${id}/suspension`, cookie: officerSerangan, payload: { reason: 'Melanggar jam operasional berulang kali' } });
    expect(suspended.json()).toMatchObject({ status: 'suspended', statusReason: 'Melanggar jam operasional berulang kali' });

    const page = await t.request({ method: 'GET', url: `/c/${token}`, headers: { 'accept-language': 'en' } });
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('data-poster-state="suspended"');
    expect(page.body).toContain('This venue is suspended');
    expect((await t.request({ method: 'GET', url: `/api/v1/venues/${id}/poster.pdf`, cookie: manager.cookie })).statusCode).toBe(409);
    const list = (await t.request({ method: 'GET', url: `/api/v1/public/venues?region=${SERANGAN}&limit=100` })).json();
    expect(list.items.map((v: { id: string }) => v.id)).not.toContain(id);
    expect((await t.request({ method: 'GET', url: `/api/v1/public/venues/${id}` })).json().status).toBe('suspended');

    const back = await t.request({ method: 'POST', url: `/api/v1/venues/${id}/reactivation`, cookie: officerSerangan, payload: { reason: 'Sudah dibina' } });
    expect(back.json().status).toBe('verified');
    expect(back.json().history.map((h: { action: string }) => h.action)).toEqual(['registered', 'approved', 'suspended', 'reactivated']);
    expect((await t.request({ method: 'GET', url: `/c/${token}` })).statusCode).toBe(200);
  });

  // ---- self-assessment, inspections, compliance ------------------------------------------------------------------

  it('the manager files a self-assessment with the checklist; bad answers name the row', async () => {
    const id = await register(manager.cookie, { name: 'Apotek Serangan', sector: 'health', type: 'pharmacy' });
    const bad = await t.request({
      method: 'POST',
      url: `/api/v1/venues/${id}/self-assessments`,
      cookie: manager.cookie,
      payload: { answers: [...answers('met').slice(1), { item: 'handwashing_station', answer: 'not_applicable' }, { item: 'free_snacks', answer: 'met' }] },
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['answers[11].answer', 'answers[12].item']));
    const ok = await t.request({ method: 'POST', url: `/api/v1/venues/${id}/self-assessments`, cookie: manager.cookie, payload: { answers: answers('met', { temperature_check: 'not_applicable', ventilation: 'not_met' }) } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().notMet).toEqual(['ventilation']);
    const detail = (await t.request({ method: 'GET', url: `/api/v1/venues/${id}`, cookie: manager.cookie })).json();
    expect(detail.selfAssessment.answers.find((a: { item: string }) => a.item === 'temperature_check').answer).toBe('not_applicable');
    // Officers inspect; they do not self-assess.
    expect((await t.request({ method: 'POST', url: `/api/v1/venues/${id}/self-assessments`, cookie: officerSerangan, payload: { answers: answers('met') } })).statusCode).toBe(403);
  });

  it('inspections are region-scoped: outside the officer’s region is 403 and changes nothing; desa adat officers reach their venues', async () => {
    const id = await verifiedVenue({ name: 'Warung Adat', desaAdatCode: DESA_ADAT_SERANGAN });
    const before = await counts();
    const outside = await t.request({ method: 'POST', url: `/api/v1/venues/${id}/inspections`, cookie: enforcementTimur, payload: { answers: answers('met'), overallResult: 'compliant' } });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().type).toMatch(/out-of-scope$/);
    expect((await t.request({ method: 'POST', url: `/api/v1/venues/${id}/inspections`, cookie: officerKesiman, payload: { answers: answers('met'), overallResult: 'compliant' } })).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: `/api/v1/venues/${id}/inspections`, cookie: viewerSelatan, payload: { answers: answers('met'), overallResult: 'compliant' } })).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: `/api/v1/venues/${id}/inspections`, cookie: manager.cookie, payload: { answers: answers('met'), overallResult: 'compliant' } })).statusCode).toBe(403);
    const badDate = await t.request({ method: 'POST', url: `/api/v1/venues/${id}/inspections`, cookie: enforcementSelatan.cookie, payload: { answers: answers('met'), overallResult: 'compliant', followUpDate: '2020-01-01' } });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().errors[0].field).toBe('followUpDate');
    expect(await counts()).toEqual(before);

    const byAdat = await t.request({ method: 'POST', url: `/api/v1/venues/${id}/inspections`, cookie: adatSerangan, payload: { answers: answers('met'), overallResult: 'compliant', notes: 'Pecalang: semua baik' } });
    expect(byAdat.statusCode).toBe(201);
    const noAdat = await verifiedVenue({ name: 'Warung Tanpa Desa Adat' });
    expect((await t.request({ method: 'POST', url: `/api/v1/venues/${noAdat}/inspections`, cookie: adatSerangan, payload: { answers: answers('met'), overallResult: 'compliant' } })).statusCode).toBe(403);
  });

  it('compliance score through the API on fixed inputs: inspections and a violation, explained, with history and decay', async () => {
    const id = await verifiedVenue({ name: 'Restoran Segara', type: 'restaurant', capacity: 80 });
    const inspect = (payload: Record<string, unknown>) => t.request({ method: 'POST', url: `/api/v1/venues/${id}/inspections`, cookie: enforcementSelatan.cookie, payload });

    const first = await inspect({ answers: answers('met'), overallResult: 'compliant', followUpDate: null });
    expect(first.statusCode).toBe(201);
    expect(first.json().compliance).toMatchObject({ score: 100, badge: 'green' });

    // A medium violation (15 points), recorded by the enforcement module.
    const violation = await t.request({
      method: 'POST',
      url: '/api/v1/violations',
      cookie: enforcementSelatan.cookie,
      payload: { offence: 'fasilitas_prokes_tidak_ada', regionCode: SERANGAN, occurredAt: new Date(t.clock.now()).toISOString(), subject: { kind: 'venue', venueId: id } },
    });
    expect(violation.statusCode).toBe(201);
    expect((await t.request({ method: 'GET', url: `/api/v1/venues/${id}/compliance`, cookie: manager.cookie })).json().current).toMatchObject({ score: 85, badge: 'green' });

    // Handwashing and temperature not met (weights 3 and 2 of 22: 17/22 = 77.3 %), verdict non-compliant (ceiling 49):
    // I = 0.75 · 49 + 0.25 · 100 = 61.75; minus 15 = 46.75 → 47, red.
    const second = await inspect({ answers: answers('met', { handwashing_station: 'not_met', temperature_check: 'not_met' }), overallResult: 'non_compliant', followUpDate: '2026-12-06' });
    expect(second.json().compliance).toMatchObject({ score: 47, badge: 'red' });
    expect(second.json().notMet).toEqual(['handwashing_station', 'temperature_check']);

    const now = (await t.request({ method: 'GET', url: `/api/v1/venues/${id}/compliance`, cookie: manager.cookie, headers: { 'accept-language': 'en' } })).json();
    expect(now.current).toMatchObject({ score: 47, badge: 'red' });
    const codes = now.current.reasons.map((r: { code: string }) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['inspection_latest', 'inspection_earlier', 'violations', 'inspection_items_not_met']));
    expect(now.current.reasons.find((r: { code: string }) => r.code === 'inspection_items_not_met').en).toBe('Not met at the latest inspection: Handwashing station, Temperature check');
    expect(now.history.map((h: { score: number; trigger: string }) => [h.score, h.trigger])).toEqual([[47, 'inspection'], [85, 'violation'], [100, 'inspection']]);
    const summary = (await t.request({ method: 'GET', url: `/api/v1/public/venues/${id}` })).json();
    expect(summary.compliance).toMatchObject({ score: 47, badge: 'red' });

    // 90 days on the violation weighs half (7.5): 61.75 − 7.5 = 54.25 → 54, yellow. The live score ages; history stays.
    t.clock.advance(90 * DAY);
    const freshSession = await t.login('perbekel.serangan', 'staff-password-123'); // the old sessions have expired by then
    const later = (await t.request({ method: 'GET', url: `/api/v1/venues/${id}/compliance`, cookie: freshSession })).json();
    expect(later.current).toMatchObject({ score: 54, badge: 'yellow' });
    expect(later.history).toHaveLength(3);
    t.clock.advance(-90 * DAY);
  });

  it('the inspection to-do list of a desa puts red and overdue venues first, with reasons, for officers in scope only', async () => {
    const red = await verifiedVenue({ name: 'Bar Merah', sector: 'youth_sport_tourism', type: 'nightlife' });
    await t.request({ method: 'POST', url: `/api/v1/venues/${red}/inspections`, cookie: officerSerangan, payload: { answers: answers('not_met'), overallResult: 'non_compliant', followUpDate: '2026-11-29' } });
    const fine = await verifiedVenue({ name: 'Toko Hijau', type: 'shop' });
    await t.request({ method: 'POST', url: `/api/v1/venues/${fine}/inspections`, cookie: officerSerangan, payload: { answers: answers('met'), overallResult: 'compliant' } });

    const todo = (await t.request({ method: 'GET', url: `/api/v1/inspections/todo?region=${SERANGAN}`, cookie: officerSerangan })).json();
    const ids = todo.map((i: { venue: { id: string } }) => i.venue.id);
    expect(ids[0]).toBe(red);
    expect(ids).not.toContain(fine);
    expect(todo[0].reasons.map((r: { code: string }) => r.code)).toEqual(['badge_red', 'follow_up_due', 'last_inspection_non_compliant']);
    expect(todo[0].lastInspection).toMatchObject({ overallResult: 'non_compliant', followUpDate: '2026-11-29' });
    expect(todo.every((i: { venue: { regionCode: string } }) => i.venue.regionCode === SERANGAN)).toBe(true);
    expect(todo.some((i: { reasons: { code: string }[] }) => i.reasons.some((r) => r.code === 'never_inspected'))).toBe(true);

    expect((await t.request({ method: 'GET', url: `/api/v1/inspections/todo?region=${SERANGAN}`, cookie: officerKesiman })).statusCode).toBe(403);
    const kesimanTodo = (await t.request({ method: 'GET', url: '/api/v1/inspections/todo', cookie: officerKesiman })).json();
    expect(kesimanTodo.map((i: { venue: { id: string } }) => i.venue.id)).not.toContain(red);
    expect((await t.request({ method: 'GET', url: '/api/v1/inspections/todo', cookie: manager.cookie })).statusCode).toBe(403);
  });

  it('an inspection photo: image bytes only, size-limited, readable by the manager and staff in scope', async () => {
    const id = await verifiedVenue({ name: 'Kafe Foto', type: 'cafe' });
    const inspection = (await t.request({ method: 'POST', url: `/api/v1/venues/${id}/inspections`, cookie: officerSerangan, payload: { answers: answers('met'), overallResult: 'compliant' } })).json();
    const png = (await t.request({ method: 'GET', url: `/api/v1/venues/${id}/poster.png`, cookie: manager.cookie })).rawPayload;
    const url = `/api/v1/venues/${id}/inspections/${inspection.id}/photo`;
    const notImage = await t.request({ method: 'PUT', url, cookie: officerSerangan, headers: { 'content-type': 'image/jpeg' }, payload: Buffer.from('not really a jpeg') });
    expect(notImage.statusCode).toBe(415);
    const tooBig = await t.request({ method: 'PUT', url, cookie: officerSerangan, headers: { 'content-type': 'image/png' }, payload: Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]) });
    expect(tooBig.statusCode).toBe(413);
    expect((await t.request({ method: 'PUT', url, cookie: officerKesiman, headers: { 'content-type': 'image/png' }, payload: png })).statusCode).toBe(403);
    const put = await t.request({ method: 'PUT', url, cookie: officerSerangan, headers: { 'content-type': 'image/png' }, payload: png });
    expect(put.statusCode).toBe(204);
    const got = await t.request({ method: 'GET', url, cookie: manager.cookie });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(png)).toBe(true);
    const detail = (await t.request({ method: 'GET', url: `/api/v1/venues/${id}`, cookie: viewerSelatan })).json();
    expect(detail.inspections[0]).toMatchObject({ id: inspection.id, hasPhoto: true, overallResult: 'compliant', authorName: 'perbekel.serangan' });
    expect(detail.permissions).toMatchObject({ manage: false, verify: false, inspect: false });
  });

  it('staff reading a venue (contact person) is audited; staff lists are region-scoped', async () => {
    const id = await verifiedVenue({ name: 'Bank Serangan', sector: 'finance', type: 'bank' });
    await t.request({ method: 'GET', url: `/api/v1/venues/${id}`, cookie: viewerSelatan });
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'venue.read').where('entity_id', '=', id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_username).toBe('viewer.selatan');
    const list = (await t.request({ method: 'GET', url: '/api/v1/venues?q=bank%20SERANGAN', cookie: viewerSelatan })).json();
    expect(list.items.map((v: { id: string }) => v.id)).toEqual([id]);
    const timur = await t.staff('viewer.timur', [{ role: 'viewer', regionCode: '51.71.02' }]);
    const none = (await t.request({ method: 'GET', url: '/api/v1/venues?q=bank', cookie: timur.cookie })).json();
    expect(none.items).toEqual([]);
    expect((await t.request({ method: 'GET', url: `/api/v1/venues/${id}`, cookie: timur.cookie })).statusCode).toBe(403);
  });

  it('visitor ratings through the seam: poor ratings put a venue on the to-do list and weigh in its score', async () => {
    const id = await verifiedVenue({ name: 'Kafe Berbintang Satu', type: 'cafe' });
    const now = t.clock.now();
    // The check-in module implements this seam over its ratings table; a fake gives fixed inputs here.
    const ratings: VenueRatingsSource = {
      ratingsOf: async (venueId) =>
        venueId === id ? Array.from({ length: 10 }, () => ({ at: new Date(now), scores: { masks: 1, handwashing: 1, distancing: 1, temperature: 1, cleanliness: 1 } })) : [],
      poorlyRated: async (venueIds) => (venueIds.includes(id) ? [{ venueId: id, count: 10, mean: 1 }] : []),
    };
    const venues = createVenuesService({ db: t.database.db, clock: t.clock, regions: t.services.regions, timeZone: 'Asia/Makassar', cityName: 'Kota Denpasar', publicUrl: 'http://jagabaya.test', secretKey: Buffer.alloc(32, 7), ratings });
    const officer = new Principal(enforcementSelatan.id, 'satpolpp.selatan', 'satpolpp.selatan', [{ id: 'a', role: 'enforcement_officer', regionCode: SELATAN }]);
    const ctx = { principal: officer, lang: 'en' as const, ip: null, requestId: null };
    const todo = await venues.inspectionTodo(ctx, SERANGAN);
    const item = todo.find((i) => i.venue.id === id);
    expect(item?.reasons[0]).toEqual({ code: 'poor_ratings', weight: 40, params: { count: 10, mean: 1 } });
    // Ten ratings of 1/5 (0/100), pulled toward neutral by 5 pseudo-ratings of 50: (5·50 + 10·0) / 15 = 16.7 → 17, red.
    const { current } = await venues.compliance(ctx, id);
    expect(current).toMatchObject({ score: 17, badge: 'red' });
    expect(current.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['ratings', 'ratings_item_low']));
  });

  it('an administrator registers a venue for a manager account, only within the administrator\'s region', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/venues', cookie: t.adminCookie, payload: venueBody({ name: 'Pura Dalem (dikelola banjar)', sector: 'adat_religion', type: 'house_of_worship', managerUserId: otherManager.id }) });
    expect(res.statusCode).toBe(201);
    const mine = (await t.request({ method: 'GET', url: '/api/v1/me/venues', cookie: otherManager.cookie })).json();
    expect(mine.map((v: { id: string }) => v.id)).toContain(res.json().id);
    const detail = (await t.request({ method: 'GET', url: `/api/v1/venues/${res.json().id}`, cookie: otherManager.cookie })).json();
    expect(detail).toMatchObject({ contactName: 'Made Wirawan', contactPhone: '+6281311112222', managers: [{ displayName: 'Made Wirawan' }] });
    const notAManager = await t.request({ method: 'POST', url: '/api/v1/venues', cookie: t.adminCookie, payload: venueBody({ managerUserId: enforcementSelatan.id }) });
    expect(notAManager.statusCode).toBe(400);
    expect(notAManager.json().errors[0].field).toBe('managerUserId');
    const { cookie: timurAdmin } = await t.staff('admin.timur.venues', [{ role: 'admin', regionCode: '51.71.02' }]);
    expect((await t.request({ method: 'POST', url: '/api/v1/venues', cookie: timurAdmin, payload: venueBody() })).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: '/api/v1/venues', cookie: manager.cookie, payload: venueBody({ managerUserId: otherManager.id }) })).statusCode).toBe(403);
  });

  it('an inspection may be recorded up to 30 days late, never in the future', async () => {
    const id = await verifiedVenue({ name: 'Toko Kertas' , type: 'shop' });
    const post = (inspectedAt: string) => t.request({ method: 'POST', url: `/api/v1/venues/${id}/inspections`, cookie: officerSerangan, payload: { answers: answers('met'), overallResult: 'compliant', inspectedAt } });
    const day = (offset: number) => new Date(t.clock.now() + offset * DAY).toISOString();
    expect((await post(day(1))).json().errors[0].field).toBe('inspectedAt');
    expect((await post(day(-31))).statusCode).toBe(400);
    const late = await post(day(-3));
    expect(late.statusCode).toBe(201);
    const detail = (await t.request({ method: 'GET', url: `/api/v1/venues/${id}`, cookie: officerSerangan })).json();
    expect(Date.parse(detail.inspections[0].at)).toBe(t.clock.now() - 3 * DAY);
  });

  // ---- public ---------------------------------------------------------------------------------------------------

  it('the public list shows verified venues only, by desa (or kecamatan), sector and name, paged', async () => {
    const pending = await register(manager.cookie, { name: 'Zz Pending Shop', type: 'shop' });
    const a = await verifiedVenue({ name: 'Zz Public Alpha', type: 'shop' });
    const b = await verifiedVenue({ name: 'Zz Public Beta', sector: 'health', type: 'pharmacy' });
    const c = await verifiedVenue({ name: 'Zz Public Gamma', type: 'shop' });
    const page1 = await t.request({ method: 'GET', url: `/api/v1/public/venues?region=${SELATAN}&q=zz&limit=2` });
    expect(page1.statusCode).toBe(200);
    expect(page1.json().items.map((v: { name: string }) => v.name)).toEqual(['Zz Public Alpha', 'Zz Public Beta']);
    expect(page1.json().items[0]).not.toHaveProperty('contactPhone');
    const page2 = (await t.request({ method: 'GET', url: `/api/v1/public/venues?region=${SELATAN}&q=zz&limit=2&cursor=${page1.json().nextCursor}` })).json();
    expect(page2.items.map((v: { id: string }) => v.id)).toEqual([c]);
    expect(page2.nextCursor).toBeNull();
    const trade = (await t.request({ method: 'GET', url: `/api/v1/public/venues?region=${SERANGAN}&sector=trade&q=zz` })).json();
    expect(trade.items.map((v: { id: string }) => v.id)).toEqual([a, c]);
    const elsewhere = (await t.request({ method: 'GET', url: `/api/v1/public/venues?region=${KESIMAN}&q=zz` })).json();
    expect(elsewhere.items).toEqual([]);
    expect((await t.request({ method: 'GET', url: `/api/v1/public/venues/${pending}` })).statusCode).toBe(404);
    const publicPage = await t.request({ method: 'GET', url: `/api/v1/public/venues/${b}` });
    expect(publicPage.statusCode).toBe(200);
    expect(publicPage.json()).toMatchObject({ name: 'Zz Public Beta', regionName: 'Serangan', kecamatanName: 'Denpasar Selatan', status: 'verified', compliance: { badge: 'grey', score: null } });
    expect(publicPage.json()).not.toHaveProperty('contactName');
    expect((await t.request({ method: 'GET', url: '/api/v1/public/venues?region=51.71.09.9999' })).statusCode).toBe(404);
  });

  it("draws /tempat and a venue page on the server, with the API's content, no script, in either language", async () => {
    const page = (url: string, headers: Record<string, string> = {}) => t.request({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });
    const pending = await register(manager.cookie, { name: 'Zy Pending <b>Shop</b>', type: 'shop' });
    const a = await verifiedVenue({ name: 'Zy Page Alpha <script>alert(1)</script>', type: 'shop' });
    const b = await verifiedVenue({ name: 'Zy Page Beta', sector: 'health', type: 'pharmacy' });
    const cards = (html: string) => [...html.matchAll(/<a href="\/tempat\/([0-9a-f-]{36})">/g)].map((m) => m[1]);

    const list = await page(`/tempat?desa=${SERANGAN}&q=zy`);
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(list.headers['content-security-policy']).not.toContain('script-src');
    expect(list.headers['content-security-policy']).toContain("default-src 'none'");
    expect(list.body).not.toContain('<script');
    expect(list.body).toContain('<html lang="id">');
    expect(list.body).toContain('Zy Page Alpha &lt;script&gt;alert(1)&lt;/script&gt;');
    // The same venues, in the same order, as the API gives for the same filter; the pending one in neither.
    const api = (await t.request({ method: 'GET', url: `/api/v1/public/venues?region=${SERANGAN}&q=zy` })).json();
    expect(cards(list.body)).toEqual(api.items.map((v: { id: string }) => v.id));
    expect(cards(list.body)).toEqual([a, b]);
    expect(list.body).not.toContain(pending);
    expect(list.body).toContain(`<option value="${SERANGAN}" selected>Serangan</option>`);
    // Paged by a link: page one of one, then page two through the cursor the API would give.
    const first = await page('/tempat?q=zy%20page&sektor=trade');
    expect(cards(first.body)).toEqual([a]);
    expect(first.body).not.toContain('data-testid="public-venue-more"');

    // English by ?lang= (remembered in jb_lang), by the cookie, or by Accept-Language.
    const english = await page(`/tempat/${b}?lang=en`);
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('<h1>Zy Page Beta</h1>');
    expect(english.body).toContain('Health · Pharmacy');
    expect(english.body).toContain('Serangan (urban village) · Kec. Denpasar Selatan');
    expect(String(english.headers['set-cookie'])).toMatch(/^jb_lang=en; Max-Age=31536000; Path=\/; SameSite=Lax/);
    expect((await page(`/tempat/${b}`, { cookie: 'jb_lang=en' })).body).toContain('<html lang="en">');
    expect((await page(`/tempat/${b}`, { 'accept-language': 'en-GB,en;q=0.9' })).body).toContain('<html lang="en">');
    const indonesian = (await page(`/tempat/${b}`)).body;
    expect(indonesian).toContain('Kesehatan · Apotek');
    expect(indonesian).toContain('data-testid="public-venue-rules"');
    expect(indonesian).toContain('href="/tempat/' + b + '?lang=en"');
    expect(indonesian).toMatch(/compliance-badge--grey" data-badge="grey">Belum dinilai/);

    // Not public, not a venue, not an id: 404 with the page's frame, never the staff app.
    for (const url of [`/tempat/${pending}`, '/tempat/01a24146-882f-728c-bebb-c3a53edc82b4', '/tempat/not-an-id', `/tempat/${a}%00`]) {
      const missing = await page(url);
      expect(missing.statusCode, url).toBe(404);
      expect(missing.body, url).toContain('data-testid="public-venue-missing"');
      expect(missing.body, url).toContain('Tempat usaha/layanan tidak ditemukan.');
    }
    // A refused filter names its field, in the reader's language, and lists nothing.
    const refusals: [string, string][] = [
      ['/tempat?desa=51.71.09.9999', 'desa'],
      ['/tempat?desa=51.71.03', 'desa'],
      ['/tempat?sektor=casino', 'sektor'],
      [`/tempat?q=${'x'.repeat(101)}`, 'q'],
      ['/tempat?q=a%00b', 'q'],
      ['/tempat?cursor=forged', 'cursor'],
    ];
    for (const [url, field] of refusals) {
      const refused = await page(url);
      expect(refused.statusCode, url).toBe(400);
      expect(refused.body, url).toContain('data-testid="public-venue-error"');
      if (field !== 'cursor') expect(refused.body, url).toContain(`data-testid="public-${field}-error"`);
    }
    expect((await page('/tempat?sektor=casino&lang=en')).body).toContain('Sector: is invalid');
    expect((await page('/tempat?desa=x&desa=y')).statusCode).toBe(400);
  });

  it('serves the checklist and refuses unknown query input on public routes', async () => {
    const checklist = (await t.request({ method: 'GET', url: '/api/v1/prokes-checklist' })).json();
    expect(checklist.items.map((i: { code: string }) => i.code)).toEqual([...PROKES_ITEM_CODES]);
    expect(checklist.items[0]).toMatchObject({ code: 'handwashing_station', rules: ['R-PRK-10', 'R-PRK-2'], confidence: 'S' });
    expect((await t.request({ method: 'GET', url: '/api/v1/public/venues?limit=1000' })).statusCode).toBe(400);
  });
});
