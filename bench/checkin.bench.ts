/**
 * Check-in throughput: autocannon (50 connections) against
 *   1. a bare Fastify POST route (the ceiling of this machine, measured in the same run),
 *   2. the real product on SQLite, and
 *   3. the real product on PostgreSQL (when reachable),
 * each in its own process, each request a new visitor (random phone number) at one of VENUES verified venues
 * (a city's check-ins spread over many venues; VENUES=1 measures the worst case, every request on one counter).
 * The bare server stays up and is loaded before and after each product run (ROUNDS rounds per engine, default 3).
 * Prints requests/s, p99 latency and the ratio to the ceiling around each run, and the median of the rounds.
 * The product runs built, as in production:
 * npm run build && npx tsx bench/checkin.bench.ts [seconds per run]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDatabase, type DatabaseHandle } from '../src/server/db/kysely.js';
import { PROJECT_ROOT } from '../src/server/shared/paths.js';
import { createScratchDatabase, postgresReachable } from '../test/postgres.js';
import { freePort, spawnServer, type ServerProcess } from '../test/process/spawn-server.js';
import { ADMIN, api, checkinBody, cpuMicros, LOAD_FROM_ONE_ADDRESS, prepareVenues, randomPhone } from './checkin-load.js';

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = 50;
const VENUES = Number(process.env.VENUES ?? 50);

interface Result {
  label: string;
  requestsPerSecond: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU time the server process spent per request (user + system): steadier than wall-clock on a shared machine. */
  serverCpuMicrosPerRequest: number | null;
  /** CPU time of this process (autocannon, the load generator) per request: it shares the machine's cores. */
  loadCpuMicrosPerRequest: number;
}



async function load(label: string, url: string, tokens: string[], seconds: number, pid?: number): Promise<Result> {
  const cpuBefore = cpuMicros(pid);
  const loadCpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: `${url}/api/v1/checkins`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: checkinBody(tokens) }),
      },
    ],
  });
  const cpuAfter = cpuMicros(pid);
  const loadCpu = process.cpuUsage(loadCpuBefore);
  const total = result.requests.total;
  const serverCpuMicrosPerRequest = cpuBefore !== null && cpuAfter !== null && total > 0 ? (cpuAfter - cpuBefore) / total : null;
  const loadCpuMicrosPerRequest = total > 0 ? (loadCpu.user + loadCpu.system) / total : 0;
  return { label, requestsPerSecond: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, serverCpuMicrosPerRequest, loadCpuMicrosPerRequest };
}

async function startBare(): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench/bare-server.ts')], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('running') && resolve()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { url: `http://127.0.0.1:${port}`, child, output: () => '', exited };
}

const ROUNDS = Number(process.env.ROUNDS ?? 3);

interface Round {
  result: Result;
  /** Mean of the ceiling measured just before and just after this product run. */
  ceiling: number;
}

/**
 * The machine is shared and noisy (ceilings from 14 000 to 28 000 requests/s within one hour): the bare server stays
 * up and is loaded just before and just after each product run, ROUNDS times alternating, and each product run is
 * compared with the mean of the two ceilings around it. The median of the rounds is the figure to report.
 */
async function benchProduct(label: string, databaseUrl: string, openSetup: () => DatabaseHandle, varDir: string, bare: ServerProcess): Promise<Round[]> {
  const server = await spawnServer(
    {
      DATABASE_URL: databaseUrl, JAGABAYA_VAR_DIR: varDir, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'warn', ...LOAD_FROM_ONE_ADDRESS,
    },
    // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the server's time goes.
    { built: true, nodeArgs: process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) },
  );
  try {
    const setup = openSetup();
    const tokens = await prepareVenues(server.url, setup, VENUES).finally(() => setup.close());
    const first = await api(`${server.url}/api/v1/checkins`, 'POST', { token: tokens[0], name: 'Pengunjung Uji', phone: randomPhone() });
    if (first.status !== 201) throw new Error(`check-in does not work: ${first.status} ${JSON.stringify(first.body)}`);
    await load(`${label} (warm-up)`, server.url, tokens, 2);
    const rounds: Round[] = [];
    let before = await loadBare(bare);
    for (let i = 0; i < ROUNDS; i++) {
      const result = await load(label, server.url, tokens, SECONDS, server.child.pid);
      const after = await loadBare(bare);
      rounds.push({ result, ceiling: (before.requestsPerSecond + after.requestsPerSecond) / 2 });
      before = after;
    }
    return rounds;
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

const ceilings: Result[] = [];
async function loadBare(bare: ServerProcess): Promise<Result> {
  const result = await load('bare Fastify POST (ceiling)', bare.url, ['x'], SECONDS, bare.child.pid);
  ceilings.push(result);
  return result;
}

async function benchSqlite(bare: ServerProcess): Promise<Round[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jb-bench-'));
  const file = path.join(dir, 'bench.sqlite');
  return benchProduct('check-in, SQLite', `sqlite:${file}`, () => openDatabase({ dialect: 'sqlite', file }), dir, bare);
}

async function benchPostgres(bare: ServerProcess): Promise<Round[]> {
  const scratch = await createScratchDatabase();
  try {
    const openSetup = () => openDatabase({ dialect: 'postgres', url: scratch.url }, { poolSize: 1 });
    return await benchProduct('check-in, PostgreSQL', scratch.url, openSetup, mkdtempSync(path.join(tmpdir(), 'jb-bench-pg-')), bare);
  } finally {
    await scratch.drop();
  }
}

// BENCH_ONLY=sqlite|postgres runs one engine.
const only = process.env.BENCH_ONLY;
const engines: ((bare: ServerProcess) => Promise<Round[]>)[] = [];
if (only !== 'postgres') engines.push(benchSqlite);
if (only !== 'sqlite') {
  if (await postgresReachable()) engines.push(benchPostgres);
  else console.log('PostgreSQL not reachable: its row is missing from this run.');
}
const bare = await startBare();
const results: Round[][] = [];
try {
  await load('bare (warm-up)', bare.url, ['x'], 2);
  for (const bench of engines) results.push(await bench(bare));
} finally {
  bare.child.kill('SIGTERM');
  await bare.exited;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`\n${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds, ${VENUES} venue(s), on ${process.platform} with ${(await import('node:os')).cpus().length} cores`);
console.log(`ceiling runs (requests/s), in order: ${ceilings.map((c) => Math.round(c.requestsPerSecond)).join(', ')}`);
const cpu = (r: Result) => (r.serverCpuMicrosPerRequest === null ? 'n/a' : r.serverCpuMicrosPerRequest.toFixed(0));
console.log('| run | requests/s | p99 (ms) | ceiling around it (req/s) | ratio | server CPU µs/request | load generator CPU µs/request | non-2xx | errors |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const c of ceilings) console.log(`| ${c.label} | ${Math.round(c.requestsPerSecond)} | ${c.p99} | | 1.00 | ${cpu(c)} | ${c.loadCpuMicrosPerRequest.toFixed(0)} | ${c.non2xx} | ${c.errors} |`);
for (const rounds of results) {
  rounds.forEach(({ result: r, ceiling }, i) => {
    console.log(`| ${r.label}, round ${i + 1} | ${Math.round(r.requestsPerSecond)} | ${r.p99} | ${Math.round(ceiling)} | ${(r.requestsPerSecond / ceiling).toFixed(2)} | ${cpu(r)} | ${r.loadCpuMicrosPerRequest.toFixed(0)} | ${r.non2xx} | ${r.errors} |`);
  });
}
console.log('\n| engine | median requests/s | median p99 (ms) | median ratio (range) |');
console.log('|---|---:|---:|---|');
for (const rounds of results) {
  const ratios = rounds.map((x) => x.result.requestsPerSecond / x.ceiling);
  const label = rounds[0]!.result.label;
  console.log(`| ${label} | ${Math.round(median(rounds.map((x) => x.result.requestsPerSecond)))} | ${median(rounds.map((x) => x.result.p99))} | **${median(ratios).toFixed(2)}** (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`);
}
