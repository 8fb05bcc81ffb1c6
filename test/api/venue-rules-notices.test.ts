// Issue #18: a venue's manager is told when the rules in force for their venue change — a rule set published or
// ended, or the zone colour of the venue's desa changing — in the app, by e-mail and by SMS, in their language,
// naming the venue and what changed; once per change, however often and however concurrently the check runs.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { notificationDataKey, openNotification } from '../../src/server/modules/notifications/notifications.outbox.js';
import { createTestApp, KESIMAN, PEDUNGAN, SELATAN, SERANGAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase, TEST_SECRET_KEY } from '../databases.js';

interface Manager {
  id: string;
  cookie: string;
  email: string;
  phone: string;
  venue: string;
}

describeEachDatabase('venue managers told when the rules for their venue change', (dialect) => {
  let t: TestApp;
  const m: Record<'serangan' | 'pedungan' | 'kesiman', Manager> = {} as never;
  let ruleSetId = '';

  const today = () => new Date(t.clock.now() + 8 * 3_600_000).toISOString().slice(0, 10);

  async function managerWithVenue(key: keyof typeof m, lang: 'id' | 'en', n: number, venue: string, regionCode: string): Promise<void> {
    const email = `aturan.${key}@example.id`;
    const phone = `08137771${String(n).padStart(4, '0')}`;
    const res = await t.signUpManager({ name: `Pengelola ${key}`, email, phone, password: 'kata-sandi-aman-k1' }, `10.30.0.${n}`);
    if (res.statusCode !== 201) throw new Error(res.body);
    const manager = { id: res.json<{ id: string }>().id, cookie: String([res.headers['set-cookie']].flat()[0]).split(';')[0]!, email, phone: `+62${phone.slice(1)}`, venue };
    await t.request({ method: 'PUT', url: '/api/v1/me/language', cookie: manager.cookie, payload: { language: lang } });
    const created = await t.request({
      method: 'POST', url: '/api/v1/venues', cookie: manager.cookie,
      payload: { name: venue, sector: 'trade', type: 'cafe', regionCode, address: `Jl. Aturan ${n}`, lat: -8.7, lon: 115.2, capacity: 40, indoor: true, positionConfirmed: true },
    });
    expect(created.statusCode, created.body).toBe(201);
    const approved = await t.request({ method: 'POST', url: `/api/v1/venues/${created.json<{ id: string }>().id}/verification`, cookie: t.adminCookie, payload: { decision: 'approve' } });
    expect(approved.statusCode, approved.body).toBe(200);
    m[key] = manager;
  }

  /** Everything sent about rules to one manager: in-app (its text as the list shows it), e-mail and SMS. */
  async function toldTo(manager: Manager) {
    const key = notificationDataKey(TEST_SECRET_KEY);
    const rows = await t.database.db.selectFrom('notifications').selectAll().where('dedupe_key', 'like', 'venue-rules:%').orderBy('id').execute();
    const opened = rows.map((r) => ({ row: r, message: openNotification(key, r) }));
    const list = await t.request({ method: 'GET', url: '/api/v1/me/notifications', cookie: manager.cookie });
    return {
      inbox: list.json<{ kind: string; text: string }[]>().filter((n) => n.kind === 'venue_rules_changed').map((n) => n.text),
      email: opened.filter((o) => o.row.channel === 'email' && o.message.to === manager.email).map((o) => o.message),
      sms: opened.filter((o) => o.row.channel === 'sms' && o.message.to === manager.phone).map((o) => o.message),
    };
  }
  const rulesRows = async () => Number((await t.database.db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).where('dedupe_key', 'like', 'venue-rules:%').executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await managerWithVenue('serangan', 'en', 1, 'Kafe Pantai Serangan', SERANGAN);
    await managerWithVenue('pedungan', 'id', 2, 'Kedai Pedungan', PEDUNGAN);
    await managerWithVenue('kesiman', 'id', 3, 'Warung Kesiman', KESIMAN);
  });
  afterAll(() => t.close());

  it('the first look records what each venue must do and tells nobody', async () => {
    const first = await t.services.venues.checkRulesChanges();
    expect(first).toMatchObject({ venues: 3, firstSeen: 3, told: 0 });
    expect(await rulesRows()).toBe(0);
    expect(await t.services.venues.checkRulesChanges()).toMatchObject({ firstSeen: 0, told: 0 });
  });

  it('a published rule set for Denpasar Selatan: each manager there is told once, in their language; Kesiman is not', async () => {
    const created = await t.request({
      method: 'POST', url: '/api/v1/rule-sets', cookie: t.adminCookie,
      payload: {
        kind: 'city', scopeRegionCode: SELATAN, legalBasis: 'SE Camat Denpasar Selatan 1/2026', effectiveFrom: today(), effectiveTo: null,
        rules: [{ sector: 'trade', zoneColours: 'all', window: { from: '08:00', until: '20:00' }, capacityPercent: 50, dineIn: false, maxVisitMinutes: null, capacityMode: 'enforce' }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    ruleSetId = created.json<{ id: string }>().id;
    expect((await t.request({ method: 'POST', url: `/api/v1/rule-sets/${ruleSetId}/publish`, cookie: t.adminCookie })).statusCode).toBe(200);

    // The scheduled pass and a publish's trigger at the same moment (or two nodes): still one message per change.
    const runs = await Promise.all([t.services.venues.checkRulesChanges(), t.services.venues.checkRulesChanges()]);
    expect(runs.reduce((sum, r) => sum + r.told, 0)).toBe(2);
    expect(runs[0].groups).toBe(3);

    const en = await toldTo(m.serangan);
    expect(en.inbox).toEqual(['The rules in force for Kafe Pantai Serangan changed: open 08:00–20:00, capacity 50%, no dining in. The details are on the venue page.']);
    expect(en.email.map((e) => e.subject)).toEqual(['The rules for Kafe Pantai Serangan changed']);
    expect(en.sms.map((s) => s.body)).toEqual(['Jaga Baya: rules for Kafe Pantai Serangan changed: open 08:00–20:00, capacity 50%, no dining in.']);
    expect(en.sms[0]!.lang).toBe('en');

    const id = await toldTo(m.pedungan);
    expect(id.inbox).toEqual(['Aturan yang berlaku untuk Kedai Pedungan berubah: buka 08:00–20:00, kapasitas 50%, tidak boleh makan di tempat. Rinciannya ada di halaman tempat usaha.']);
    expect(id.email).toHaveLength(1);
    expect(id.sms.map((s) => s.body)).toEqual(['Jaga Baya: aturan Kedai Pedungan berubah: buka 08:00–20:00, kapasitas 50%, tidak boleh makan di tempat.']);

    const other = await toldTo(m.kesiman);
    expect([other.inbox, other.email, other.sms]).toEqual([[], [], []]);
    expect(await rulesRows()).toBe(6);

    // Nothing changed since: a second pass sends nothing.
    expect(await t.services.venues.checkRulesChanges()).toMatchObject({ told: 0, firstSeen: 0 });
    expect(await rulesRows()).toBe(6);
  });

  it('the zone colour of a desa turning red tells only that desa’s managers what it changed', async () => {
    const red = await t.request({
      method: 'POST', url: '/api/v1/rule-sets', cookie: t.adminCookie,
      payload: {
        kind: 'city', scopeRegionCode: SERANGAN, legalBasis: 'SE Perbekel Serangan 2/2026', effectiveFrom: today(), effectiveTo: null,
        rules: [{ sector: 'trade', zoneColours: ['red'], window: { from: '08:00', until: '18:00' }, capacityPercent: 25, dineIn: false, maxVisitMinutes: null, capacityMode: 'enforce' }],
      },
    });
    expect(red.statusCode, red.body).toBe(201);
    expect((await t.request({ method: 'POST', url: `/api/v1/rule-sets/${red.json<{ id: string }>().id}/publish`, cookie: t.adminCookie })).statusCode).toBe(200);
    // A rule for red zones changes nothing while the desa is green.
    expect(await t.services.venues.checkRulesChanges()).toMatchObject({ told: 0 });

    const count = await t.request({ method: 'POST', url: '/api/v1/zones/active-cases', cookie: t.adminCookie, payload: { regionCode: SERANGAN, date: today(), activeCases: 60 } });
    expect(count.statusCode, count.body).toBe(200);
    expect(await t.services.venues.checkRulesChanges()).toMatchObject({ told: 1 });
    const en = await toldTo(m.serangan);
    expect(en.inbox[0]).toBe('The rules in force for Kafe Pantai Serangan changed: red zone, open 08:00–18:00, capacity 25%. The details are on the venue page.');
    expect(en.sms).toHaveLength(2);
    expect((await toldTo(m.pedungan)).inbox).toHaveLength(1);
    expect(await t.services.venues.checkRulesChanges()).toMatchObject({ told: 0 });
  });

  it('the rule set ended: told there is no restriction any more; an unchanged venue of another desa hears nothing', async () => {
    const versions = await t.database.db.selectFrom('rule_sets').select('id').where('status', '=', 'published').where('scope_region_code', 'in', [SELATAN, SERANGAN]).execute();
    for (const v of versions) expect((await t.request({ method: 'POST', url: `/api/v1/rule-sets/${v.id}/retire`, cookie: t.adminCookie })).statusCode).toBe(200);
    expect(await t.services.venues.checkRulesChanges()).toMatchObject({ told: 2 });
    expect((await toldTo(m.serangan)).inbox[0]).toBe('The rules in force for Kafe Pantai Serangan changed: no restrictions any more. The details are on the venue page.');
    expect((await toldTo(m.pedungan)).sms.at(-1)?.body).toBe('Jaga Baya: aturan Kedai Pedungan berubah: tidak ada pembatasan lagi.');
    expect((await toldTo(m.kesiman)).inbox).toEqual([]);
  });
});
