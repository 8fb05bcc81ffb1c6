import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, DENPASAR, KESIMAN, PEDUNGAN, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { contactKeys, sealContact } from '../../src/server/modules/venues/venue-contact.js';
import { describeEachDatabase, TEST_SECRET_KEY } from '../databases.js';
import { verifiedVenue } from '../factories/venues.js';

const ADAT_PEDUNGAN = '51.71.DA04';

/** Issue #14, finding 12: what the audit log missed (no-change edits, its own reads, refusals, the region of list reads). */
describeEachDatabase('audit gaps', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  const entries = (action: string) =>
    t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('at').orderBy('id').execute();

  it('PATCH /venues/{id} {} answers the contact person, so it is audited as the read it is', async () => {
    const venue = await verifiedVenue(t);
    await t.database.db.updateTable('venues').set({ contact_phone_enc: sealContact(contactKeys(TEST_SECRET_KEY), '+6281234500001') }).where('id', '=', venue.id).execute();
    const officer = await t.staff('perbekel.serangan.gaps', [{ role: 'village_officer', regionCode: SERANGAN }]);
    const res = await t.request({ method: 'PATCH', url: `/api/v1/venues/${venue.id}`, cookie: officer.cookie, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().contactPhone).toBe('+6281234500001');
    const reads = (await entries('venue.read')).filter((e) => e.actor_user_id === officer.id);
    expect(reads).toEqual([expect.objectContaining({ entity_id: venue.id, region_code: SERANGAN })]);
  });

  it('reading the audit log is audited, with the filter used, under the reader’s scope', async () => {
    const { id, cookie } = await t.staff('admin.selatan.gaps', [{ role: 'admin', regionCode: SELATAN }]);
    const res = await t.request({ method: 'GET', url: '/api/v1/audit?limit=5&action=auth.login', cookie });
    expect(res.statusCode).toBe(200);
    const reads = (await entries('audit.read')).filter((e) => e.actor_user_id === id);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ entity_type: 'audit', region_code: SELATAN });
    expect(JSON.parse(reads[0]!.details!)).toMatchObject({ filter: { action: 'auth.login', entityType: null, entityId: null }, page: 'first' });
    // The city's administrators see who read the log.
    const page = (await t.request({ method: 'GET', url: '/api/v1/audit?limit=200&action=audit.read', cookie: t.adminCookie })).json();
    expect(page.items.some((e: { actorUsername: string }) => e.actorUsername === 'admin.selatan.gaps')).toBe(true);
  });

  it('a refused venue is audited once under its region (403 for staff elsewhere, 404 for others); an unknown id is not', async () => {
    const venue = await verifiedVenue(t);
    const officer = await t.staff('perbekel.kesiman.gaps', [{ role: 'village_officer', regionCode: KESIMAN }]);
    expect((await t.request({ method: 'GET', url: `/api/v1/venues/${venue.id}`, cookie: officer.cookie })).statusCode).toBe(403);
    const tracer = await t.staff('tracer.gaps.venue', [{ role: 'health_tracer', regionCode: SELATAN }]);
    expect((await t.request({ method: 'PATCH', url: `/api/v1/venues/${venue.id}`, cookie: tracer.cookie, payload: {} })).statusCode).toBe(404);
    const unknown = '01900000-0000-7000-8000-000000000000';
    expect((await t.request({ method: 'GET', url: `/api/v1/venues/${unknown}`, cookie: officer.cookie })).statusCode).toBe(404);

    const denied = await entries('venue.access_denied');
    expect(denied.filter((e) => e.actor_user_id === officer.id)).toEqual([
      expect.objectContaining({ entity_id: venue.id, region_code: SERANGAN, details: JSON.stringify({ permission: 'venues:read' }) }),
    ]);
    expect(denied.filter((e) => e.actor_user_id === tracer.id)).toEqual([expect.objectContaining({ entity_id: venue.id, region_code: SERANGAN })]);
    expect(denied.some((e) => e.entity_id === unknown)).toBe(false);
    // The kecamatan's administrator sees the probe.
    const { cookie: selatanAdmin } = await t.staff('admin.selatan.gaps.venue', [{ role: 'admin', regionCode: SELATAN }]);
    const page = (await t.request({ method: 'GET', url: '/api/v1/audit?limit=50&action=venue.access_denied', cookie: selatanAdmin })).json();
    expect(page.items.map((e: { actorUsername: string }) => e.actorUsername)).toEqual(expect.arrayContaining(['perbekel.kesiman.gaps', 'tracer.gaps.venue']));
  });

  it('a refused user is audited under the region outside the caller’s scope', async () => {
    const target = await t.staff('viewer.serangan.gaps', [{ role: 'viewer', regionCode: SERANGAN }]);
    const timurAdmin = await t.staff('admin.timur.gaps', [{ role: 'admin', regionCode: TIMUR }]);
    expect((await t.request({ method: 'GET', url: `/api/v1/users/${target.id}`, cookie: timurAdmin.cookie })).statusCode).toBe(403);
    const denied = (await entries('user.access_denied')).filter((e) => e.actor_user_id === timurAdmin.id);
    expect(denied).toEqual([expect.objectContaining({ entity_id: target.id, region_code: SERANGAN, details: JSON.stringify({ permission: 'users:manage' }) })]);
  });

  it('a refused rule set or PKM application is audited under its region', async () => {
    const published = (await t.request({ method: 'GET', url: '/api/v1/rule-sets?status=published', cookie: t.adminCookie })).json();
    const ruleSet = (Array.isArray(published) ? published : published.items).find((r: { scopeRegionCode: string }) => r.scopeRegionCode === DENPASAR);
    expect(ruleSet).toBeDefined();
    const timurTf = await t.staff('satgas.timur.gaps', [{ role: 'task_force', regionCode: TIMUR }]);
    expect((await t.request({ method: 'POST', url: `/api/v1/rule-sets/${ruleSet.id}/retire`, cookie: timurTf.cookie, payload: {} })).statusCode).toBe(403);
    expect((await entries('rule_set.access_denied')).filter((e) => e.actor_user_id === timurTf.id)).toEqual([
      expect.objectContaining({ entity_id: ruleSet.id, region_code: DENPASAR, details: JSON.stringify({ permission: 'rules:manage' }) }),
    ]);

    const perbekel = await t.staff('perbekel.pedungan.gaps', [{ role: 'village_officer', regionCode: PEDUNGAN }]);
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/pkm-applications',
      cookie: perbekel.cookie,
      payload: {
        regionCode: PEDUNGAN,
        adatRegionCode: ADAT_PEDUNGAN,
        grounds: 'Kasus positif aktif meningkat',
        rules: [{ sector: 'trade', window: { from: '06:00', until: '20:00' }, capacityPercent: 50 }],
        borderPosts: 1,
        maxGatheringSize: 25,
        otherMeasures: '',
        startDate: '2026-12-01',
        lengthDays: 14,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const appId: string = created.json().id;
    const kesiman = await t.staff('perbekel.kesiman.gaps.pkm', [{ role: 'village_officer', regionCode: KESIMAN }]);
    expect((await t.request({ method: 'GET', url: `/api/v1/pkm-applications/${appId}`, cookie: kesiman.cookie })).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: `/api/v1/pkm-applications/${appId}/submit`, cookie: kesiman.cookie })).statusCode).toBe(403);
    const denied = (await entries('pkm.access_denied')).filter((e) => e.actor_user_id === kesiman.id);
    expect(denied.map((e) => [e.entity_id, e.region_code, e.details])).toEqual([
      [appId, PEDUNGAN, JSON.stringify({ permission: 'pkm:read' })],
      [appId, PEDUNGAN, JSON.stringify({ action: 'submit' })],
    ]);
  });

  it('list reads carry the caller’s scope regions, so a kecamatan administrator sees them', async () => {
    const tracer = await t.staff('tracer.gaps.lists', [{ role: 'health_tracer', regionCode: SELATAN }, { role: 'health_tracer', regionCode: TIMUR }, { role: 'health_tracer', regionCode: SERANGAN }]);
    for (const url of ['/api/v1/cases', '/api/v1/contacts', '/api/v1/clusters']) {
      const res = await t.request({ method: 'GET', url, cookie: tracer.cookie });
      expect(res.statusCode, `${url} ${res.body}`).toBe(200);
    }
    for (const action of ['case.list', 'contact.list', 'cluster.list']) {
      const mine = (await entries(action)).filter((e) => e.actor_user_id === tracer.id);
      // One entry per scope; Serangan lies inside Selatan, so it adds none.
      expect(mine.map((e) => e.region_code).sort(), action).toEqual([SELATAN, TIMUR]);
    }
    const selatanAdmin = await t.staff('admin.selatan.gaps.lists', [{ role: 'admin', regionCode: SELATAN }]);
    expect((await t.request({ method: 'GET', url: '/api/v1/notifications', cookie: selatanAdmin.cookie })).statusCode).toBe(200);
    expect((await entries('notification.list')).filter((e) => e.actor_user_id === selatanAdmin.id).map((e) => e.region_code)).toEqual([SELATAN]);
    const page = (await t.request({ method: 'GET', url: '/api/v1/audit?limit=50&action=case.list', cookie: selatanAdmin.cookie })).json();
    expect(page.items.map((e: { actorUsername: string }) => e.actorUsername)).toContain('tracer.gaps.lists');
  });
});
