/**
 * Paired comparison of two builds of the product on SQLite, for changes smaller than the machine's noise: both servers
 * run side by side (each with 50 verified venues) and are loaded alternately, SECS seconds each, ALT times (the order
 * flips every time), and each pair of neighbouring runs gives a ratio. The check-in benchmark (checkin.bench.ts) says
 * where the product stands; this says whether a change helped.
 *
 *   ROOT=$PWD && git worktree add /tmp/before <commit> && (cd /tmp/before && ln -s "$ROOT/node_modules" . && npx tsc -p tsconfig.build.json)
 *   npm run build && BEFORE=/tmp/before npx tsx bench/checkin-paired.bench.ts
 *
 * BEFORE: the checkout whose dist/ is the baseline; AFTER (default: this checkout). ALT (default 12), SECS (default 3).
 * Prints each build's rate, server CPU time per check-in (user + system, all threads) and p99, and the ratios.
 * BEFORE_NODE_ARGS / AFTER_NODE_ARGS: Node options for either server, e.g. to compare a V8 flag on one build
 * (BEFORE=$PWD AFTER_NODE_ARGS=--single-threaded-gc).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../src/server/db/kysely.js';
import { PROJECT_ROOT } from '../src/server/shared/paths.js';
import { freePort, TEST_SECRET_KEY_HEX, type ServerProcess } from '../test/process/spawn-server.js';
import { ADMIN, checkinBody, cpuMicros, LOAD_FROM_ONE_ADDRESS, prepareVenues } from './checkin-load.js';

const BEFORE = process.env.BEFORE;
const AFTER = process.env.AFTER ?? PROJECT_ROOT;
const ALTERNATIONS = Number(process.env.ALT ?? 12);
const SECONDS = Number(process.env.SECS ?? 3);
if (!BEFORE) throw new Error('BEFORE=<checkout with a built dist/> is required (see the comment at the top)');

async function startBuild(root: string, nodeArgs: string[], env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'dist/server/main.js')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SECRET_KEY: TEST_SECRET_KEY_HEX, ...LOAD_FROM_ONE_ADDRESS, ...env },
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
async function prepare(root: string, nodeArgs: string[]): Promise<{ server: ServerProcess; tokens: string[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jb-paired-'));
  const file = path.join(dir, 'bench.sqlite');
  const server = await startBuild(root, nodeArgs, { DATABASE_URL: `sqlite:${file}`, JAGABAYA_VAR_DIR: dir, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
  const database = openDatabase({ dialect: 'sqlite', file });
  const tokens = await prepareVenues(server.url, database, 50).finally(() => database.close());
  return { server, tokens };
}

/** Check-ins per second, p99 latency, and the server's CPU time per check-in (steadier than the rate on a shared machine). */
async function load(server: ServerProcess, tokens: string[], seconds: number): Promise<{ rate: number; p99: number; cpu: number }> {
  const url = server.url;
  const cpuBefore = cpuMicros(server.child.pid);
  const result = await autocannon({
    url: `${url}/api/v1/checkins`, method: 'POST', connections: 50, duration: seconds, headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: checkinBody(tokens) }) }],
  });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  const cpu = ((cpuMicros(server.child.pid) ?? NaN) - (cpuBefore ?? NaN)) / result.requests.total;
  return { rate: result.requests.average, p99: result.latency.p99, cpu };
}

const argsOf = (value: string | undefined) => (value ?? '').split(' ').filter(Boolean);
const builds = [
  { label: `before (${BEFORE} ${process.env.BEFORE_NODE_ARGS ?? ''})`, root: BEFORE, nodeArgs: argsOf(process.env.BEFORE_NODE_ARGS) },
  { label: `after (${AFTER} ${process.env.AFTER_NODE_ARGS ?? ''})`, root: AFTER, nodeArgs: argsOf(process.env.AFTER_NODE_ARGS) },
];
const running = await Promise.all(builds.map((b) => prepare(b.root, b.nodeArgs)));
try {
  for (const r of running) await load(r.server, r.tokens, 2);
  const runs: { rate: number; p99: number; cpu: number }[][] = [[], []];
  for (let i = 0; i < ALTERNATIONS; i++) {
    for (const k of i % 2 === 0 ? [0, 1] : [1, 0]) runs[k]!.push(await load(running[k]!.server, running[k]!.tokens, SECONDS));
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const standardError = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)) / Math.sqrt(xs.length);
  const rates = runs.map((rs) => rs.map((r) => r.rate));
  const cpus = runs.map((rs) => rs.map((r) => r.cpu));
  const ratios = rates[1]!.map((after, i) => after / rates[0]![i]!);
  const cpuRatios = cpus[1]!.map((after, i) => after / cpus[0]![i]!);
  builds.forEach((b, k) =>
    console.log(`${b.label}: ${Math.round(mean(rates[k]!))} check-ins/s, server CPU ${Math.round(mean(cpus[k]!))} µs/check-in, p99 ${Math.max(...runs[k]!.map((r) => r.p99))} ms at most (runs: ${runs[k]!.map((r) => `${Math.round(r.rate)}/${Math.round(r.cpu)}µs/${r.p99}ms`).join(' ')})`),
  );
  console.log(`after / before, check-ins/s: ${mean(ratios).toFixed(3)} ± ${standardError(ratios).toFixed(3)} (standard error; pairs ${ratios.map((r) => r.toFixed(2)).join(' ')})`);
  console.log(`after / before, server CPU per check-in: ${mean(cpuRatios).toFixed(3)} ± ${standardError(cpuRatios).toFixed(3)}`);
} finally {
  for (const r of running) {
    r.server.child.kill('SIGTERM');
    await r.server.exited;
  }
}
