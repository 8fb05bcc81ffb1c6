import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, KESIMAN, SERANGAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { currentPosterToken, verifiedVenue, type VenueFixture } from '../factories/venues.js';

// 2026-11-29 02:00 UTC is 10:00 WITA: inside any opening hours. No historical rule set is in force in 2026.
describeEachDatabase('check-in API', (dialect) => {
  let t: TestApp;
  let warung: VenueFixture;
  let office: VenueFixture;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    warung = await verifiedVenue(t, { capacity: 3 });
    office = await verifiedVenue(t, { name: 'Kantor Lurah', sector: 'services_construction', type: 'office', capacity: 50 });
  });
  afterAll(() => t.close());

  const checkIn = (token: string, phone: string, name = 'Made Wirawan', headers: Record<string, string> = {}) =>
    t.request({ method: 'POST', url: '/api/v1/checkins', headers, payload: { token, name, phone } });
  const visitCount = async () => Number((await t.database.db.selectFrom('visits').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('checks a visitor in with name and phone, normalising the phone number', async () => {
    const res = await checkIn(warung.token, '0812-1111-0001');
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ duplicate: false, venue: { id: warung.id, name: 'Warung Makan Bu Komang' }, occupancy: { current: 1, limit: 3 } });
    expect(body.checkoutSecret).toMatch(/^[\w-]{32}$/);
    expect(body.checkedInAt).toBe('2026-11-29T10:00:00.000+08:00');
    // A rescan from the device that holds the visit (it proves it with the secret) is the same visit.
    const same = await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: warung.token, name: 'Made Wirawan', phone: '+62 812 1111 0001', currentVisit: { visitId: body.visitId, checkoutSecret: body.checkoutSecret } } });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toMatchObject({ duplicate: true, visitId: body.visitId, checkoutSecret: null });
    expect((await t.request({ method: 'GET', url: `/api/v1/venues/${warung.id}/occupancy` })).json()).toEqual({ current: 1, limit: 3, capacityPercent: 100 });
  });

  it('stores names and phone numbers encrypted; the person is found by a keyed hash', async () => {
    const row = await t.database.db.selectFrom('visits').selectAll().where('venue_id', '=', warung.id).executeTakeFirstOrThrow();
    expect(row.person_enc).toMatch(/^v1\./);
    expect(row.person_enc).not.toContain('812');
    expect(row.person_enc).not.toContain('Made');
    expect({ name_enc: row.name_enc, phone_enc: row.phone_enc }).toEqual({ name_enc: null, phone_enc: null });
    expect(row.person_key).toBe(t.services.checkins.personKeyOf('+6281211110001'));
    expect(t.services.checkins.decryptPerson(row)).toEqual({ name: 'Made Wirawan', phone: '+6281211110001' });
  });

  it('refuses when full, with the reason the doorkeeper sees, and records the attempt', async () => {
    expect((await checkIn(warung.token, '081211110002')).statusCode).toBe(201);
    expect((await checkIn(warung.token, '081211110003')).statusCode).toBe(201);
    const before = await visitCount();
    const full = await checkIn(warung.token, '081211110004', 'Putu', { 'accept-language': 'en' });
    expect(full.statusCode).toBe(409);
    expect(full.json()).toMatchObject({ reason: 'venue_full', occupancy: { current: 3, limit: 3 } });
    expect(full.json().detail).toBe('This place is full (3 of 3 people). Please wait or come back later.');
    expect(await visitCount()).toBe(before);
    const attempts = await t.database.db.selectFrom('checkin_attempts').selectAll().where('venue_id', '=', warung.id).execute();
    expect(attempts.map((a) => a.reason)).toContain('venue_full');
  });

  it('checks out with the device secret only; a replay or a wrong secret changes nothing', async () => {
    const first = (await checkIn(office.token, '081222220001')).json();
    const wrong = await t.request({ method: 'POST', url: `/api/v1/checkins/${first.visitId}/checkout`, payload: { checkoutSecret: 'x'.repeat(32) } });
    expect(wrong.statusCode).toBe(403);
    t.clock.advance(30 * 60_000);
    const out = await t.request({ method: 'POST', url: `/api/v1/checkins/${first.visitId}/checkout`, payload: { checkoutSecret: first.checkoutSecret } });
    expect(out.statusCode).toBe(200);
    expect(out.json().checkedOutAt).toBe('2026-11-29T10:30:00.000+08:00');
    const replay = await t.request({ method: 'POST', url: `/api/v1/checkins/${first.visitId}/checkout`, payload: { checkoutSecret: first.checkoutSecret } });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().reason).toBe('already-checked-out');
    expect((await t.request({ method: 'GET', url: `/api/v1/venues/${office.id}/occupancy` })).json().current).toBe(0);
  });

  it('rates once per visit, after check-out, with scores 1–5', async () => {
    const visit = (await checkIn(office.token, '081222220002')).json();
    const scores = { masks: 5, handwashing: 4, distancing: 4, temperature: 3, cleanliness: 5 };
    const early = await t.request({ method: 'POST', url: `/api/v1/checkins/${visit.visitId}/rating`, payload: { checkoutSecret: visit.checkoutSecret, scores } });
    expect(early.statusCode).toBe(409);
    // Only a visit of ten minutes or more may rate (issue #14): a quick in-and-out is refused, saying why.
    t.clock.advance(10 * 60_000);
    await t.request({ method: 'POST', url: `/api/v1/checkins/${visit.visitId}/checkout`, payload: { checkoutSecret: visit.checkoutSecret } });
    const outOfRange = await t.request({ method: 'POST', url: `/api/v1/checkins/${visit.visitId}/rating`, payload: { checkoutSecret: visit.checkoutSecret, scores: { ...scores, masks: 6 } } });
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.json().errors[0].field).toBe('scores.masks');
    const ok = await t.request({ method: 'POST', url: `/api/v1/checkins/${visit.visitId}/rating`, payload: { checkoutSecret: visit.checkoutSecret, scores, comment: 'Bersih' } });
    expect(ok.statusCode).toBe(201);
    const twice = await t.request({ method: 'POST', url: `/api/v1/checkins/${visit.visitId}/rating`, payload: { checkoutSecret: visit.checkoutSecret, scores } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().reason).toBe('already-rated');
  });

  it('checking in elsewhere closes the earlier visit at that moment', async () => {
    const atWarung = (await checkIn(office.token, '081233330001')).json();
    t.clock.advance(60_000);
    const elsewhere = await verifiedVenue(t, { name: 'Toko Sembako', type: 'shop', capacity: 10 });
    const moved = (
      await t.request({
        method: 'POST',
        url: '/api/v1/checkins',
        payload: { token: elsewhere.token, name: 'Made Wirawan', phone: '081233330001', currentVisit: { visitId: atWarung.visitId, checkoutSecret: atWarung.checkoutSecret } },
      })
    ).json();
    expect(moved.closedVisitId).toBe(atWarung.visitId);
    const closed = await t.database.db.selectFrom('visits').selectAll().where('id', '=', atWarung.visitId).executeTakeFirstOrThrow();
    expect(closed.out_kind).toBe('switch');
    expect(closed.t_out).toBe(t.clock.now());
  });

  it('shows a device its own visits, and only those whose secret it holds', async () => {
    const a = (await checkIn(office.token, '081244440001')).json();
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/checkins/device-visits',
      payload: { visits: [{ visitId: a.visitId, checkoutSecret: a.checkoutSecret }, { visitId: a.visitId.replace(/.$/, '0'), checkoutSecret: a.checkoutSecret }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([expect.objectContaining({ visitId: a.visitId, venue: { id: office.id, name: 'Kantor Lurah' }, checkedOutAt: null, rated: false })]);
  });

  it('refuses bad input with the field named and records nothing', async () => {
    const before = await visitCount();
    const badPhone = await checkIn(office.token, '12345');
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().errors).toEqual([{ field: 'phone', message: expect.stringContaining('0812 3456 7890') }]);
    expect((await checkIn(office.token, '081255550001', '   ')).json().errors[0].field).toBe('name');
    expect((await checkIn(office.token, '081255550001', 'x'.repeat(500))).statusCode).toBe(400);
    const unknownField = await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: office.token, name: 'A', phone: '081255550001', admin: true } });
    expect(unknownField.json().errors[0].field).toBe('admin');
    expect(await visitCount()).toBe(before);
  });

  it('refuses forged, tampered and other venues\' replaced tokens; nothing but the attempt is recorded', async () => {
    const before = await visitCount();
    const tampered = office.token.slice(0, -2) + (office.token.endsWith('AA') ? 'BB' : 'AA');
    for (const token of ['forged-token', tampered, 'A'.repeat(38)]) {
      const res = await checkIn(token, '081266660001');
      expect(res.statusCode).toBe(404);
      expect(res.json().reason).toBe('unknown_poster');
    }
    const reissued = await t.request({ method: 'POST', url: `/api/v1/venues/${warung.id}/poster`, cookie: t.adminCookie });
    expect(reissued.statusCode).toBeLessThan(300);
    await new Promise((r) => setTimeout(r, 5_100)); // the poster cache holds entries for 5 s
    const old = await checkIn(warung.token, '081266660002');
    expect(old.statusCode).toBe(410);
    expect(old.json().reason).toBe('poster_replaced');
    const fresh = await checkIn(await currentPosterToken(t, warung.id), '081266660003');
    expect([201, 409]).toContain(fresh.statusCode);
    expect(await visitCount()).toBe(before + (fresh.statusCode === 201 ? 1 : 0));
  }, 20_000);

  it('refuses a suspended venue and one not yet verified with 410 and a clear reason', async () => {
    const suspended = await verifiedVenue(t, { name: 'Karaoke Melati', type: 'shop' });
    const res = await t.request({ method: 'POST', url: `/api/v1/venues/${suspended.id}/suspension`, cookie: t.adminCookie, payload: { reason: 'Melanggar jam operasional' } });
    expect(res.statusCode).toBe(200);
    const before = await visitCount();
    const refused = await checkIn(suspended.token, '081288880001', 'Wayan', { 'accept-language': 'en' });
    expect(refused.statusCode).toBe(410);
    expect(refused.json()).toMatchObject({ reason: 'venue_suspended', detail: 'This place has been suspended by the authorities. Check-in is not possible.' });
    const desk = await t.request({
      method: 'POST',
      url: `/api/v1/venues/${suspended.id}/visits`,
      cookie: t.adminCookie,
      payload: { name: 'Nyoman', phone: '081288880002', checkedInAt: '2026-11-29T10:00:00+08:00', source: 'desk' },
    });
    expect(desk.statusCode).toBe(410);
    expect(await visitCount()).toBe(before);
    const paper = await t.request({
      method: 'POST',
      url: `/api/v1/venues/${suspended.id}/visits`,
      cookie: t.adminCookie,
      payload: { name: 'Nyoman', phone: '081288880002', checkedInAt: '2026-11-28T10:00:00+08:00', checkedOutAt: '2026-11-28T11:00:00+08:00', source: 'paper' },
    });
    expect(paper.statusCode).toBe(201);
  });

  it('desk mode and paper guest books: staff of the venue or its desa enter visits; others cannot', async () => {
    const { cookie: officer } = await t.staff(`officer.serangan.${dialect}`, [{ role: 'village_officer', regionCode: SERANGAN }]);
    const desk = await t.request({
      method: 'POST',
      url: `/api/v1/venues/${office.id}/visits`,
      cookie: officer,
      payload: { name: 'Nyoman (tanpa HP)', phone: '081277770001', checkedInAt: '2026-11-29T10:31:00+08:00', source: 'desk' },
    });
    expect(desk.statusCode).toBe(201);
    const paper = await t.request({
      method: 'POST',
      url: `/api/v1/venues/${office.id}/visits`,
      cookie: officer,
      payload: { name: 'Ketut', phone: '081277770002', checkedInAt: '2026-11-28T09:00:00+08:00', source: 'paper' },
    });
    expect(paper.statusCode).toBe(201);
    const row = await t.database.db.selectFrom('visits').selectAll().where('id', '=', paper.json().visitId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source: 'paper', estimated: 1, out_kind: 'paper', t_out: Date.parse('2026-11-28T01:00:00Z') + 540 * 60_000 });
    const backwards = await t.request({
      method: 'POST',
      url: `/api/v1/venues/${office.id}/visits`,
      cookie: officer,
      payload: { name: 'Ketut', phone: '081277770002', checkedInAt: '2026-11-28T09:00:00+08:00', checkedOutAt: '2026-11-28T08:00:00+08:00', source: 'paper' },
    });
    expect(backwards.json().errors[0].field).toBe('checkedOutAt');

    const { cookie: elsewhere } = await t.staff(`officer.kesiman.${dialect}`, [{ role: 'village_officer', regionCode: KESIMAN }]);
    const denied = await t.request({ method: 'POST', url: `/api/v1/venues/${office.id}/visits`, cookie: elsewhere, payload: { name: 'X', phone: '081277770003', checkedInAt: '2026-11-29T10:31:00+08:00', source: 'desk' } });
    expect(denied.statusCode).toBe(403);
    const { cookie: viewer } = await t.staff(`viewer.${dialect}`, [{ role: 'task_force', regionCode: KESIMAN }]);
    const hidden = await t.request({ method: 'POST', url: `/api/v1/venues/${office.id}/visits`, cookie: viewer, payload: { name: 'X', phone: '081277770003', checkedInAt: '2026-11-29T10:31:00+08:00', source: 'desk' } });
    expect(hidden.statusCode).toBe(404);
    const anonymous = await t.request({ method: 'POST', url: `/api/v1/venues/${office.id}/visits`, payload: { name: 'X', phone: '081277770003', checkedInAt: '2026-11-29T10:31:00+08:00', source: 'desk' } });
    expect(anonymous.statusCode).toBe(401);
  });

  it('gives the venue a live summary and the task force its oversight lists', async () => {
    const summary = await t.request({ method: 'GET', url: `/api/v1/venues/${office.id}/checkin-summary`, cookie: t.adminCookie });
    expect(summary.statusCode).toBe(200);
    const s = summary.json();
    expect(s.visitsToday).toBeGreaterThan(3);
    expect(s.todayByHour[10]).toBeGreaterThan(0);
    expect(s.ratings.count).toBe(1);
    const oversight = await t.request({ method: 'GET', url: `/api/v1/checkins/oversight?region=${SERANGAN}`, cookie: t.adminCookie });
    expect(oversight.statusCode).toBe(200);
    expect(oversight.json().refusedAttempts.map((a: { reason: string }) => a.reason)).toContain('venue_full');
    const { cookie: kesiman } = await t.staff(`tf.kesiman.${dialect}`, [{ role: 'task_force', regionCode: KESIMAN }]);
    expect((await t.request({ method: 'GET', url: `/api/v1/checkins/oversight?region=${SERANGAN}`, cookie: kesiman })).statusCode).toBe(403);
  });
});

// Issue #14, finding 2: a phone number is a claim, not an identity. Only the device that made a visit (it holds the
// visit's check-out secret) may have a rescan answered with it, close it by checking in elsewhere, or read the inbox
// of its person's messages from before.
describeEachDatabase('check-in bound to the device, not the phone number', (dialect) => {
  let t: TestApp;
  let venueA: VenueFixture;
  let venueB: VenueFixture;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    venueA = await verifiedVenue(t, { name: 'Warung Korban', capacity: 20 });
    venueB = await verifiedVenue(t, { name: 'Toko Lain', type: 'shop', capacity: 20 });
  });
  afterAll(() => t.close());

  type Reply = { visitId: string; checkoutSecret: string | null; duplicate: boolean; checkedInAt: string; closedVisitId: string | null };
  const VICTIM = '081299990001';
  const post = (payload: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/v1/checkins', payload });
  const visit = (id: string) => t.database.db.selectFrom('visits').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const inbox = async (visitId: string, checkoutSecret: string) =>
    (await t.request({ method: 'POST', url: '/api/v1/inbox', payload: { visits: [{ visitId, checkoutSecret }] } })).json<{ items: { body: string }[] }>().items.map((i) => i.body);

  it('someone who knows a number learns nothing of its visit, cannot close it, and cannot open its inbox', async () => {
    const victimRes = await post({ token: venueA.token, name: 'Ni Luh Korban', phone: VICTIM });
    expect(victimRes.statusCode).toBe(201);
    const victim = victimRes.json<Reply>();
    // A message to the victim's device inbox, written before anyone else used the number.
    t.clock.advance(5 * 60_000);
    await t.services.notifications.enqueue(t.database.db, { channel: 'inbox', recipient: '', body: 'Hasil tes Anda', dedupeKey: 'victim-inbox-1', personKey: t.services.checkins.personKeyOf('+6281299990001') });
    t.clock.advance(5 * 60_000);

    // 1. At the victim's venue, with their number: a new visit of the attacker's own; no trace of the victim's.
    const probe = await post({ token: venueA.token, name: 'x', phone: VICTIM });
    expect(probe.statusCode).toBe(201);
    const probed = probe.json<Reply>();
    expect(probed.duplicate).toBe(false);
    expect(probed.visitId).not.toBe(victim.visitId);
    expect(probed.checkedInAt).not.toBe(victim.checkedInAt);
    expect(probed.closedVisitId).toBeNull();
    expect(probe.body).not.toContain(victim.visitId);

    // 2. At another venue, with their number: the victim's visit stays open, nothing is closed.
    const falseVisit = await post({ token: venueB.token, name: 'x', phone: VICTIM });
    expect(falseVisit.statusCode).toBe(201);
    const moved = falseVisit.json<Reply>();
    expect(moved.closedVisitId).toBeNull();
    expect(falseVisit.body).not.toContain(victim.visitId);
    expect(await visit(victim.visitId)).toMatchObject({ t_out: null, out_kind: null });
    // A made-up or someone else's proof changes nothing either.
    const guessed = await post({ token: venueB.token, name: 'x', phone: VICTIM, currentVisit: { visitId: victim.visitId, checkoutSecret: 'guessed-secret-0123456789' } });
    expect(guessed.json<Reply>()).toMatchObject({ duplicate: false, closedVisitId: null });
    expect(await visit(victim.visitId)).toMatchObject({ t_out: null });

    // 3. The false visit's secret opens no message the number had before it was made.
    expect(await inbox(moved.visitId, moved.checkoutSecret!)).toEqual([]);
    expect(await inbox(probed.visitId, probed.checkoutSecret!)).toEqual([]);
    // The victim's own device still reads it, and can still check out of its real visit.
    expect(await inbox(victim.visitId, victim.checkoutSecret!)).toEqual(['Hasil tes Anda']);
    const out = await t.request({ method: 'POST', url: `/api/v1/checkins/${victim.visitId}/checkout`, payload: { checkoutSecret: victim.checkoutSecret } });
    expect(out.statusCode).toBe(200);
  });

  it('the device that holds the visit gets the rescan answered with it and moves on by checking in elsewhere', async () => {
    const first = (await post({ token: venueA.token, name: 'Kadek', phone: '081299990002' })).json<Reply>();
    const proof = { visitId: first.visitId, checkoutSecret: first.checkoutSecret };
    const again = await post({ token: venueA.token, name: 'Kadek', phone: '081299990002', currentVisit: proof });
    expect(again.statusCode).toBe(200);
    expect(again.json<Reply>()).toMatchObject({ duplicate: true, visitId: first.visitId, checkedInAt: first.checkedInAt, checkoutSecret: null });
    // The proof of one person's visit does not move another person (a phone shared in the family).
    const sibling = await post({ token: venueB.token, name: 'Komang', phone: '081299990003', currentVisit: proof });
    expect(sibling.json<Reply>()).toMatchObject({ duplicate: false, closedVisitId: null });
    t.clock.advance(60_000);
    const moved = await post({ token: venueB.token, name: 'Kadek', phone: '081299990002', currentVisit: proof });
    expect(moved.statusCode).toBe(201);
    expect(moved.json<Reply>().closedVisitId).toBe(first.visitId);
    expect(await visit(first.visitId)).toMatchObject({ out_kind: 'switch', t_out: t.clock.now() });
    // A proof of a visit already closed proves nothing.
    const stale = await post({ token: venueA.token, name: 'Kadek', phone: '081299990002', currentVisit: proof });
    expect(stale.json<Reply>()).toMatchObject({ duplicate: false, closedVisitId: null });
  });

  it('a desk check-in by phone number is a new visit: it neither finds nor closes the visit the person made elsewhere', async () => {
    const own = (await post({ token: venueA.token, name: 'Wayan', phone: '081299990004' })).json<Reply>();
    const desk = await t.request({
      method: 'POST',
      url: `/api/v1/venues/${venueB.id}/visits`,
      cookie: t.adminCookie,
      payload: { name: 'Wayan', phone: '081299990004', checkedInAt: '2026-11-29T10:05:00+08:00', source: 'desk' },
    });
    expect(desk.statusCode).toBe(201);
    expect(desk.json().visitId).not.toBe(own.visitId);
    expect(await visit(own.visitId)).toMatchObject({ t_out: null });
  });
});
