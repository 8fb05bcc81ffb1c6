import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, KESIMAN, PEDUNGAN, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { verifiedVenue, type VenueFixture } from '../factories/venues.js';

const DESA_ADAT_SERANGAN = '51.71.DA02';
const DAY = 24 * 60 * 60_000;
// Plausible NIKs (Kota Denpasar, born 17 Aug 1985; the second a woman: day + 40).
const NIK = '5171011708850001';
const NIK_WOMAN = '5171015708850002';

describeEachDatabase('enforcement: violations, the sanction ladder, sanctions', (dialect) => {
  let t: TestApp;
  let satpolSelatan: string;
  let satpolTimur: string;
  let satgasKota: string;
  let pecalangSerangan: string;
  let pecalangSerangan2: string;
  let viewer: string;
  let warung: VenueFixture;

  const iso = (ms: number) => new Date(ms).toISOString();
  const post = (cookie: string, url: string, payload: unknown, lang = 'id') => t.request({ method: 'POST', url, cookie, payload: payload as Record<string, unknown>, headers: { 'accept-language': lang } });
  const get = (cookie: string, url: string) => t.request({ method: 'GET', url, cookie });
  const person = (overrides: Record<string, unknown> = {}) => ({
    offence: 'masker_tidak_benar',
    regionCode: SERANGAN,
    occurredAt: iso(t.clock.now() - 60_000),
    subject: { kind: 'person', nik: NIK, name: 'I Made Contoh', phone: '0812-3456-7890' },
    ...overrides,
  });
  const atVenue = (venueId: string, offence = 'melebihi_kapasitas') => ({ offence, regionCode: SERANGAN, occurredAt: iso(t.clock.now() - 60_000), subject: { kind: 'venue', venueId } });

  async function tableCounts() {
    const n = async (table: 'violations' | 'sanctions' | 'venue_violations' | 'venue_status_events') =>
      Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { violations: await n('violations'), sanctions: await n('sanctions'), evidence: await n('venue_violations'), statusEvents: await n('venue_status_events') };
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    satpolSelatan = (await t.staff('satpolpp.selatan', [{ role: 'enforcement_officer', regionCode: SELATAN }])).cookie;
    satpolTimur = (await t.staff('satpolpp.timur', [{ role: 'enforcement_officer', regionCode: TIMUR }])).cookie;
    satgasKota = (await t.staff('satgas.kota', [{ role: 'task_force', regionCode: '51.71' }])).cookie;
    pecalangSerangan = (await t.staff('pecalang.serangan', [{ role: 'adat_officer', regionCode: DESA_ADAT_SERANGAN }])).cookie;
    pecalangSerangan2 = (await t.staff('pecalang.pedungan', [{ role: 'adat_officer', regionCode: '51.71.DA04' }])).cookie;
    viewer = (await t.staff('viewer.kota', [{ role: 'viewer', regionCode: '51.71' }])).cookie;
    warung = await verifiedVenue(t, { name: 'Warung Tertib', capacity: 20 });
  });
  afterAll(() => t.close());

  it('lists the offence catalogue with labels in both languages and the legal basis', async () => {
    const res = await get(satpolSelatan, '/api/v1/offences');
    expect(res.statusCode).toBe(200);
    const mask = res.json().find((o: { code: string }) => o.code === 'masker_tidak_dipakai');
    expect(mask).toMatchObject({ subject: 'person', labelId: 'Tidak memakai masker', labelEn: 'No mask' });
    expect(mask.legalBasis).toMatch(/Pergub Bali 46\/2020/);
    expect(res.json().map((o: { code: string }) => o.code)).toEqual(['masker_tidak_benar', 'masker_tidak_dipakai', 'fasilitas_prokes_tidak_ada', 'melebihi_kapasitas', 'melewati_jam_operasional']);
    expect((await t.request({ method: 'GET', url: '/api/v1/offences' })).statusCode).toBe(401);
    const ladders = (await get(satpolSelatan, '/api/v1/sanction-ladders')).json();
    expect(ladders).toHaveLength(1);
    expect(ladders[0]).toMatchObject({ effectiveFrom: '2020-05-15', effectiveUntil: null, graceDays: 14, windowMonths: 12 });
  });

  it('a person is recognised across records by the NIK however it is typed, and the ladder climbs with their offences', async () => {
    const first = await post(satpolSelatan, '/api/v1/violations', person());
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ priorOffences: [], proposedSanction: { type: 'teguran_lisan', basis: 'ladder', step: 1 } });

    const second = await post(satpolSelatan, '/api/v1/violations', person({ subject: { kind: 'person', nik: '5171 0117 0885 0001', name: 'Made Contoh' } }));
    expect(second.json().proposedSanction).toMatchObject({ type: 'teguran_tertulis', step: 2 });
    expect(second.json().priorOffences.map((p: { id: string }) => p.id)).toEqual([first.json().id]);

    // Another family (no mask) counts on its own ladder: a fine every time.
    const noMask = await post(satpolSelatan, '/api/v1/violations', person({ offence: 'masker_tidak_dipakai' }));
    expect(noMask.json()).toMatchObject({ proposedSanction: { type: 'denda', amountIdr: 100_000 } });
    expect(noMask.json().priorOffences.map((p: { id: string }) => p.id).sort()).toEqual([first.json().id, second.json().id].sort());

    // The third wrongly-worn mask: Rp100.000 (no-mask is the same family 'masker', so it counts as well).
    const third = await post(satpolSelatan, '/api/v1/violations', person({ subject: { kind: 'person', nik: '51.71.01-170885-0001', name: 'I Made Contoh' } }));
    expect(third.json().proposedSanction).toMatchObject({ type: 'denda', amountIdr: 100_000, step: 3 });
    expect(third.json().priorOffences).toHaveLength(3);

    // Somebody else starts at the bottom.
    const other = await post(satpolSelatan, '/api/v1/violations', person({ subject: { kind: 'person', nik: NIK_WOMAN, name: 'Ni Luh Contoh' } }));
    expect(other.json()).toMatchObject({ priorOffences: [], proposedSanction: { type: 'teguran_lisan' } });

    // Without a NIK the normalised phone number is the person.
    const byPhone = await post(satpolSelatan, '/api/v1/violations', person({ subject: { kind: 'person', name: 'Tamu', phone: '081299990000' } }));
    const byPhoneAgain = await post(satpolSelatan, '/api/v1/violations', person({ subject: { kind: 'person', name: 'Tamu', phone: '+62 812-9999-0000' } }));
    expect(byPhone.statusCode).toBe(201);
    expect(byPhoneAgain.json().priorOffences.map((p: { id: string }) => p.id)).toEqual([byPhone.json().id]);
  });

  it('earlier offences older than 12 months no longer count, and an annulled one never does', async () => {
    const nik = '5171012001900003';
    const a = await post(satpolSelatan, '/api/v1/violations', person({ subject: { kind: 'person', nik, name: 'Komang' } }));
    expect(a.json().proposedSanction.type).toBe('teguran_lisan');
    const b = await post(satpolSelatan, '/api/v1/violations', person({ subject: { kind: 'person', nik, name: 'Komang' } }));
    expect(b.json().proposedSanction.type).toBe('teguran_tertulis');
    const annulled = await post(satgasKota, `/api/v1/violations/${b.json().id}/annul`, { reason: 'Salah orang' });
    expect(annulled.statusCode).toBe(200);
    expect(annulled.json()).toMatchObject({ status: 'annulled', annulReason: 'Salah orang' });
    const c = await post(satpolSelatan, '/api/v1/violations', person({ subject: { kind: 'person', nik, name: 'Komang' } }));
    expect(c.json().proposedSanction.type).toBe('teguran_tertulis');
    expect(c.json().priorOffences.map((p: { id: string }) => p.id)).toEqual([a.json().id]);

    const start = t.clock.now();
    t.clock.advance(366 * DAY);
    try {
      const cookie = await t.login('satpolpp.selatan', 'staff-password-123');
      const d = await post(cookie, '/api/v1/violations', person({ occurredAt: iso(t.clock.now() - 60_000), subject: { kind: 'person', nik, name: 'Komang' } }));
      expect(d.json()).toMatchObject({ priorOffences: [], proposedSanction: { type: 'teguran_lisan' } });
    } finally {
      t.clock.set(start);
    }
  });

  it('a venue: warning, fine, 3-day suspension that stops its check-ins and ends by itself, then closure with a permit letter', async () => {
    const venue = await verifiedVenue(t, { name: 'Kafe Penuh Sesak', capacity: 20 });
    const start = t.clock.now();
    const checkIn = (name: string) => t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: venue.token, name, phone: '081311112222' } });

    const steps: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await post(satpolSelatan, '/api/v1/violations', atVenue(venue.id));
      expect(res.statusCode).toBe(201);
      steps.push(res.json().proposedSanction.type);
      ids.push(res.json().id);
    }
    expect(steps).toEqual(['teguran_tertulis', 'denda', 'penghentian_sementara']);

    // The proposed suspension of 3 days: the poster refuses check-ins with the reason.
    const suspension = await post(satpolSelatan, `/api/v1/violations/${ids[2]}/sanctions`, { type: 'penghentian_sementara', days: 3 });
    expect(suspension.statusCode).toBe(201);
    expect(suspension.json().sanction).toMatchObject({ type: 'penghentian_sementara', days: 3, asProposed: true, status: 'active' });
    // The visitor is told which sanction and when check-ins reopen (3 days on, in the city's time).
    const reopensAt = new Date(start + 3 * DAY + 8 * 3600_000).toISOString();
    const reopens = `${reopensAt.slice(0, 10)} ${reopensAt.slice(11, 13)}.${reopensAt.slice(14, 16)} WITA`;
    const page = await t.request({ method: 'GET', url: `/c/${venue.token}` });
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain(`Penghentian sementara kegiatan usaha oleh petugas sampai ${reopens}`);
    const refused = await checkIn('Pengunjung');
    expect(refused.statusCode).toBe(410);
    expect(refused.json()).toMatchObject({ reason: 'venue_suspended', sanction: 'penghentian_sementara', suspendedUntil: new Date(start + 3 * DAY).toISOString() });
    expect(refused.json().detail).toBe(`Tempat ini dikenai sanksi Penghentian sementara kegiatan usaha sampai ${reopens}. Check-in dibuka kembali setelah itu.`);
    const refusedEn = await t.request({ method: 'POST', url: '/api/v1/checkins', headers: { 'accept-language': 'en' }, payload: { token: venue.token, name: 'Visitor', phone: '081311113333' } });
    expect(refusedEn.json().detail).toBe(`This venue is under the sanction “Temporary suspension of business” until ${reopens}. Check-in reopens after that.`);
    const detail = (await get(t.adminCookie, `/api/v1/venues/${venue.id}`)).json();
    expect(detail.status).toBe('suspended');

    // Two days on it is still closed; after the third the job reopens it.
    t.clock.advance(2 * DAY);
    try {
      expect(await t.services.sanctionEffects.reopenEndedSuspensions()).toBe(0);
      expect((await checkIn('Pengunjung')).statusCode).toBe(410);
      t.clock.advance(1 * DAY + 60_000);
      expect(await t.services.sanctionEffects.reopenEndedSuspensions()).toBe(1);
      // The visitor scans the poster: the page reads the venue fresh, and the check-in that follows sees it open.
      expect((await t.request({ method: 'GET', url: `/c/${venue.token}` })).statusCode).toBe(200);
      const reopened = await checkIn('Pengunjung');
      expect(reopened.statusCode, reopened.body).toBe(201);
    } finally {
      t.clock.set(start);
    }

    const fourth = await post(satpolSelatan, '/api/v1/violations', atVenue(venue.id, 'melewati_jam_operasional'));
    expect(fourth.json().proposedSanction).toMatchObject({ type: 'penutupan', alsoRecommended: 'rekomendasi_pencabutan_izin', step: 4 });
    const letter = await post(satpolSelatan, `/api/v1/violations/${fourth.json().id}/sanctions`, { type: 'rekomendasi_pencabutan_izin' });
    expect(letter.json().sanction.asProposed).toBe(true);
  });

  it('a sanction other than the proposal needs a reason; the task force corrects or annuls one with a reason, never deletes', async () => {
    const v = await post(satpolSelatan, '/api/v1/violations', person({ offence: 'masker_tidak_dipakai', subject: { kind: 'person', nik: '5171012502950004', name: 'Gede' } }));
    expect(v.json().proposedSanction).toMatchObject({ type: 'denda', amountIdr: 100_000 });
    const id = v.json().id;
    const before = await tableCounts();
    const noReason = await post(satpolSelatan, `/api/v1/violations/${id}/sanctions`, { type: 'teguran_lisan' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect(noReason.json().errors[0].message).toMatch(/alasan wajib diisi/);
    expect(await tableCounts()).toEqual(before);

    const fine = await post(satpolSelatan, `/api/v1/violations/${id}/sanctions`, { type: 'denda', amountIdr: 100_000, paid: true, receiptNumber: 'KW-0001' });
    expect(fine.statusCode).toBe(201);
    expect(fine.json().sanction).toMatchObject({ asProposed: true, paid: true, receiptNumber: 'KW-0001' });

    // Only the task force corrects.
    expect((await post(satpolSelatan, `/api/v1/sanctions/${fine.json().id}/correct`, { type: 'teguran_tertulis', reason: 'x' })).statusCode).toBe(403);
    const corrected = await post(satgasKota, `/api/v1/sanctions/${fine.json().id}/correct`, { type: 'teguran_tertulis', reason: 'Pelanggar di bawah umur' });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json()).toMatchObject({ type: 'teguran_tertulis', status: 'active', asProposed: false, reason: 'Pelanggar di bawah umur' });
    const again = await post(satgasKota, `/api/v1/sanctions/${fine.json().id}/annul`, { reason: 'lagi' });
    expect(again.statusCode).toBe(409);
    const annulled = await post(satgasKota, `/api/v1/sanctions/${corrected.json().id}/annul`, { reason: 'Teguran sudah cukup lisan' });
    expect(annulled.json()).toMatchObject({ status: 'annulled', changeReason: 'Teguran sudah cukup lisan' });

    const detail = (await get(satpolSelatan, `/api/v1/violations/${id}`)).json();
    expect(detail.sanctions.map((s: { type: string; status: string; replacedBy: string | null }) => [s.type, s.status, s.replacedBy])).toEqual([
      ['denda', 'corrected', corrected.json().id],
      ['teguran_tertulis', 'annulled', null],
    ]);
    expect(detail.subject).toEqual({ kind: 'person', name: 'Gede', nik: '5171012502950004', phone: null });
  });

  it('annulling a sanction that suspended a venue reopens it; annulling the violation withdraws its weight on the score', async () => {
    const venue = await verifiedVenue(t, { name: 'Toko Ditutup' });
    const v = await post(satpolSelatan, '/api/v1/violations', atVenue(venue.id, 'fasilitas_prokes_tidak_ada'));
    const closure = await post(satpolSelatan, `/api/v1/violations/${v.json().id}/sanctions`, { type: 'penutupan', reason: 'Tidak ada tempat cuci tangan sama sekali, berulang' });
    expect(closure.statusCode).toBe(201);
    expect((await get(t.adminCookie, `/api/v1/venues/${venue.id}`)).json().status).toBe('suspended');
    const evidence = await t.database.db.selectFrom('venue_violations').select('severity').where('venue_id', '=', venue.id).execute();
    expect(evidence).toEqual([{ severity: 'medium' }]);

    await post(satgasKota, `/api/v1/violations/${v.json().id}/annul`, { reason: 'Tempat usaha salah' });
    expect((await get(t.adminCookie, `/api/v1/venues/${venue.id}`)).json().status).toBe('verified');
    expect(await t.database.db.selectFrom('venue_violations').select('severity').where('venue_id', '=', venue.id).execute()).toEqual([]);
    const sanction = (await get(satgasKota, `/api/v1/violations/${v.json().id}`)).json().sanctions[0];
    expect(sanction).toMatchObject({ status: 'annulled', changeReason: 'Tempat usaha salah' });
  });

  it('adat sanctions: only the adat officer of the violation’s desa adat, at most 5 kg of rice', async () => {
    // The pecalang of Desa Adat Serangan records in Kelurahan Serangan; the desa adat is taken from their assignment.
    const v = await post(pecalangSerangan, '/api/v1/violations', person({ subject: { kind: 'person', nik: '5171011203800005', name: 'Wayan Tamiu' } }));
    expect(v.statusCode).toBe(201);
    const id = v.json().id;
    expect((await get(pecalangSerangan, `/api/v1/violations/${id}`)).json().desaAdatCode).toBe(DESA_ADAT_SERANGAN);

    const before = await tableCounts();
    const tooMuch = await post(pecalangSerangan, `/api/v1/violations/${id}/sanctions`, { type: 'adat_beras', riceKg: 6 });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().errors[0]).toMatchObject({ field: 'riceKg' });
    expect((await post(satpolSelatan, `/api/v1/violations/${id}/sanctions`, { type: 'adat_beras', riceKg: 2 })).statusCode).toBe(403);
    expect(await tableCounts()).toEqual(before);
    const rice = await post(pecalangSerangan, `/api/v1/violations/${id}/sanctions`, { type: 'adat_beras', riceKg: 5 });
    expect(rice.statusCode).toBe(201);
    const apology = await post(pecalangSerangan, `/api/v1/violations/${id}/sanctions`, { type: 'adat_permintaan_maaf', assembly: 'Paruman Banjar Tengah' });
    expect(apology.statusCode).toBe(201);

    // The pecalang of Pedungan reaches neither this violation nor Serangan's desa.
    expect((await get(pecalangSerangan2, `/api/v1/violations/${id}`)).statusCode).toBe(403);
    expect((await post(pecalangSerangan2, '/api/v1/violations', person())).statusCode).toBe(403);
    // A desa adat that does not lie in the desa is refused by name.
    const wrongAdat = await post(satpolSelatan, '/api/v1/violations', person({ regionCode: PEDUNGAN, desaAdatCode: DESA_ADAT_SERANGAN }));
    expect(wrongAdat.statusCode).toBe(400);
    expect(wrongAdat.json().errors[0]).toMatchObject({ field: 'desaAdatCode' });
  });

  it('bad input gets a clear error naming the field, in the caller’s language, and changes nothing', async () => {
    const before = await tableCounts();
    const expectField = async (payload: unknown, field: string, status = 400, lang = 'id') => {
      const res = await post(satpolSelatan, '/api/v1/violations', payload, lang);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      if (status === 400) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      return res;
    };
    await expectField(person({ subject: { kind: 'person', nik: '51710117088500', name: 'X' } }), 'subject.nik');
    await expectField(person({ subject: { kind: 'person', nik: '5171013202850001', name: 'X' } }), 'subject.nik');
    const unknownRegion = await expectField(person({ subject: { kind: 'person', nik: '9971011708850001', name: 'X' } }), 'subject.nik', 400, 'en');
    expect(unknownRegion.json().errors[0].message).toMatch(/region code/i);
    await expectField(person({ subject: { kind: 'person', name: 'X' } }), 'subject.nik');
    await expectField(person({ occurredAt: iso(t.clock.now() + 60 * 60_000) }), 'occurredAt');
    await expectField(person({ occurredAt: 'kemarin sore' }), 'occurredAt');
    await expectField(person({ offence: 'melebihi_kapasitas' }), 'offence');
    await expectField(atVenue(warung.id, 'masker_tidak_dipakai'), 'offence');
    await expectField(person({ offence: 'tidur_siang' }), 'offence');
    await expectField(person({ regionCode: SELATAN }), 'regionCode');
    await expectField(person({ regionCode: '51.71.01.9999' }), 'regionCode');
    await expectField(person({ extra: 1 }), 'extra');
    await expectField(person({ note: 'a\u0000b' }), 'note');
    await expectField(person({ subject: { kind: 'person', nik: NIK, name: 'x'.repeat(10_000) } }), 'subject.name');
    // A venue outside the officer's scope is not found (404), not refused.
    const kesiman = await verifiedVenue(t, { name: 'Warung Kesiman', regionCode: KESIMAN, lat: -8.6406, lon: 115.2566 }).catch(() => null);
    if (kesiman) await expectField({ ...atVenue(kesiman.id), regionCode: KESIMAN }, 'subject', 404);
    await expectField(atVenue('01890000-0000-7000-8000-000000000000'), 'subject', 404);
    expect(await tableCounts()).toEqual(before);

    // Sanctions: a fine of zero or a negative amount, an amount on a warning.
    const v = (await post(satpolSelatan, '/api/v1/violations', person({ offence: 'masker_tidak_dipakai', subject: { kind: 'person', nik: '5171010101010006', name: 'Y' } }))).json();
    const afterOne = await tableCounts();
    for (const [payload, field] of [
      [{ type: 'denda', amountIdr: 0 }, 'amountIdr'],
      [{ type: 'denda', amountIdr: -100_000 }, 'amountIdr'],
      [{ type: 'denda' }, 'amountIdr'],
      [{ type: 'teguran_lisan', amountIdr: 100_000, reason: 'x' }, 'amountIdr'],
      [{ type: 'penutupan', reason: 'x' }, 'type'],
    ] as const) {
      const res = await post(satpolSelatan, `/api/v1/violations/${v.id}/sanctions`, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await tableCounts()).toEqual(afterOne);
  });

  it('a replayed offline entry is stored once: the replay answers 409 with the stored id and changes nothing', async () => {
    const payload = person({ clientKey: 'offline-7f3a9c21', subject: { kind: 'person', nik: '5171010202020007', name: 'Ketut' } });
    const first = await post(satpolSelatan, '/api/v1/violations', payload);
    expect(first.statusCode).toBe(201);
    const before = await tableCounts();
    const replay = await post(satpolSelatan, '/api/v1/violations', payload);
    expect(replay.statusCode).toBe(409);
    expect(replay.json()).toMatchObject({ existingId: first.json().id });
    expect(await tableCounts()).toEqual(before);
    // Another officer's queue may use the same key.
    expect((await post(satgasKota, '/api/v1/violations', payload)).statusCode).toBe(201);
  });

  it('region scope: lists and details in scope only; out of scope answers 403 without the region and is audited', async () => {
    const v = (await post(satpolSelatan, '/api/v1/violations', person({ subject: { kind: 'person', nik: '5171010303030008', name: 'Putu' } }))).json();
    const timurList = (await get(satpolTimur, '/api/v1/violations?limit=200')).json();
    expect(timurList.items).toEqual([]);
    const denied = await get(satpolTimur, `/api/v1/violations/${v.id}`);
    expect(denied.statusCode).toBe(403);
    expect(denied.body).not.toContain(SERANGAN);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'region_code']).where('entity_id', '=', v.id).execute();
    expect(audit).toContainEqual({ action: 'violation.access_denied', region_code: SERANGAN });
    expect((await get(satpolTimur, `/api/v1/violations?region=${SERANGAN}`)).statusCode).toBe(403);
    expect((await post(satpolTimur, '/api/v1/violations', person())).statusCode).toBe(403);
    expect((await post(satpolTimur, `/api/v1/violations/${v.id}/sanctions`, { type: 'teguran_lisan' })).statusCode).toBe(403);
    // Roles without enforcement permissions, and anonymous callers.
    expect((await get(viewer, '/api/v1/violations')).statusCode).toBe(403);
    expect((await get(viewer, `/api/v1/violations/${v.id}`)).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: `/api/v1/violations/${v.id}` })).statusCode).toBe(401);

    const selatanList = (await get(satpolSelatan, `/api/v1/violations?region=${SERANGAN}&limit=200`)).json();
    expect(selatanList.items.map((i: { id: string }) => i.id)).toContain(v.id);
    // The adat officer of Serangan sees what was recorded in their desa adat only.
    const adatList = (await get(pecalangSerangan, '/api/v1/violations?limit=200')).json();
    expect(adatList.items.every((i: { desaAdatCode: string | null }) => i.desaAdatCode === DESA_ADAT_SERANGAN)).toBe(true);
    expect(adatList.items.length).toBeGreaterThan(0);
  });

  it('keeps NIK, names and phones encrypted at rest and out of the audit log; every read of a record is audited', async () => {
    const name = 'Nyoman Rahasia Sekali';
    const v = (await post(satpolSelatan, '/api/v1/violations', person({ subject: { kind: 'person', nik: '5171010404040009', name, phone: '081377778888' } }))).json();
    await get(satpolSelatan, `/api/v1/violations/${v.id}`);
    const raw = JSON.stringify(await t.database.db.selectFrom('violations').selectAll().execute());
    for (const secret of ['5171010404040009', name, '81377778888']) expect(raw).not.toContain(secret);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', v.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['violation.record', 'violation.read']));
    const auditText = JSON.stringify(await t.database.db.selectFrom('audit_log').selectAll().execute());
    for (const secret of ['5171010404040009', name, '81377778888']) expect(auditText).not.toContain(secret);
  });

  it('fines: paid on the spot or later, deposited to the kas daerah; the day’s ledger and cash report balance to the rupiah', async () => {
    const day = new Date(t.clock.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const fine = async (nik: string, team: string, paid: boolean) => {
      const v = (await post(satpolSelatan, '/api/v1/violations', person({ offence: 'masker_tidak_dipakai', team, subject: { kind: 'person', nik, name: 'Pelanggar' } }))).json();
      const s = await post(satpolSelatan, `/api/v1/violations/${v.id}/sanctions`, { type: 'denda', amountIdr: 100_000, paid, ...(paid ? { receiptNumber: `KW-${nik.slice(-4)}` } : {}) });
      expect(s.statusCode).toBe(201);
      return s.json().id as string;
    };
    const before = (await get(satgasKota, `/api/v1/fines/ledger?date=${day}`)).json().totals;
    await fine('5171010505050010', 'Tim Yustisi A', true);
    await fine('5171010606060011', 'Tim Yustisi A', true);
    const unpaid = await fine('5171010707070012', 'Tim Yustisi A', false);
    await fine('5171010808080013', 'Tim Yustisi B', false);
    // The fines still due, in scope: what a later payment is recorded against.
    const due = (await get(satpolSelatan, '/api/v1/fines/outstanding')).json();
    expect(due.find((f: { sanctionId: string }) => f.sanctionId === unpaid)).toMatchObject({ offence: 'masker_tidak_dipakai', team: 'Tim Yustisi A', amountIdr: 100_000, issuedOn: day, subject: { kind: 'person', name: 'Pelanggar' } });
    expect((await get(satpolTimur, '/api/v1/fines/outstanding')).json()).toEqual([]);
    const outsideRegion = await get(satpolTimur, `/api/v1/fines/outstanding?region=${SERANGAN}`);
    expect(outsideRegion.statusCode).toBe(403);
    expect(outsideRegion.body).not.toContain(SERANGAN);
    expect((await get(satpolSelatan, '/api/v1/fines/outstanding?region=51.71.01.9999')).statusCode).toBe(404);
    // Paid at the office later the same day: the day's ledger counts it with those paid on the spot, not as outstanding.
    const paidLater = await post(satpolSelatan, `/api/v1/sanctions/${unpaid}/payment`, { receiptNumber: 'KW-LATE-1' });
    expect(paidLater.json()).toMatchObject({ paid: true, receiptNumber: 'KW-LATE-1' });
    expect((await post(satpolSelatan, `/api/v1/sanctions/${unpaid}/payment`, { receiptNumber: 'KW-LATE-2' })).statusCode).toBe(409);
    expect((await get(satpolSelatan, '/api/v1/fines/outstanding')).json().map((f: { sanctionId: string }) => f.sanctionId)).not.toContain(unpaid);
    const deposit = await post(satpolSelatan, '/api/v1/fine-deposits', { date: day, team: 'Tim Yustisi A', regionCode: SERANGAN, amountIdr: 250_000, reference: 'STS-2026-001' });
    expect(deposit.statusCode).toBe(201);
    expect((await post(satpolTimur, '/api/v1/fine-deposits', { date: day, regionCode: SERANGAN, amountIdr: 1, reference: 'x' })).statusCode).toBe(403);
    expect((await post(satpolSelatan, '/api/v1/fine-deposits', { date: day, regionCode: SERANGAN, amountIdr: 0, reference: 'x' })).statusCode).toBe(400);

    const ledger = (await get(satgasKota, `/api/v1/fines/ledger?date=${day}`)).json();
    const a = ledger.rows.find((r: { team: string | null }) => r.team === 'Tim Yustisi A');
    expect(a).toMatchObject({ issued: { count: 3, amountIdr: 300_000 }, paidOnSpot: { count: 3, amountIdr: 300_000 }, outstanding: { count: 0 }, depositedIdr: 250_000, cashOnHandIdr: 50_000, depositReferences: ['STS-2026-001'] });
    expect(ledger.rows.find((r: { team: string | null }) => r.team === 'Tim Yustisi B')).toMatchObject({ issued: { count: 1 }, outstanding: { count: 1, amountIdr: 100_000 } });
    expect(ledger.totals.issued.amountIdr - before.issued.amountIdr).toBe(400_000);
    const sum = (f: (r: { collectedIdr: number; depositedIdr: number; cashOnHandIdr: number }) => number) => ledger.rows.reduce((acc: number, r: never) => acc + f(r), 0);
    expect(ledger.totals.collectedIdr).toBe(sum((r) => r.collectedIdr));
    expect(ledger.totals.cashOnHandIdr).toBe(ledger.totals.collectedIdr - ledger.totals.depositedIdr);
    // Another kecamatan's officer sees none of it.
    expect((await get(satpolTimur, `/api/v1/fines/ledger?date=${day}`)).json().rows).toEqual([]);

    const csv = await get(satgasKota, `/api/v1/fines/cash-report.csv?date=${day}`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('"Tim"');
    const collected = (line: string) => Number(line.split(',')[5]!.replaceAll('"', ''));
    expect(collected(lines.at(-1)!)).toBe(lines.slice(1, -1).reduce((acc, line) => acc + collected(line), 0));
    expect(collected(lines.at(-1)!)).toBe(ledger.totals.collectedIdr);
    const pdf = await t.request({ method: 'GET', url: `/api/v1/fines/cash-report.pdf?date=${day}`, cookie: satgasKota, headers: { 'accept-language': 'en' } });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
  it('a sanction queued offline and sent twice with one client key is applied once; the replay names the stored one', async () => {
    const v = await post(satpolSelatan, '/api/v1/violations', person({ subject: { kind: 'person', nik: '5171013003910005', name: 'Wayan Antri' } }));
    const id = v.json().id;
    const body = { type: 'teguran_tertulis', reason: 'Dipilih tanpa sinyal', clientKey: 'offline-sanction-0001' };
    const first = await post(satpolSelatan, `/api/v1/violations/${id}/sanctions`, body);
    expect(first.statusCode).toBe(201);
    const before = await tableCounts();
    const replay = await post(satpolSelatan, `/api/v1/violations/${id}/sanctions`, body);
    expect(replay.statusCode).toBe(409);
    expect(replay.json()).toMatchObject({ existingId: first.json().id });
    expect(await tableCounts()).toEqual(before);
    // The key is the officer's own: another officer's entry with the same key is another sanction.
    const other = await post(satgasKota, `/api/v1/violations/${id}/sanctions`, { type: 'teguran_lisan', clientKey: 'offline-sanction-0001' });
    expect(other.statusCode).toBe(201);
    // A malformed key is a field error, nothing stored.
    const bad = await post(satpolSelatan, `/api/v1/violations/${id}/sanctions`, { type: 'teguran_lisan', clientKey: 'no spaces!' });
    expect(bad.statusCode).toBe(400);
    expect((await get(satgasKota, `/api/v1/violations/${id}`)).json().sanctions.map((s: { type: string }) => s.type)).toEqual(['teguran_tertulis', 'teguran_lisan']);
  });

  it('finds the venue behind a scanned poster in the officer’s scope, and nothing of another region or a forged token', async () => {
    const found = await get(satpolSelatan, `/api/v1/venues/by-poster/${warung.token}`);
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({ id: warung.id, name: 'Warung Tertib', regionCode: SERANGAN });
    const outside = await get(satpolTimur, `/api/v1/venues/by-poster/${warung.token}`);
    expect(outside.statusCode).toBe(404);
    expect(outside.body).not.toContain('Warung Tertib');
    const forged = `${warung.token.slice(0, -1)}${warung.token.endsWith('A') ? 'B' : 'A'}`;
    expect((await get(satpolSelatan, `/api/v1/venues/by-poster/${forged}`)).statusCode).toBe(404);
    expect((await get(satpolSelatan, '/api/v1/venues/by-poster/not-a-token')).statusCode).toBe(404);
    expect((await get(viewer, `/api/v1/venues/by-poster/${warung.token}`)).statusCode).toBe(403);
  });
});
