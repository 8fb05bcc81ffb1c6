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

  async function signedIn(width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(ADMIN.username);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('page-regions').waitFor();
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

  it('/zona gives the shared opening status in Indonesian and English', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
    await page.goto(`${server.url}/zona?desa=${SERANGAN}&sector=trade`);
    await page.getByTestId('rules-verdict').waitFor();
    await screenshot(page, 'first-run-05-zona-390-id');
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.getByTestId('rules-verdict').waitFor();
    await screenshot(page, 'first-run-06-zona-1366-en');
    await page.close();
  });
});
