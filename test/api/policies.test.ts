import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DENPASAR, KESIMAN, PEDUNGAN, SERANGAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { DENPASAR_SEED_RULE_SETS } from '../../src/server/modules/policies/seed-rule-sets.js';

const SESETAN = '51.71.01.1003';
const ADAT_PEDUNGAN = '51.71.DA04';
const STAFF_PASSWORD = 'staff-password-123';

/** Every row of the tables a bad request must leave alone. */
async function snapshot(t: TestApp) {
  const db = t.database.db;
  return {
    ruleSets: await db.selectFrom('rule_sets').selectAll().orderBy('id').execute(),
    thresholds: await db.selectFrom('zone_threshold_versions').selectAll().orderBy('id').execute(),
    counts: await db.selectFrom('zone_active_cases').selectAll().orderBy('region_code').orderBy('date').execute(),
    history: await db.selectFrom('zone_history').selectAll().orderBy('region_code').orderBy('date').execute(),
    applications: await db.selectFrom('pkm_applications').selectAll().orderBy('id').execute(),
    transitions: await db.selectFrom('pkm_transitions').selectAll().orderBy('id').execute(),
    letters: await db.selectFrom('pkm_approval_letters').selectAll().orderBy('id').execute(),
    audit: (await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  };
}

interface Problem {
  type: string;
  status: number;
  errors?: { field: string; message: string }[];
}

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, field?: string): Problem {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  const body = res.json() as Problem;
  if (field !== undefined) expect(body.errors?.map((e) => e.field)).toContain(field);
  return body;
}

const trade = (overrides: Record<string, unknown> = {}) => ({ sector: 'trade', window: { from: '00:00', until: '20:00' }, capacityPercent: 50, ...overrides });

describeEachDatabase('zones and rules in force', (dialect) => {
  let t: TestApp;
  let taskForce: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    taskForce = (await t.staff('satgas.zones', [{ role: 'task_force', regionCode: DENPASAR }])).cookie;
  });
  afterAll(() => t.close());

  const inForce = async (region: string, sector: string, at: string, venueType?: string) => {
    const q = new URLSearchParams({ region, sector, at });
    if (venueType) q.set('venueType', venueType);
    const res = await t.request({ method: 'GET', url: `/api/v1/rules/in-force?${q.toString()}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('lists the 15 sectors with their venue types, publicly', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/sectors' });
    expect(res.statusCode).toBe(200);
    const sectors = res.json();
    expect(sectors).toHaveLength(15);
    const trade = sectors.find((s: { code: string }) => s.code === 'trade');
    expect(trade.venueTypes.map((v: { code: string }) => v.code)).toEqual(expect.arrayContaining(['restaurant', 'mall', 'traditional_market']));
  });

  it('ships the historical Denpasar rule sets and thresholds', async () => {
    const sets = (await t.request({ method: 'GET', url: '/api/v1/rule-sets?status=published', cookie: taskForce })).json();
    expect(sets.map((s: { id: string }) => s.id).sort()).toEqual(DENPASAR_SEED_RULE_SETS.map((s) => s.id).sort());
    const perwali = sets.find((s: { legalBasis: string }) => s.legalBasis === 'Perwali Denpasar 32/2020');
    expect(perwali).toMatchObject({ kind: 'city', scopeRegionCode: DENPASAR, effectiveFrom: '2020-05-15T00:00:00.000+08:00', status: 'published' });
    const thresholds = (await t.request({ method: 'GET', url: '/api/v1/zone-thresholds' })).json();
    expect(thresholds).toEqual([expect.objectContaining({ yellowFrom: 3, orangeFrom: 11, redFrom: 41, scopeRegionCode: DENPASAR })]);
  });

  it.each([
    ['before any rule (Feb 2020)', '2020-02-01T22:00:00+08:00', 'restaurant', { restricted: false, open: true, capacityPercent: 100, window: null }, []],
    ['SE Walikota 434: trade until 21:00', '2020-04-01T20:59:00+08:00', 'shop', { open: true, window: { from: '00:00', until: '21:00' } }, ['SE Walikota Denpasar 434/572/DKIS/2020']],
    ['Perwali 32/2020 at its first instant, 20:59 → open', '2020-05-15T20:59:00+08:00', 'shop', { open: true }, ['Perwali Denpasar 32/2020']],
    ['Perwali 32/2020 at 21:00 → closed', '2020-05-15T21:00:00+08:00', 'shop', { open: false, reasonCode: 'outside_rule_window' }, ['Perwali Denpasar 32/2020']],
    ['the night before the August revision, 22:00 → closed', '2020-08-01T22:00:00+08:00', 'shop', { open: false }, ['Perwali Denpasar 32/2020']],
    ['the revision starts at midnight: green desa open at 22:00 until 23:00', '2020-08-02T22:00:00+08:00', 'shop', { open: true, zoneColour: 'green', window: { from: '00:00', until: '23:00' } }, ['Perwali Denpasar 32/2020 (revised)']],
    ['PPKM Jawa-Bali: restaurants 25 %', '2021-01-11T12:00:00+08:00', 'restaurant', { open: true, capacityPercent: 25, dineIn: true }, ['Inmendagri 1/2021 + Sekda Denpasar letter 180/012/HK']],
    ['PPKM Darurat: restaurants take-away until 20:00', '2021-07-05T19:00:00+08:00', 'restaurant', { open: true, dineIn: false, window: { from: '00:00', until: '20:00' } }, ['Inmendagri 15/2021, SE Gub 9/2021, SE 9R/2021']],
    ['PPKM Darurat: malls closed', '2021-07-05T12:00:00+08:00', 'mall', { open: false, closed: true, reasonCode: 'closed_by_rule' }, ['Inmendagri 15/2021, SE Gub 9/2021, SE 9R/2021']],
    ['after the last seed set: unrestricted', '2026-11-29T23:30:00+08:00', 'restaurant', { restricted: false, open: true, capacityPercent: 100, reasonCode: 'no_rule_in_force' }, []],
  ])('%s', async (_name, at, venueType, expected, legalBases) => {
    const answer = await inForce(SESETAN, 'trade', at, venueType);
    expect(answer).toMatchObject(expected);
    expect(answer.sources.map((s: { legalBasis: string }) => s.legalBasis)).toEqual(legalBases);
  });

  it('rejects a venue type of another sector and an unknown region', async () => {
    const wrong = await t.request({ method: 'GET', url: `/api/v1/rules/in-force?region=${SESETAN}&sector=health&venueType=mall` });
    expectProblem(wrong, 400, 'venueType');
    const unknown = await t.request({ method: 'GET', url: '/api/v1/rules/in-force?region=51.71.09.9999&sector=trade' });
    expect(unknown.statusCode).toBe(404);
    const badAt = await t.request({ method: 'GET', url: `/api/v1/rules/in-force?region=${SESETAN}&sector=trade&at=yesterday` });
    expectProblem(badAt, 400, 'at');
  });

  it.each([
    [0, 'green'],
    [2, 'green'],
    [3, 'yellow'],
    [10, 'yellow'],
    [11, 'orange'],
    [40, 'orange'],
    [41, 'red'],
    [500, 'red'],
  ])('%i active cases → %s (through the counts API, the zones list and the history)', async (activeCases, colour) => {
    const res = await t.request({ method: 'POST', url: '/api/v1/zones/active-cases', cookie: taskForce, payload: { regionCode: SERANGAN, date: '2026-11-29', activeCases } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ regionCode: SERANGAN, colour, activeCases, date: '2026-11-29', countDate: '2026-11-29', source: 'manual' });
    const zones = (await t.request({ method: 'GET', url: '/api/v1/zones?date=2026-11-29' })).json();
    expect(zones).toHaveLength(43);
    expect(zones.find((z: { regionCode: string }) => z.regionCode === SERANGAN)).toMatchObject({ name: 'Serangan', colour, activeCases });
    const history = (await t.request({ method: 'GET', url: `/api/v1/zones/${SERANGAN}/history?from=2026-11-29&to=2026-11-29` })).json();
    expect(history.days).toEqual([expect.objectContaining({ date: '2026-11-29', activeCases, colour })]);
  });

  it('carries a count forward to later days and recomputes the stored history it affects', async () => {
    const post = (date: string, activeCases: number) =>
      t.request({ method: 'POST', url: '/api/v1/zones/active-cases', cookie: taskForce, payload: { regionCode: KESIMAN, date, activeCases } });
    expect((await post('2026-11-20', 12)).json().colour).toBe('orange');
    const today = (await t.request({ method: 'GET', url: '/api/v1/zones' })).json();
    expect(today.find((z: { regionCode: string }) => z.regionCode === KESIMAN)).toMatchObject({ colour: 'orange', activeCases: 12, countDate: '2026-11-20' });
    await t.services.policies.recomputeZones('2026-11-25');
    await post('2026-11-24', 2);
    const history = (await t.request({ method: 'GET', url: `/api/v1/zones/${KESIMAN}/history?from=2026-11-01&to=2026-11-29` })).json();
    expect(history.days.map((d: { date: string; colour: string }) => `${d.date}:${d.colour}`)).toEqual([
      '2026-11-20:orange',
      '2026-11-24:green',
      '2026-11-25:green',
      '2026-11-29:green',
    ]);
  });

  it('colours the rules of the day: a red desa closes at 21:00 under SE Gub 6/2021 while a green one stays at 22:00', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/zones/active-cases', cookie: taskForce, payload: { regionCode: PEDUNGAN, date: '2021-03-10', activeCases: 41 } });
    expect(res.json().colour).toBe('red');
    const red = await inForce(PEDUNGAN, 'trade', '2021-03-15T21:30:00+08:00', 'restaurant');
    expect(red).toMatchObject({ open: false, zoneColour: 'red', window: { from: '00:00', until: '21:00' } });
    expect(red.reasonEn).toContain('red');
    const green = await inForce(SESETAN, 'trade', '2021-03-15T21:30:00+08:00', 'restaurant');
    expect(green).toMatchObject({ open: true, zoneColour: 'green', window: { from: '00:00', until: '22:00' } });
    // The day before the count, Pedungan had no count yet: green.
    expect((await inForce(PEDUNGAN, 'trade', '2021-03-09T21:30:00+08:00', 'restaurant')).zoneColour).toBe('green');
  });

  it('refuses bad counts and changes nothing', async () => {
    const before = await snapshot(t);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ regionCode: SERANGAN, date: '2026-11-30', activeCases: 1 }, 400, 'date'],
      [{ regionCode: SERANGAN, date: '2026-02-30', activeCases: 1 }, 400, 'date'],
      [{ regionCode: SERANGAN, date: '2026-11-29', activeCases: -1 }, 400, 'activeCases'],
      [{ regionCode: '51.71.01', date: '2026-11-29', activeCases: 1 }, 400, 'regionCode'],
      [{ regionCode: SERANGAN, date: '2026-11-29', activeCases: 1, colour: 'red' }, 400, 'colour'],
    ];
    for (const [payload, status, field] of cases) {
      expectProblem(await t.request({ method: 'POST', url: '/api/v1/zones/active-cases', cookie: taskForce, payload }), status, field);
    }
    const { cookie: officer } = await t.staff('officer.counts', [{ role: 'village_officer', regionCode: SERANGAN }]);
    expectProblem(await t.request({ method: 'POST', url: '/api/v1/zones/active-cases', cookie: officer, payload: { regionCode: SERANGAN, date: '2026-11-29', activeCases: 1 } }), 403);
    const { cookie: selatanTf } = await t.staff('satgas.selatan', [{ role: 'task_force', regionCode: '51.71.01' }]);
    expectProblem(await t.request({ method: 'POST', url: '/api/v1/zones/active-cases', cookie: selatanTf, payload: { regionCode: KESIMAN, date: '2026-11-29', activeCases: 1 } }), 403);
    const after = await snapshot(t);
    expect({ ...after, audit: 0 }).toEqual({ ...before, audit: 0 });
  });

  it('versions the thresholds: from today on, never in the past, increasing', async () => {
    const before = await snapshot(t);
    const bad: [Record<string, unknown>, string][] = [
      [{ effectiveFrom: '2026-11-28', yellowFrom: 2, orangeFrom: 6, redFrom: 11, basis: 'x' }, 'effectiveFrom'],
      [{ effectiveFrom: '2026-12-01', yellowFrom: 5, orangeFrom: 4, redFrom: 11, basis: 'x' }, 'orangeFrom'],
      [{ effectiveFrom: '2026-12-01', yellowFrom: 0, orangeFrom: 4, redFrom: 11, basis: 'x' }, 'yellowFrom'],
    ];
    for (const [payload, field] of bad) expectProblem(await t.request({ method: 'POST', url: '/api/v1/zone-thresholds', cookie: taskForce, payload }), 400, field);
    expect(await snapshot(t)).toEqual(before);

    await t.request({ method: 'POST', url: '/api/v1/zones/active-cases', cookie: taskForce, payload: { regionCode: SERANGAN, date: '2026-11-29', activeCases: 3 } });
    const created = await t.request({ method: 'POST', url: '/api/v1/zone-thresholds', cookie: taskForce, payload: { effectiveFrom: '2026-11-29', yellowFrom: 4, orangeFrom: 11, redFrom: 41, basis: 'Satgas: ambang baru' } });
    expect(created.statusCode, created.body).toBe(201);
    const zones = (await t.request({ method: 'GET', url: '/api/v1/zones?date=2026-11-29' })).json();
    expect(zones.find((z: { regionCode: string }) => z.regionCode === SERANGAN)).toMatchObject({ activeCases: 3, colour: 'green', thresholdsVersionId: created.json().id });
    const old = (await t.request({ method: 'GET', url: '/api/v1/zones?date=2026-11-28' })).json();
    expect(old.find((z: { regionCode: string }) => z.regionCode === KESIMAN).thresholdsVersionId).toBe('dps-zone-thresholds-2020-05-15');
    expectProblem(
      await t.request({ method: 'POST', url: '/api/v1/zone-thresholds', cookie: taskForce, payload: { effectiveFrom: '2026-11-29', yellowFrom: 5, orangeFrom: 11, redFrom: 41, basis: 'again' } }),
      409,
      'effectiveFrom',
    );
  });

  it('the daily job stores one row per desa for the day', async () => {
    const result = await t.services.policies.runDaily();
    expect(result.date).toBe('2026-11-29');
    const rows = await t.database.db.selectFrom('zone_history').select('region_code').where('date', '=', '2026-11-29').execute();
    expect(rows).toHaveLength(43);
  });
});

describeEachDatabase('rule sets', (dialect) => {
  let t: TestApp;
  let taskForce: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    taskForce = (await t.staff('satgas.rules', [{ role: 'task_force', regionCode: DENPASAR }])).cookie;
  });
  afterAll(() => t.close());

  const body = (overrides: Record<string, unknown> = {}) => ({
    kind: 'city',
    scopeRegionCode: DENPASAR,
    legalBasis: 'SE Walikota Denpasar 443/2026',
    titleId: 'Jam malam hiburan',
    titleEn: 'Nightlife hours',
    effectiveFrom: '2026-12-01',
    effectiveTo: null,
    rules: [
      { venueType: 'nightlife', window: { from: '22:00', until: '02:00', crossesMidnight: true }, capacityPercent: 50 },
      trade({ window: { from: '00:00', until: '21:00' }, capacityPercent: 75 }),
    ],
    ...overrides,
  });

  it('create, edit, publish a version; resolve across midnight and at the moment it starts', async () => {
    const created = await t.request({ method: 'POST', url: '/api/v1/rule-sets', cookie: taskForce, payload: body() });
    expect(created.statusCode, created.body).toBe(201);
    const draft = created.json();
    expect(draft).toMatchObject({ status: 'draft', version: DENPASAR_SEED_RULE_SETS.length + 1, effectiveFrom: '2026-12-01T00:00:00.000+08:00', scopeRegionName: 'Kota Denpasar' });
    expect(draft.rules[1]).toMatchObject({ sector: 'trade', capacityMode: 'enforce', zoneColours: 'all', dineIn: null });

    const edited = await t.request({ method: 'PUT', url: `/api/v1/rule-sets/${draft.id}`, cookie: taskForce, payload: body({ legalBasis: 'SE Walikota Denpasar 443/2026 (final)' }) });
    expect(edited.statusCode, edited.body).toBe(200);
    const published = await t.request({ method: 'POST', url: `/api/v1/rule-sets/${draft.id}/publish`, cookie: taskForce });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', legalBasis: 'SE Walikota Denpasar 443/2026 (final)' });

    const ask = async (at: string, venueType: string, sector = 'youth_sport_tourism') =>
      (await t.request({ method: 'GET', url: `/api/v1/rules/in-force?region=${KESIMAN}&sector=${sector}&venueType=${venueType}&at=${encodeURIComponent(at)}` })).json();
    const table: [string, string, boolean][] = [
      ['2026-11-30T23:59:59+08:00', 'nightlife', true], // before the version starts: unrestricted
      ['2026-12-01T00:00:00+08:00', 'nightlife', true], // the moment it starts: inside the 00:00–02:00 part of 22:00–02:00
      ['2026-12-01T02:00:00+08:00', 'nightlife', false],
      ['2026-12-01T21:59:00+08:00', 'nightlife', false],
      ['2026-12-01T22:00:00+08:00', 'nightlife', true],
      ['2026-12-02T01:59:00+08:00', 'nightlife', true],
      ['2026-12-02T02:00:00+08:00', 'nightlife', false],
    ];
    for (const [at, venueType, open] of table) expect((await ask(at, venueType)).open, at).toBe(open);
    const night = await ask('2026-12-02T01:00:00+08:00', 'nightlife');
    expect(night).toMatchObject({ window: { from: '22:00', until: '02:00', crossesMidnight: true }, closesAtLocal: '02:00', closesAt: '2026-12-02T02:00:00.000+08:00', capacityPercent: 50 });
    expect(night.sources).toEqual([expect.objectContaining({ ruleSetId: draft.id, legalBasis: 'SE Walikota Denpasar 443/2026 (final)' })]);
    expect((await ask('2026-12-05T21:00:00+08:00', 'shop', 'trade')).open).toBe(false);
  });

  it('a published version is never edited in place: 409 naming the field, nothing changes; a copy becomes the next version', async () => {
    const publishedSets: { id: string; effectiveFrom: string; version: number }[] = (await t.request({ method: 'GET', url: `/api/v1/rule-sets?status=published&scope=${DENPASAR}`, cookie: taskForce })).json();
    // A seeded historical version (started in 2020/2021, before the test clock's 2026-11-29) and the one the test
    // above published to start on 2026-12-01.
    const published = publishedSets.find((set) => set.effectiveFrom.startsWith('202') && Date.parse(set.effectiveFrom) < Date.parse('2026-01-01')) as (typeof publishedSets)[number] & { version: number; legalBasis: string };
    const startsLater = publishedSets.find((set) => set.effectiveFrom === '2026-12-01T00:00:00.000+08:00');
    expect(published).toBeDefined();
    expect(startsLater).toBeDefined();
    const before = await snapshot(t);
    const edit = await t.request({ method: 'PUT', url: `/api/v1/rule-sets/${published.id}`, cookie: taskForce, payload: body({ legalBasis: 'changed' }) });
    expectProblem(edit, 409, 'status');
    expectProblem(await t.request({ method: 'DELETE', url: `/api/v1/rule-sets/${published.id}`, cookie: taskForce }), 409, 'status');
    expectProblem(await t.request({ method: 'POST', url: `/api/v1/rule-sets/${published.id}/publish`, cookie: taskForce }), 409, 'status');
    expect(await snapshot(t)).toEqual(before);

    const copy = await t.request({ method: 'POST', url: `/api/v1/rule-sets/${published.id}/copy`, cookie: taskForce });
    expect(copy.statusCode, copy.body).toBe(201);
    expect(copy.json()).toMatchObject({ status: 'draft', copiedFromId: published.id, version: Math.max(...publishedSets.map((set) => set.version)) + 1, legalBasis: published.legalBasis });
    // A new version starts tomorrow (local midnight), never today or in the past: nobody is caught out mid-day (issue #18).
    // The clock is 2026-11-29 10:00 WITA.
    expect(copy.json().effectiveFrom).toBe('2026-11-30T00:00:00.000+08:00');
    // A copy of a version that has not started yet keeps its start, rather than moving it earlier.
    const laterCopy = await t.request({ method: 'POST', url: `/api/v1/rule-sets/${startsLater?.id}/copy`, cookie: taskForce });
    expect(laterCopy.statusCode, laterCopy.body).toBe(201);
    expect(laterCopy.json().effectiveFrom).toBe('2026-12-01T00:00:00.000+08:00');
  });

  it('refuses overlapping published versions of the same series, naming the field, changing nothing', async () => {
    const first = (await t.request({ method: 'POST', url: '/api/v1/rule-sets', cookie: taskForce, payload: body({ scopeRegionCode: '51.71.02', effectiveFrom: '2027-01-01', effectiveTo: '2027-02-01' }) })).json();
    expect((await t.request({ method: 'POST', url: `/api/v1/rule-sets/${first.id}/publish`, cookie: taskForce })).statusCode).toBe(200);
    const second = (await t.request({ method: 'POST', url: '/api/v1/rule-sets', cookie: taskForce, payload: body({ scopeRegionCode: '51.71.02', effectiveFrom: '2027-01-15', effectiveTo: '2027-03-01' }) })).json();
    const before = await snapshot(t);
    const res = await t.request({ method: 'POST', url: `/api/v1/rule-sets/${second.id}/publish`, cookie: taskForce, headers: { 'accept-language': 'en' } });
    const problem = expectProblem(res, 409, 'effectiveFrom');
    expect(problem.errors?.[0]?.message).toContain('overlaps');
    expect(await snapshot(t)).toEqual(before);
    // Moved after the first one ends, it publishes.
    await t.request({ method: 'PUT', url: `/api/v1/rule-sets/${second.id}`, cookie: taskForce, payload: body({ scopeRegionCode: '51.71.02', effectiveFrom: '2027-02-01', effectiveTo: '2027-03-01' }) });
    expect((await t.request({ method: 'POST', url: `/api/v1/rule-sets/${second.id}/publish`, cookie: taskForce })).statusCode).toBe(200);
    // Retired, a version is no longer in force.
    const retired = await t.request({ method: 'POST', url: `/api/v1/rule-sets/${second.id}/retire`, cookie: taskForce });
    expect(retired.json().status).toBe('retired');
    const answer = (await t.request({ method: 'GET', url: `/api/v1/rules/in-force?region=${KESIMAN}&sector=trade&at=2027-02-10T22:00:00%2B08:00` })).json();
    expect(answer.sources.map((s: { ruleSetId: string }) => s.ruleSetId)).not.toContain(second.id);
    const during = (await t.request({ method: 'GET', url: `/api/v1/rules/in-force?region=${KESIMAN}&sector=trade&at=2027-01-10T22:00:00%2B08:00` })).json();
    expect(during.sources.map((s: { ruleSetId: string }) => s.ruleSetId)).toContain(first.id);
  });

  it.each([
    ['a window that ends before it starts', { rules: [trade({ window: { from: '21:00', until: '08:00' } })] }, 'rules[0].window.until', 400],
    ['capacity above 100', { rules: [trade({ capacityPercent: 120 })] }, 'rules[0].capacityPercent', 400],
    ['capacity below 0', { rules: [trade({ capacityPercent: -5 })] }, 'rules[0].capacityPercent', 400],
    ['no legal basis', { legalBasis: '   ' }, 'legalBasis', 400],
    ['legal basis missing entirely', { legalBasis: undefined }, 'legalBasis', 400],
    ['effective period ending before it starts', { effectiveFrom: '2027-05-01', effectiveTo: '2027-04-01' }, 'effectiveTo', 400],
    ['an unknown scope', { scopeRegionCode: '51.71.09' }, 'scopeRegionCode', 400],
    ['an unknown field', { colour: 'red' }, 'colour', 400],
  ])('refuses %s and changes nothing', async (_name, overrides, field, status) => {
    const payload = body(overrides) as Record<string, unknown>;
    if ('legalBasis' in overrides && overrides.legalBasis === undefined) delete payload.legalBasis;
    const before = await snapshot(t);
    expectProblem(await t.request({ method: 'POST', url: '/api/v1/rule-sets', cookie: taskForce, payload }), status, field);
    expect(await snapshot(t)).toEqual(before);
  });

  it('accepts a window that crosses midnight when marked so', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/rule-sets', cookie: taskForce, payload: body({ rules: [trade({ window: { from: '21:00', until: '08:00', crossesMidnight: true } })] }) });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('only the task force and administrators manage rule sets, within their scope', async () => {
    const { cookie: officer } = await t.staff('officer.rules', [{ role: 'village_officer', regionCode: PEDUNGAN }]);
    expectProblem(await t.request({ method: 'POST', url: '/api/v1/rule-sets', cookie: officer, payload: body() }), 403);
    const { cookie: timurTf } = await t.staff('satgas.timur', [{ role: 'task_force', regionCode: '51.71.02' }]);
    expectProblem(await t.request({ method: 'POST', url: '/api/v1/rule-sets', cookie: timurTf, payload: body({ scopeRegionCode: '51.71.01' }) }), 403);
    expect((await t.request({ method: 'POST', url: '/api/v1/rule-sets', cookie: timurTf, payload: body({ scopeRegionCode: '51.71.02' }) })).statusCode).toBe(201);
    expect((await t.request({ method: 'GET', url: '/api/v1/rule-sets' })).statusCode).toBe(401);
  });

  it('a draft is seen only by who may edit and publish it; once published, by all staff (issue #14, finding 10)', async () => {
    const { cookie: selatanTf } = await t.staff('satgas.selatan.drafts', [{ role: 'task_force', regionCode: '51.71.01' }]);
    const { cookie: timurTf } = await t.staff('satgas.timur.drafts', [{ role: 'task_force', regionCode: '51.71.02' }]);
    const { cookie: selatanViewer } = await t.staff('viewer.selatan.drafts', [{ role: 'viewer', regionCode: '51.71.01' }]);
    const draft = (await t.request({ method: 'POST', url: '/api/v1/rule-sets', cookie: selatanTf, payload: body({ scopeRegionCode: SERANGAN, legalBasis: 'Draf Serangan 1/2026', effectiveFrom: '2027-06-01' }) })).json();
    const listed = async (cookie: string) => (await t.request({ method: 'GET', url: '/api/v1/rule-sets?status=draft', cookie })).json().map((r: { id: string }) => r.id);
    expect(await listed(selatanTf)).toContain(draft.id);
    expect(await listed(taskForce)).toContain(draft.id);
    expect(await listed(timurTf)).not.toContain(draft.id);
    expect(await listed(selatanViewer)).not.toContain(draft.id);
    expect((await t.request({ method: 'GET', url: `/api/v1/rule-sets/${draft.id}`, cookie: selatanTf })).statusCode).toBe(200);
    // The task force of another kecamatan knows drafts exist: 403 without the draft's region; a viewer does not: 404.
    const elsewhere = expectProblem(await t.request({ method: 'GET', url: `/api/v1/rule-sets/${draft.id}`, cookie: timurTf }), 403);
    expect(JSON.stringify(elsewhere)).not.toContain('51.71.01');
    expectProblem(await t.request({ method: 'GET', url: `/api/v1/rule-sets/${draft.id}`, cookie: selatanViewer }), 404);
    const denied = await t.database.db.selectFrom('audit_log').select(['region_code']).where('action', '=', 'rule_set.access_denied').where('entity_id', '=', draft.id).execute();
    expect(denied).toEqual([{ region_code: SERANGAN }, { region_code: SERANGAN }]);

    expect((await t.request({ method: 'POST', url: `/api/v1/rule-sets/${draft.id}/publish`, cookie: selatanTf })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/v1/rule-sets/${draft.id}`, cookie: selatanViewer })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/rule-sets?status=published', cookie: timurTf })).json().map((r: { id: string }) => r.id)).toContain(draft.id);
  });
});

describeEachDatabase('village PKM applications', (dialect) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const users: [string, { role: string; regionCode: string }[]][] = [
      ['perbekel.pedungan', [{ role: 'village_officer', regionCode: PEDUNGAN }]],
      ['perbekel.kesiman', [{ role: 'village_officer', regionCode: KESIMAN }]],
      ['satgas.kota', [{ role: 'task_force', regionCode: DENPASAR }]],
      ['walikota', [{ role: 'approver', regionCode: DENPASAR }]],
      ['lurah.sesetan.approver', [{ role: 'village_officer', regionCode: SESETAN }, { role: 'approver', regionCode: SESETAN }]],
      ['bendesa.pedungan', [{ role: 'adat_officer', regionCode: ADAT_PEDUNGAN }]],
    ];
    for (const [username, assignments] of users) {
      const created = await t.staff(username, assignments);
      cookies[username] = created.cookie;
      ids[username] = created.id;
    }
  });
  afterAll(() => t.close());

  const application = (overrides: Record<string, unknown> = {}) => ({
    regionCode: PEDUNGAN,
    adatRegionCode: ADAT_PEDUNGAN,
    grounds: 'Kasus positif aktif meningkat di Banjar Kaja',
    rules: [trade({ window: { from: '06:00', until: '20:00' }, capacityPercent: 50, dineIn: false, measuresId: 'Warung tutup pukul 20.00' })],
    borderPosts: 3,
    maxGatheringSize: 25,
    otherMeasures: 'Penyekatan di pintu masuk desa; pararem desa adat berlaku',
    startDate: '2026-12-01',
    lengthDays: 14,
    ...overrides,
  });
  const act = (as: string, id: string, action: string, payload?: Record<string, unknown>) =>
    t.request({ method: 'POST', url: `/api/v1/pkm-applications/${id}/${action}`, cookie: cookies[as], ...(payload ? { payload } : {}) });
  const relogin = async () => {
    for (const username of Object.keys(cookies)) cookies[username] = await t.login(username, STAFF_PASSWORD);
  };

  it('refuses bad applications, naming the field and changing nothing', async () => {
    const before = await snapshot(t);
    const cases: [string, Record<string, unknown>, number, string | undefined][] = [
      ['perbekel.pedungan', application({ startDate: '2026-11-28' }), 400, 'startDate'],
      ['perbekel.pedungan', application({ startDate: '2026-13-01' }), 400, 'startDate'],
      ['perbekel.pedungan', application({ rules: [trade({ capacityPercent: 101 })] }), 400, 'rules[0].capacityPercent'],
      ['perbekel.pedungan', application({ rules: [trade({ window: { from: '20:00', until: '06:00' } })] }), 400, 'rules[0].window.until'],
      ['perbekel.pedungan', application({ adatRegionCode: SESETAN }), 400, 'adatRegionCode'],
      ['perbekel.pedungan', application({ lengthDays: 0 }), 400, 'lengthDays'],
      // Issue #14 (9): a bendesa files for the desa its desa adat lies in, never into another desa's review queue.
      ['bendesa.pedungan', application({ regionCode: SESETAN }), 400, 'adatRegionCode'],
      ['perbekel.pedungan', application({ adatRegionCode: '51.71.DA03' }), 400, 'adatRegionCode'],
      ['perbekel.kesiman', application(), 403, undefined],
      ['satgas.kota', application(), 403, undefined],
    ];
    for (const [as, payload, status, field] of cases) {
      expectProblem(await t.request({ method: 'POST', url: '/api/v1/pkm-applications', cookie: cookies[as], payload }), status, field);
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('runs the whole workflow, refusing illegal transitions and other regions’ officers', async () => {
    const created = await t.request({ method: 'POST', url: '/api/v1/pkm-applications', cookie: cookies['perbekel.pedungan'], payload: application() });
    expect(created.statusCode, created.body).toBe(201);
    const app = created.json();
    expect(app).toMatchObject({ status: 'DRAFT', regionName: 'Pedungan', adatRegionName: 'Desa Adat Pedungan', endDate: '2026-12-15', allowedActions: ['edit', 'submit'] });
    const id: string = app.id;

    // Nobody decides on a draft; an officer of another desa cannot submit it.
    expectProblem(await act('walikota', id, 'approve', {}), 409, 'status');
    expectProblem(await act('perbekel.pedungan', id, 'approve', {}), 403);
    expectProblem(await act('perbekel.kesiman', id, 'submit'), 403);
    expect((await t.request({ method: 'GET', url: `/api/v1/pkm-applications/${id}`, cookie: cookies['perbekel.kesiman'] })).statusCode).toBe(403);

    // The count of the desa is filled in at submission.
    await t.request({ method: 'POST', url: '/api/v1/zones/active-cases', cookie: t.adminCookie, payload: { regionCode: PEDUNGAN, date: '2026-11-28', activeCases: 17 } });
    const submitted = await act('perbekel.pedungan', id, 'submit');
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'SUBMITTED', activeCases: 17, activeCasesDate: '2026-11-28' });
    expectProblem(await act('satgas.kota', id, 'recommend'), 409, 'status');
    expectProblem(await act('walikota', id, 'approve', {}), 409, 'status');
    expect((await act('satgas.kota', id, 'review')).json().status).toBe('UNDER_REVIEW');

    // Returned for revision with a comment (required), edited, submitted again.
    expectProblem(await act('satgas.kota', id, 'return', { comment: '' }), 400, 'comment');
    const returned = await act('satgas.kota', id, 'return', { comment: 'Lengkapi jumlah pos pantau' });
    expect(returned.json()).toMatchObject({ status: 'RETURNED', allowedActions: [] });
    const edit = await t.request({ method: 'PUT', url: `/api/v1/pkm-applications/${id}`, cookie: cookies['perbekel.pedungan'], payload: application({ borderPosts: 4 }) });
    expect(edit.statusCode, edit.body).toBe(200);
    expect((await act('perbekel.pedungan', id, 'submit')).json().status).toBe('SUBMITTED');
    expect((await act('satgas.kota', id, 'review')).json().status).toBe('UNDER_REVIEW');
    const recommended = await act('satgas.kota', id, 'recommend', { comment: 'Layak' });
    expect(recommended.json().status).toBe('RECOMMENDED');

    // The task force cannot approve; the mayor can, which issues the letter and the overlay.
    expectProblem(await act('satgas.kota', id, 'approve', {}), 403);
    const before = await snapshot(t);
    expectProblem(await act('walikota', id, 'approve', { startDate: '2026-11-01' }), 400, 'startDate');
    expect(await snapshot(t)).toEqual(before);
    const approved = await act('walikota', id, 'approve', { letterNumber: '180/123/HK/2026', approverName: 'I Gusti Ngurah Jaya Negara' });
    expect(approved.statusCode, approved.body).toBe(200);
    const view = approved.json();
    expect(view).toMatchObject({ status: 'APPROVED', letter: { number: '180/123/HK/2026', date: '2026-11-29', approverName: 'I Gusti Ngurah Jaya Negara' } });
    expect(view.transitions.map((tr: { action: string }) => tr.action)).toEqual(['create', 'submit', 'start_review', 'return', 'edit', 'submit', 'start_review', 'recommend', 'approve']);
    expect(view.transitions.at(-1)).toMatchObject({ fromStatus: 'RECOMMENDED', toStatus: 'APPROVED', actorUsername: 'walikota' });

    // The overlay applies to Pedungan from its start date only, strictest wins.
    const ask = async (region: string, at: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/rules/in-force?region=${region}&sector=trade&venueType=warung&at=${encodeURIComponent(at)}` })).json();
    expect((await ask(PEDUNGAN, '2026-11-30T20:30:00+08:00')).restricted).toBe(false);
    const inPkm = await ask(PEDUNGAN, '2026-12-01T20:30:00+08:00');
    expect(inPkm).toMatchObject({ open: false, restricted: true, capacityPercent: 50, dineIn: false, window: { from: '06:00', until: '20:00' } });
    expect(inPkm.sources).toEqual([expect.objectContaining({ ruleSetId: view.ruleSetId, kind: 'village_pkm', scopeRegionCode: PEDUNGAN })]);
    expect(inPkm.sources[0].legalBasis).toContain('180/123/HK/2026');
    expect((await ask(SESETAN, '2026-12-01T20:30:00+08:00')).restricted).toBe(false);

    // The approval letter as PDF.
    const pdf = await t.request({ method: 'GET', url: `/api/v1/pkm-applications/${id}/letter.pdf`, cookie: cookies['perbekel.pedungan'] });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // Audit trail.
    const audit = (await t.request({ method: 'GET', url: `/api/v1/audit?entityId=${id}&limit=50`, cookie: t.adminCookie })).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['pkm.create', 'pkm.submit', 'pkm.recommend', 'pkm.approve']));

    // Start date: ACTIVE; weekly evaluations fall due and are listed when overdue.
    t.clock.set(Date.parse('2026-12-01T00:30:00+08:00'));
    await relogin();
    expect((await t.services.policies.runDaily()).lifecycleChanges).toBe(1);
    const active = (await t.request({ method: 'GET', url: `/api/v1/pkm-applications/${id}`, cookie: cookies['satgas.kota'] })).json();
    expect(active).toMatchObject({ status: 'ACTIVE', nextEvaluationDue: '2026-12-08', evaluationOverdue: false });
    expect((await t.request({ method: 'GET', url: '/api/v1/pkm-applications/overdue-evaluations', cookie: cookies['satgas.kota'] })).json()).toEqual([]);
    t.clock.set(Date.parse('2026-12-09T09:00:00+08:00'));
    await relogin();
    const overdue = (await t.request({ method: 'GET', url: '/api/v1/pkm-applications/overdue-evaluations', cookie: cookies['satgas.kota'] })).json();
    expect(overdue.map((a: { id: string }) => a.id)).toEqual([id]);
    expectProblem(await act('perbekel.pedungan', id, 'evaluations', { recommendation: 'continue', notes: 'x' }), 403);
    const evaluated = await act('satgas.kota', id, 'evaluations', { recommendation: 'extend', notes: 'Kasus masih tinggi' });
    expect(evaluated.statusCode, evaluated.body).toBe(200);
    expect(evaluated.json()).toMatchObject({ nextEvaluationDue: '2026-12-15', evaluationOverdue: false, evaluations: [expect.objectContaining({ week: 1, dueDate: '2026-12-08', activeCases: 17 })] });

    // Extended by the mayor: a second overlay version from the old end; then ended early by the task force.
    const extended = await act('walikota', id, 'extend', { days: 7, comment: 'Hasil evaluasi minggu 1' });
    expect(extended.json()).toMatchObject({ endDate: '2026-12-22', lengthDays: 21 });
    expect((await ask(PEDUNGAN, '2026-12-18T20:30:00+08:00')).open).toBe(false);
    expectProblem(await act('perbekel.pedungan', id, 'extend', { days: 7 }), 403);
    expectProblem(await act('satgas.kota', id, 'end', {}), 400, 'comment');
    const ended = await act('satgas.kota', id, 'end', { comment: 'Zona hijau dua minggu' });
    expect(ended.json().status).toBe('ENDED');
    expect((await ask(PEDUNGAN, '2026-12-10T20:30:00+08:00')).restricted).toBe(false);
    expect((await ask(PEDUNGAN, '2026-12-05T20:30:00+08:00')).restricted).toBe(true); // history keeps the days it was in force
    expectProblem(await act('satgas.kota', id, 'end', { comment: 'again' }), 409, 'status');
  });

  it('a desa adat officer co-applies for the desa adat named; a second approved PKM may not overlap the first', async () => {
    const bendesa = cookies['bendesa.pedungan'];
    const create = (start: string) =>
      t.request({ method: 'POST', url: '/api/v1/pkm-applications', cookie: bendesa, payload: application({ startDate: start, lengthDays: 10 }) });
    const first = (await create('2027-01-10')).json();
    const second = (await create('2027-01-15')).json();
    expect(first.status).toBe('DRAFT');
    // Not for a desa adat it does not hold.
    expectProblem(await t.request({ method: 'POST', url: '/api/v1/pkm-applications', cookie: bendesa, payload: application({ adatRegionCode: '51.71.DA03' }) }), 403);
    for (const app of [first, second]) {
      expect((await act('bendesa.pedungan', app.id, 'submit')).json().status).toBe('SUBMITTED');
      await act('satgas.kota', app.id, 'review');
      expect((await act('satgas.kota', app.id, 'recommend')).json().status).toBe('RECOMMENDED');
    }
    expect((await act('walikota', first.id, 'approve', {})).json().status).toBe('APPROVED');
    const before = await snapshot(t);
    const overlap = expectProblem(await act('walikota', second.id, 'approve', {}), 409, 'startDate');
    expect(overlap.type).toContain('pkm-overlap');
    expect(await snapshot(t)).toEqual(before);
    expect((await act('walikota', second.id, 'approve', { startDate: '2027-01-20' })).json()).toMatchObject({ status: 'APPROVED', startDate: '2027-01-20', endDate: '2027-01-30' });
  });

  it('refuses a decision on one’s own application, and lets the approver reject a recommended one', async () => {
    t.clock.set(Date.parse('2026-12-10T09:00:00+08:00'));
    await relogin();
    const own = (await t.request({ method: 'POST', url: '/api/v1/pkm-applications', cookie: cookies['lurah.sesetan.approver'], payload: application({ regionCode: SESETAN, adatRegionCode: '51.71.DA03', startDate: '2026-12-12' }) })).json();
    expect((await act('lurah.sesetan.approver', own.id, 'submit')).json().status).toBe('SUBMITTED');
    await act('satgas.kota', own.id, 'review');
    await act('satgas.kota', own.id, 'recommend');
    const before = await snapshot(t);
    const res = expectProblem(await act('lurah.sesetan.approver', own.id, 'approve', {}), 403);
    expect(res.type).toContain('pkm-own-application');
    expect(await snapshot(t)).toEqual(before);
    expectProblem(await act('satgas.kota', own.id, 'reject', { comment: 'x' }), 403);
    const rejected = await act('walikota', own.id, 'reject', { comment: 'Kasus menurun' });
    expect(rejected.json().status).toBe('REJECTED');
    const list = (await t.request({ method: 'GET', url: '/api/v1/pkm-applications', cookie: cookies['perbekel.kesiman'] })).json();
    expect(list).toEqual([]);
    const all = (await t.request({ method: 'GET', url: '/api/v1/pkm-applications', cookie: cookies['satgas.kota'] })).json();
    expect(all).toHaveLength(4);
  });
});

describe('inForce cache', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('answers from memory and sees a count change at once', async () => {
    const policies = t.services.policies;
    const query = { regionCode: PEDUNGAN, sector: 'trade' as const, venueType: 'restaurant' as const, at: Date.parse('2021-03-15T21:30:00+08:00') };
    expect((await policies.inForce(query)).open).toBe(true);
    const ctx = { principal: null, lang: 'en' as const, ip: null, requestId: null };
    await policies.recordActiveCases(ctx, { regionCode: PEDUNGAN, date: '2021-03-01', activeCases: 50 }, 'case_register');
    expect(await policies.inForce(query)).toMatchObject({ open: false, zoneColour: 'red' });
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) await policies.inForce({ ...query, at: query.at + i * 1000 });
    expect((performance.now() - started) / 20_000).toBeLessThan(0.1);
  });
});
