import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Dialect } from '../../src/server/db/kysely.js';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_NOTIFY_TEMPLATE } from '../../src/server/config.js';
import { createSmtpChannel, createWebhookChannel } from '../../src/server/modules/notifications/notifications.channels.js';
import { notificationDataKey, openNotification } from '../../src/server/modules/notifications/notifications.outbox.js';
import { createNotificationWorker } from '../../src/server/modules/notifications/notifications.worker.js';
import { systemClock } from '../../src/server/shared/clock.js';
import { startGateway, startSmtp } from '../notify-servers.js';
import { posterTokenFor } from '../../src/server/modules/venues/index.js';
import { ADMIN } from '../app-harness.js';
import { fhirSchemaErrors } from '../fhir-schema.js';
import { launchBrowser, screenshot } from './browser.js';
import { signupLinkFor, startServer, type RunningServer } from './server.js';

// The tracing story: visits recorded through the real check-in API, a case registered by a health tracer in the web
// app, exposures found, two confirmed (their SMS delivered to a local SMS gateway, the case notice to the venue
// manager through a local SMTP server), one contact reports through the personal
// link on a phone, the other tests positive and a cluster appears at the warung.
// The server runs on the system clock: to give the visits a length, their check-in times are moved back in the
// database after the API recorded them (the check-outs then go through the API).

const SERANGAN = { regionCode: '51.71.01.1001', lat: -8.736259, lon: 115.23211 };
const MIN = 60_000;
const TRACER = { username: 'tracer.selatan', password: 'tracer-password-123' };

const DIALECTS: Dialect[] = inject('postgresAvailable') ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(DIALECTS)('contact tracing in Chromium [%s]', (dialect) => {
  let server: RunningServer;
  let browser: Browser;
  let adminCookie = '';
  const visits: Record<string, { visitId: string; checkoutSecret: string }> = {};
  let venueId = '';

  async function call(method: string, url: string, options: { cookie?: string; body?: unknown } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(server.url + url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  }

  beforeAll(async () => {
    server = await startServer(dialect);
    browser = await launchBrowser();
    const login = await call('POST', '/api/v1/auth/login', { body: ADMIN });
    adminCookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const user = await call('POST', '/api/v1/users', {
      cookie: adminCookie,
      body: { ...TRACER, displayName: 'Tracer Puskesmas Denpasar Selatan', assignments: [{ role: 'health_tracer', regionCode: '51.71.01' }] },
    });
    expect(user.status).toBe(201);
    // The warung's manager signs up (e-mail address = username) and registers it, so the case notice has a recipient.
    const signup = await call('POST', '/api/v1/venue-managers/signup', {
      body: { name: 'Bu Komang', phone: '081355599999', email: 'komang@warung.example', password: 'komang-password-1' },
    });
    expect(signup.status).toBe(202);
    const signupLink = new URL(await signupLinkFor(server, 'komang@warung.example'));
    const confirmed = await call('POST', '/api/v1/venue-managers/signup/confirm', { body: { token: signupLink.hash.slice(1) } });
    expect(confirmed.status).toBe(201);
    const managerCookie = confirmed.headers.getSetCookie()[0]!.split(';')[0]!;
    const created = await call('POST', '/api/v1/venues', {
      cookie: managerCookie,
      body: { name: 'Warung Makan Bu Komang', sector: 'trade', type: 'warung', regionCode: SERANGAN.regionCode, address: 'Jl. Tukad Punggawa 1', lat: SERANGAN.lat, lon: SERANGAN.lon, capacity: 40, indoor: true, openingHours: null },
    });
    const { id } = (await created.json()) as { id: string };
    venueId = id;
    expect((await call('POST', `/api/v1/venues/${id}/verification`, { cookie: adminCookie, body: { decision: 'approve' } })).status).toBe(200);
    const poster = await server.database.db.selectFrom('venue_posters').select('poster_id').where('venue_id', '=', id).where('replaced_at', 'is', null).executeTakeFirstOrThrow();
    const token = posterTokenFor(Buffer.alloc(32, 7), poster.poster_id);

    // Four people check in through the public API; then their stays are given a length.
    const people: [string, string, number][] = [
      ['Kadek Positif', '081355500001', 90],
      ['Made Wirawan', '081355500002', 80],
      ['Putu Ayu', '081355500003', 70],
      ['Nyoman Sebentar', '081355500004', 10],
    ];
    for (const [name, phone, minutesAgo] of people) {
      const res = await call('POST', '/api/v1/checkins', { body: { token, name, phone } });
      expect(res.status, await res.clone().text()).toBe(201);
      visits[name] = (await res.json()) as { visitId: string; checkoutSecret: string };
      const tIn = Date.now() - minutesAgo * MIN;
      await server.database.db.updateTable('visits').set({ t_in: tIn }).where('id', '=', visits[name].visitId).execute();
    }
    for (const name of ['Kadek Positif', 'Made Wirawan', 'Nyoman Sebentar']) {
      const v = visits[name]!;
      expect((await call('POST', `/api/v1/checkins/${v.visitId}/checkout`, { body: { checkoutSecret: v.checkoutSecret } })).status).toBe(200);
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(page: Page) {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(TRACER.username);
    await page.getByTestId('login-password').fill(TRACER.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-cases').waitFor();
  }

  it('registers a case, finds the exposures, confirms two, a contact reports, a cluster appears', async () => {
    const context = await browser.newContext({ locale: 'id-ID', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page);
    expect(await page.getByTestId('nav-contacts').isVisible()).toBe(true);
    expect(await page.getByTestId('nav-clusters').isVisible()).toBe(true);

    await page.getByTestId('nav-cases').click();
    await page.getByTestId('case-form').waitFor();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar' }).format(new Date());
    await page.getByTestId('case-name').fill('Kadek Positif');
    await page.getByTestId('case-phone').fill('0813 5550 0001');
    await page.getByTestId('case-nik').fill('5171011708850001');
    await page.getByTestId('case-residence').selectOption(SERANGAN.regionCode);
    await page.getByTestId('case-category').selectOption('konfirmasi_simptomatik');
    await page.getByTestId('case-onset').fill(today);
    // Need-to-know (issue #14): a confirmed case's exposures are searched once it carries its test reference.
    await page.getByTestId('case-test-reference').fill('NAR-5171-000001');
    await screenshot(page, `tracing-${dialect}-01-register-case`);
    await page.getByTestId('case-submit').click();

    await page.getByTestId('page-case').waitFor();
    await page.getByTestId('exposures-table').waitFor();
    const rows = page.getByTestId('exposure-row');
    expect(await rows.count()).toBe(3);
    const names = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    expect(names.slice(0, 2).sort()).toEqual(['Made Wirawan', 'Putu Ayu']);
    expect(names[2]).toBe('Nyoman Sebentar');
    await screenshot(page, `tracing-${dialect}-02-exposures`);

    // Putu Ayu speaks English (the tracer hears it on the phone): her SMS and follow-up page are in English.
    await page.locator('[data-testid="exposure-row"][data-name="Putu Ayu"]').getByTestId('exposure-language').selectOption('en');
    for (const name of ['Made Wirawan', 'Putu Ayu']) {
      await page.locator(`[data-testid="exposure-row"][data-name="${name}"]`).getByTestId('exposure-confirm').click();
      await page.locator(`[data-testid="exposure-row"][data-name="${name}"]`).getByTestId('exposure-status').waitFor();
    }
    const low = page.locator('[data-testid="exposure-row"][data-name="Nyoman Sebentar"]');
    await low.getByTestId('exposure-reason').fill('duduk di luar, 10 menit');
    await low.getByTestId('exposure-dismiss').click();
    await low.getByTestId('exposure-status').waitFor();
    await page.getByTestId('contacts-table').waitFor();
    expect(await page.getByTestId('contact-row').count()).toBe(2);
    await screenshot(page, `tracing-${dialect}-03-confirmed`);
    // The FHIR button (issue #17) downloads the case as an R4 Bundle that the official schema accepts, with both contacts.
    const fhirHref = await page.getByTestId('case-fhir').getAttribute('href');
    const fhir = await page.request.get(`${server.url}${fhirHref ?? ''}`);
    expect(fhir.status()).toBe(200);
    const bundle = (await fhir.json()) as { type: string; entry: { resource: { resourceType: string } }[] };
    expect(fhirSchemaErrors(bundle)).toEqual([]);
    expect(bundle.entry.filter((e) => e.resource.resourceType === 'RelatedPerson')).toHaveLength(2);

    // The page says which venue was e-mailed when the case was registered as confirmed (and contacts only once confirmed).
    expect(await page.getByTestId('case-venue-told').innerText()).toContain('Warung Makan Bu Komang');
    // A grave status is confirmed in a dialog that names the person and what happens; cancelling changes nothing.
    await page.getByTestId('case-status-meninggal').click();
    const dialog = page.getByTestId('case-status-meninggal-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Catat bahwa Kadek Positif meninggal dunia?');
    await screenshot(page, `tracing-${dialect}-03b-grave-status-dialog`);
    await page.getByTestId('case-status-meninggal-cancel').click();
    await dialog.waitFor({ state: 'hidden' });
    const facts = await page.getByTestId('case-facts').innerText();
    expect(facts).toContain('Konfirmasi simptomatik');
    expect(facts).toContain('Serangan');
    expect(facts).not.toContain('51.71.01.1001');

    // The SMS of each confirmed contact is in the outbox, with the personal link.
    const rowsOut = await server.database.db.selectFrom('notifications').selectAll().where('dedupe_key', 'like', 'contact:%').execute();
    expect(rowsOut).toHaveLength(2);
    const messages = rowsOut.map((r) => openNotification(notificationDataKey(Buffer.alloc(32, 7)), r));
    const made = messages.find((m) => m.to === '+6281355500002')!;
    expect(made.lang).toBe('id');
    expect(messages.find((m) => m.to === '+6281355500003')?.lang).toBe('en');
    expect([...made.body].length).toBeLessThanOrEqual(160);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/k\/[\w-]+)/.exec(made.body)![1]!;

    // The worker delivers them through a real local SMS gateway (HTTP webhook) and a real SMTP server, as a city's
    // providers would receive them: the two SMS with their links, and the case notice to the warung's manager.
    const gateway = await startGateway();
    const smtp = await startSmtp();
    try {
      const worker = createNotificationWorker({
        db: server.database.db,
        clock: systemClock,
        secretKey: Buffer.alloc(32, 7),
        channels: {
          sms: createWebhookChannel({ url: gateway.url, authHeader: { name: 'Authorization', value: 'Bearer e2e-gateway' }, template: DEFAULT_NOTIFY_TEMPLATE, timeoutMs: 5_000 }),
          email: createSmtpChannel({ url: smtp.url, from: 'jagabaya@denpasarkota.go.id', timeoutMs: 5_000 }),
        },
        maxAttempts: 3,
        leaseMs: 60_000,
      });
      const round = await worker.runOnce();
      expect(round.failed).toBe(0);
      expect(gateway.requests.map((r) => r.json.to).sort()).toEqual(['+6281355500002', '+6281355500003']);
      expect(gateway.requests.every((r) => r.headers.authorization === 'Bearer e2e-gateway')).toBe(true);
      expect(String(gateway.requests.find((r) => r.json.to === '+6281355500002')?.json.body)).toContain(link);
      expect(smtp.mails.map((m) => m.to)).toContainEqual(['komang@warung.example']);
      expect(smtp.mails.map((m) => m.raw).join('')).not.toContain('Kadek');
      expect((await worker.runOnce()).sent).toBe(0); // nothing is sent twice
    } finally {
      await gateway.close();
      await smtp.close();
    }

    // The contact reports on a phone.
    const phoneContext = await browser.newContext({ locale: 'id-ID', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const phone = await phoneContext.newPage();
    await phone.goto(link);
    await phone.getByTestId('quarantine-end').waitFor();
    await screenshot(phone, `tracing-${dialect}-04-contact-link`);
    await phone.locator('input[name="condition"][value="symptoms"]').check();
    await phone.locator('input[name="symptoms"][value="cough"]').check();
    await phone.locator('input[name="temperature"]').fill('38.2');
    await phone.getByRole('button').click();
    await phone.getByText('laporan hari ini tersimpan').waitFor();
    await screenshot(phone, `tracing-${dialect}-05-contact-reported`);
    const wrong = await phone.goto(`${server.url}/k/this-link-does-not-exist-xyz`);
    expect(wrong?.status()).toBe(404);
    await screenshot(phone, `tracing-${dialect}-06-wrong-link`);
    await phoneContext.close();

    // The follow-up list shows the report; the other contact tests positive and becomes a linked case.
    await page.getByTestId('nav-contacts').click();
    await page.getByTestId('contacts-table').waitFor();
    await page.locator('[data-testid="contact-row"][data-name="Made Wirawan"]').getByText('batuk').waitFor();
    // 38.2 °C is flagged for the tracer, not left as a plain number; dates read as dates, the desa by its name.
    expect(await page.locator('[data-testid="contact-row"][data-name="Made Wirawan"]').getByTestId('contact-fever').innerText()).toBe('Demam ≥ 38 °C');
    expect(await page.locator('[data-testid="contact-row"][data-name="Putu Ayu"]').getByTestId('contact-fever').count()).toBe(0);
    expect(await page.getByTestId('contacts-table').innerText()).toMatch(/\d{1,2} Des 2026/);
    await screenshot(page, `tracing-${dialect}-07-follow-up`);
    await page.locator('[data-testid="contact-row"][data-name="Putu Ayu"]').getByTestId('contact-positive').click();
    await page.locator('[data-testid="contact-row"][data-name="Putu Ayu"]').waitFor({ state: 'detached' });

    await page.getByTestId('nav-clusters').click();
    await page.getByTestId('clusters-list').waitFor();
    const clusters = await page.getByTestId('cluster').allInnerTexts();
    expect(clusters.some((c) => c.includes('Warung Makan Bu Komang') && c.includes('2 kasus'))).toBe(true);
    await page.getByTestId('chains').getByText('Putu Ayu').waitFor();
    await screenshot(page, `tracing-${dialect}-08-clusters`);

    // The venue's page shows the task force when a confirmed case was there (never who).
    await page.goto(`${server.url}/venues/${venueId}`);
    await page.getByTestId('venue-case-notices').waitFor();
    expect(await page.getByTestId('venue-case-notices').innerText()).not.toContain('Kadek');
    await screenshot(page, `tracing-${dialect}-09-venue-notices`);
    await context.close();
  }, 120_000);
});
