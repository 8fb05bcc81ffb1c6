/**
 * Lighthouse (mobile form factor, simulated throttling: Lighthouse's default slow-4G and 4× CPU slowdown) on the
 * public pages in Debian's Chromium, against the built product on SQLite: the check-in page a poster's QR opens,
 * the zone page, the public venue list and a venue's page, the newcomers' report form, the resident's page, the
 * login page and the open-data page. Prints performance, accessibility and best-practices scores with first and largest contentful paint,
 * total blocking time and bytes transferred. Each page is measured RUNS times (default 3) and the median reported,
 * since the machine is shared and simulated throttling still depends on the real CPU's speed.
 *
 *   npm run build && npx tsx bench/lighthouse.ts            # RUNS=5 for steadier medians
 *   MIN_PERFORMANCE=0.95 MIN_ACCESSIBILITY=1 npx tsx bench/lighthouse.ts   # exits 1 when a median falls below
 *   PAGES='open data,zone page' npx tsx bench/lighthouse.ts                 # only these pages (names as printed)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { openDatabase } from '../src/server/db/kysely.js';
import { spawnServer } from '../test/process/spawn-server.js';
import { ADMIN, LOAD_FROM_ONE_ADDRESS, prepareVenues } from './checkin-load.js';

const RUNS = Number(process.env.RUNS ?? 3);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;

interface Measure {
  performance: number;
  accessibility: number;
  'best-practices': number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  bytes: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jagabaya-lighthouse-'));
  const file = path.join(dir, 'jagabaya.db');
  const server = await spawnServer(
    { DATABASE_URL: `sqlite:${file}`, JAGABAYA_VAR_DIR: dir, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, ...LOAD_FROM_ONE_ADDRESS },
    { built: true },
  );
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const setup = openDatabase({ dialect: 'sqlite', file });
    const [token] = await prepareVenues(server.url, setup, 1);
    const venue = await setup.db.selectFrom('venues').select('id').executeTakeFirstOrThrow();
    await setup.close();
    const allPages: [string, string][] = [
      ['check-in page', `/c/${token}`],
      ['zone page', '/zona'],
      ['public venue list', '/tempat'],
      ['public venue page', `/tempat/${venue.id}`],
      ['newcomer report form', '/lapor-diri'],
      ['resident page', '/saya'],
      ['login', '/login'],
      ['open data', '/open-data'],
    ];
    const pages = allPages.filter(([name]) => !process.env.PAGES || process.env.PAGES.split(',').includes(name));
    const failures: string[] = [];
    console.log(`Lighthouse ${RUNS}× per page, mobile, simulated throttling (median)`);
    console.log('page                   perf  a11y  best   FCP ms   LCP ms   TBT ms   KB');
    for (const [label, pagePath] of pages) {
      const runs: Measure[] = [];
      for (let i = 0; i < RUNS; i++) {
        const result = await lighthouse(server.url + pagePath, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
        if (!result) throw new Error(`no Lighthouse result for ${pagePath}`);
        const { categories, audits } = result.lhr;
        // Name what costs accessibility and best-practices points, so a score below 1 says why.
        for (const key of ['accessibility', 'best-practices'] as const) {
          for (const ref of categories[key]?.auditRefs ?? []) {
            const audit = audits[ref.id];
            if (i === 0 && ref.weight > 0 && audit && audit.score !== null && audit.score < 1) console.log(`  ${label}: ${key} loses on ${ref.id} (${audit.title})`);
          }
        }
        runs.push({
          performance: categories.performance?.score ?? 0,
          accessibility: categories.accessibility?.score ?? 0,
          'best-practices': categories['best-practices']?.score ?? 0,
          fcpMs: audits['first-contentful-paint']?.numericValue ?? NaN,
          lcpMs: audits['largest-contentful-paint']?.numericValue ?? NaN,
          tbtMs: audits['total-blocking-time']?.numericValue ?? NaN,
          bytes: audits['total-byte-weight']?.numericValue ?? NaN,
        });
      }
      const m = (key: keyof Measure) => median(runs.map((r) => r[key]));
      console.log(
        `${label.padEnd(22)} ${m('performance').toFixed(2)}  ${m('accessibility').toFixed(2)}  ${m('best-practices').toFixed(2)}  ${m('fcpMs').toFixed(0).padStart(7)}  ${m('lcpMs').toFixed(0).padStart(7)}  ${m('tbtMs').toFixed(0).padStart(7)}  ${(m('bytes') / 1024).toFixed(0).padStart(4)}`,
      );
      const minPerf = Number(process.env.MIN_PERFORMANCE ?? 0);
      const minA11y = Number(process.env.MIN_ACCESSIBILITY ?? 0);
      if (m('performance') < minPerf) failures.push(`${label}: performance ${m('performance')} < ${minPerf}`);
      if (m('accessibility') < minA11y) failures.push(`${label}: accessibility ${m('accessibility')} < ${minA11y}`);
    }
    if (failures.length > 0) {
      console.error(failures.join('\n'));
      process.exitCode = 1;
    }
  } finally {
    chrome.kill();
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
