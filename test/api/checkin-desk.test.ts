import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, DENPASAR, KESIMAN, SERANGAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { currentPosterToken } from '../factories/venues.js';

// 2026-11-29 02:00 UTC is 10:00 WITA.
describeEachDatabase('desk mode: who is inside a venue now', (dialect) => {
  let t: TestApp;
  let venueId: string;
  let manager: { id: string; cookie: string };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    manager = await t.staff(`manager.${dialect}`, [{ role: 'venue_manager', regionCode: DENPASAR }]);
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/venues',
      cookie: t.adminCookie,
      payload: { name: 'Warung Desk', sector: 'trade', type: 'warung', regionCode: SERANGAN, address: 'Jl. Tukad Punggawa 1', lat: -8.736259, lon: 115.23211, capacity: 20, indoor: true, openingHours: null, managerUserId: manager.id },
    });
    expect(created.statusCode, created.body).toBe(201);
    venueId = created.json().id;
    expect((await t.request({ method: 'POST', url: `/api/v1/venues/${venueId}/verification`, cookie: t.adminCookie, payload: { decision: 'approve' } })).statusCode).toBe(200);
  });
  afterAll(() => t.close());

  const list = (cookie?: string) => t.request({ method: 'GET', url: `/api/v1/venues/${venueId}/visits/open`, ...(cookie ? { cookie } : {}) });

  it("lists open desk and QR visits with names and masked phones to the venue's manager, and audits the read", async () => {
    const token = await currentPosterToken(t, venueId);
    const qr = await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token, name: 'Made Wirawan', phone: '0812-3456-7890' } });
    expect(qr.statusCode).toBe(201);
    const desk = await t.request({ method: 'POST', url: `/api/v1/venues/${venueId}/visits`, cookie: manager.cookie, payload: { name: 'Ibu Sari', phone: '081300001111', checkedInAt: '2026-11-29T10:00:00+08:00', source: 'desk' } });
    expect(desk.statusCode).toBe(201);
    await t.request({ method: 'POST', url: `/api/v1/venues/${venueId}/visits`, cookie: manager.cookie, payload: { name: 'Paper Line', phone: '081300002222', checkedInAt: '2026-11-29T08:00:00+08:00', checkedOutAt: '2026-11-29T09:00:00+08:00', source: 'paper' } });

    const res = await list(manager.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.occupancy).toEqual({ current: 2, limit: 20, capacityPercent: 100 });
    expect(body.items).toHaveLength(2);
    expect(body.items).toEqual(
      expect.arrayContaining([
        { visitId: qr.json().visitId, name: 'Made Wirawan', phone: '0812-****-7890', checkedInAt: '2026-11-29T10:00:00.000+08:00', source: 'qr' },
        expect.objectContaining({ visitId: desk.json().visitId, name: 'Ibu Sari', phone: '0813-****-1111', source: 'desk' }),
      ]),
    );
    expect(res.body).not.toContain('34567890');
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'visit.read_open').where('actor_user_id', '=', manager.id).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details!)).toMatchObject({ count: 2 });

    // Checked out at the desk: no longer inside.
    const out = await t.request({ method: 'POST', url: `/api/v1/venues/${venueId}/visits/${desk.json().visitId}/checkout`, cookie: manager.cookie });
    expect(out.statusCode).toBe(200);
    expect((await list(manager.cookie)).json().items.map((v: { name: string }) => v.name)).toEqual(['Made Wirawan']);
  });

  it('the officer of the desa may read it; officers elsewhere, other managers and anonymous callers may not', async () => {
    const { cookie: officer } = await t.staff(`officer.serangan.${dialect}`, [{ role: 'village_officer', regionCode: SERANGAN }]);
    expect((await list(officer)).statusCode).toBe(200);
    const { cookie: kesiman } = await t.staff(`officer.kesiman.${dialect}`, [{ role: 'village_officer', regionCode: KESIMAN }]);
    expect((await list(kesiman)).statusCode).toBe(403);
    const other = await t.staff(`manager2.${dialect}`, [{ role: 'venue_manager', regionCode: DENPASAR }]);
    expect((await list(other.cookie)).statusCode).toBe(404);
    const { cookie: tracer } = await t.staff(`tracer.${dialect}`, [{ role: 'health_tracer', regionCode: DENPASAR }]);
    expect((await list(tracer)).statusCode).toBe(404);
    expect((await list()).statusCode).toBe(401);
  });
});
