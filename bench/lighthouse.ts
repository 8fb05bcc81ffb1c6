/**
 * Lighthouse (mobile form factor, simulated throttling: Lighthouse's default slow-4G and 4× CPU slowdown) on the
 * public pages in Debian's Chromium, against the built product on SQLite: the check-in page a poster's QR opens,
 * the zone page, the public venue list and a venue's page, the newcomers' report form, the resident's page, the
 * login page and the open-data page. Prints performance, accessibility and best-practices scores with first and largest contentful paint,
 * total blocking time, layout shift and bytes transferred. Each page is measured RUNS times (default 3) and the median reported,
 * since the machine is shared and simulated throttling still depends on the real CPU's speed.
 *
 *   npm run build && npx tsx bench/lighthouse.ts            # RUNS=5 for steadier medians
 *   MIN_PERFORMANCE=0.95 MIN_ACCESSIBILITY=1 npx tsx bench/lighthouse.ts   # exits 1 when a median falls below
 *   PAGES='open data,zone page' npx tsx bench/lighthouse.ts                 # only these pages (names as printed)
 *   REPORTS=/tmp/lh PAGES='zone page' npx tsx bench/lighthouse.ts                # and keep every full JSON report
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/server/db/kysely.js';
import { spawnServer } from '../test/process/spawn-server.js';
import { ADMIN, LOAD_FROM_ONE_ADDRESS } from './checkin-load.js';
import { auditPage, launchChromium, preparePages, type Measure } from './lighthouse-audit.js';

const RUNS = Number(process.env.RUNS ?? 3);
// REPORTS=dir keeps each run's full JSON report there (dir/<page>-<run>.json).
const REPORTS = process.env.REPORTS;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jagabaya-lighthouse-'));
  const file = path.join(dir, 'jagabaya.db');
  const server = await spawnServer(
    { DATABASE_URL: `sqlite:${file}`, JAGABAYA_VAR_DIR: dir, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, ...LOAD_FROM_ONE_ADDRESS },
    { built: true },
  );
  const chrome = await launchChromium();
  try {
    const setup = openDatabase({ dialect: 'sqlite', file });
    const allPages = await preparePages(server.url, setup);
    await setup.close();
    const pages = allPages.filter(({ label }) => !process.env.PAGES || process.env.PAGES.split(',').includes(label));
    const failures: string[] = [];
    console.log(`Lighthouse ${RUNS}× per page, mobile, simulated throttling (median)`);
    console.log('page                   perf  a11y  best   FCP ms   LCP ms   TBT ms    CLS   KB');
    for (const { label, path: pagePath } of pages) {
      const runs: Measure[] = [];
      for (let i = 0; i < RUNS; i++) {
        const report = REPORTS ? path.join(REPORTS, `${label.replace(/\W+/g, '-')}-${i}.json`) : undefined;
        const { measure, losses, runtimeError } = await auditPage(server.url + pagePath, chrome.port, report);
        if (runtimeError) console.log(`  ${label}: run ${i + 1}, Lighthouse could not audit (${runtimeError})`);
        if (i === 0) for (const loss of losses) console.log(`  ${label}: ${loss}`);
        runs.push(measure);
      }
      const m = (key: keyof Measure) => median(runs.map((r) => r[key]));
      console.log(
        `${label.padEnd(22)} ${m('performance').toFixed(2)}  ${m('accessibility').toFixed(2)}  ${m('best-practices').toFixed(2)}  ${m('fcpMs').toFixed(0).padStart(7)}  ${m('lcpMs').toFixed(0).padStart(7)}  ${m('tbtMs').toFixed(0).padStart(7)}  ${m('cls').toFixed(3)}  ${(m('bytes') / 1024).toFixed(0).padStart(4)}`,
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
