#!/usr/bin/env node
// `npm test`: the full check. Typecheck, lint, unit + API + database tests (SQLite always, PostgreSQL when
// reachable), then the browser tests in Chromium against the built product. Says loudly what it could not run;
// with CI=true anything that cannot run fails the whole command.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const ci = process.env.CI === 'true';
const reports = mkdtempSync(path.join(tmpdir(), 'jagabaya-test-'));
const failures = [];
const skipped = [];
const totals = { passed: 0, failed: 0, skipped: 0 };

function step(title, command, args, env = {}) {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) failures.push(title);
  return result.status === 0;
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += report.numFailedTests ?? 0;
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((c) => c && existsSync(c));
}

step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
step('typecheck (web)', 'npx', ['tsc', '-p', 'tsconfig.web.json', '--noEmit']);
step('typecheck (check-in page)', 'npx', ['tsc', '-p', 'tsconfig.checkin.json', '--noEmit']);
step('lint', 'npx', ['eslint', '.']);

// The OpenAPI document the server publishes (/openapi.json): Redocly's recommended rules (redocly.yaml) with no
// error, and the web app's generated types (src/web/api/schema.d.ts) must be what the current server yields, so a
// server schema change reaches the web typecheck above only through `npm run gen:api`.
const openapi = path.join('var', 'openapi.json');
if (step('OpenAPI document', 'npx', ['tsx', 'scripts/openapi.ts', openapi])) {
  step('OpenAPI lint (Redocly)', 'npx', ['redocly', 'lint', '--extends', 'recommended', openapi], { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' });
  step('web API types up to date (else: npm run gen:api)', 'npx', ['openapi-typescript', openapi, '-o', 'src/web/api/schema.d.ts', '--default-non-nullable', 'false', '--check']);
}

const unitReport = path.join(reports, 'unit.json');
step('unit, API and database tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitReport}`], {
  JB_TEST_STATUS_DIR: reports,
});
countVitest(unitReport);

const processReport = path.join(reports, 'process.json');
step('server process tests', 'npx', ['vitest', 'run', '-c', 'vitest.process.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${processReport}`], {
  JB_TEST_STATUS_DIR: reports,
});
countVitest(processReport);

const chromium = findChromium();
if (!chromium) {
  skipped.push('browser tests (no Chromium found: apt-get install chromium, or set CHROMIUM_PATH)');
} else if (step('build for the browser tests', 'npm', ['run', '--silent', 'build'])) {
  const e2eReport = path.join(reports, 'e2e.json');
  step('browser tests (Chromium)', 'npx', ['vitest', 'run', '-c', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${e2eReport}`], {
    CHROMIUM_PATH: chromium,
  });
  countVitest(e2eReport);
}

if (existsSync(path.join(reports, 'postgres-skipped'))) skipped.push('PostgreSQL database suites (no server reachable; SQLite ran)');

console.log('\n=== summary');
if (skipped.length > 0) {
  console.log('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
  for (const s of skipped) console.log(`!!  NOT RUN: ${s}`);
  console.log('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
  if (ci) failures.push('suites that could not run in CI');
}
if (failures.length > 0) console.log(`failed steps: ${failures.join(', ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length > 0 ? 1 : 0);
