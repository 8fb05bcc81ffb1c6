import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN } from '../app-harness.js';
import { launchBrowser, screenshot } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// Issue #15 in Chromium: a newcomer reports their arrival on a phone without an account (lapor diri), the server's
// field errors land on the form, and the village's queue holds the report. Since issue #17 the page is drawn by the
// server without script: the form posts, and the answer is a page.

describe('newcomer self-report (lapor diri) in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // An Indonesian phone: the server's page speaks the browser's language until one is chosen.
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'id-ID' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the form in Indonesian on a 390 px phone, marks a wrong NIK by the field, and answers a reference', async () => {
    await page.goto(`${server.url}/lapor-diri`);
    await page.getByTestId('arrival-form').waitFor();
    // Everything is in the first HTML: the villages, today's date, and no script at all.
    expect(await page.locator('[data-testid="arrival-region"] option').count()).toBeGreaterThan(40);
    expect(await page.getByTestId('arrival-date').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    // The NIK field shows, the passport field waits for its choice.
    expect(await page.getByTestId('arrival-nik').isVisible()).toBe(true);
    expect(await page.getByTestId('arrival-passport').isVisible()).toBe(false);
    await screenshot(page, 'arrivals-01-form-id-390');
    await page.getByTestId('arrival-name').fill('Putu Pendatang');
    await page.getByTestId('arrival-nik').fill('5171013202850001');
    await page.getByTestId('arrival-phone').fill('0812 5555 6666');
    await page.getByTestId('arrival-origin').fill('Surabaya, Jawa Timur');
    await page.getByTestId('arrival-region').selectOption({ label: 'Serangan' });
    await page.getByTestId('arrival-address').fill('Jl. Tukad Punggawa, Kos Melati 3');
    await page.getByTestId('arrival-purpose').fill('Bekerja');
    await page.getByTestId('arrival-submit').click();
    await page.getByText('tanggal lahir pada NIK tidak mungkin').waitFor();
    // The answer is the form again: the message beside the field, the summary above, what was typed kept.
    expect(await page.getByTestId('arrival-nik-error').textContent()).toContain('tanggal lahir pada NIK tidak mungkin');
    expect(await page.getByTestId('arrival-nik').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('arrival-error').textContent()).toBe('Periksa isian yang ditandai.');
    expect(await page.getByTestId('arrival-name').inputValue()).toBe('Putu Pendatang');
    expect(await page.getByTestId('arrival-region').inputValue()).toBe('51.71.01.1001');
    await screenshot(page, 'arrivals-02-nik-error-id-390');
    await page.getByTestId('arrival-nik').fill('3578011708850001');
    await page.getByTestId('arrival-submit').click();
    await page.getByTestId('arrival-receipt').waitFor();
    expect(await page.getByTestId('arrival-receipt').textContent()).toMatch(/LD-[0-9A-Z]{8}/);
    await screenshot(page, 'arrivals-03-receipt-id-390');
  });

  it('a foreigner reports with a passport, in English', async () => {
    const en = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'id-ID' });
    await en.goto(`${server.url}/lapor-diri`);
    await en.getByText('Lapor diri pendatang').first().waitFor();
    await en.getByTestId('lang-switch').click();
    await en.getByText("Newcomer's self-report").first().waitFor();
    await en.getByTestId('arrival-id-kind').selectOption('passport');
    // Without script, the choice swaps the fields by CSS.
    await en.getByTestId('arrival-passport').waitFor();
    expect(await en.getByTestId('arrival-nik').isVisible()).toBe(false);
    await en.getByTestId('arrival-name').fill('Jane Doe');
    await en.getByTestId('arrival-passport').fill('X1234567');
    await en.getByTestId('arrival-phone').fill('+61 412 345 678');
    await en.getByTestId('arrival-origin').fill('Perth, Australia');
    await en.getByTestId('arrival-region').selectOption({ label: 'Serangan' });
    await en.getByTestId('arrival-address').fill('Villa Bunga, Jl. Tukad Punggawa');
    await en.getByTestId('arrival-purpose').fill('Remote work');
    await screenshot(en, 'arrivals-04-form-en-390');
    await en.getByTestId('arrival-submit').click();
    await en.getByTestId('arrival-receipt').waitFor();
    expect(await en.getByTestId('arrival-receipt').textContent()).toMatch(/Self-isolate until \d{4}-\d{2}-\d{2}/);
    await screenshot(en, 'arrivals-05-receipt-en-390');
    // The kos owner's form is the web app's; its "Myself" goes back to the server's page, still in English.
    await en.goto(`${server.url}/lapor-diri/kos`);
    await en.getByTestId('kos-owner-name').waitFor();
    await en.getByTestId('arrival-mode-self').click();
    await en.getByTestId('arrival-form').waitFor();
    expect(new URL(en.url()).pathname).toBe('/lapor-diri');
    expect(await en.locator('html').getAttribute('lang')).toBe('en');
    await en.close();
  });

  it('the reports reach the administrator’s queue (the village officer’s in production)', async () => {
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const queue = (await (await fetch(`${server.url}/api/v1/arrivals`, { headers: { cookie } })).json()) as { name: string; passport: string | null }[];
    expect(queue.map((a) => a.name).sort()).toEqual(['Jane Doe', 'Putu Pendatang']);
    expect(queue.find((a) => a.name === 'Jane Doe')?.passport).toBe('X1234567');
  });
});
