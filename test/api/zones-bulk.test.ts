// Issue #18: active-case counts of many desa for one date — preview, commit, and nothing stored when any row is wrong.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, DENPASAR, KESIMAN, PEDUNGAN, SERANGAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';

const SESETAN = '51.71.01.1003';
const URL = '/api/v1/zones/active-cases/bulk';

interface BulkRow {
  regionCode: string;
  name: string | null;
  activeCases: number;
  problems: { field: string; message: string }[];
}

describeEachDatabase('bulk active-case counts', (dialect) => {
  let t: TestApp;
  let taskForce: string;
  let selatanTf: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    taskForce = (await t.staff('satgas.bulk', [{ role: 'task_force', regionCode: DENPASAR }])).cookie;
    selatanTf = (await t.staff('satgas.bulk.selatan', [{ role: 'task_force', regionCode: '51.71.01' }])).cookie;
  });
  afterAll(() => t.close());

  const stored = async () => ({
    counts: await t.database.db.selectFrom('zone_active_cases').selectAll().orderBy('region_code').orderBy('date').execute(),
    history: await t.database.db.selectFrom('zone_history').selectAll().orderBy('region_code').orderBy('date').execute(),
  });
  const audits = async () =>
    (await t.database.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'zone.active_cases').execute()).map((a) => a.entity_id);
  const zoneOf = async (code: string, date: string) =>
    (await t.request({ method: 'GET', url: `/api/v1/zones?date=${date}` })).json<{ regionCode: string; colour: string; activeCases: number }[]>().find((z) => z.regionCode === code);

  it('a preview checks every row and stores nothing', async () => {
    const before = await stored();
    const auditsBefore = await audits();
    const res = await t.request({
      method: 'POST', url: URL, cookie: taskForce,
      payload: { date: '2026-11-28', commit: false, counts: [{ regionCode: SERANGAN, activeCases: 12 }, { regionCode: PEDUNGAN, activeCases: -2 }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().rows as BulkRow[];
    expect(rows[0]).toEqual({ regionCode: SERANGAN, name: 'Serangan', activeCases: 12, problems: [] });
    expect(rows[1]!.problems.map((p) => p.field)).toEqual(['counts[1].activeCases']);
    expect(await stored()).toEqual(before);
    expect(await audits()).toEqual(auditsBefore);
  });

  it('a commit stores every row, audits each and recomputes the zones', async () => {
    const auditsBefore = (await audits()).length;
    const res = await t.request({
      method: 'POST', url: URL, cookie: taskForce,
      payload: { date: '2026-11-28', commit: true, counts: [{ regionCode: SERANGAN, activeCases: 12 }, { regionCode: KESIMAN, activeCases: 41 }, { regionCode: SESETAN, activeCases: 0 }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json().rows as BulkRow[]).every((r) => r.problems.length === 0)).toBe(true);
    expect(await zoneOf(SERANGAN, '2026-11-28')).toMatchObject({ colour: 'orange', activeCases: 12 });
    expect(await zoneOf(KESIMAN, '2026-11-28')).toMatchObject({ colour: 'red', activeCases: 41 });
    expect(await zoneOf(KESIMAN, '2026-11-29')).toMatchObject({ colour: 'red', activeCases: 41 });
    const history = (await t.request({ method: 'GET', url: `/api/v1/zones/${KESIMAN}/history?from=2026-11-28&to=2026-11-28` })).json();
    expect(history.days).toEqual([expect.objectContaining({ date: '2026-11-28', activeCases: 41, colour: 'red' })]);
    expect((await audits()).length).toBe(auditsBefore + 3);
  });

  it('one bad row stores nothing and the problem names the row', async () => {
    const before = await stored();
    const res = await t.request({
      method: 'POST', url: URL, cookie: taskForce,
      payload: { date: '2026-11-27', commit: true, counts: [{ regionCode: PEDUNGAN, activeCases: 5 }, { regionCode: '51.71.01', activeCases: 1 }, { regionCode: SESETAN, activeCases: 1.5 }, { regionCode: '51.71.99.9999', activeCases: 1 }] },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect((res.json().errors as { field: string }[]).map((e) => e.field)).toEqual(['counts[1].regionCode', 'counts[2].activeCases', 'counts[3].regionCode']);
    expect(await stored()).toEqual(before);
  });

  it('refuses a duplicate desa and stores nothing', async () => {
    const before = await stored();
    const payload = { date: '2026-11-27', counts: [{ regionCode: PEDUNGAN, activeCases: 5 }, { regionCode: SERANGAN, activeCases: 1 }, { regionCode: PEDUNGAN, activeCases: 6 }] };
    const preview = await t.request({ method: 'POST', url: URL, cookie: taskForce, payload: { ...payload, commit: false } });
    expect((preview.json().rows as BulkRow[]).map((r) => r.problems.map((p) => p.field))).toEqual([[], [], ['counts[2].regionCode']]);
    const res = await t.request({ method: 'POST', url: URL, cookie: taskForce, payload: { ...payload, commit: true } });
    expect(res.statusCode).toBe(400);
    expect((res.json().errors as { field: string }[]).map((e) => e.field)).toEqual(['counts[2].regionCode']);
    expect(await stored()).toEqual(before);
  });

  it('refuses a desa of another kecamatan outright, also in a preview, and stores nothing', async () => {
    const before = await stored();
    for (const commit of [false, true]) {
      const res = await t.request({
        method: 'POST', url: URL, cookie: selatanTf,
        payload: { date: '2026-11-27', commit, counts: [{ regionCode: SERANGAN, activeCases: 3 }, { regionCode: KESIMAN, activeCases: 3 }] },
      });
      expect(res.statusCode, res.body).toBe(403);
    }
    const ok = await t.request({ method: 'POST', url: URL, cookie: selatanTf, payload: { date: '2026-11-27', commit: false, counts: [{ regionCode: SERANGAN, activeCases: 3 }] } });
    expect(ok.statusCode).toBe(200);
    const { cookie: officer } = await t.staff('officer.bulk', [{ role: 'village_officer', regionCode: SERANGAN }]);
    expect((await t.request({ method: 'POST', url: URL, cookie: officer, payload: { date: '2026-11-27', commit: true, counts: [{ regionCode: SERANGAN, activeCases: 3 }] } })).statusCode).toBe(403);
    expect(await stored()).toEqual(before);
  });

  it('refuses a future date, an empty list and more than 100 rows', async () => {
    const before = await stored();
    const cases: [Record<string, unknown>, string][] = [
      [{ date: '2026-11-30', commit: true, counts: [{ regionCode: SERANGAN, activeCases: 1 }] }, 'date'],
      [{ date: '2026-11-28', commit: true, counts: [] }, 'counts'],
      [{ date: '2026-11-28', commit: true, counts: Array.from({ length: 101 }, () => ({ regionCode: SERANGAN, activeCases: 1 })) }, 'counts'],
    ];
    for (const [payload, field] of cases) {
      const res = await t.request({ method: 'POST', url: URL, cookie: taskForce, payload });
      expect(res.statusCode).toBe(400);
      expect((res.json().errors as { field: string }[]).map((e) => e.field)).toContain(field);
    }
    expect(await stored()).toEqual(before);
  });
});
