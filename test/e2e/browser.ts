import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/server/shared/paths.js';
import { notificationDataKey, openNotification } from '../../src/server/modules/notifications/notifications.outbox.js';
import { normalizePhone } from '../../src/server/shared/phone.js';
import { TEST_SECRET_KEY } from '../databases.js';
import type { RunningServer } from './server.js';

/** Screenshots land here; the test run prints the folder so a person can look at them. */
export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test-results', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${file}`);
  return file;
}

/** The code of the last SMS to this number in the server's outbox, as the resident's phone would show it. */
export async function lastSmsCodeTo(server: RunningServer, phone: string): Promise<string> {
  const e164 = normalizePhone(phone);
  const rows = await server.database.db.selectFrom('notifications').selectAll().where('channel', '=', 'sms').orderBy('id').execute();
  const sms = rows.map((row) => openNotification(notificationDataKey(TEST_SECRET_KEY), row)).filter((m) => m.to === e164);
  const match = /\b(\d{6})\b/.exec(sms.at(-1)?.body ?? '');
  if (!match) throw new Error(`no code sent to ${phone}`);
  return match[1]!;
}

/**
 * The resident's sign-in on /saya, first step: opens the page, types the number, asks for the code; answers the code
 * the SMS brought. `screenshotOfForm` names a screenshot of the empty phone form.
 */
export async function requestSayaCode(page: Page, server: RunningServer, phone: string, options: { screenshotOfForm?: string } = {}): Promise<string> {
  await page.goto(`${server.url}/saya`);
  await page.getByTestId('saya-phone-form').waitFor();
  if (options.screenshotOfForm) await screenshot(page, options.screenshotOfForm);
  await page.getByTestId('saya-phone').fill(phone);
  await page.getByTestId('saya-send-code').click();
  await page.getByTestId('saya-code-form').waitFor();
  return lastSmsCodeTo(server, phone);
}

/** The second step: types a code and signs in (the caller waits for what should follow: the space, or the error). */
export async function enterSayaCode(page: Page, code: string): Promise<void> {
  await page.getByTestId('saya-code').fill(code);
  await page.getByTestId('saya-sign-in').click();
}

/** The resident's whole sign-in on /saya with the code of their SMS; resolves when their space shows. */
export async function signInOnSaya(page: Page, server: RunningServer, phone: string): Promise<void> {
  await enterSayaCode(page, await requestSayaCode(page, server, phone));
  await page.getByTestId('saya-space').waitFor();
}
