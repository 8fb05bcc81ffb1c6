// Issue #18 in Chromium: the first-run rule set (banner on home and the policies screens until a city-wide rule set
// is in force, adopt the template as a draft starting today, publish with a confirmation) and /zona's opening status.
// Screenshots at 1366 and 390 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot as fullScreenshot } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const SERANGAN = '51.71.01.1001';

async function screenshot(page: Page, name: string): Promise<string> {
  await page.evaluate(() => window.scrollTo(0, 0));
  return fullScreenshot(page, name);
}

describe('first-run rule set and the opening status in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(width: number, user: { username: string; password: string } = ADMIN): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(user.username);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('page-home').waitFor();
    return page;
  }

  it('shows the administrator the first-run banner until a city-wide rule set is in force', async () => {
    const narrow = await signedIn(390);
    await narrow.getByTestId('first-run-rules').waitFor();
    await screenshot(narrow, 'first-run-01-home-390');
    await narrow.context().close();

    const page = await signedIn(1366);
    const banner = page.getByTestId('first-run-rules');
    await banner.waitFor();
    await expect(banner.innerText()).resolves.toContain('23:00');
    await screenshot(page, 'first-run-02-home-1366');
    await page.getByTestId('first-run-adopt-perwali-32-2020').click();
    await page.getByTestId('first-run-adopted').waitFor();
    // The draft waits; the banner now points at it.
    await page.getByTestId('first-run-open-draft').waitFor();
    await screenshot(page, 'first-run-03-draft-1366');
    // Publishing a city-wide rule set asks first.
    await page.getByTestId('rs-publish').click();
    const confirm = page.getByTestId('rs-publish-confirm');
    await confirm.waitFor();
    await screenshot(page, 'first-run-04-publish-confirm-1366');
    await confirm.click();
    await page.getByTestId('first-run-rules').waitFor({ state: 'detached' });
    await page.getByTestId('nav-regions').click();
    await page.getByTestId('page-regions').waitFor();
    await page.waitForTimeout(500);
    expect(await page.getByTestId('first-run-rules').count()).toBe(0);
    await page.context().close();
  });

  it('the PKM form offers only the desa adat that overlap the chosen desa', async () => {
    // The perbekel of Pedungan: their desa is chosen for them, and only its desa adat is offered.
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = String(login.headers.get('set-cookie')).split(';')[0] ?? '';
    const officer = { username: 'perbekel.pedungan.e2e', password: 'staff-password-123' };
    const created = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ ...officer, displayName: 'Perbekel Pedungan', assignments: [{ role: 'village_officer', regionCode: '51.71.01.1002' }] }),
    });
    expect(created.status).toBe(201);
    for (const width of [1366, 390]) {
      const page = await signedIn(width, officer);
      await page.goto(`${server.url}/pkm`);
      await page.getByTestId('pkm-new').click();
      await page.getByTestId('pkm-form').waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="pkm-adat"] option').length > 1);
      const options = await page.locator('[data-testid="pkm-adat"] option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean));
      expect(options).toEqual(['51.71.DA04']);
      await screenshot(page, `first-run-07-pkm-form-${width}`);
      await page.context().close();
    }
  });

  it('/zona gives the shared opening status in Indonesian and English', async () => {
    // A browser set to Indonesian: the server draws the page in the language of Accept-Language until one is chosen.
    const page = await browser.newPage({ viewport: { width: 390, height: 900 }, locale: 'id-ID' });
    await page.goto(`${server.url}/zona`);
    // No script on the page: the desa and sector are chosen in a GET form, sent with its button.
    await page.getByTestId('public-desa').selectOption(SERANGAN);
    await page.getByTestId('public-sector').selectOption('trade');
    await Promise.all([page.waitForURL(/[?&]desa=51\.71\.01\.1001&sector=trade/), page.getByTestId('public-zones-submit').click()]);
    await page.getByTestId('rules-verdict').waitFor();
    await screenshot(page, 'first-run-05-zona-390-id');
    await page.setViewportSize({ width: 1366, height: 900 });
    await Promise.all([page.waitForURL(/[?&]lang=en/), page.getByTestId('lang-switch').click()]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByTestId('rules-verdict').waitFor();
    await screenshot(page, 'first-run-06-zona-1366-en');
    await page.close();
  });
});
