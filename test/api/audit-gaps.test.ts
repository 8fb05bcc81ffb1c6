import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { verifiedVenue } from '../factories/venues.js';

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
    await t.database.db.updateTable('venues').set({ contact_phone: '+6281234500001' }).where('id', '=', venue.id).execute();
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
