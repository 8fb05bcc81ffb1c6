// Issue #18, first day: a fresh install has only the historical seeds (all ended in 2021), so nothing restricts. The
// administrator adopts the Perwali 32/2020 template as a city-wide draft starting today, and only publishing puts it
// in force.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, DENPASAR, SELATAN, SERANGAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';

interface FirstRun {
  cityScope: string | null;
  inForce: boolean;
  drafts: { id: string; status: string }[];
  templates: { code: string; ruleCount: number; zones: { colour: string; closesAt: string | null }[] }[];
}

describeEachDatabase('first-run rule set from a template', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  const firstRun = async (cookie = t.adminCookie) => {
    const res = await t.request({ method: 'GET', url: '/api/v1/rule-sets/first-run', cookie });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<FirstRun>();
  };
  // 22:00 WITA today, in Serangan (a desa with no count: green), for a shop.
  const rulesAt22 = async () =>
    (await t.request({ method: 'GET', url: `/api/v1/rules/in-force?region=${SERANGAN}&sector=trade&at=${encodeURIComponent('2026-11-29T22:00:00+08:00')}` })).json<{
      restricted: boolean;
      open: boolean;
      opening: { state: string; reopensDay: string | null; reopensAt: string | null };
    }>();
  const ruleSetRows = () => t.database.db.selectFrom('rule_sets').select(['id', 'status']).orderBy('id').execute();

  it('says no city-wide rule set is in force on a fresh install, and offers the Perwali 32/2020 template with its zone table', async () => {
    const answer = await firstRun();
    expect(answer).toMatchObject({ cityScope: DENPASAR, inForce: false, drafts: [] });
    const template = answer.templates.find((tpl) => tpl.code === 'perwali-32-2020');
    expect(template?.ruleCount).toBeGreaterThan(3);
    expect(template?.zones).toEqual([
      { colour: 'green', closesAt: '23:00', capacityPercent: 100 },
      { colour: 'yellow', closesAt: '21:00', capacityPercent: 100 },
      { colour: 'orange', closesAt: '21:00', capacityPercent: 100 },
      { colour: 'red', closesAt: '21:00', capacityPercent: 100 },
    ]);
    expect((await rulesAt22()).restricted).toBe(false);
  });

  it('refuses an unknown template and a caller who manages rules only in a kecamatan, storing nothing', async () => {
    const before = await ruleSetRows();
    const unknown = await t.request({ method: 'POST', url: '/api/v1/rule-sets/from-template', cookie: t.adminCookie, payload: { template: 'perwali-99' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['template']);
    const kecamatanAdmin = await t.staff('admin.selatan.firstrun', [{ role: 'admin', regionCode: SELATAN }]);
    const scoped = await t.request({ method: 'POST', url: '/api/v1/rule-sets/from-template', cookie: kecamatanAdmin.cookie, payload: { template: 'perwali-32-2020' } });
    expect(scoped.statusCode).toBe(403);
    expect(await ruleSetRows()).toEqual(before);
  });

  it('adopts the template as a city-wide draft starting today, which restricts nothing until it is published', async () => {
    const adopted = await t.request({ method: 'POST', url: '/api/v1/rule-sets/from-template', cookie: t.adminCookie, payload: { template: 'perwali-32-2020' } });
    expect(adopted.statusCode, adopted.body).toBe(201);
    const draft = adopted.json<{ id: string; status: string; kind: string; scopeRegionCode: string; effectiveFrom: string; effectiveTo: string | null }>();
    expect(draft).toMatchObject({ status: 'draft', kind: 'city', scopeRegionCode: DENPASAR, effectiveTo: null });
    expect(Date.parse(draft.effectiveFrom)).toBe(Date.parse('2026-11-29T00:00:00+08:00'));
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', draft.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['rule_set.create']);
    expect(String(audit[0]?.details)).toContain('perwali-32-2020');

    let answer = await firstRun();
    expect(answer.inForce).toBe(false);
    expect(answer.drafts.map((d) => d.id)).toEqual([draft.id]);
    expect((await rulesAt22()).restricted).toBe(false);

    const published = await t.request({ method: 'POST', url: `/api/v1/rule-sets/${draft.id}/publish`, cookie: t.adminCookie });
    expect(published.statusCode, published.body).toBe(200);
    answer = await firstRun();
    expect(answer).toMatchObject({ inForce: true, drafts: [] });
    // In force now: a shop in a green desa closes at 23:00, so at 22:00 it is open; at 23:30 it is closed and, with
    // no venue known, reopens tomorrow by its own hours (the shared opening status, never "00:00").
    expect(await rulesAt22()).toMatchObject({ restricted: true, open: true });
    const late = (await t.request({ method: 'GET', url: `/api/v1/rules/in-force?region=${SERANGAN}&sector=trade&at=${encodeURIComponent('2026-11-29T23:30:00+08:00')}` })).json();
    expect(late).toMatchObject({ open: false, opening: { state: 'closed', reopensDay: 'tomorrow', reopensAt: null } });
  });
});
