/**
 * What bench/lighthouse.ts and the browser suite (test/e2e/lighthouse.e2e.test.ts) share: Debian's Chromium as
 * Lighthouse wants it, the public pages of a prepared server, and one Lighthouse run (mobile form factor, simulated
 * throttling: Lighthouse's default slow 4G and 4× CPU slowdown) reduced to the figures both print.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import type { DatabaseHandle } from '../src/server/db/kysely.js';
import { prepareVenues } from './checkin-load.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;

/** Headless, no sandbox (containers), nothing in the background that would add requests or CPU to a measurement. */
export function launchChromium(): Promise<chromeLauncher.LaunchedChrome> {
  return chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface Measure {
  performance: number;
  accessibility: number;
  'best-practices': number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  bytes: number;
}

export interface PublicPage {
  label: string;
  path: string;
  /** Open to anyone without an account (issue #17's list); the resident and login pages are measured, not required. */
  public: boolean;
}

/**
 * One verified venue with a poster on a fresh server (through its API, as an administrator), and the pages to audit.
 * `admin` is the server's bootstrap administrator; `secretKeyHex` its SECRET_KEY (the poster's token depends on it).
 */
export async function preparePages(serverUrl: string, database: DatabaseHandle, options: { admin?: { username: string; password: string }; secretKeyHex?: string } = {}): Promise<PublicPage[]> {
  const [token] = await prepareVenues(serverUrl, database, 1, options);
  const venue = await database.db.selectFrom('venues').select('id').executeTakeFirstOrThrow();
  return [
    { label: 'check-in page', path: `/c/${token}`, public: true },
    { label: 'zone page', path: '/zona', public: true },
    { label: 'public venue list', path: '/tempat', public: true },
    { label: 'public venue page', path: `/tempat/${venue.id}`, public: true },
    { label: 'newcomer report form', path: '/lapor-diri', public: true },
    { label: 'resident page', path: '/saya', public: false },
    { label: 'login', path: '/login', public: false },
    { label: 'open data', path: '/open-data', public: true },
  ];
}

/**
 * One Lighthouse run of `url` in the Chromium at `port`. `runtimeError` says when Lighthouse could not audit the
 * page at all (its scores are then zeros). `losses` names each weighted accessibility or
 * best-practices audit that did not pass, so a score below 1 says why. With `reportFile` the full JSON report is
 * written there (long tasks, the LCP element, bootup time: what to read before changing a page).
 */
export async function auditPage(url: string, port: number, reportFile?: string): Promise<{ measure: Measure; losses: string[]; runtimeError?: string }> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
  if (!result) throw new Error(`no Lighthouse result for ${url}`);
  if (reportFile) writeFileSync(path.resolve(reportFile), typeof result.report === 'string' ? result.report : JSON.stringify(result.lhr));
  const { categories, audits } = result.lhr;
  const losses: string[] = [];
  for (const key of ['accessibility', 'best-practices'] as const) {
    for (const ref of categories[key]?.auditRefs ?? []) {
      const audit = audits[ref.id];
      if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) losses.push(`${key} loses on ${ref.id} (${audit.title})`);
    }
  }
  // Lighthouse itself failed (a protocol timeout on a loaded machine, no paint in time): its scores say nothing about
  // the page, so the caller is told why instead of reading zeros.
  const failure = result.lhr.runtimeError;
  return {
    ...(failure ? { runtimeError: `${failure.code}: ${failure.message}` } : {}),
    measure: {
      performance: categories.performance?.score ?? 0,
      accessibility: categories.accessibility?.score ?? 0,
      'best-practices': categories['best-practices']?.score ?? 0,
      fcpMs: audits['first-contentful-paint']?.numericValue ?? NaN,
      lcpMs: audits['largest-contentful-paint']?.numericValue ?? NaN,
      tbtMs: audits['total-blocking-time']?.numericValue ?? NaN,
      cls: audits['cumulative-layout-shift']?.numericValue ?? NaN,
      bytes: audits['total-byte-weight']?.numericValue ?? NaN,
    },
    losses,
  };
}
