/**
 * Check-in throughput through the load balancer with 1, 2 and 3 API nodes (issue #19), against the topology of
 * deploy/cluster.sh, which this benchmark starts on its own ports and stops at the end:
 *   baseline  one API node hit directly (no HAProxy), through PgBouncer to the primary like the others;
 *   lb-1/2/3  the same load through HAProxy with 1, 2 or 3 nodes in its backend (the others put in maintenance
 *             through HAProxy's runtime API, `disable server api/node-N`, so every configuration runs on the same
 *             processes, database and warm caches).
 * Each round runs the four configurations, in an order rotated every round (the machine is shared: drift spreads over
 * all of them); the median of the rounds is reported. Load: autocannon in this process, CONNECTIONS connections, each
 * request a new visitor at one of VENUES venues. CPU time per check-in (user + system, /proc/<pid>/stat) of every API
 * node, HAProxy, PgBouncer, the primary's and the replica's processes (postmaster and its children) and the load
 * generator, from the check-ins answered 201.
 *   npx tsx bench/cluster-throughput.bench.ts [seconds per run]
 *   CLUSTER_BASE_PORT (7300), CLUSTER_DIR (/tmp/jagabaya-throughput), ROUNDS (3), CONNECTIONS (50), VENUES (50)
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { cpus } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../src/server/db/kysely.js';
import { PROJECT_ROOT } from '../src/server/shared/paths.js';
import { api, checkinBody, cpuMicros, prepareVenues, randomPhone } from './checkin-load.js';

const SECONDS = Number(process.argv[2] ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const VENUES = Number(process.env.VENUES ?? 50);
const BASE = Number(process.env.CLUSTER_BASE_PORT ?? 7300);
const DIR = process.env.CLUSTER_DIR ?? '/tmp/jagabaya-throughput';
const NODES = 3;
const clusterEnv = { ...process.env, CLUSTER_BASE_PORT: String(BASE), CLUSTER_DIR: DIR, CLUSTER_NODES: String(NODES), PUBLIC_RATE_LIMIT_SCALE: '1000000' };

function cluster(command: 'start' | 'stop'): void {
  execFileSync('bash', [path.join(PROJECT_ROOT, 'deploy/cluster.sh'), command], { env: clusterEnv, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** One command to HAProxy's runtime API (the admin socket deploy/cluster.sh opens). */
function haproxy(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path.join(DIR, 'haproxy.sock'));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.end(`${command}\n`);
  });
}

async function useNodes(count: number): Promise<void> {
  for (let i = 1; i <= NODES; i++) await haproxy(`${i <= count ? 'enable' : 'disable'} server api/node-${i}`);
  const state = await haproxy('show servers state api');
  // Columns of `show servers state`: … srv_name(3) … srv_admin_state(6): 0 in service, 1 forced maintenance.
  const inService = state.split('\n').filter((line) => /^\d/.test(line)).filter((line) => line.split(' ')[6] === '0').length;
  if (inService !== count) throw new Error(`HAProxy has ${inService} nodes in service, wanted ${count}:\n${state}`);
}

const pidOf = (file: string) => Number(readFileSync(path.join(DIR, file), 'utf8').split('\n')[0]);

/** CPU time (µs) of a postmaster and all its children (backends, walsender, checkpointer …) now. */
function postgresTreeMicros(postmaster: number): number {
  let total = cpuMicros(postmaster) ?? 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(fields[1]) === postmaster) total += cpuMicros(Number(entry)) ?? 0;
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

interface Processes {
  nodes: number[];
  haproxy: number;
  pgbouncer: number;
  primary: number;
  replica: number;
}

function cpuSnapshot(p: Processes) {
  return {
    nodes: p.nodes.map((pid) => cpuMicros(pid) ?? 0),
    haproxy: cpuMicros(p.haproxy) ?? 0,
    pgbouncer: cpuMicros(p.pgbouncer) ?? 0,
    primary: postgresTreeMicros(p.primary),
    replica: postgresTreeMicros(p.replica),
    load: (() => {
      const u = process.cpuUsage();
      return u.user + u.system;
    })(),
    machine: machineTicks(),
  };
}

/** Busy and total jiffies of the whole machine (/proc/stat): how saturated the cores were, other work included. */
function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = fields[3]! + fields[4]!;
  return { busy: total - idle, total };
}

/** Sum and count of the check-in group commits' sizes on every node (its /metrics, loopback without a proxy). */
async function batches(): Promise<{ sum: number; count: number }> {
  let sum = 0;
  let count = 0;
  for (let i = 1; i <= NODES; i++) {
    const text = await (await fetch(`http://127.0.0.1:${BASE + i}/metrics`)).text();
    sum += Number(/^jagabaya_checkin_batch_size_sum(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1] ?? 0);
    count += Number(/^jagabaya_checkin_batch_size_count(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1] ?? 0);
  }
  return { sum, count };
}

interface Run {
  config: string;
  checkinsPerSecond: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU µs per check-in answered 201, per API node (index 0 = node-1). */
  nodeMicros: number[];
  haproxyMicros: number;
  pgbouncerMicros: number;
  primaryMicros: number;
  replicaMicros: number;
  loadMicros: number;
  machineBusy: number;
  /** Mean check-ins (and check-outs) per group commit over the nodes. */
  batchSize: number;
}

async function run(config: string, url: string, tokens: string[], seconds: number, processes: Processes): Promise<Run> {
  const batchesBefore = await batches();
  const before = cpuSnapshot(processes);
  const result = await autocannon({
    url: `${url}/api/v1/checkins`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: checkinBody(tokens) }) }],
  });
  const after = cpuSnapshot(processes);
  const batchesAfter = await batches();
  const ok = Math.max(1, result['2xx']);
  const per = (a: number, b: number) => (b - a) / ok;
  return {
    config,
    checkinsPerSecond: result['2xx'] / (result.duration || seconds),
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    nodeMicros: after.nodes.map((n, i) => per(before.nodes[i]!, n)),
    haproxyMicros: per(before.haproxy, after.haproxy),
    pgbouncerMicros: per(before.pgbouncer, after.pgbouncer),
    primaryMicros: per(before.primary, after.primary),
    replicaMicros: per(before.replica, after.replica),
    loadMicros: per(before.load, after.load),
    machineBusy: (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total),
    batchSize: (batchesAfter.sum - batchesBefore.sum) / Math.max(1, batchesAfter.count - batchesBefore.count),
  };
}

const configs: { name: string; nodes: number; direct: boolean }[] = [
  { name: 'baseline: node-1 direct, no HAProxy', nodes: 1, direct: true },
  { name: 'HAProxy, 1 node', nodes: 1, direct: false },
  { name: 'HAProxy, 2 nodes', nodes: 2, direct: false },
  { name: 'HAProxy, 3 nodes', nodes: 3, direct: false },
];

cluster('start');
const runs: Run[] = [];
try {
  const lb = `http://127.0.0.1:${BASE}`;
  const node1 = `http://127.0.0.1:${BASE + 1}`;
  const processes: Processes = {
    nodes: Array.from({ length: NODES }, (_, i) => pidOf(`node-${i + 1}.pid`)),
    haproxy: pidOf('haproxy.pid'),
    pgbouncer: pidOf('pgbouncer.pid'),
    primary: pidOf('primary/postmaster.pid'),
    replica: pidOf('replica/postmaster.pid'),
  };
  const database = openDatabase({ dialect: 'postgres', url: `postgres://postgres@127.0.0.1:${BASE + 432}/jagabaya` }, { poolSize: 1 });
  const admin = { username: 'admin', password: readFileSync(path.join(DIR, 'admin-password'), 'utf8').trim() };
  const tokens = await prepareVenues(lb, database, VENUES, { admin, secretKeyHex: readFileSync(path.join(DIR, 'secret.key'), 'utf8').trim() }).finally(() => database.close());
  const first = await api(`${lb}/api/v1/checkins`, 'POST', { token: tokens[0], name: 'Pengunjung Uji', phone: randomPhone() });
  if (first.status !== 201) throw new Error(`check-in does not work: ${first.status} ${JSON.stringify(first.body)}`);

  // Warm every node (JIT, pools, caches) through the balancer with all three in.
  await useNodes(NODES);
  await run('warm-up', lb, tokens, 3, processes);
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < configs.length; k++) {
      const c = configs[(k + round) % configs.length]!;
      await useNodes(c.direct ? NODES : c.nodes);
      const r = await run(c.name, c.direct ? node1 : lb, tokens, SECONDS, processes);
      runs.push(r);
      console.log(`round ${round + 1}: ${c.name}: ${Math.round(r.checkinsPerSecond)} check-ins/s, p99 ${r.p99} ms, nodes ${r.nodeMicros.map((m) => m.toFixed(0)).join('/')} µs, machine busy ${(r.machineBusy * 100).toFixed(0)} %, batch ${r.batchSize.toFixed(1)}`);
    }
  }
  await useNodes(NODES);
} finally {
  cluster('stop');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const f = (x: number) => x.toFixed(0);
console.log(`\n${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds, ${VENUES} venues, ${cpus().length} cores, ${new Date().toISOString()}`);
console.log('CPU columns: µs of CPU time per check-in answered 201 (median of the rounds); nodes = the sum of the API nodes (each node in brackets)');
console.log('| configuration | check-ins/s | ratio to baseline | p99 (ms) | API nodes µs | HAProxy µs | PgBouncer µs | primary µs | replica µs | load generator µs | machine busy | check-ins per group commit | non-2xx | errors |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const baseline = median(runs.filter((r) => r.config === configs[0]!.name).map((r) => r.checkinsPerSecond));
for (const c of configs) {
  const mine = runs.filter((r) => r.config === c.name);
  const m = (pick: (r: Run) => number) => median(mine.map(pick));
  const perNode = Array.from({ length: NODES }, (_, i) => f(m((r) => r.nodeMicros[i]!)));
  const rate = m((r) => r.checkinsPerSecond);
  console.log(`| ${c.name} | ${f(rate)} (${mine.map((r) => f(r.checkinsPerSecond)).join(', ')}) | ${(rate / baseline).toFixed(2)} | ${m((r) => r.p99)} | ${f(m((r) => r.nodeMicros.reduce((a, b) => a + b, 0)))} (${perNode.join(' / ')}) | ${f(m((r) => r.haproxyMicros))} | ${f(m((r) => r.pgbouncerMicros))} | ${f(m((r) => r.primaryMicros))} | ${f(m((r) => r.replicaMicros))} | ${f(m((r) => r.loadMicros))} | ${(m((r) => r.machineBusy) * 100).toFixed(0)} % | ${m((r) => r.batchSize).toFixed(1)} | ${mine.reduce((a, r) => a + r.non2xx, 0)} | ${mine.reduce((a, r) => a + r.errors, 0)} |`);
}
