import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { loadConfig, type NotificationsConfig } from '../../src/server/config.js';
import { openDatabase, type DatabaseHandle } from '../../src/server/db/kysely.js';
import { fixedClock } from '../../src/server/shared/clock.js';
import { AppError } from '../../src/server/shared/errors.js';
import { createChannels } from '../../src/server/modules/notifications/notifications.channels.js';
import { enqueueNotification, NOTIFICATION_TEXTS, smsText, type NotificationMessage } from '../../src/server/modules/notifications/notifications.outbox.js';
import { backoffDelay, createNotificationWorker } from '../../src/server/modules/notifications/notifications.worker.js';
import { purgeOldNotifications } from '../../src/server/modules/notifications/notifications.jobs.js';
import { createTestApp, KESIMAN, SELATAN, SERANGAN, type TestApp } from '../app-harness.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../databases.js';
import { verifiedVenue } from '../factories/venues.js';
import { startGateway, startSmtp } from '../notify-servers.js';

const KEY = Buffer.alloc(32, 7);
const SECOND = 1000;

function notifyConfig(over: Partial<NotificationsConfig> = {}): NotificationsConfig {
  return { mode: 'live', webhook: null, smtp: null, maxAttempts: 4, retentionDays: 30, ...over };
}

describeEachDatabase('notification outbox and worker', (dialect) => {
  let dir: string;
  let database: TestDatabase;
  let second: DatabaseHandle;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const clock = fixedClock(Date.parse('2026-11-29T02:00:00Z'));
  const logged: Record<string, unknown>[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jb-notify-'));
    // A file (not :memory:) on SQLite, so that a second handle — a second server process — sees the same database.
    database = await createTestDatabase(dialect, { clock, regions: false, sqliteFile: path.join(dir, 'db.sqlite') });
    second = openDatabase(database.url.startsWith('sqlite:') ? { dialect: 'sqlite', file: database.url.slice(7) } : { dialect: 'postgres', url: database.url }, { poolSize: 5 });
    gateway = await startGateway();
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await gateway.close();
    await smtp.close();
    await second.close();
    // pg ends a pool's connections asynchronously; the scratch database is dropped WITH (FORCE) right after, and a
    // backend terminated while its client is still closing surfaces as an uncaught error. Let them go first.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await database.db.deleteFrom('notifications').execute();
    gateway.requests.length = 0;
    gateway.setResponder(() => 200);
    smtp.mails.length = 0;
    logged.length = 0;
  });

  const webhook = (over: Partial<NonNullable<NotificationsConfig['webhook']>> = {}) => ({
    url: gateway.url,
    authHeader: { name: 'Authorization', value: 'Bearer gateway-token-123' },
    template: '{"recipient":"{{to}}","text":"{{body}}","ref":"{{id}}","lang":"{{lang}}"}',
    timeoutMs: 2000,
    ...over,
  });
  const channelsFor = (config: NotificationsConfig) => createChannels(config, (fields) => logged.push(fields));
  const workerFor = (config: NotificationsConfig, db = database.db, extra: { leaseMs?: number } = {}) =>
    createNotificationWorker({ db, clock, secretKey: KEY, channels: channelsFor(config), maxAttempts: config.maxAttempts, leaseMs: extra.leaseMs ?? 60_000, baseDelayMs: 10 * SECOND, maxDelayMs: 600 * SECOND, random: () => 0.5 });
  const enqueue = (message: Partial<NotificationMessage> & { dedupeKey: string }) =>
    enqueueNotification(database.db, clock, { channel: 'sms', recipient: '0812-3456-7890', body: 'Jaga Baya: tes', ...message }, KEY);
  const row = (id: string) => database.db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('delivers an SMS to the gateway: templated JSON (escaped), auth header, idempotency key; then marks it sent', async () => {
    const body = 'Jaga Baya: "Anda" kontak erat.\nLapor: https://jagabaya.test/k/abc';
    const { id, duplicate } = await enqueue({ body, dedupeKey: 'sms-1', lang: 'en' });
    expect(duplicate).toBe(false);
    expect((await row(id)).status).toBe('queued');
    const round = await workerFor(notifyConfig({ webhook: webhook() })).runOnce();
    expect(round).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(gateway.requests).toHaveLength(1);
    const req = gateway.requests[0]!;
    expect(req.headers.authorization).toBe('Bearer gateway-token-123');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['idempotency-key']).toBe(id);
    expect(req.json).toEqual({ recipient: '+6281234567890', text: body, ref: id, lang: 'en' });
    const sent = await row(id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, sent_at: clock.now(), lease_until: null, last_error: null });
    // Nothing is due any more: a second round sends nothing.
    expect(await workerFor(notifyConfig({ webhook: webhook() })).runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(gateway.requests).toHaveLength(1);
  });

  it('delivers an e-mail over SMTP (with authentication) to a real SMTP server', async () => {
    const { id } = await enqueueNotification(database.db, clock, { channel: 'email', recipient: 'manajer@warung.example', subject: 'Pemberitahuan kasus', body: 'Seorang kasus berkunjung ke Warung Bu Komang pada 29-11 10:00–11:00 WITA.', dedupeKey: 'mail-1' }, KEY);
    const config = notifyConfig({ smtp: { url: smtp.url, from: 'Jaga Baya <noreply@denpasar.example>', timeoutMs: 5000 } });
    const channels = channelsFor(config);
    const worker = createNotificationWorker({ db: database.db, clock, secretKey: KEY, channels, maxAttempts: 3, leaseMs: 60_000 });
    expect(await worker.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    channels.close();
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.from).toBe('noreply@denpasar.example');
    expect(mail.to).toEqual(['manajer@warung.example']);
    expect(mail.raw).toContain('Subject: Pemberitahuan kasus');
    expect(mail.raw).toContain(`Message-ID: <${id}@jagabaya>`);
    expect(mail.raw.replace(/=\r\n/g, '')).toContain('Warung Bu Komang');
    expect((await row(id)).status).toBe('sent');
  });

  it('retries with exponential back-off and jitter when the gateway answers 500, then delivers', async () => {
    let calls = 0;
    gateway.setResponder(() => (++calls <= 2 ? 500 : 200));
    const { id } = await enqueue({ dedupeKey: 'retry-500' });
    const worker = workerFor(notifyConfig({ webhook: webhook() }));
    const start = clock.now();
    expect(await worker.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    let r = await row(id);
    expect(r).toMatchObject({ status: 'queued', attempts: 1, last_error: 'attempt 1: gateway answered HTTP 500', lease_until: null });
    // Attempt 1 failed: about 10 s (half fixed, half jitter: 5 s + 0.5 × 5 s).
    expect(r.next_attempt_at - start).toBe(7500);
    // Not due yet: nothing is sent.
    clock.advance(7 * SECOND);
    expect(await worker.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.advance(SECOND);
    expect(await worker.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    r = await row(id);
    // Attempt 2 failed: the delay doubles (20 s → 15 s with this jitter).
    expect(r.next_attempt_at - clock.now()).toBe(15_000);
    clock.advance(15 * SECOND);
    expect(await worker.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(gateway.requests).toHaveLength(3);
    expect(new Set(gateway.requests.map((q) => q.json.ref))).toEqual(new Set([id]));
  });

  it('a gateway that times out leaves the message queued; it is retried and delivered later', async () => {
    let hang = true;
    gateway.setResponder(() => (hang ? 'hang' : 200));
    const { id } = await enqueue({ dedupeKey: 'timeout-1' });
    const worker = workerFor(notifyConfig({ webhook: webhook({ timeoutMs: 300 }) }));
    const started = Date.now();
    expect(await worker.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 1, last_error: 'attempt 1: timeout after 300 ms', sent_at: null });
    hang = false;
    clock.advance(60 * SECOND);
    expect(await worker.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('marks a message failed after the last attempt (kept for the operator); a 4xx refusal fails at once', async () => {
    gateway.setResponder((req) => (req.json.recipient === '+6281234567891' ? 400 : 503));
    const unavailable = await enqueue({ dedupeKey: 'fail-503' });
    const refused = await enqueue({ dedupeKey: 'fail-400', recipient: '081234567891' });
    const worker = workerFor(notifyConfig({ webhook: webhook(), maxAttempts: 3 }));
    expect(await worker.runOnce()).toEqual({ sent: 0, retried: 1, failed: 1 });
    expect(await row(refused.id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'attempt 1: gateway answered HTTP 400' });
    for (let i = 0; i < 2; i++) {
      clock.advance(600 * SECOND);
      await worker.runOnce();
    }
    expect(await row(unavailable.id)).toMatchObject({ status: 'failed', attempts: 3, last_error: 'attempt 3: gateway answered HTTP 503' });
    clock.advance(3600 * SECOND);
    expect(await worker.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(gateway.requests).toHaveLength(4);
  });

  it('two workers on two connections to one database never send the same message twice', async () => {
    gateway.setResponder(() => new Promise((resolve) => setTimeout(() => resolve(200), 3)));
    const ids = new Set<string>();
    for (let i = 0; i < 40; i++) ids.add((await enqueue({ dedupeKey: `race-${i}`, body: `pesan ${i}` })).id);
    const config = notifyConfig({ webhook: webhook() });
    const a = workerFor(config, database.db);
    const b = workerFor(config, second.db);
    const rounds = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    expect(rounds.reduce((n, r) => n + r.sent, 0)).toBe(40);
    // Both workers did part of the work.
    expect(rounds[0].sent + rounds[2].sent).toBeGreaterThan(0);
    expect(rounds[1].sent + rounds[3].sent).toBeGreaterThan(0);
    const refs = gateway.requests.map((q) => q.json.ref as string);
    expect(refs).toHaveLength(40);
    expect(new Set(refs)).toEqual(ids);
    const statuses = await database.db.selectFrom('notifications').select(['status', 'attempts']).execute();
    expect(statuses.every((s) => s.status === 'sent' && s.attempts === 1)).toBe(true);
  });

  it('a message held by a live lease is not taken; after the lease runs out (process died) it is sent', async () => {
    const { id } = await enqueue({ dedupeKey: 'lease-1' });
    // Another process claimed it and died: the lease is set, status still queued.
    await database.db.updateTable('notifications').set({ lease_until: clock.now() + 60_000, lease_token: 'dead', attempts: 1 }).where('id', '=', id).execute();
    const worker = workerFor(notifyConfig({ webhook: webhook() }));
    expect(await worker.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.advance(61 * SECOND);
    expect(await worker.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('is idempotent by dedupe key, and written with (and only with) the caller’s transaction', async () => {
    const first = await enqueue({ dedupeKey: 'contact:42' });
    const again = await enqueue({ dedupeKey: 'contact:42', body: 'another text' });
    expect(again).toEqual({ id: first.id, duplicate: true });
    await database.db.transaction().execute(async (trx) => {
      expect((await enqueueNotification(trx, clock, { channel: 'sms', recipient: '081234567890', body: 'x', dedupeKey: 'contact:42' }, KEY)).duplicate).toBe(true);
    });
    await expect(
      database.db.transaction().execute(async (trx) => {
        await enqueueNotification(trx, clock, { channel: 'sms', recipient: '081234567890', body: 'rolled back', dedupeKey: 'contact:43' }, KEY);
        throw new Error('the event failed');
      }),
    ).rejects.toThrow('the event failed');
    const rows = await database.db.selectFrom('notifications').select('dedupe_key').execute();
    expect(rows.map((r) => r.dedupe_key)).toEqual(['contact:42']);
    await workerFor(notifyConfig({ webhook: webhook() })).runOnce();
    expect(gateway.requests).toHaveLength(1);
  });

  it('refuses an SMS over 160 characters and malformed recipients with a clear error, storing nothing', async () => {
    const long = 'x'.repeat(161);
    const err = await enqueue({ dedupeKey: 'long', body: long }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    expect((err as AppError).fieldErrors).toEqual([{ field: 'body', messageKey: 'notification.smsTooLong', params: { max: 160, length: 161 } }]);
    expect((await enqueue({ dedupeKey: 'exact', body: 'é'.repeat(160) })).duplicate).toBe(false);
    const phone = (await enqueue({ dedupeKey: 'bad-phone', recipient: '12' }).catch((e: unknown) => e)) as AppError;
    expect(phone.fieldErrors[0]).toMatchObject({ field: 'recipient', messageKey: 'validation.phone' });
    const mail = (await enqueue({ dedupeKey: 'bad-mail', channel: 'email', recipient: 'not an address' }).catch((e: unknown) => e)) as AppError;
    expect(mail.fieldErrors[0]).toMatchObject({ field: 'recipient', messageKey: 'notification.email' });
    const inbox = (await enqueue({ dedupeKey: 'no-person', channel: 'inbox', recipient: '' }).catch((e: unknown) => e)) as AppError;
    expect(inbox.fieldErrors[0]).toMatchObject({ field: 'personKey' });
    expect(await database.db.selectFrom('notifications').select('dedupe_key').execute()).toEqual([{ dedupe_key: 'exact' }]);
    expect(() => smsText({ id: '{{link}}', en: '{{link}}' }, 'id', { link: 'y'.repeat(200) })).toThrow(AppError);
  });

  it('keeps recipients and bodies encrypted at rest', async () => {
    const { id } = await enqueue({ dedupeKey: 'secret', recipient: '081299887766', body: 'Karantina sampai 12/12 rahasia' });
    const mail = await enqueueNotification(database.db, clock, { channel: 'email', recipient: 'wayan@contoh.example', subject: 'Subjek pribadi', body: 'Isi pribadi', dedupeKey: 'secret-mail' }, KEY);
    for (const rowId of [id, mail.id]) {
      const raw = JSON.stringify(await row(rowId));
      for (const clear of ['99887766', '81299', 'Karantina', 'rahasia', 'wayan', 'contoh.example', 'Subjek', 'pribadi']) expect(raw).not.toContain(clear);
    }
  });

  it('retention: sent and failed messages go after the retention period; queued ones stay', async () => {
    const sent = await enqueue({ dedupeKey: 'old-sent' });
    const failed = await enqueue({ dedupeKey: 'old-failed' });
    const queued = await enqueue({ dedupeKey: 'old-queued' });
    await database.db.updateTable('notifications').set({ status: 'sent' }).where('id', '=', sent.id).execute();
    await database.db.updateTable('notifications').set({ status: 'failed' }).where('id', '=', failed.id).execute();
    expect(await purgeOldNotifications(database.db, clock.now() + 29 * 86_400_000, 30)).toEqual({ deleted: 0 });
    expect(await purgeOldNotifications(database.db, clock.now() + 31 * 86_400_000, 30)).toEqual({ deleted: 2 });
    expect((await database.db.selectFrom('notifications').select('id').execute()).map((r) => r.id)).toEqual([queued.id]);
  });

  it('live, a channel without settings sends nothing and marks nothing sent: the message waits, then fails', async () => {
    const { id } = await enqueueNotification(database.db, clock, { channel: 'email', recipient: 'a@contoh.example', body: 'x', dedupeKey: 'no-smtp' }, KEY);
    const config = notifyConfig({ webhook: webhook(), maxAttempts: 2 });
    expect(channelsFor(config).describe()[1]).toContain('NOT CONFIGURED');
    const worker = workerFor(config);
    expect(await worker.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await row(id)).toMatchObject({ status: 'queued', last_error: 'attempt 1: e-mail channel not configured (SMTP_URL)' });
    clock.advance(600 * SECOND);
    expect(await worker.runOnce()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(logged).toEqual([]);
  });

  it('the log channel (development) writes the message to the log with the recipient masked', async () => {
    const { id } = await enqueue({ dedupeKey: 'log-1', body: 'Lapor: https://jagabaya.test/k/xyz' });
    const worker = workerFor({ mode: 'log', webhook: webhook(), smtp: null, maxAttempts: 3, retentionDays: 30 });
    expect(await worker.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(gateway.requests).toHaveLength(0);
    expect(logged).toEqual([{ notificationId: id, channel: 'sms', to: '0812-****-7890', lang: 'id', subject: null, body: 'Lapor: https://jagabaya.test/k/xyz' }]);
  });
});

describeEachDatabase('notifications API: device inbox and operator view', (dialect) => {
  let t: TestApp;
  let venue: Awaited<ReturnType<typeof verifiedVenue>>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    venue = await verifiedVenue(t);
  });
  afterAll(() => t.close());
  afterEach(() => undefined);

  const checkIn = async (phone: string) => {
    const res = await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: venue.token, name: 'Ketut', phone } });
    expect(res.statusCode).toBe(201);
    return res.json<{ visitId: string; checkoutSecret: string }>();
  };

  it('the inbox returns only the messages of the person whose visit the device proves', async () => {
    const mine = await checkIn('081211112222');
    const theirs = await checkIn('081233334444');
    const keyOf = (phone: string) => t.services.checkins.personKeyOf(phone);
    await t.services.notifications.enqueue(t.database.db, { channel: 'inbox', recipient: '', body: 'Untuk Ketut 1', dedupeKey: 'inbox-a', personKey: keyOf('+6281211112222') });
    await t.services.notifications.enqueue(t.database.db, { channel: 'inbox', recipient: '', subject: 'Info', body: 'For Ketut 2', lang: 'en', dedupeKey: 'inbox-b', personKey: keyOf('+6281211112222') });
    await t.services.notifications.enqueue(t.database.db, { channel: 'inbox', recipient: '', body: 'Untuk orang lain', dedupeKey: 'inbox-c', personKey: keyOf('+6281233334444') });
    // An SMS to the same person is not an inbox message.
    await t.services.notifications.enqueue(t.database.db, { channel: 'sms', recipient: '081211112222', body: 'SMS', dedupeKey: 'sms-a', personKey: keyOf('+6281211112222') });

    const res = await t.request({ method: 'POST', url: '/api/v1/inbox', payload: { visits: [{ visitId: mine.visitId, checkoutSecret: mine.checkoutSecret }] } });
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items.map((i: { body: string }) => i.body).sort()).toEqual(['For Ketut 2', 'Untuk Ketut 1']);
    expect(items.find((i: { body: string }) => i.body === 'For Ketut 2')).toMatchObject({ subject: 'Info', lang: 'en', createdAt: '2026-11-29T10:00:00.000+08:00' });

    // Knowing someone's visit id without its secret reads nothing.
    const stranger = await t.request({ method: 'POST', url: '/api/v1/inbox', payload: { visits: [{ visitId: theirs.visitId, checkoutSecret: mine.checkoutSecret }] } });
    expect(stranger.json().items).toEqual([]);
    const other = await t.request({ method: 'POST', url: '/api/v1/inbox', payload: { visits: [{ visitId: theirs.visitId, checkoutSecret: theirs.checkoutSecret }] } });
    expect(other.json().items.map((i: { body: string }) => i.body)).toEqual(['Untuk orang lain']);
    const malformed = await t.request({ method: 'POST', url: '/api/v1/inbox', payload: { personKey: keyOf('+6281211112222') } });
    expect(malformed.statusCode).toBe(400);
  });

  it('a visit made later with someone else\'s phone number opens none of the messages that number had before (issue #14)', async () => {
    const victim = await checkIn('081299998888');
    const keyOf = (phone: string) => t.services.checkins.personKeyOf(phone);
    t.clock.advance(60_000);
    await t.services.notifications.enqueue(t.database.db, { channel: 'inbox', recipient: '', body: 'Hasil tes: positif', dedupeKey: 'victim-1', personKey: keyOf('+6281299998888') });
    t.clock.advance(60_000);
    // Anyone can make a visit with the number and hold that visit's secret.
    const elsewhere = await verifiedVenue(t, { name: 'Warung Penyerang' });
    const made = await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: elsewhere.token, name: 'x', phone: '081299998888' } });
    expect(made.statusCode).toBe(201);
    const attacker = made.json<{ visitId: string; checkoutSecret: string }>();
    const read = async (claim: { visitId: string; checkoutSecret: string }) =>
      (await t.request({ method: 'POST', url: '/api/v1/inbox', payload: { visits: [{ visitId: claim.visitId, checkoutSecret: claim.checkoutSecret }] } })).json().items.map((i: { body: string }) => i.body);
    expect(await read(attacker)).toEqual([]);
    // The owner's device, whose visit is older than the message, reads it.
    expect(await read(victim)).toEqual(['Hasil tes: positif']);
  });

  it('the operator view shows counts and failed messages with masked recipients, for administrators only, audited', async () => {
    const db = t.database.db;
    const failed = await t.services.notifications.enqueue(db, { channel: 'sms', recipient: '081255556666', body: 'gagal', dedupeKey: 'op-1' });
    const mail = await t.services.notifications.enqueue(db, { channel: 'email', recipient: 'kadek@contoh.example', body: 'gagal juga', dedupeKey: 'op-2' });
    await db.updateTable('notifications').set({ status: 'failed', attempts: 8, last_error: 'attempt 8: gateway answered HTTP 503' }).where('id', 'in', [failed.id, mail.id]).execute();

    const res = await t.request({ method: 'GET', url: '/api/v1/notifications', cookie: t.adminCookie });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.counts.failed).toBe(2);
    expect(body.counts.sent).toBeGreaterThanOrEqual(3);
    expect(body.items.map((i: { recipient: string }) => i.recipient).sort()).toEqual(['0812-****-6666', 'k***@contoh.example']);
    expect(body.items[0]).toMatchObject({ status: 'failed', attempts: 8, lastError: 'attempt 8: gateway answered HTTP 503' });
    expect(res.body).not.toContain('gagal');
    const queued = await t.request({ method: 'GET', url: '/api/v1/notifications?status=queued', cookie: t.adminCookie });
    expect(queued.json().items.map((i: { channel: string }) => i.channel)).toEqual(['sms']);
    expect((await t.request({ method: 'GET', url: '/api/v1/notifications?status=lost', cookie: t.adminCookie })).statusCode).toBe(400);

    const audit = await db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'notification.list').execute();
    // Two reads answered (the refused query read nothing and is not logged).
    expect(audit.length).toBe(2);

    const tracer = await t.staff('tracer-notify', [{ role: 'health_tracer', regionCode: SELATAN }]);
    expect((await t.request({ method: 'GET', url: '/api/v1/notifications', cookie: tracer.cookie })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);

    const retry = await t.request({ method: 'POST', url: `/api/v1/notifications/${failed.id}/retry`, cookie: t.adminCookie });
    expect(retry.statusCode).toBe(200);
    expect(await db.selectFrom('notifications').select(['status', 'attempts']).where('id', '=', failed.id).executeTakeFirstOrThrow()).toEqual({ status: 'queued', attempts: 0 });
    const again = await t.request({ method: 'POST', url: `/api/v1/notifications/${failed.id}/retry`, cookie: t.adminCookie, headers: { 'accept-language': 'en' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe('Only a failed message can be retried.');
  });

  it('an operator of a kecamatan lists and retries only the messages of its regions; city-level ones only the city (issue #14, finding 10)', async () => {
    const db = t.database.db;
    const enqueueFailed = async (dedupeKey: string, regionCode: string | null) => {
      const { id } = await t.services.notifications.enqueue(db, { channel: 'sms', recipient: '081255557777', body: 'gagal', dedupeKey, regionCode });
      await db.updateTable('notifications').set({ status: 'failed', last_error: 'HTTP 500' }).where('id', '=', id).execute();
      return id;
    };
    await db.deleteFrom('notifications').execute();
    const selatan = await enqueueFailed('scope-selatan', SERANGAN);
    const timur = await enqueueFailed('scope-timur', KESIMAN);
    const city = await enqueueFailed('scope-city', null);
    const adminSelatan = await t.staff('admin-selatan-outbox', [{ role: 'admin', regionCode: SELATAN }]);

    const mine = (await t.request({ method: 'GET', url: '/api/v1/notifications', cookie: adminSelatan.cookie })).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toEqual([selatan]);
    expect(mine.counts).toEqual({ queued: 0, sent: 0, failed: 1 });
    const all = (await t.request({ method: 'GET', url: '/api/v1/notifications', cookie: t.adminCookie })).json();
    expect(all.items.map((i: { id: string }) => i.id).sort()).toEqual([selatan, timur, city].sort());

    for (const id of [timur, city]) {
      const refused = await t.request({ method: 'POST', url: `/api/v1/notifications/${id}/retry`, cookie: adminSelatan.cookie });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).not.toContain('51.71.02');
      expect((await db.selectFrom('notifications').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('failed');
    }
    const denied = await db.selectFrom('audit_log').select(['entity_id', 'region_code']).where('action', '=', 'notification.access_denied').execute();
    expect(denied).toEqual(expect.arrayContaining([{ entity_id: timur, region_code: KESIMAN }, { entity_id: city, region_code: null }]));

    expect((await t.request({ method: 'POST', url: `/api/v1/notifications/${selatan}/retry`, cookie: adminSelatan.cookie })).statusCode).toBe(200);
    const retried = await db.selectFrom('audit_log').select('region_code').where('action', '=', 'notification.retry').where('entity_id', '=', selatan).executeTakeFirstOrThrow();
    expect(retried.region_code).toBe(SERANGAN);
  });
});

it('parses the notification settings and refuses bad ones with clear messages', () => {
  const base = { JAGABAYA_VAR_DIR: mkdtempSync(path.join(tmpdir(), 'jb-cfg-')), SECRET_KEY: 'a'.repeat(64) };
  expect(loadConfig(base).notifications).toEqual({ mode: 'log', webhook: null, smtp: null, maxAttempts: 8, retentionDays: 30 });
  const full = loadConfig({
    ...base,
    NOTIFY_WEBHOOK_URL: 'https://sms.example/api/send',
    NOTIFY_WEBHOOK_AUTH_HEADER: 'Authorization: Bearer abc:def',
    NOTIFY_WEBHOOK_TEMPLATE: '{"msisdn":"{{to}}","message":"{{body}}"}',
    NOTIFY_TIMEOUT_MS: '5000',
    SMTP_URL: 'smtp://user:pass@mail.example:587',
    SMTP_FROM: 'Jaga Baya <noreply@denpasar.example>',
  }).notifications;
  expect(full).toMatchObject({ mode: 'live', webhook: { url: 'https://sms.example/api/send', authHeader: { name: 'Authorization', value: 'Bearer abc:def' }, timeoutMs: 5000 }, smtp: { from: 'Jaga Baya <noreply@denpasar.example>' } });
  expect(() => loadConfig({ ...base, NOTIFY_WEBHOOK_URL: 'not a url' })).toThrow('NOTIFY_WEBHOOK_URL must be an http(s) URL');
  expect(() => loadConfig({ ...base, NOTIFY_WEBHOOK_URL: 'https://x.example', NOTIFY_WEBHOOK_TEMPLATE: '{"to":{{to}},"b":"{{body}}"}' })).toThrow('not valid JSON once filled in');
  expect(() => loadConfig({ ...base, NOTIFY_WEBHOOK_URL: 'https://x.example', NOTIFY_WEBHOOK_TEMPLATE: '{"to":"{{to}}"}' })).toThrow('{{body}}');
  expect(() => loadConfig({ ...base, NOTIFY_WEBHOOK_URL: 'https://x.example', NOTIFY_WEBHOOK_AUTH_HEADER: 'Bearer abc' })).toThrow('"Header-Name: value"');
  expect(() => loadConfig({ ...base, SMTP_URL: 'http://mail.example' })).toThrow('SMTP_URL must look like');
  expect(() => loadConfig({ ...base, SMTP_URL: 'smtp://mail.example' })).toThrow('SMTP_FROM must be an e-mail address');
  expect(() => loadConfig({ ...base, NOTIFY_MODE: 'live' })).toThrow('NOTIFY_MODE=live needs');
  expect(() => loadConfig({ ...base, NOTIFY_MAX_ATTEMPTS: '0' })).toThrow('NOTIFY_MAX_ATTEMPTS');
  expect(smsText(NOTIFICATION_TEXTS.contact, 'id', { end: '12/12', link: 'https://jagabaya.denpasarkota.go.id/k/AbCdEfGhIjKlMnOpQrStUv' }).length).toBeLessThanOrEqual(160);
  expect(smsText(NOTIFICATION_TEXTS.contact, 'en', { end: '12/12', link: 'https://jagabaya.denpasarkota.go.id/k/AbCdEfGhIjKlMnOpQrStUv' }).length).toBeLessThanOrEqual(160);
  expect(backoffDelay(1, 10_000, 60_000, () => 0)).toBe(5_000);
  expect(backoffDelay(3, 10_000, 60_000, () => 1)).toBe(40_000);
  expect(backoffDelay(10, 10_000, 60_000, () => 1)).toBe(60_000);
});
