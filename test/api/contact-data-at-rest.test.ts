import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, SERANGAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { placesOf } from '../stored-text.js';

const MANAGER = { name: 'Ketut Arsana', email: 'ketut.arsana@example.id', phone: '0812-7777-6543', password: 'kata-sandi-aman-1' };
const NEW_CONTACT = '0361 765 432';
/** The numbers as typed and as stored (E.164 without the plus), in the spellings a reader of the file would search. */
const PHONE_NEEDLES = ['81277776543', '0812-7777-6543', '8127777', '361765432', '0361 765 432'];

/**
 * Issue #14, finding 11: the contact data of venues and their managers is not stored in plaintext anywhere (the
 * pattern of the visitors' test in checkin-rules.test.ts, on every table of both engines, and the SQLite files).
 */
describeEachDatabase('contact data of venues and managers at rest', (dialect) => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jb-contacts-at-rest-'));
    t = await createTestApp(dialect, {}, dialect === 'sqlite' ? { sqliteFile: path.join(dir, 'jagabaya.sqlite') } : {});
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('no table holds a venue’s or a manager’s phone, and the e-mail only as the account’s username', async () => {
    const signup = await t.signUpManager(MANAGER);
    expect(signup.statusCode, signup.body).toBe(201);
    const cookie = String([signup.headers['set-cookie']].flat()[0]).split(';')[0]!;
    const registered = await t.request({
      method: 'POST',
      url: '/api/v1/venues',
      cookie,
      payload: { name: 'Warung Pak Ketut', sector: 'trade', type: 'warung', regionCode: SERANGAN, address: 'Jl. Tukad Punggawa 3', lat: -8.736259, lon: 115.23211, capacity: 30, indoor: true },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const id = registered.json().id as string;
    // The contact defaults to the manager's phone; the officer then corrects it (history and audit entries).
    expect((await t.request({ method: 'GET', url: `/api/v1/venues/${id}`, cookie })).json().contactPhone).toBe('+6281277776543');
    const corrected = await t.request({ method: 'PATCH', url: `/api/v1/venues/${id}`, cookie: t.adminCookie, payload: { contactPhone: NEW_CONTACT, reason: 'Nomor kantor' } });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json().contactPhone).toBe('+62361765432');
    expect(corrected.json().history.at(-1).details).toEqual({ changes: { contactPhone: {} } });

    for (const needle of PHONE_NEEDLES) expect(await placesOf(t.database.db, dialect, needle), needle).toEqual([]);
    // The address is the account's username (it signs in with it) and so names the actor of its audit entries.
    expect(await placesOf(t.database.db, dialect, MANAGER.email)).toEqual(['audit_log.actor_username', 'users.username']);

    if (dialect === 'sqlite') {
      const bytes = readdirSync(dir).map((f) => readFileSync(path.join(dir, f)).toString('latin1')).join('');
      expect(bytes.length).toBeGreaterThan(10_000);
      for (const needle of PHONE_NEEDLES) expect(bytes).not.toContain(needle);
    }
  });
});
