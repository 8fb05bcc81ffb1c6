// Issue #16: the resident's inbox on /saya — the messages the outbox addressed to the signed-in number, with read and
// unread; another number's messages are never listed nor marked.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { notificationDataKey, openNotification } from '../../src/server/modules/notifications/notifications.outbox.js';
import { createTestApp, type TestApp } from '../app-harness.js';
import { describeEachDatabase, TEST_SECRET_KEY } from '../databases.js';

describeEachDatabase('the resident’s inbox', (dialect) => {
  let t: TestApp;
  let address = 0;
  const nextAddress = () => `10.17.${Math.floor(++address / 200)}.${address % 200}`;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  /** Signs in with the code the outbox holds for the number (sealed; opened here with the test key). */
  async function signIn(phone: string, e164: string): Promise<string> {
    expect((await t.request({ method: 'POST', url: '/api/v1/citizen/otp', remoteAddress: nextAddress(), payload: { phone } })).statusCode).toBe(202);
    const key = notificationDataKey(TEST_SECRET_KEY);
    const rows = await t.database.db.selectFrom('notifications').selectAll().where('dedupe_key', 'like', 'resident-code:%').orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    const sms = rows.map((r) => openNotification(key, r)).find((m) => m.to === e164);
    const code = /\b(\d{6})\b/.exec(sms?.body ?? '')?.[1];
    if (!code) throw new Error(`no code for ${e164}`);
    const res: LightMyRequestResponse = await t.request({ method: 'POST', url: '/api/v1/citizen/session', remoteAddress: nextAddress(), payload: { phone, code } });
    const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('jb_resident='));
    if (!header) throw new Error(`no resident cookie: ${res.statusCode} ${res.body}`);
    return header.split(';')[0]!;
  }

  const enqueue = (phone: string, channel: 'inbox' | 'sms', body: string, dedupeKey: string) =>
    t.services.notifications.enqueue(t.database.db, { channel, recipient: channel === 'sms' ? phone : 'inbox', body, subject: channel === 'inbox' ? 'Pemberitahuan paparan' : undefined, dedupeKey, personKey: t.services.checkins.personKeyOf(`+62${phone.slice(1)}`), lang: 'id' });

  it("lists only my number's messages, newest first, unread until marked; another's ids are ignored", async () => {
    await enqueue('081355550001', 'inbox', 'Anda berada di Warung A bersama kasus terkonfirmasi.', 'exposure:a:inbox');
    t.clock.advance(60_000);
    await enqueue('081355550001', 'sms', 'Jaga Baya: isi laporan harian di https://jb.example/k/abc', 'follow-up:a:sms');
    await enqueue('081355550002', 'inbox', 'Pesan untuk orang lain: Warung B.', 'exposure:b:inbox');
    const mine = await signIn('0813-5555-0001', '+6281355550001');
    const other = await signIn('+62 813 5555 0002', '+6281355550002');

    const list = await t.request({ method: 'GET', url: '/api/v1/citizen/me/notifications', cookie: mine });
    expect(list.statusCode).toBe(200);
    const inbox = list.json();
    expect(inbox.unread).toBe(2);
    expect(inbox.items.map((m: { body: string }) => m.body)).toEqual(['Jaga Baya: isi laporan harian di https://jb.example/k/abc', 'Anda berada di Warung A bersama kasus terkonfirmasi.']);
    expect(JSON.stringify(inbox)).not.toContain('Warung B');

    const theirs = (await t.request({ method: 'GET', url: '/api/v1/citizen/me/notifications', cookie: other })).json();
    expect(theirs.items).toHaveLength(1);
    expect(JSON.stringify(theirs)).not.toContain('Warung A');

    // Marking another number's message does nothing, to either inbox.
    const cross = await t.request({ method: 'POST', url: '/api/v1/citizen/me/notifications/read', cookie: mine, payload: { ids: [theirs.items[0].id] } });
    expect(cross.json()).toEqual({ marked: 0 });
    expect((await t.request({ method: 'GET', url: '/api/v1/citizen/me/notifications', cookie: other })).json().unread).toBe(1);

    const marked = await t.request({ method: 'POST', url: '/api/v1/citizen/me/notifications/read', cookie: mine, payload: { ids: [inbox.items[1].id, inbox.items[1].id] } });
    expect(marked.json()).toEqual({ marked: 1 });
    const after = (await t.request({ method: 'GET', url: '/api/v1/citizen/me/notifications', cookie: mine })).json();
    expect(after.unread).toBe(1);
    expect(after.items.map((m: { read: boolean }) => m.read)).toEqual([false, true]);
    // Marked again: nothing new.
    expect((await t.request({ method: 'POST', url: '/api/v1/citizen/me/notifications/read', cookie: mine, payload: { ids: [inbox.items[1].id] } })).json()).toEqual({ marked: 0 });
  });

  it('needs the resident cookie: none or a staff session get 401; bad bodies 400', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v1/citizen/me/notifications' })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/v1/citizen/me/notifications', cookie: t.adminCookie })).statusCode).toBe(401);
    const mine = await signIn('081355550003', '+6281355550003');
    for (const payload of [{ ids: [] }, { ids: ['x'] }, { ids: ['a\u0000b'] }, { ids: [], extra: 1 }, {}]) {
      expect((await t.request({ method: 'POST', url: '/api/v1/citizen/me/notifications/read', cookie: mine, payload })).statusCode).toBe(400);
    }
  });
});
