import { afterEach, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/server/db/kysely.js';
import { migrateTo, migrateToLatest } from '../../src/server/db/migrate.js';
import { hashPassword } from '../../src/server/modules/accounts/index.js';
import { ensureDefaultPolicies } from '../../src/server/modules/policies/index.js';
import { ensureDefaultRegions } from '../../src/server/modules/regions/index.js';
import { systemClock } from '../../src/server/shared/clock.js';
import { ADMIN, createTestApp, type TestApp } from '../app-harness.js';
import { describeEachDatabase, TEST_SECRET_KEY } from '../databases.js';
import { createScratchDatabase } from '../postgres.js';
import { placesOf } from '../stored-text.js';

const T0 = Date.parse('2026-11-29T02:00:00Z');
const VENUE_1 = '0193a000-0000-7000-8000-000000000001';
const VENUE_2 = '0193a000-0000-7000-8000-000000000002';
const MANAGER_ID = '0193a000-0000-7000-8000-0000000000a1';
const MANAGER_PHONE = '+6281355550001';
const CONTACT_PHONE = '+6281355550002';
const EMAIL = 'wayan.sudarma@example.id';
const PASSWORD = 'kata-sandi-aman-1';
const PHONE_CHANGE = { contactPhone: { from: MANAGER_PHONE, to: CONTACT_PHONE }, address: { from: 'Jl. Lama 1', to: 'Jl. Tukad Punggawa 1' } };

// Migration 2026-12-03-04 (issue #14, finding 11): rows written in plaintext before it come out encrypted, the logs
// name fields instead of holding values, and the product reads everything as before.
describeEachDatabase('migration 2026-12-03-04 (venue contact data encrypted)', (dialect) => {
  let handle: DatabaseHandle | undefined;
  let t: TestApp | undefined;
  let drop: () => Promise<void> = async () => undefined;
  afterEach(async () => {
    if (t) await t.close();
    else await handle?.close();
    await drop();
    t = undefined;
    handle = undefined;
  });

  it('encrypts the contact phone and the manager profiles in place, scrubs the logs, and the API reads them', async () => {
    if (dialect === 'sqlite') {
      handle = openDatabase({ dialect: 'sqlite', file: ':memory:' });
    } else {
      const scratch = await createScratchDatabase();
      drop = scratch.drop;
      handle = openDatabase({ dialect: 'postgres', url: scratch.url }, { poolSize: 3 });
    }
    const db = handle.db;
    await migrateTo(db, '2026-12-03-02-checkin-bound-to-device', TEST_SECRET_KEY);
    await ensureDefaultRegions(db, systemClock);
    await ensureDefaultPolicies(db, systemClock);

    // What the previous schema wrote: plaintext contact data, values in the history and in the audit log (and the
    // first administrator, whom the harness signs in with).
    await db.insertInto('users').values({
      id: 'admin-1', username: ADMIN.username, display_name: 'Admin', password_hash: await hashPassword(ADMIN.password), disabled: 0, failed_logins: 0,
      locked_until: null, password_changed_at: T0, created_at: T0, created_by: null,
    }).execute();
    await db.insertInto('role_assignments').values({ id: 'ra-0', user_id: 'admin-1', role: 'admin', region_code: '51.71', created_at: T0, created_by: null }).execute();
    await db.insertInto('users').values({
      id: MANAGER_ID, username: EMAIL, display_name: 'Wayan Sudarma', password_hash: await hashPassword(PASSWORD), disabled: 0, failed_logins: 0,
      locked_until: null, password_changed_at: T0, created_at: T0, created_by: null,
    }).execute();
    await db.insertInto('role_assignments').values({ id: 'ra-1', user_id: MANAGER_ID, role: 'venue_manager', region_code: '51.71', created_at: T0, created_by: null }).execute();
    await db.insertInto('venue_manager_profiles').values({ user_id: MANAGER_ID, phone: MANAGER_PHONE, email: EMAIL, created_at: T0 } as never).execute();
    await db.insertInto('venues').values({
      id: VENUE_1, venue_number: 1, name: 'Warung Pak Wayan', sector: 'trade', venue_type: 'warung', region_code: '51.71.01.1001', address: 'Jl. Tukad Punggawa 1',
      lat: -8.736259, lon: 115.23211, capacity: 20, indoor: 1, contact_name: 'Wayan Sudarma', contact_phone: CONTACT_PHONE, status: 'verified', created_at: T0, updated_at: T0,
    } as never).execute();
    await db.insertInto('venues').values({
      id: VENUE_2, venue_number: 2, name: 'Toko Tanpa Kontak', sector: 'trade', venue_type: 'warung', region_code: '51.71.01.1001', address: 'Jl. Tukad Punggawa 2',
      lat: -8.736259, lon: 115.23211, capacity: 20, indoor: 1, contact_name: null, contact_phone: null, status: 'pending', created_at: T0, updated_at: T0,
    } as never).execute();
    await db.insertInto('venue_managers').values({ venue_id: VENUE_1, user_id: MANAGER_ID, created_at: T0, created_by: MANAGER_ID }).execute();
    const event = (id: string, action: string, details: unknown, at: number) => ({
      id, venue_id: VENUE_1, action, from_status: 'verified', to_status: 'verified', reason: null, details: details === null ? null : JSON.stringify(details),
      actor_user_id: MANAGER_ID, actor_name: 'Wayan Sudarma', at,
    });
    await db.insertInto('venue_status_events').values([event('ev-1', 'registered', null, T0), event('ev-2', 'corrected', { changes: PHONE_CHANGE }, T0 + 1)]).execute();
    const audit = (id: string, action: string, details: unknown) => ({
      id, at: T0, actor_user_id: MANAGER_ID, actor_username: EMAIL, action, entity_type: 'venue', entity_id: VENUE_1, region_code: '51.71.01.1001', ip: null, request_id: null,
      details: JSON.stringify(details),
    });
    await db.insertInto('audit_log').values([
      audit('au-1', 'venue.correct', { changes: PHONE_CHANGE, resubmitted: false, byManager: true }),
      audit('au-2', 'venue_manager.signup', { username: EMAIL }),
      audit('au-3', 'venue.poster_issue', { posterNumber: 'DPS-000001-1', serial: 1 }),
    ]).execute();
    expect(await placesOf(db, dialect, '81355550002')).toEqual(['audit_log.details', 'venue_status_events.details', 'venues.contact_phone']);

    expect(await migrateToLatest(db, TEST_SECRET_KEY)).toContain('2026-12-03-04-encrypt-venue-contacts');

    // Raw rows: no phone anywhere; the e-mail only as the account's username (and the actor's name in the log).
    for (const phone of ['81355550001', '81355550002']) expect(await placesOf(db, dialect, phone), phone).toEqual([]);
    expect(await placesOf(db, dialect, EMAIL)).toEqual(['audit_log.actor_username', 'users.username']);
    const venue = await db.selectFrom('venues').select(['id', 'contact_phone_enc']).orderBy('id').execute();
    expect(venue[0]!.contact_phone_enc).toMatch(/^v1\./);
    expect(venue[1]!.contact_phone_enc).toBeNull();
    const details = async (id: string) => JSON.parse((await db.selectFrom('audit_log').select('details').where('id', '=', id).executeTakeFirstOrThrow()).details!);
    expect(await details('au-1')).toEqual({ changed: ['contactPhone', 'address'], resubmitted: false, byManager: true });
    expect(await details('au-2')).toEqual({});
    expect(await details('au-3')).toEqual({ posterNumber: 'DPS-000001-1', serial: 1 });

    // Through the product, with the same instance key.
    t = await createTestApp(dialect, {}, { database: { ...handle, url: '', close: () => handle!.close() } });
    const detail = await t.request({ method: 'GET', url: `/api/v1/venues/${VENUE_1}`, cookie: t.adminCookie });
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({ contactName: 'Wayan Sudarma', contactPhone: CONTACT_PHONE });
    expect(detail.json().history.map((h: { details: unknown }) => h.details)).toEqual([null, { changes: { contactPhone: {}, address: PHONE_CHANGE.address } }]);
    // The manager signs in as before; tracing reaches them through the venues module; their phone stays unique.
    const manager = await t.login(EMAIL, PASSWORD);
    expect((await t.request({ method: 'GET', url: '/api/v1/me/venues', cookie: manager })).json().map((v: { id: string }) => v.id)).toEqual([VENUE_1]);
    expect(await t.services.venues.managerContacts(db, VENUE_1)).toEqual([{ userId: MANAGER_ID, email: EMAIL, phone: MANAGER_PHONE }]);
    const again = await t.signUpManager({ name: 'Orang Lain', email: 'lain@example.id', phone: '0813-5555-0001', password: PASSWORD });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().type).toMatch(/phone-taken$/);
  });

  it('goes down to plaintext columns with the key, and up again', async () => {
    if (dialect === 'sqlite') {
      handle = openDatabase({ dialect: 'sqlite', file: ':memory:' });
    } else {
      const scratch = await createScratchDatabase();
      drop = scratch.drop;
      handle = openDatabase({ dialect: 'postgres', url: scratch.url }, { poolSize: 2 });
    }
    const db = handle.db;
    await migrateToLatest(db, TEST_SECRET_KEY);
    await ensureDefaultRegions(db, systemClock);
    await migrateTo(db, '2026-12-03-02-checkin-bound-to-device', TEST_SECRET_KEY);
    await db.insertInto('users').values({
      id: MANAGER_ID, username: EMAIL, display_name: 'Wayan Sudarma', password_hash: 'x', disabled: 0, failed_logins: 0, locked_until: null, password_changed_at: T0, created_at: T0, created_by: null,
    }).execute();
    await db.insertInto('venue_manager_profiles').values({ user_id: MANAGER_ID, phone: MANAGER_PHONE, email: EMAIL, created_at: T0 } as never).execute();
    await db.insertInto('venues').values({
      id: VENUE_1, venue_number: 1, name: 'Warung Pak Wayan', sector: 'trade', venue_type: 'warung', region_code: '51.71.01.1001', address: 'Jl. Tukad Punggawa 1',
      lat: -8.736259, lon: 115.23211, capacity: 20, indoor: 1, contact_name: null, contact_phone: CONTACT_PHONE, status: 'verified', created_at: T0, updated_at: T0,
    } as never).execute();
    await migrateToLatest(db, TEST_SECRET_KEY);
    expect(await placesOf(db, dialect, MANAGER_PHONE)).toEqual([]);
    await migrateTo(db, '2026-12-03-02-checkin-bound-to-device', TEST_SECRET_KEY);
    expect(await db.selectFrom('venue_manager_profiles').selectAll().execute()).toEqual([{ user_id: MANAGER_ID, phone: MANAGER_PHONE, email: EMAIL, created_at: expect.anything() }]);
    expect(await db.selectFrom('venues').select('contact_phone' as never).execute()).toEqual([{ contact_phone: CONTACT_PHONE }]);
    await migrateToLatest(db, TEST_SECRET_KEY);
    expect(await placesOf(db, dialect, CONTACT_PHONE)).toEqual([]);
  });
});
