/**
 * Paired comparison of two builds of the product on SQLite, for changes smaller than the machine's noise: both servers
 * run side by side (each with 50 verified venues) and are loaded alternately, SECS seconds each, ALT times (the order
 * flips every time), and each pair of neighbouring runs gives a ratio. The check-in benchmark (checkin.bench.ts) says
 * where the product stands; this says whether a change helped.
 *
 *   git worktree add /tmp/before <commit> && (cd /tmp/before && ln -s "$PWD/node_modules" . && npx tsc -p tsconfig.build.json)
 *   npm run build && BEFORE=/tmp/before npx tsx bench/checkin-paired.bench.ts
 *
 * BEFORE: the checkout whose dist/ is the baseline; AFTER (default: this checkout). ALT (default 12), SECS (default 3).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../src/server/db/kysely.js';
import { PROJECT_ROOT } from '../src/server/shared/paths.js';
import { freePort, TEST_SECRET_KEY_HEX, type ServerProcess } from '../test/process/spawn-server.js';
import { ADMIN, checkinBody, prepareVenues } from './checkin-load.js';

const BEFORE = process.env.BEFORE;
const AFTER = process.env.AFTER ?? PROJECT_ROOT;
const ALTERNATIONS = Number(process.env.ALT ?? 12);
const SECONDS = Number(process.env.SECS ?? 3);
if (!BEFORE) throw new Error('BEFORE=<checkout with a built dist/> is required (see the comment at the top)');

async function startBuild(root: string, env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'dist/server/main.js')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SECRET_KEY: TEST_SECRET_KEY_HEX, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  while (!output.includes('Jaga Baya is running.')) {
    if (child.exitCode !== null) throw new Error(`server in ${root} did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `http://127.0.0.1:${port}`, child, output: () => output, exited };
}

/** A server of the build in `root` on a fresh SQLite file, with 50 verified venues; returns their poster tokens. */
async function prepare(root: string): Promise<{ server: ServerProcess; tokens: string[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jb-paired-'));
  const file = path.join(dir, 'bench.sqlite');
  const server = await startBuild(root, { DATABASE_URL: `sqlite:${file}`, JAGABAYA_VAR_DIR: dir, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
  const database = openDatabase({ dialect: 'sqlite', file });
  const tokens = await prepareVenues(server.url, database, 50).finally(() => database.close());
  return { server, tokens };
}

async function load(url: string, tokens: string[], seconds: number): Promise<number> {
  const result = await autocannon({
    url: `${url}/api/v1/checkins`, method: 'POST', connections: 50, duration: seconds, headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: checkinBody(tokens) }) }],
  });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

const builds = [{ label: `before (${BEFORE})`, root: BEFORE }, { label: `after (${AFTER})`, root: AFTER }];
const running = await Promise.all(builds.map((b) => prepare(b.root)));
try {
  for (const r of running) await load(r.server.url, r.tokens, 2);
  const rates: number[][] = [[], []];
  for (let i = 0; i < ALTERNATIONS; i++) {
    for (const k of i % 2 === 0 ? [0, 1] : [1, 0]) rates[k]!.push(await load(running[k]!.server.url, running[k]!.tokens, SECONDS));
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratios = rates[1]!.map((after, i) => after / rates[0]![i]!);
  const sd = Math.sqrt(ratios.reduce((a, r) => a + (r - mean(ratios)) ** 2, 0) / (ratios.length - 1));
  builds.forEach((b, k) => console.log(`${b.label}: ${Math.round(mean(rates[k]!))} check-ins/s (runs: ${rates[k]!.map(Math.round).join(' ')})`));
  console.log(`after / before: ${mean(ratios).toFixed(3)} ± ${(sd / Math.sqrt(ratios.length)).toFixed(3)} (standard error; pairs ${ratios.map((r) => r.toFixed(2)).join(' ')})`);
} finally {
  for (const r of running) {
    r.server.child.kill('SIGTERM');
    await r.server.exited;
  }
}
