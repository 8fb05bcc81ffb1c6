import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, KESIMAN, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';

// 08:00 and 16:00 WITA on the harness's day.
const at = (t: TestApp, hhmm: string) => {
  const day = new Date(t.clock.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return new Date(Date.parse(`${day}T${hhmm}:00+08:00`)).toISOString();
};

describeEachDatabase('border posts (pos pantau): checks, rapid tests, daily counts', (dialect) => {
  let t: TestApp;
  let satgas: string;
  let satpol: string;
  let satpolTimur: string;
  let tracer: string;
  let postId: string;
  const post = (cookie: string, url: string, payload: unknown, lang = 'id') => t.request({ method: 'POST', url, cookie, payload: payload as Record<string, unknown>, headers: { 'accept-language': lang } });
  const check = (overrides: Record<string, unknown> = {}) => ({ at: at(t, '08:15'), masked: true, nik: '3578011708850001', temperatureC: 36.5, purpose: 'Bekerja di pasar', letter: 'surat_tugas', ...overrides });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    // The harness's clock must be past 16:00 local for the afternoon checks below not to lie in the future.
    const day = new Date(t.clock.now() + 8 * 3600_000).toISOString().slice(0, 10);
    t.clock.set(Date.parse(`${day}T21:00:00+08:00`));
    satgas = (await t.staff('satgas.kota', [{ role: 'task_force', regionCode: '51.71' }])).cookie;
    satpol = (await t.staff('satpolpp.selatan', [{ role: 'enforcement_officer', regionCode: SELATAN }])).cookie;
    satpolTimur = (await t.staff('satpolpp.timur', [{ role: 'enforcement_officer', regionCode: TIMUR }])).cookie;
    tracer = (await t.staff('tracer.serangan', [{ role: 'health_tracer', regionCode: SERANGAN }])).cookie;
    const created = await post(satgas, '/api/v1/checkpoints', { name: 'Pos Pantau Pesanggaran', regionCode: SERANGAN });
    expect(created.statusCode).toBe(201);
    postId = created.json().id;
  });
  afterAll(() => t.close());

  it('the task force sets up a post with the default shifts; officers list the posts in their scope', async () => {
    const mine = (await t.request({ method: 'GET', url: '/api/v1/checkpoints', cookie: satpol })).json();
    expect(mine).toEqual([{ id: postId, name: 'Pos Pantau Pesanggaran', regionCode: SERANGAN, shifts: [{ from: '07:30', until: '15:00' }, { from: '15:00', until: '22:00' }] }]);
    expect((await t.request({ method: 'GET', url: '/api/v1/checkpoints', cookie: satpolTimur })).json()).toEqual([]);
    expect((await post(satpol, '/api/v1/checkpoints', { name: 'Pos liar', regionCode: SERANGAN })).statusCode).toBe(403);
    const overlapping = await post(satgas, '/api/v1/checkpoints', { name: 'Pos', regionCode: KESIMAN, shifts: [{ from: '07:00', until: '15:00' }, { from: '14:00', until: '22:00' }] });
    expect(overlapping.statusCode).toBe(400);
    expect(overlapping.json().errors[0].field).toBe('shifts');
  });

  it('proposes the result and reads the origin from the NIK', async () => {
    const passed = await post(satpol, `/api/v1/checkpoints/${postId}/checks`, check());
    expect(passed.statusCode).toBe(201);
    expect(passed.json()).toMatchObject({ result: 'passed', reasons: [], shift: 0, origin: { provinceCode: '35', regencyCode: '3578' } });
    expect((await post(satpol, `/api/v1/checkpoints/${postId}/checks`, check({ masked: false }))).json()).toMatchObject({ result: 'turned_back', reasons: ['no_mask'] });
    expect((await post(satpol, `/api/v1/checkpoints/${postId}/checks`, check({ letter: 'none', at: at(t, '16:00') }))).json()).toMatchObject({ result: 'turned_back', reasons: ['no_letter'], shift: 1 });
    const fever = await post(satpol, `/api/v1/checkpoints/${postId}/checks`, check({ temperatureC: 38.0, at: at(t, '16:30'), nik: '5171 0117 0885 0001' }));
    expect(fever.json()).toMatchObject({ result: 'referred', reasons: ['fever'], shift: 1, origin: { provinceCode: '51', regencyCode: '5171' } });
    // No NIK: no origin.
    expect((await post(satpol, `/api/v1/checkpoints/${postId}/checks`, check({ nik: undefined }))).json().origin).toBeUndefined();
  });

  it('bad input is refused by field and changes nothing; another kecamatan’s officer cannot log at this post', async () => {
    const count = async () => Number((await t.database.db.selectFrom('checkpoint_checks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    for (const [payload, field] of [
      [check({ nik: '1234' }), 'nik'],
      [check({ nik: '5171013202850001' }), 'nik'],
      [check({ temperatureC: 50 }), 'temperatureC'],
      [check({ letter: 'surat_sakti' }), 'letter'],
      [check({ at: new Date(t.clock.now() + 3600_000).toISOString() }), 'at'],
      [check({ purpose: '   ' }), 'purpose'],
      [check({ masked: 'ya' }), 'masked'],
    ] as const) {
      const res = await post(satpol, `/api/v1/checkpoints/${postId}/checks`, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const outside = await post(satpolTimur, `/api/v1/checkpoints/${postId}/checks`, check());
    expect(outside.statusCode).toBe(403);
    expect(outside.body).not.toContain(SERANGAN);
    expect((await post(tracer, `/api/v1/checkpoints/${postId}/checks`, check())).statusCode).toBe(403);
    expect(await count()).toBe(before);
  });

  it('a positive rapid test opens a suspect case for the tracers of the residence, without retyping', async () => {
    const referred = (await post(satpol, `/api/v1/checkpoints/${postId}/checks`, check({ temperatureC: 38.6, nik: '5171012812880011' }))).json();
    const missing = await post(satpol, `/api/v1/checkpoint-checks/${referred.id}/rapid-test`, { result: 'positive' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toEqual(['name', 'phone', 'residenceCode']);
    const positive = await post(satpol, `/api/v1/checkpoint-checks/${referred.id}/rapid-test`, { result: 'positive', name: 'Kadek Demam', phone: '081233334444', residenceCode: SERANGAN });
    expect(positive.statusCode).toBe(200);
    expect(positive.json()).toEqual({ id: referred.id, rapidTest: 'positive', caseOpened: true });
    // The officer sees no case; the tracer of Serangan does, with the NIK from the check.
    expect((await t.request({ method: 'GET', url: '/api/v1/cases', cookie: satpol })).statusCode).toBe(403);
    const cases = (await t.request({ method: 'GET', url: '/api/v1/cases', cookie: tracer })).json();
    const opened = cases.find((c: { name: string }) => c.name === 'Kadek Demam');
    expect(opened).toMatchObject({ category: 'suspek' });
    expect((await t.request({ method: 'GET', url: `/api/v1/cases/${opened.id}`, cookie: tracer })).json().nik).toBe('5171012812880011');
    // Recorded once: a second result answers 409 naming the stored one (the phone's queue compares them).
    const twice = await post(satpol, `/api/v1/checkpoint-checks/${referred.id}/rapid-test`, { result: 'negative' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().result).toBe('positive');
    // Two replays of a positive sent at once open one case between them.
    const racing = (await post(satpol, `/api/v1/checkpoints/${postId}/checks`, check({ temperatureC: 38.6, nik: '5171014101900012' }))).json();
    const body = { result: 'positive', name: 'Putu Bersamaan', phone: '081255556666', residenceCode: SERANGAN };
    const answers = await Promise.all([post(satpol, `/api/v1/checkpoint-checks/${racing.id}/rapid-test`, body), post(satpol, `/api/v1/checkpoint-checks/${racing.id}/rapid-test`, body)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const racingCases = (await t.request({ method: 'GET', url: '/api/v1/cases', cookie: tracer })).json().filter((c: { name: string }) => c.name === 'Putu Bersamaan');
    expect(racingCases).toHaveLength(1);
    // The same person positive again the next hour: already an open case, none opened twice.
    const again = (await post(satpol, `/api/v1/checkpoints/${postId}/checks`, check({ temperatureC: 38.2, nik: '5171012812880011' }))).json();
    const second = await post(satpol, `/api/v1/checkpoint-checks/${again.id}/rapid-test`, { result: 'positive', name: 'Kadek Demam', phone: '081233334444', residenceCode: SERANGAN });
    expect(second.json().caseOpened).toBe(false);
  });

  it('counts a day per shift and result', async () => {
    const day = new Date(t.clock.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const res = await t.request({ method: 'GET', url: `/api/v1/checkpoints/${postId}/daily?date=${day}`, cookie: satpol });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.shifts[0]).toMatchObject({ shift: { from: '07:30', until: '15:00' } });
    expect(body.total).toBe(body.shifts.reduce((sum: number, s: { total: number }) => sum + s.total, 0));
    const rows = await t.database.db.selectFrom('checkpoint_checks').select(['result', 'local_date']).where('checkpoint_id', '=', postId).execute();
    expect(body.total).toBe(rows.filter((r) => r.local_date === day).length);
    expect(body.shifts.reduce((sum: number, s: { referred: number }) => sum + s.referred, 0)).toBe(rows.filter((r) => r.result === 'referred').length);
    expect((await t.request({ method: 'GET', url: `/api/v1/checkpoints/${postId}/daily?date=${day}`, cookie: satpolTimur })).statusCode).toBe(403);
  });

  it('the task force renames a post and changes its shifts; bad shifts, another kecamatan or an officer change nothing', async () => {
    const patch = (cookie: string, payload: unknown, id = postId, lang = 'id') => t.request({ method: 'PATCH', url: `/api/v1/checkpoints/${id}`, cookie, payload: payload as Record<string, unknown>, headers: { 'accept-language': lang } });
    const stored = async () => t.database.db.selectFrom('checkpoints').select(['name', 'shifts']).where('id', '=', postId).executeTakeFirstOrThrow();
    const before = await stored();
    const satgasTimur = (await t.staff('satgas.timur', [{ role: 'task_force', regionCode: TIMUR }])).cookie;
    for (const [payload, field] of [
      [{ shifts: [{ from: '08:00', until: '07:00' }] }, 'shifts'],
      [{ shifts: [{ from: '07:00', until: '15:00' }, { from: '14:00', until: '22:00' }] }, 'shifts'],
      [{ shifts: [{ from: '7.30', until: '15:00' }] }, 'shifts'],
      [{ name: '   ' }, 'name'],
      [{ colour: 'red' }, 'colour'],
    ] as const) {
      const res = await patch(satgas, payload, postId, 'en');
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(JSON.stringify(res.json().errors)).toContain(field);
    }
    const outside = await patch(satgasTimur, { name: 'Pos lain' });
    expect(outside.statusCode).toBe(403);
    expect(outside.body).not.toContain(SERANGAN);
    expect((await patch(satpol, { name: 'Pos lain' })).statusCode).toBe(403);
    expect((await patch(satgas, { name: 'Pos lain' }, '01900000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect(await stored()).toEqual(before);

    // A check at 14.30: the first shift's under 07.30–15.00, the second's once the shifts become 06–14 and 14–22.
    expect((await post(satpol, `/api/v1/checkpoints/${postId}/checks`, check({ at: at(t, '14:30'), nik: '5171011708850077' }))).json()).toMatchObject({ shift: 0 });
    const three = [{ from: '14:00', until: '22:00' }, { from: '06:00', until: '14:00' }];
    const res = await patch(satgas, { name: 'Pos Pantau Pelabuhan Benoa', shifts: three });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: postId, name: 'Pos Pantau Pelabuhan Benoa', regionCode: SERANGAN, shifts: [{ from: '06:00', until: '14:00' }, { from: '14:00', until: '22:00' }] });
    expect((await t.request({ method: 'GET', url: '/api/v1/checkpoints', cookie: satpol })).json()[0].name).toBe('Pos Pantau Pelabuhan Benoa');
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', postId).where('action', '=', 'checkpoint.update').execute();
    expect(audit).toHaveLength(1);
    // An administrator (who manages posts but does not check travellers) lists them and reads a day's counts.
    const admin = t.adminCookie;
    expect((await t.request({ method: 'GET', url: '/api/v1/checkpoints', cookie: admin })).json().map((p: { id: string }) => p.id)).toContain(postId);
    const day = new Date(t.clock.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const daily = await t.request({ method: 'GET', url: `/api/v1/checkpoints/${postId}/daily?date=${day}`, cookie: admin });
    expect(daily.statusCode).toBe(200);
    // Earlier checks are counted by their time in the shifts as they are now, never under a shift they were not in.
    const checks = await t.database.db.selectFrom('checkpoint_checks').select(['at', 'local_date']).where('checkpoint_id', '=', postId).execute();
    const minuteOf = (at: number) => { const d = new Date(Number(at) + 8 * 3600_000); return d.getUTCHours() * 60 + d.getUTCMinutes(); };
    const within = (from: string, until: string) => checks.filter((c) => c.local_date === day && minuteOf(c.at) >= Number(from.slice(0, 2)) * 60 + Number(from.slice(3)) && minuteOf(c.at) < Number(until.slice(0, 2)) * 60 + Number(until.slice(3))).length;
    expect(daily.json().shifts.slice(0, 2).map((x: { shift: { from: string; until: string }; total: number }) => [x.shift.from, x.total])).toEqual([['06:00', within('06:00', '14:00')], ['14:00', within('14:00', '22:00')]]);
    expect(daily.json().total).toBe(checks.filter((c) => c.local_date === day).length);
    // A health tracer holds neither permission.
    expect((await t.request({ method: 'GET', url: '/api/v1/checkpoints', cookie: tracer })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: `/api/v1/checkpoints/${postId}/daily?date=${day}`, cookie: tracer })).statusCode).toBe(403);
  });
});
