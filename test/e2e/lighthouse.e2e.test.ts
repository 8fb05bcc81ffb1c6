import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedChrome } from 'chrome-launcher';
import { auditPage, launchChromium, preparePages, type PublicPage } from '../../bench/lighthouse-audit.js';
import { ADMIN } from '../app-harness.js';
import { startServer, type RunningServer } from './server.js';

// Issue #17: Lighthouse (mobile, simulated throttling) on every public page — the check-in page a poster's QR opens,
// the zone page, the public venue list and a venue's page, the newcomers' report form and the open-data page — finds
// nothing to take off accessibility or best practices: both categories score exactly 1.
//
// Performance is printed, not asserted: its score depends on how fast this (shared) machine's CPU is during the run,
// and the project allows no timed assertions in tests. It is measured by `bench/lighthouse.ts` (median of RUNS runs;
// `MIN_PERFORMANCE=0.95` makes it exit 1 below the bar), see bench/README.md "Lighthouse on the public pages".
// One Lighthouse run per page (about 10 s each), the same module and Chromium flags as the benchmark.

describe('Lighthouse on the public pages', () => {
  let server: RunningServer;
  let chrome: LaunchedChrome;
  let pages: PublicPage[];

  beforeAll(async () => {
    server = await startServer();
    chrome = await launchChromium();
    pages = (await preparePages(server.url, server.database, { admin: ADMIN })).filter((p) => p.public);
  });
  afterAll(async () => {
    chrome?.kill();
    await server?.close();
  });

  it('scores 1 for accessibility and best practices on each public page', { timeout: 180_000 }, async () => {
    expect(pages.map((p) => p.label)).toEqual(['check-in page', 'zone page', 'public venue list', 'public venue page', 'newcomer report form', 'open data']);
    const scores: Record<string, { accessibility: number; 'best-practices': number; losses: string[] }> = {};
    for (const { label, path } of pages) {
      // Lighthouse failing to audit at all (a protocol timeout when the shared machine is overloaded) is not a verdict
      // on the page: one more try; a second failure is reported as such below.
      let run = await auditPage(server.url + path, chrome.port);
      if (run.runtimeError) {
        console.log(`${label}: Lighthouse could not audit (${run.runtimeError}), trying once more`);
        run = await auditPage(server.url + path, chrome.port);
      }
      const { measure, losses, runtimeError } = run;
      if (runtimeError) losses.push(`Lighthouse could not audit: ${runtimeError}`);
      console.log(`${label.padEnd(22)} performance ${measure.performance.toFixed(2)} (not asserted: bench/lighthouse.ts)  accessibility ${measure.accessibility}  best practices ${measure['best-practices']}`);
      scores[label] = { accessibility: measure.accessibility, 'best-practices': measure['best-practices'], losses };
    }
    // All pages at once, so one failure names every page and every audit that lost points.
    expect(scores).toEqual(Object.fromEntries(pages.map((p) => [p.label, { accessibility: 1, 'best-practices': 1, losses: [] }])));
  });
});
