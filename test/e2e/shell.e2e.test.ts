import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import id from '../../src/i18n/id.json' with { type: 'json' };
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot } from './browser.js';
import { startServer, type RunningServer } from './server.js';

describe('web shell in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  /** Every Content-Security-Policy violation any page of this suite reported (the browser's console and the DOM event). */
  const cspViolations: string[] = [];
  const watchCsp = async (p: Page) => {
    p.on('console', (msg) => {
      if (/content[- ]security[- ]policy/i.test(msg.text())) cspViolations.push(`${p.url()}: ${msg.text()}`);
    });
    await p.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`Content-Security-Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
      });
    });
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await watchCsp(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the login page in Indonesian, refuses a wrong password, logs in', async () => {
    await page.goto(`${server.url}/`);
    await page.getByTestId('login-username').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    await screenshot(page, '01-login-id');
    await page.getByTestId('login-username').fill(ADMIN.username);
    await page.getByTestId('login-password').fill('wrong-password-1');
    await page.getByTestId('login-submit').click();
    await page.getByText('Nama pengguna atau kata sandi salah').waitFor();
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-regions').waitFor();
    await expect(page.getByTestId('nav-users').isVisible()).resolves.toBe(true);
    // The test server's PUBLIC_URL is 127.0.0.1: the administrator is told posters would not open on a phone.
    await expect(page.getByTestId('public-url-warning').textContent()).resolves.toContain(`poster QR dan tautan SMS tidak dapat dibuka dari ponsel warga. Atur PUBLIC_URL`);
    await screenshot(page, '02-shell-id');
  });

  it('switches to English and back in one click', async () => {
    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.getByTestId('nav-regions').getByText('Regions').waitFor();
    await screenshot(page, '03-shell-en');
    // The account's notifications are written in the language the person reads the app in: the switch told the server.
    const language = async () =>
      (await server.database.db.selectFrom('user_preferences').innerJoin('users', 'users.id', 'user_preferences.user_id').select('language').where('users.username', '=', ADMIN.username).executeTakeFirst())?.language;
    await expect.poll(language).toBe('en');
  });

  it('opens the region tree and the map of the 43 desa/kelurahan', async () => {
    await page.getByTestId('nav-regions').click();
    await page.getByTestId('region-tree').waitFor();
    await page.getByTestId('region-map').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.region-polygon').length === 43);
    await expect(page.getByTestId('region-tree').getByText('Denpasar Selatan').first().isVisible()).resolves.toBe(true);
    await page.locator('.region-polygon').first().click({ force: true });
    await screenshot(page, '04-regions-map-en');
    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'id');
    await screenshot(page, '05-regions-map-id');
  });

  it('shows a region name from the boundary file as text in the map tooltip, never as markup', async () => {
    // Names come from an imported boundary file; one carrying markup must show as the characters it is.
    const markup = '<img src="/x" class="injected">Dauh Puri';
    const probe = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await probe.context().addCookies(await page.context().cookies());
    await probe.route('**/api/v1/regions/geojson?*', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { features: { properties: { name: string } }[] };
      for (const feature of body.features) feature.properties.name = markup;
      await route.fulfill({ response, json: body });
    });
    await probe.goto(`${server.url}/regions`);
    await probe.waitForFunction(() => document.querySelectorAll('.region-polygon').length === 43);
    await probe.locator('.region-polygon').nth(5).hover({ force: true });
    const tooltip = probe.locator('.leaflet-tooltip');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toBe(markup);
    expect(await probe.locator('.leaflet-tooltip img, img.injected').count()).toBe(0);
    await probe.close();
  });

  it('lists users and the audit log for the administrator', async () => {
    await page.getByTestId('nav-users').click();
    await page.getByText(ADMIN.username, { exact: true }).first().waitFor();
    await screenshot(page, '06-users');
    await page.getByTestId('nav-audit').click();
    // Actions read as words from the catalogue (the raw code only in the tooltip).
    await page.locator('table').getByText(id.audit.actions.auth.login).first().waitFor();
    await screenshot(page, '07-audit');
  });

  it('a narrow phone screen still reaches the navigation', async () => {
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await watchCsp(phone);
    await phone.goto(`${server.url}/login`);
    await phone.getByTestId('login-username').waitFor();
    await screenshot(phone, '08-login-phone');
    await phone.close();
  });

  it('logs out back to the login page', async () => {
    await page.getByTestId('logout').click();
    await page.getByTestId('login-username').waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
    expect(me).toBe(401);
  });

  it('the login page and the shell (regions map, users, audit) break no rule of the Content-Security-Policy', () => {
    expect(cspViolations).toEqual([]);
  });
});
