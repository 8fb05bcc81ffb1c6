import { afterAll, beforeAll, expect, it } from 'vitest';
import { notificationDataKey, openNotification } from '../../src/server/modules/notifications/notifications.outbox.js';
import { createTestApp, KESIMAN, SERANGAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';

const STAFF_PASSWORD = 'staff-password-123';

describeEachDatabase('newcomers’ self-reports (lapor diri)', (dialect) => {
  let t: TestApp;
  let lurahSerangan: string;
  let lurahKesiman: string;
  let ip = 0;
  const today = () => new Date(t.clock.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const arrival = (overrides: Record<string, unknown> = {}) => ({
    name: 'Putu Pendatang',
    nik: '3578011708850001',
    phone: '081255556666',
    origin: 'Surabaya, Jawa Timur',
    arrivalDate: today(),
    regionCode: SERANGAN,
    address: 'Jl. Tukad Punggawa, Kos Melati kamar 3',
    purpose: 'Bekerja',
    ...overrides,
  });
  const report = (payload: unknown, lang = 'id', remoteAddress = `10.9.${Math.floor(++ip / 200)}.${ip % 200}`) =>
    t.request({ method: 'POST', url: '/api/v1/arrivals', payload: payload as Record<string, unknown>, headers: { 'accept-language': lang }, remoteAddress });
  const count = async () => Number((await t.database.db.selectFrom('arrivals').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    lurahSerangan = (await t.staff('lurah.serangan', [{ role: 'village_officer', regionCode: SERANGAN }])).cookie;
    lurahKesiman = (await t.staff('lurah.kesiman', [{ role: 'village_officer', regionCode: KESIMAN }])).cookie;
    await t.staff('tracer.serangan.arrivals', [{ role: 'health_tracer', regionCode: SERANGAN }]);
  });
  afterAll(() => t.close());

  it('a newcomer reports without logging in and gets a reference and the end of the 14-day self-isolation', async () => {
    const res = await report(arrival({ arrivalDate: '2026-11-25' }));
    expect(res.statusCode).toBe(201);
    expect(res.json().reference).toMatch(/^LD-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(res.json().isolationUntil).toBe('2026-12-09');
    // A foreigner with a passport, in English.
    const expat = await report(arrival({ nik: undefined, passport: 'x1234567', name: 'Jane Doe', purpose: 'Remote work' }), 'en');
    expect(expat.statusCode).toBe(201);
  });

  it('the village officer of the address sees the queue and records the visit; another village’s officer sees nothing', async () => {
    const { reference } = (await report(arrival({ name: 'Kadek Baru Datang' }))).json();
    const queue = (await t.request({ method: 'GET', url: '/api/v1/arrivals?status=reported', cookie: lurahSerangan })).json();
    const item = queue.find((a: { reference: string }) => a.reference === reference);
    expect(item).toMatchObject({ name: 'Kadek Baru Datang', nik: '3578011708850001', phone: '+6281255556666', status: 'reported' });
    expect((await t.request({ method: 'GET', url: '/api/v1/arrivals', cookie: lurahKesiman })).json()).toEqual([]);
    const outside = await t.request({ method: 'POST', url: `/api/v1/arrivals/${item.id}/visit`, cookie: lurahKesiman, payload: {} });
    expect(outside.statusCode).toBe(403);
    const visited = await t.request({ method: 'POST', url: `/api/v1/arrivals/${item.id}/visit`, cookie: lurahSerangan, payload: { note: 'Sudah diedukasi isolasi mandiri 14 hari' } });
    expect(visited.statusCode).toBe(200);
    expect(visited.json()).toMatchObject({ status: 'visited', visitNote: 'Sudah diedukasi isolasi mandiri 14 hari' });
    expect((await t.request({ method: 'POST', url: `/api/v1/arrivals/${item.id}/visit`, cookie: lurahSerangan, payload: {} })).statusCode).toBe(409);
    expect((await t.request({ method: 'GET', url: '/api/v1/arrivals' })).statusCode).toBe(401);
  });

  it('the visit opens the daily self-report link (/k/), sent by SMS in the newcomer’s language; the queue shows the reports, a missed day and a fever', async () => {
    const { reference } = (await report(arrival({ name: 'Wayan Isolasi', phone: '081277778888' }), 'en')).json();
    const queue = (await t.request({ method: 'GET', url: '/api/v1/arrivals', cookie: lurahSerangan })).json();
    const item = queue.find((a: { reference: string }) => a.reference === reference);
    expect(item).toMatchObject({ stage: 'reported', followUp: null });
    const contactsBefore = (await t.database.db.selectFrom('contacts').select('id').execute()).length;
    const visited = (await t.request({ method: 'POST', url: `/api/v1/arrivals/${item.id}/visit`, cookie: lurahSerangan, payload: {} })).json();
    expect(visited).toMatchObject({ stage: 'isolating', followUp: { until: item.isolationUntil, reportedToday: false, missedDays: 0, lastReport: null } });
    expect((await t.database.db.selectFrom('contacts').select('id').execute()).length).toBe(contactsBefore + 1);

    const row = await t.database.db.selectFrom('arrivals').select('follow_up_id').where('id', '=', item.id).executeTakeFirstOrThrow();
    const outbox = await t.database.db.selectFrom('notifications').selectAll().where('dedupe_key', '=', `contact:${row.follow_up_id}`).executeTakeFirstOrThrow();
    expect(outbox.region_code).toBe(SERANGAN);
    const sms = openNotification(notificationDataKey(Buffer.alloc(32, 7)), outbox);
    expect(sms).toMatchObject({ channel: 'sms', to: '+6281277778888', lang: 'en' });
    expect(sms.body).toContain('Self-isolate until');
    expect([...sms.body].length).toBeLessThanOrEqual(160);
    const token = /\/k\/([\w-]+)/.exec(sms.body)![1]!;

    // The same page as a case's contact, telling that the village officer reads it.
    const page = await t.request({ method: 'GET', url: `/k/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('village officer');
    expect(page.body).toContain(item.isolationUntil);
    // Two days later, with no report on the day after the visit, a fever is reported.
    t.clock.advance(2 * 24 * 3600_000);
    try {
      const posted = await t.request({ method: 'POST', url: `/k/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'condition=symptoms&symptoms=cough&temperature=38.4' });
      expect(posted.statusCode).toBe(200);
      // (Sessions do not last two days: the officer signs in again.)
      const lurahLater = await t.login('lurah.serangan', STAFF_PASSWORD);
      const after = (await t.request({ method: 'GET', url: '/api/v1/arrivals', cookie: lurahLater })).json().find((a: { id: string }) => a.id === item.id);
      expect(after.followUp).toMatchObject({ reportedToday: true, missedDays: 1, lastReport: { symptomatic: true, symptoms: ['cough'], temperatureC: 38.4 }, highestTemperature: { temperatureC: 38.4 } });
      // The puskesmas' contact list is for contacts of cases: the newcomer is not on it, and a tracer cannot act on them.
      const contacts = (await t.request({ method: 'GET', url: '/api/v1/contacts', cookie: await t.login('tracer.serangan.arrivals', STAFF_PASSWORD) })).json();
      expect(contacts.map((c: { id: string }) => c.id)).not.toContain(row.follow_up_id);
    } finally {
      t.clock.advance(-2 * 24 * 3600_000);
    }
  });

  it('a visit after the self-isolation ended opens no follow-up and sends no SMS', async () => {
    const { reference } = (await report(arrival({ name: 'Terlambat Dikunjungi', arrivalDate: '2026-11-10' }))).json();
    const item = (await t.request({ method: 'GET', url: '/api/v1/arrivals', cookie: lurahSerangan })).json().find((a: { reference: string }) => a.reference === reference);
    expect(item.stage).toBe('ended');
    const sent = (await t.database.db.selectFrom('notifications').select('id').execute()).length;
    const visited = (await t.request({ method: 'POST', url: `/api/v1/arrivals/${item.id}/visit`, cookie: lurahSerangan, payload: {} })).json();
    expect(visited).toMatchObject({ stage: 'ended', followUp: null });
    expect((await t.database.db.selectFrom('notifications').select('id').execute()).length).toBe(sent);
  });

  it('a kos owner reports several tenants at once: all or none', async () => {
    const before = await count();
    const bad = await t.request({
      method: 'POST',
      url: '/api/v1/arrivals/batch',
      payload: { reporter: { name: 'Bu Kos', phone: '081211112222' }, arrivals: [arrival({ name: 'Penyewa 1' }), arrival({ name: 'Penyewa 2', nik: '123' })] },
      remoteAddress: '10.8.0.1',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['arrivals[1].nik']);
    expect(await count()).toBe(before);
    const ok = await t.request({
      method: 'POST',
      url: '/api/v1/arrivals/batch',
      payload: { reporter: { name: 'Bu Kos', phone: '081211112222' }, arrivals: [arrival({ name: 'Penyewa 1' }), arrival({ name: 'Penyewa 2', nik: '3578015708900002' })] },
      remoteAddress: '10.8.0.1',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().arrivals).toHaveLength(2);
    const queue = (await t.request({ method: 'GET', url: '/api/v1/arrivals', cookie: lurahSerangan })).json();
    expect(queue.find((a: { name: string }) => a.name === 'Penyewa 2').reporter).toEqual({ name: 'Bu Kos', phone: '+6281211112222' });
  });

  it('bad input is refused by field in the caller’s language and changes nothing', async () => {
    const before = await count();
    for (const [payload, field] of [
      [arrival({ nik: '5171013202850001' }), 'nik'],
      [arrival({ nik: undefined }), 'nik'],
      [arrival({ nik: undefined, passport: 'AB' }), 'passport'],
      [arrival({ phone: '12' }), 'phone'],
      [arrival({ arrivalDate: '2099-01-01' }), 'arrivalDate'],
      [arrival({ arrivalDate: '2026-02-30' }), 'arrivalDate'],
      [arrival({ regionCode: '51.71.01' }), 'regionCode'],
      [arrival({ regionCode: '51.71.01.9999' }), 'regionCode'],
      [arrival({ address: '   ' }), 'address'],
      [arrival({ name: 'a\u202Eb' }), 'name'],
      [arrival({ extra: true }), 'extra'],
    ] as const) {
      const res = await report(payload, 'en');
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await count()).toBe(before);
  });

  it('50 reports a minute from one address: the first 20 in ten minutes pass, the rest get 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 50; i++) {
      last = await report(arrival({ name: `Orang ${i}` }), 'id', '10.7.7.7');
      statuses.push(last.statusCode);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    expect(last?.headers['retry-after']).toBeDefined();
    expect(last?.headers['content-type']).toMatch(/problem\+json/);
    // Another address is not held back.
    expect((await report(arrival(), 'id', '10.7.7.8')).statusCode).toBe(201);
  });

  it('keeps names, NIK, passport, phone and address encrypted at rest; reports are deleted 30 days after the self-isolation', async () => {
    await report(arrival({ name: 'Nama Sangat Rahasia', nik: '3578012501990003', address: 'Alamat Rahasia 17' }));
    const raw = JSON.stringify(await t.database.db.selectFrom('arrivals').selectAll().execute());
    for (const secret of ['Nama Sangat Rahasia', '3578012501990003', 'Alamat Rahasia 17', '81255556666', 'X1234567']) expect(raw).not.toContain(secret);
    const before = await count();
    expect(await t.services.arrivals.purgeExpired()).toBe(0);
    t.clock.advance(45 * 24 * 3600_000);
    try {
      expect(await t.services.arrivals.purgeExpired()).toBe(before);
      // The follow-ups opened at visits (and their daily reports) go with the reports.
      expect(await t.database.db.selectFrom('contacts').select('id').where('case_id', 'is', null).execute()).toEqual([]);
      expect(await t.database.db.selectFrom('contact_reports').select('id').execute()).toEqual([]);
    } finally {
      t.clock.advance(-45 * 24 * 3600_000);
    }
  });
});
