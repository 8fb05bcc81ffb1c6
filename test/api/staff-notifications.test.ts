import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, DENPASAR, PEDUNGAN, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase, TEST_SECRET_KEY } from '../databases.js';
import { notificationDataKey, openNotification } from '../../src/server/modules/notifications/notifications.outbox.js';
import { verifiedVenue } from '../factories/venues.js';

// Notifications along the workflows (issue #18): whoever acts next is told once, in-app and (when the account has an
// address) by e-mail, in the recipient's language; GET /me/notifications and POST …/read.

const ADAT_PEDUNGAN = '51.71.DA04';
const MANAGER_EMAIL = 'pengelola.kabar@example.id';

describeEachDatabase('workflow notifications to staff accounts', (dialect) => {
  let t: TestApp;
  let manager: { id: string; cookie: string };
  const c: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const res = await t.signUpManager({ name: 'Pengelola Kabar', email: MANAGER_EMAIL, phone: '081377711202', password: 'kata-sandi-aman-k1' });
    if (res.statusCode !== 201) throw new Error(res.body);
    manager = { id: res.json<{ id: string }>().id, cookie: String([res.headers['set-cookie']].flat()[0]).split(';')[0]! };
    for (const [name, role, region] of [
      ['kabar.lurah', 'village_officer', SELATAN],
      ['kabar.satgas', 'task_force', SELATAN],
      ['kabar.satgas.timur', 'task_force', TIMUR],
      ['kabar.walikota', 'approver', DENPASAR],
    ] as const) {
      c[name] = (await t.staff(name, [{ role, regionCode: region }])).cookie;
    }
  });
  afterAll(() => t.close());

  const rows = (kind: string) => t.database.db.selectFrom('notifications').selectAll().where('kind', '=', kind).execute();
  const mine = async (cookie: string) => {
    const res = await t.request({ method: 'GET', url: '/api/v1/me/notifications', cookie });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ id: string; kind: string; text: string; createdAt: string; readAt: string | null }[]>();
  };

  it('sets the language of an account; a bad one is refused naming the field', async () => {
    const bad = await t.request({ method: 'PUT', url: '/api/v1/me/language', cookie: manager.cookie, payload: { language: 'fr' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('language');
    expect(await t.database.db.selectFrom('user_preferences').selectAll().execute()).toEqual([]);
    const ok = await t.request({ method: 'PUT', url: '/api/v1/me/language', cookie: manager.cookie, payload: { language: 'en' } });
    expect(ok.json()).toEqual({ language: 'en' });
  });

  it('tells the manager, by venue name and in English, that the venue was verified and suspended: once each', async () => {
    const created = await t.request({
      method: 'POST', url: '/api/v1/venues', cookie: manager.cookie,
      payload: { name: 'Kedai Kabar Baik', sector: 'trade', type: 'cafe', regionCode: '51.71.01.1001', address: 'Jl. Kabar 1', lat: -8.736259, lon: 115.23211, capacity: 10, indoor: true },
    });
    expect(created.statusCode, created.body).toBe(201);
    const venueId = created.json<{ id: string }>().id;
    const approve = () => t.request({ method: 'POST', url: `/api/v1/venues/${venueId}/verification`, cookie: t.adminCookie, payload: { decision: 'approve' } });
    expect((await approve()).statusCode).toBe(200);
    expect((await approve()).statusCode).toBe(409);
    const verified = await rows('venue_verified');
    expect(verified.map((r) => [r.channel, r.user_id, r.lang]).sort()).toEqual([['inbox', manager.id, 'en']]);
    const mails = await t.mailsTo(MANAGER_EMAIL);
    const venueMails = mails.filter((m) => m.body.includes('Kedai Kabar Baik'));
    expect(venueMails).toHaveLength(1);
    expect(venueMails[0]!.subject).toBe('Venue Kedai Kabar Baik verified');

    expect((await t.request({ method: 'POST', url: `/api/v1/venues/${venueId}/suspension`, cookie: t.adminCookie, payload: { reason: 'Kerumunan' } })).statusCode).toBe(200);
    expect(await rows('venue_suspended')).toHaveLength(1);
    // A suspension also goes by SMS (visitors are refused from now on), in English; a verification does not.
    const sms = (await t.database.db.selectFrom('notifications').selectAll().where('channel', '=', 'sms').where('dedupe_key', 'like', `venue:${venueId}:%`).execute()).map((r) => openNotification(notificationDataKey(TEST_SECRET_KEY), r));
    expect(sms.map((m) => [m.to, m.body, m.lang])).toEqual([['+6281377711202', 'Jaga Baya: Kedai Kabar Baik was suspended by an officer. Visitors cannot check in until it is reactivated.', 'en']]);
    expect((await t.mailsTo(MANAGER_EMAIL)).filter((m) => m.body.includes('Kedai Kabar Baik'))).toHaveLength(2);

    const list = await mine(manager.cookie);
    expect(list.map((n) => n.kind)).toEqual(['venue_suspended', 'venue_verified']);
    expect(list[1]!.text).toContain('Your venue Kedai Kabar Baik has been verified');
    expect(list.every((n) => n.readAt === null)).toBe(true);

    // The same step enqueued again (a retry of the hook) stores nothing more.
    await t.services.notifications.notifyAccounts(t.database.db, [{ userId: manager.id, lang: 'en', email: MANAGER_EMAIL }], { kind: 'venue_verified', params: { venue: 'Kedai Kabar Baik' }, key: verified[0]!.dedupe_key.replace(/:[^:]+:inbox$/, ''), regionCode: null });
    expect(await rows('venue_verified')).toHaveLength(1);

    // The list follows the reader's language when it changes.
    await t.request({ method: 'PUT', url: '/api/v1/me/language', cookie: manager.cookie, payload: { language: 'id' } });
    expect((await mine(manager.cookie))[1]!.text).toContain('Tempat usaha Kedai Kabar Baik sudah diverifikasi');
  });

  it('marks a notification read; someone else’s id answers 404 and changes nothing', async () => {
    const [first] = await mine(manager.cookie);
    const other = await t.request({ method: 'POST', url: `/api/v1/me/notifications/${first!.id}/read`, cookie: c['kabar.lurah'] });
    expect(other.statusCode).toBe(404);
    expect((await mine(manager.cookie))[0]!.readAt).toBeNull();
    const own = await t.request({ method: 'POST', url: `/api/v1/me/notifications/${first!.id}/read`, cookie: manager.cookie });
    expect(own.statusCode, own.body).toBe(200);
    const after = await mine(manager.cookie);
    expect(after[0]!.readAt).not.toBeNull();
    expect(after[1]!.readAt).toBeNull();
  });

  it('tells the task force a PKM waits for review, the desa it came back, the mayor it waits for approval: each step once', async () => {
    await t.request({ method: 'PUT', url: '/api/v1/me/language', cookie: c['kabar.satgas'], payload: { language: 'en' } });
    const trade = { sector: 'trade', window: { from: '00:00', until: '20:00' }, capacityPercent: 50 };
    const created = await t.request({
      method: 'POST', url: '/api/v1/pkm-applications', cookie: c['kabar.lurah'],
      payload: { regionCode: PEDUNGAN, adatRegionCode: ADAT_PEDUNGAN, grounds: 'Klaster di Banjar Kaja', rules: [trade], borderPosts: 2, maxGatheringSize: 20, otherMeasures: 'Penyekatan', startDate: '2026-12-05', lengthDays: 14 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    const step = async (cookie: string, action: string) => {
      const res = await t.request({ method: 'POST', url: `/api/v1/pkm-applications/${id}/${action}`, cookie, payload: { comment: 'catatan' } });
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
    };
    await step(c['kabar.lurah']!, 'submit');
    expect((await t.request({ method: 'POST', url: `/api/v1/pkm-applications/${id}/submit`, cookie: c['kabar.lurah'], payload: { comment: 'x' } })).statusCode).toBe(409);
    const review = await mine(c['kabar.satgas']!);
    expect(review.map((n) => [n.kind, n.text])).toEqual([['pkm_awaiting_review', 'The PKM application for Pedungan has been submitted and waits for the task force\'s review.']]);
    expect(await mine(c['kabar.satgas.timur']!)).toEqual([]);

    await step(c['kabar.satgas']!, 'review');
    await step(c['kabar.satgas']!, 'return');
    const returned = await mine(c['kabar.lurah']!);
    expect(returned.map((n) => n.kind)).toEqual(['pkm_returned']);
    expect(returned[0]!.text).toContain('dikembalikan');

    await step(c['kabar.lurah']!, 'submit');
    await step(c['kabar.satgas']!, 'review');
    await step(c['kabar.satgas']!, 'recommend');
    expect((await mine(c['kabar.satgas']!)).map((n) => n.kind)).toEqual(['pkm_awaiting_review', 'pkm_awaiting_review']);
    // The mayor reads the app in Indonesian (no preference set): told in Indonesian, by the desa's name.
    expect((await mine(c['kabar.walikota']!)).map((n) => [n.kind, n.text])).toEqual([['pkm_awaiting_approval', 'Pengajuan PKM Pedungan direkomendasikan Satgas dan menunggu persetujuan Anda.']]);
    expect(await rows('pkm_awaiting_approval')).toHaveLength(1);
    // Nobody of these has an e-mail address: in-app only.
    expect((await t.database.db.selectFrom('notifications').select('channel').where('dedupe_key', 'like', `pkm:${id}:%`).execute()).every((r) => r.channel === 'inbox')).toBe(true);
  });

  it('tells the manager of every status change of the venue, officer’s or sanction’s, once each, in English', async () => {
    // Every place a venue's status changes (issue #18): verification (rejected, then verified), an officer's suspension
    // and reactivation, an enforcement sanction's temporary suspension, its end (the hourly job), a closure, its
    // correction into a suspension (one notice: the new one), its annulment.
    const email = 'pengelola.sanksi@example.id';
    const signup = await t.signUpManager({ name: 'Pengelola Sanksi', email, phone: '081377711303', password: 'kata-sandi-aman-k2' });
    expect(signup.statusCode, signup.body).toBe(201);
    const owner = { id: signup.json<{ id: string }>().id, cookie: String([signup.headers['set-cookie']].flat()[0]).split(';')[0]! };
    expect((await t.request({ method: 'PUT', url: '/api/v1/me/language', cookie: owner.cookie, payload: { language: 'en' } })).statusCode).toBe(200);
    const satpol = (await t.staff('kabar.satpol', [{ role: 'enforcement_officer', regionCode: SELATAN }])).cookie;
    const satgasKota = (await t.staff('kabar.satgas.kota', [{ role: 'task_force', regionCode: '51.71' }])).cookie;
    // A minute passes after each step, so the steps stand in order in the lists.
    const post = async (cookie: string, url: string, payload: Record<string, unknown>, status = 200) => {
      const res = await t.request({ method: 'POST', url, cookie, payload });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
      t.clock.advance(60_000);
      return res.json<{ id: string; sanction?: { id: string } }>();
    };
    const began = t.clock.now();
    const name = 'Kafe Kabar Sanksi';
    const created = await post(owner.cookie, '/api/v1/venues', { name, sector: 'trade', type: 'cafe', regionCode: SERANGAN, address: 'Jl. Sanksi 2', lat: -8.736259, lon: 115.23211, capacity: 10, indoor: true }, 201);
    const venueId = created.id;
    const notices = () => t.database.db.selectFrom('notifications').selectAll().where('dedupe_key', 'like', `venue:${venueId}:%`).orderBy('created_at').orderBy('id').execute();
    const inbox = async () => (await notices()).filter((r) => r.channel === 'inbox').map((r) => r.kind);

    await post(t.adminCookie, `/api/v1/venues/${venueId}/verification`, { decision: 'reject', reason: 'Alamat tidak lengkap' });
    const patched = await t.request({ method: 'PATCH', url: `/api/v1/venues/${venueId}`, cookie: owner.cookie, payload: { address: 'Jl. Sanksi 2, Banjar Kaja' } });
    expect(patched.statusCode, patched.body).toBe(200);
    t.clock.advance(60_000);
    await post(t.adminCookie, `/api/v1/venues/${venueId}/verification`, { decision: 'approve' });
    await post(t.adminCookie, `/api/v1/venues/${venueId}/suspension`, { reason: 'Kerumunan' });
    await post(t.adminCookie, `/api/v1/venues/${venueId}/reactivation`, { reason: 'Sudah ditertibkan' });
    expect(await inbox()).toEqual(['venue_rejected', 'venue_verified', 'venue_suspended', 'venue_reactivated']);

    // A sanction's closure; corrected into a 2-day suspension (told once: the new one); that one annulled (reopened).
    const atVenue = (offence: string) => ({ offence, regionCode: SERANGAN, occurredAt: new Date(t.clock.now() - 60_000).toISOString(), subject: { kind: 'venue', venueId } });
    const first = await post(satpol, '/api/v1/violations', atVenue('fasilitas_prokes_tidak_ada'), 201);
    const closure = await post(satpol, `/api/v1/violations/${first.id}/sanctions`, { type: 'penutupan', reason: 'Tidak ada tempat cuci tangan' }, 201);
    const corrected = await post(satgasKota, `/api/v1/sanctions/${closure.sanction!.id}/correct`, { type: 'penghentian_sementara', days: 2, reason: 'Cukup dua hari' });
    await post(satgasKota, `/api/v1/sanctions/${corrected.id}/annul`, { reason: 'Salah tempat usaha' });
    // A temporary suspension for 3 days, then its end: the hourly job reopens the venue (once). The clock goes back
    // after the job, so the sessions stay valid (the job's notice stays the newest).
    const second = await post(satpol, '/api/v1/violations', atVenue('melebihi_kapasitas'), 201);
    const start = t.clock.now();
    await post(satpol, `/api/v1/violations/${second.id}/sanctions`, { type: 'penghentian_sementara', days: 3, reason: 'Berulang kali melebihi kapasitas' }, 201);
    const beforeEnd = t.clock.now();
    t.clock.set(start + 3 * 24 * 3600_000 + 60_000);
    try {
      expect(await t.services.sanctionEffects.reopenEndedSuspensions()).toBe(1);
      expect(await t.services.sanctionEffects.reopenEndedSuspensions()).toBe(0);
    } finally {
      t.clock.set(beforeEnd);
    }

    const kinds = ['venue_rejected', 'venue_verified', 'venue_suspended', 'venue_reactivated', 'venue_sanction_closed', 'venue_sanction_suspended', 'venue_reactivated', 'venue_sanction_suspended', 'venue_reactivated'];
    expect(await inbox()).toEqual(kinds);
    const rowsNow = await notices();
    expect(rowsNow.every((r) => r.lang === 'en')).toBe(true);
    expect(rowsNow.filter((r) => r.channel === 'inbox').every((r) => r.user_id === owner.id)).toBe(true);

    // In the app: by the venue's name, in English.
    const list = (await mine(owner.cookie)).reverse();
    expect(list.map((n) => n.kind)).toEqual(kinds);
    expect(list.every((n) => n.text.includes(name))).toBe(true);
    expect(list[0]!.text).toBe(`The registration of your venue ${name} was rejected by an officer, for this reason: Alamat tidak lengkap. Correct the details on the venue page and save them to submit it again.`);
    const until = new Date(start + 3 * 24 * 3600_000 + 8 * 3600_000).toISOString();
    expect(list[7]!.text).toBe(`Your venue ${name} is under the sanction of a temporary suspension of business until ${until.slice(0, 10)} ${until.slice(11, 13)}.${until.slice(14, 16)} WITA. Visitors cannot check in until then.`);
    expect(list[4]!.text).toBe(`Your venue ${name} is closed under an enforcement sanction. Visitors cannot check in until the sanction is lifted.`);

    // By e-mail, one per notice; by SMS for the suspensions and the closure only, in English.
    const mails = (await t.mailsTo(email)).filter((m) => m.body.includes(name));
    expect(mails).toHaveLength(kinds.length);
    expect(mails.map((m) => m.subject)).toContain(`Venue ${name} closed`);
    const sms = rowsNow.filter((r) => r.channel === 'sms').map((r) => openNotification(notificationDataKey(TEST_SECRET_KEY), r));
    expect(sms.map((m) => m.body.replace(/until .+? WITA/, 'until …'))).toEqual([
      `Jaga Baya: ${name} was suspended by an officer. Visitors cannot check in until it is reactivated.`,
      `Jaga Baya: ${name} is closed (sanction). Visitors cannot check in until the sanction is lifted.`,
      `Jaga Baya: ${name} is suspended (sanction) until …. Visitors cannot check in.`,
      `Jaga Baya: ${name} is suspended (sanction) until …. Visitors cannot check in.`,
    ]);
    expect(sms.every((m) => m.to === '+6281377711303')).toBe(true);
    t.clock.set(began);
  });

  it('a case notice reaches the manager only once a tracer confirms the case: once, in English, and on the venue page', async () => {
    const email = 'pengelola.kasus@example.id';
    const signup = await t.signUpManager({ name: 'Pengelola Kasus', email, phone: '081377711404', password: 'kata-sandi-aman-k3' });
    expect(signup.statusCode, signup.body).toBe(201);
    const owner = { id: signup.json<{ id: string }>().id, cookie: String([signup.headers['set-cookie']].flat()[0]).split(';')[0]! };
    expect((await t.request({ method: 'PUT', url: '/api/v1/me/language', cookie: owner.cookie, payload: { language: 'en' } })).statusCode).toBe(200);
    const venue = await verifiedVenue(t, { name: 'Warung Kabar Kasus', capacity: 30 });
    await t.database.db.insertInto('venue_managers').values({ venue_id: venue.id, user_id: owner.id, created_at: t.clock.now(), created_by: null }).execute();
    const tracer = (await t.staff('kabar.tracer', [{ role: 'health_tracer', regionCode: SELATAN }])).cookie;
    const visit = await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: venue.token, name: 'Ketut Kasus', phone: '081377711505' } });
    expect(visit.statusCode, visit.body).toBe(201);
    t.clock.advance(30 * 60_000);
    const notices = () => t.database.db.selectFrom('notifications').selectAll().where('dedupe_key', 'like', 'venue-notice:%').execute();

    // Registered as a suspect: nothing is sent, the venue page lists nothing.
    const reg = await t.request({ method: 'POST', url: '/api/v1/cases', cookie: tracer, payload: { name: 'Ketut Kasus', phone: '081377711505', residenceCode: SERANGAN, category: 'suspek' } });
    expect(reg.statusCode, reg.body).toBe(201);
    const caseId = reg.json<{ id: string }>().id;
    expect(await notices()).toEqual([]);
    const empty = await t.request({ method: 'GET', url: `/api/v1/venues/${venue.id}/case-notices`, cookie: owner.cookie });
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toEqual([]);

    // The tracer confirms it: one notice, in-app and by e-mail, in the manager's language; a later step sends nothing.
    const status = (category: string) => t.request({ method: 'POST', url: `/api/v1/cases/${caseId}/status`, cookie: tracer, payload: { category } });
    expect((await status('konfirmasi_asimptomatik')).statusCode).toBe(200);
    expect((await status('konfirmasi_simptomatik')).statusCode).toBe(200);
    const rowsNow = await notices();
    expect(rowsNow.map((r) => [r.channel, r.lang]).sort()).toEqual([['email', 'en'], ['inbox', 'en']]);
    const mail = (await t.mailsTo(email)).filter((m) => m.body.includes('Warung Kabar Kasus'));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe('A COVID-19 case visited Warung Kabar Kasus');
    expect(mail[0]!.body).not.toContain('Ketut');
    expect(mail[0]!.body).not.toMatch(/pada .* WITA/);
    const [message] = await mine(owner.cookie);
    expect(message).toMatchObject({ kind: 'venue_case_notice', readAt: null });
    expect(message!.text).toMatch(/^A confirmed COVID-19 case visited Warung Kabar Kasus on \d{4}-\d\d-\d\d \d\d:\d\d–\d\d:\d\d WITA\./);
    // The manager reads the notice on the venue's own page (no staff role: by ownership).
    const listed = await t.request({ method: 'GET', url: `/api/v1/venues/${venue.id}/case-notices`, cookie: owner.cookie });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toHaveLength(1);
    expect(JSON.stringify(listed.json())).not.toContain('Ketut');
  });

  it('keeps a verified venue factory working (no manager: nobody to tell)', async () => {
    const before = (await rows('venue_verified')).length;
    await verifiedVenue(t, { name: 'Warung Tanpa Pengelola' });
    expect(await rows('venue_verified')).toHaveLength(before);
  });
});
