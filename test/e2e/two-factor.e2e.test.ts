import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, SERANGAN } from '../app-harness.js';
import { launchBrowser, screenshot, SCREENSHOT_DIR } from './browser.js';
import { startServer, type RunningServer } from './server.js';

/*
 * Two-step verification in Chromium (issue #14, finding 14): the administrator makes it mandatory for health tracers,
 * a tracer is sent to set it up (QR code, first code, recovery codes), then signs in with the password and a code.
 * The server runs on the real clock, so codes are computed with otpauth from the key the page shows, at Date.now().
 */

const TRACER = { username: 'tracer-e2e', password: 'tracer-password-123' };

describe('two-step verification in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Page;
  let tracer: Page;
  let secret = '';

  const codeAt = (at: number) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at });

  async function signIn(page: Page, username: string, password: string) {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // The tracer's account, made through the API as the administrator would.
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const created = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ ...TRACER, displayName: 'Tracer E2E', assignments: [{ role: 'health_tracer', regionCode: SERANGAN }] }),
    });
    expect(created.status).toBe(201);
    admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    tracer = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the administrator makes it mandatory for health tracers', async () => {
    await signIn(admin, ADMIN.username, ADMIN.password);
    await admin.getByTestId('nav-users').click();
    await admin.getByTestId('two-factor-policy').waitFor();
    expect(await admin.getByTestId('two-factor-role-health_tracer').isChecked()).toBe(false);
    await admin.getByTestId('two-factor-role-health_tracer').check();
    await admin.getByTestId('two-factor-policy-save').click();
    await admin.getByText('Tersimpan.').waitFor();
    await admin.getByTestId('two-factor-policy').scrollIntoViewIfNeeded();
    await screenshot(admin, 'two-factor-01-policy-id');
  });

  it('a tracer without it is sent to set it up: QR code, first code, recovery codes shown once', async () => {
    await signIn(tracer, TRACER.username, TRACER.password);
    await tracer.getByTestId('two-factor-required').waitFor();
    expect(new URL(tracer.url()).pathname).toBe('/account');
    await expect(tracer.getByTestId('nav-cases').count()).resolves.toBe(0);
    await tracer.getByTestId('two-factor-start').click();
    await tracer.getByTestId('two-factor-qr').waitFor();
    await tracer.waitForFunction(() => document.querySelector<HTMLImageElement>('[data-testid="two-factor-qr"]')?.naturalWidth !== 0);
    secret = (await tracer.getByTestId('two-factor-key').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await screenshot(tracer, 'two-factor-02-enrol-id');
    // The QR code alone, for decoding it (zbarimg) and comparing with the key shown.
    await tracer.getByTestId('two-factor-qr').screenshot({ path: `${SCREENSHOT_DIR}/two-factor-02-qr.png` });

    await tracer.getByLabel('Kode dari aplikasi').fill(codeAt(Date.now()));
    await tracer.getByTestId('two-factor-confirm').click();
    await tracer.getByTestId('recovery-codes').waitFor();
    expect(await tracer.getByTestId('recovery-codes').locator('li').count()).toBe(10);
    await screenshot(tracer, 'two-factor-03-recovery-codes-id');
    await tracer.getByTestId('recovery-codes-saved').click();
    await tracer.getByTestId('two-factor-status').waitFor();
    // Now on: the whole shell again.
    await tracer.getByTestId('nav-cases').waitFor();
  });

  it('signs in with the password, then the code of the app', async () => {
    await tracer.getByTestId('logout').click();
    await tracer.getByTestId('login-username').waitFor();
    await signIn(tracer, TRACER.username, TRACER.password);
    await tracer.getByTestId('second-step-form').waitFor();
    await screenshot(tracer, 'two-factor-04-login-second-step-id');
    await tracer.getByTestId('lang-switch').click();
    await tracer.getByText('Code from your authenticator app').waitFor();
    await screenshot(tracer, 'two-factor-05-login-second-step-en');

    await tracer.getByTestId('login-code').fill('000000' === codeAt(Date.now()) ? '111111' : '000000');
    await tracer.getByTestId('login-code-submit').click();
    await tracer.getByTestId('login-error').getByText('The verification code is wrong').waitFor();
    // The step the enrolment used is spent; the next step's code is inside the ±1 window and not used yet.
    await tracer.getByTestId('login-code').fill(codeAt(Date.now() + 30_000));
    await tracer.getByTestId('login-code-submit').click();
    await tracer.getByTestId('nav-cases').waitFor();
    expect(await tracer.getByTestId('user-display-name').innerText()).toBe('Tracer E2E');
  });

  it('the administrator sees it on the user card and resets it after a lost phone', async () => {
    await admin.reload();
    const card = admin.getByTestId(`user-${TRACER.username}`);
    await card.getByText('Verifikasi dua langkah aktif').waitFor();
    await admin.getByTestId(`user-${TRACER.username}-reset-two-factor`).click();
    await admin.getByTestId(`user-${TRACER.username}-reset-two-factor-confirm`).click();
    await card.getByText('diatur ulang').waitFor();
    await screenshot(admin, 'two-factor-06-admin-reset-id');
    // The tracer's session has ended; signing in again leads back to setting it up.
    await signIn(tracer, TRACER.username, TRACER.password);
    await tracer.getByTestId('two-factor-start').waitFor();
  });
});
