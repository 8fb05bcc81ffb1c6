import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot } from './browser.js';
import { signupLinkFor, startServer, type RunningServer } from './server.js';

// Issue #4 in Chromium: a venue manager signs up alone, registers a venue on the map, the village officer verifies
// it, the manager downloads the QR poster and its QR (decoded from the rendered PDF) opens the venue's page.
// Needs poppler-utils (pdftoppm) and zbar-tools (zbarimg), like the poster tests.

const run = promisify(execFile);
const SERANGAN = '51.71.01.1001';
const PEDUNGAN = '51.71.01.1002';
const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z/C/HgAGgwJ/lK3Q6wAAAABJRU5ErkJggg==';

describe('venues in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let managerContext: BrowserContext;
  let manager: Page;
  let workDir = '';
  let venueId = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    managerContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    manager = await managerContext.newPage();
    workDir = await mkdtemp(path.join(tmpdir(), 'jb-venues-e2e-'));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  /** Clicks the middle of a desa's polygon on the location map. */
  async function clickDesa(page: Page, code: string) {
    const polygon = page.locator(`[data-testid="location-map"] path[data-code="${code}"]`);
    await polygon.waitFor();
    const box = await polygon.boundingBox();
    if (!box) throw new Error(`polygon ${code} not drawn`);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }

  it('a venue manager signs up from the login page, opens the mailed link and is signed in', async () => {
    await manager.goto(`${server.url}/login`);
    await manager.getByTestId('signup-link').click();
    await manager.getByTestId('signup-form').waitFor();
    await manager.getByTestId('signup-name').fill('Ni Komang Sari');
    await manager.getByTestId('signup-phone').fill('0812-3456-7890');
    await manager.getByTestId('signup-email').fill('komang.sari@example.id');
    await manager.getByTestId('signup-password').fill('short');
    await manager.getByTestId('signup-submit').click();
    await manager.getByTestId('signup-password-error').waitFor();
    await screenshot(manager, 'venues-01-signup-id');
    await manager.getByTestId('signup-password').fill('kata-sandi-aman-1');
    await manager.getByTestId('signup-submit').click();
    // The same answer whether or not the address is registered: the mail carries the link that creates the account.
    await manager.getByTestId('signup-sent').waitFor();
    // The page's "who am I" probe answers after the link has signed the manager in (as under load): its older
    // "signed out" must not send them back to the log-in page.
    const slowProbe = async (route: Route) => {
      const response = await route.fetch(); // asked before the link signs in: "signed out"
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await route.fulfill({ response }).catch(() => undefined);
    };
    await manager.route('**/api/v1/session', slowProbe);
    await manager.goto(await signupLinkFor(server, 'komang.sari@example.id'));
    await manager.getByTestId('page-register-venue').waitFor();
    await manager.waitForTimeout(2_500);
    expect(manager.url()).toMatch(/\/venues\/new$/);
    await manager.unroute('**/api/v1/session', slowProbe);
    await expect(manager.getByTestId('nav-my-venues').isVisible()).resolves.toBe(true);
    await expect(manager.getByTestId('nav-users').count()).resolves.toBe(0);
  });

  it('registers a venue on the map, warned when the point lies in another desa', async () => {
    await manager.getByTestId('venue-name').fill('Warung Makan Bu Komang');
    await manager.getByTestId('venue-sector').selectOption('trade');
    await manager.getByTestId('venue-type').selectOption('warung');
    await manager.getByTestId('venue-address').fill('Jl. Tukad Punggawa No. 7, Serangan');
    await manager.getByTestId('venue-region').selectOption(SERANGAN);
    await manager.getByTestId('venue-capacity').fill('40');
    await manager.getByTestId('venue-opens').fill('08:00');
    await manager.getByTestId('venue-closes').fill('22:00');
    // A point in the neighbouring desa: the form warns and asks for a confirmation.
    await clickDesa(manager, PEDUNGAN);
    await manager.getByTestId('venue-mismatch').waitFor();
    await expect(manager.getByTestId('venue-mismatch').textContent()).resolves.toContain('Pedungan');
    await screenshot(manager, 'venues-02-register-mismatch');
    await clickDesa(manager, SERANGAN);
    await manager.getByTestId('venue-mismatch').waitFor({ state: 'detached' });
    await manager.getByText('berada di Serangan').waitFor();
    await screenshot(manager, 'venues-03-register-form');
    await manager.getByTestId('venue-submit').click();
    await manager.getByTestId('page-venue').waitFor();
    await expect(manager.getByTestId('venue-status').getAttribute('data-status')).resolves.toBe('pending');
    venueId = manager.url().split('/venues/')[1] ?? '';
    expect(venueId).toMatch(/^[0-9a-f-]{36}$/);
    await manager.getByTestId('self-assessment-all-met').click();
    await manager.getByTestId('self-assessment-submit').click();
    await manager.getByTestId('self-assessment-saved').waitFor();
    await screenshot(manager, 'venues-04-venue-pending');
  });

  it('the village officer of the desa verifies it from the queue', async () => {
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const adminCookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const created = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: adminCookie },
      body: JSON.stringify({ username: 'lurah.serangan', password: 'lurah-password-1', displayName: 'Lurah Serangan', assignments: [{ role: 'village_officer', regionCode: SERANGAN }] }),
    });
    expect(created.status).toBe(201);

    const officerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const officer = await officerContext.newPage();
    await officer.goto(`${server.url}/login`);
    await officer.getByTestId('login-username').fill('lurah.serangan');
    await officer.getByTestId('login-password').fill('lurah-password-1');
    await officer.getByTestId('login-submit').click();
    await officer.getByTestId('nav-venue-queue').click();
    await officer.getByTestId('venue-queue').getByText('Warung Makan Bu Komang').waitFor();
    await screenshot(officer, 'venues-05-officer-queue');
    await officer.getByTestId('venue-queue').getByText('Warung Makan Bu Komang').click();
    await officer.getByTestId('verification-panel').waitFor();
    await officer.getByTestId('verify-approve').click();
    await officer.getByTestId('poster-panel').waitFor();
    await expect(officer.getByTestId('venue-status').getAttribute('data-status')).resolves.toBe('verified');
    await screenshot(officer, 'venues-06-officer-verified');

    // The same officer inspects it, with a photo: the compliance badge turns green and the inspection is listed.
    await officer.getByTestId('inspection-all-met').click();
    await officer.getByTestId('inspection-overall').selectOption('compliant');
    await officer.getByTestId('inspection-photo').setInputFiles({ name: 'pintu-masuk.png', mimeType: 'image/png', buffer: Buffer.from(ONE_PIXEL_PNG, 'base64') });
    await officer.getByTestId('inspection-submit').click();
    await officer.getByTestId('inspection-item').first().waitFor();
    await officer.locator('[data-testid="compliance"] [data-badge="green"]').first().waitFor();
    await officer.getByText('Lihat foto').waitFor();
    await screenshot(officer, 'venues-06b-officer-inspected');
    await officerContext.close();
  });

  it('the manager downloads the poster: a PDF whose QR (rendered and decoded) opens the venue page', async () => {
    await manager.reload();
    await manager.getByTestId('poster-panel').waitFor();
    await expect(manager.getByTestId('poster-number').textContent()).resolves.toMatch(/DPS-\d{6}-1/);
    // Whoever prints a poster is told when its link is a local address (the test server's PUBLIC_URL is 127.0.0.1).
    await expect(manager.getByTestId('public-url-warning').textContent()).resolves.toContain(`(${server.url})`);
    await screenshot(manager, 'venues-07-manager-poster');
    const [download] = await Promise.all([manager.waitForEvent('download'), manager.getByTestId('poster-pdf').click()]);
    const pdfPath = path.join(workDir, 'poster.pdf');
    await download.saveAs(pdfPath);
    const pdf = await readFile(pdfPath);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await run('pdftoppm', ['-r', '150', '-png', '-singlefile', pdfPath, path.join(workDir, 'poster')]);
    const { stdout } = await run('zbarimg', ['--raw', '-q', path.join(workDir, 'poster.png')]);
    const url = stdout.trim();
    expect(url).toMatch(new RegExp(`^${server.url.replace(/[.]/g, '\\.')}/c/[A-Za-z0-9_-]{38}$`));
    await writeFile(path.join(workDir, 'url.txt'), url);

    const visitor = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const response = await visitor.goto(url);
    expect(response?.status()).toBe(200);
    await visitor.getByText('Warung Makan Bu Komang').first().waitFor();
    await screenshot(visitor, 'venues-08-qr-page-phone');
    await visitor.close();
  });

  it('the venue appears on the public list and page, with its badge, without login', async () => {
    // A phone in Indonesian: the pages the server draws follow Accept-Language until the reader chooses.
    const anonymous = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
    // Drawn by the server: the filters are a GET form, the page runs no script at all.
    await anonymous.goto(`${server.url}/tempat`);
    await anonymous.getByTestId('public-desa').selectOption(SERANGAN);
    await anonymous.getByTestId('public-q').fill('Bu Komang');
    await Promise.all([anonymous.waitForURL(/[?&]q=Bu\+Komang/), anonymous.getByTestId('public-venue-search').click()]);
    expect(await anonymous.getByTestId('public-desa').inputValue()).toBe(SERANGAN);
    expect(await anonymous.locator('script').count()).toBe(0);
    await screenshot(anonymous, 'venues-09a-public-list');
    await anonymous.getByTestId('public-venue-list').getByText('Warung Makan Bu Komang').click();
    await anonymous.getByTestId('public-venue').waitFor();
    await anonymous.getByTestId('public-venue-rules').waitFor();
    await screenshot(anonymous, 'venues-09-public-venue-id');
    await anonymous.getByTestId('lang-switch').click();
    await anonymous.waitForFunction(() => document.documentElement.lang === 'en');
    await anonymous.getByText('Rules in force now').waitFor();
    await screenshot(anonymous, 'venues-10-public-venue-en');
    await anonymous.close();
  });

  it('my venues lists it as verified', async () => {
    await manager.getByTestId('nav-my-venues').click();
    await manager.getByTestId('venue-card').first().waitFor();
    await expect(manager.getByTestId('venue-card').first().getByTestId('venue-status').getAttribute('data-status')).resolves.toBe('verified');
    await screenshot(manager, 'venues-11-my-venues');
  });

  it('the manager changes the capacity and the contact phone: the history names both, and the phone without its values', async () => {
    await manager.goto(`${server.url}/venues/${venueId}`);
    await manager.getByTestId('venue-edit-open').click();
    await manager.locator('#edit-capacity').fill('35');
    await manager.locator('#edit-contact-phone').fill('0361 765 432');
    await manager.getByTestId('venue-edit-submit').click();
    const changes = manager.getByTestId('venue-history-changes').last();
    await changes.waitFor();
    await expect(changes.textContent()).resolves.toBe('Diubah: kapasitas, nomor HP penanggung jawab (isinya tidak dicatat: data pribadi)');
    await expect(manager.getByTestId('venue-history').textContent()).resolves.not.toMatch(/361\s*765|\+62361/);
    await screenshot(manager, 'venues-12-history-personal-field');
  });
});
