/**
 * Patroni's automatic fail-over, for real, on loopback (issue #19). The drill starts, in PATRONI_DIR and on its own
 * ports (PATRONI_BASE_PORT, default 7600):
 *   etcd                 127.0.0.1:+79 (clients), +80 (peers)   one member: the DCS that holds the leader key
 *   Patroni pg-1, pg-2   REST 127.0.0.1:+8, +9; PostgreSQL +32, +33   each bootstraps (initdb) or clones (pg_basebackup)
 *                        its own data directory; synchronous_mode: true
 *   HAProxy              127.0.0.1:+50 (PostgreSQL, tcp: to the member whose Patroni answers 200 on /primary)
 *                        127.0.0.1:+0 (the API, http: round robin over the nodes' /readyz)
 *   PgBouncer            127.0.0.1:+40 (transaction pooling, to HAProxy's PostgreSQL frontend)
 *   API nodes 1..N       127.0.0.1:+1..N (dist/server/main.js, DATABASE_URL through PgBouncer)
 * Then a steady check-in load through HAProxy; after DRILL_BEFORE_S it SIGKILLs the leader's Patroni and every process of
 * its PostgreSQL at once (a lost machine: nothing shuts down, the leader key stays in etcd until its TTL runs out).
 * Measured: when the other member's Patroni answers /primary (promoted), the clients' gap (first failed response → first
 * check-in acknowledged that was sent after it), the status codes they saw, and whether every check-in answered 201 is
 * on the new leader. Exits 1 if one is missing, if no member was promoted or none is acknowledged after the promotion.
 *   npx tsx bench/patroni-drill.ts        (needs: apt-get install -y patroni etcd-server haproxy pgbouncer postgresql)
 *   PATRONI_BASE_PORT (7600), PATRONI_DIR (/tmp/jagabaya-patroni), DRILL_CLIENTS (16), DRILL_NODES (2),
 *   DRILL_BEFORE_S (6), DRILL_AFTER_S (8, after the promotion), DRILL_MODE (kill | switchover: POST /switchover to
 *   the leader's Patroni instead of the SIGKILL, a planned change of leader)
 *
 * Drill timings (bootstrap.dcs): ttl 10 s, loop_wait 1 s, retry_timeout 4 s (Patroni wants loop_wait + 2 × retry_timeout
 * ≤ ttl); deploy/production/patroni.yml keeps Patroni's defaults, 30 / 10 / 10 s, so a fail-over there takes up to ~3×
 * longer to start: a shorter TTL fails over sooner but also on a shorter network or etcd hiccup.
 *
 * Why synchronous_mode: true: with asynchronous streaming the leader acknowledges a commit (and the node answers 201)
 * before the replica has it; a lost machine then takes the last acknowledged check-ins with it. In synchronous mode
 * the commit returns only once the synchronous standby has flushed it, and Patroni promotes only that standby.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../src/server/db/kysely.js';
import { PROJECT_ROOT } from '../src/server/shared/paths.js';
import { LOAD_FROM_ONE_ADDRESS, prepareVenues } from './checkin-load.js';
import { asDbUser, clientView, missingOn, query, round, startCheckinLoad } from './drill-load.js';

const BASE = Number(process.env.PATRONI_BASE_PORT ?? 7600);
const DIR = process.env.PATRONI_DIR ?? '/tmp/jagabaya-patroni';
const CLIENTS = Number(process.env.DRILL_CLIENTS ?? 16);
const NODES = Number(process.env.DRILL_NODES ?? 2);
const BEFORE_S = Number(process.env.DRILL_BEFORE_S ?? 6);
const AFTER_S = Number(process.env.DRILL_AFTER_S ?? 8);
/** kill: the leader's machine is lost; switchover: a planned change of leader through Patroni's REST API (no TTL wait). */
const MODE = process.env.DRILL_MODE === 'switchover' ? 'switchover' : 'kill';
const PGBIN = '/usr/lib/postgresql/15/bin';
const ETCD_PORT = BASE + 79;
const BOUNCER_PORT = BASE + 40;
const HAPROXY_PG_PORT = BASE + 50;
const LB = `http://127.0.0.1:${BASE}`;
const DCS = { ttl: 10, loop_wait: 1, retry_timeout: 4 };
const members = [1, 2].map((i) => ({ name: `pg-${i}`, restPort: BASE + 7 + i, pgPort: BASE + 31 + i, dataDir: path.join(DIR, `pg-${i}`) }));
type Member = (typeof members)[number];

const asRoot = process.getuid?.() === 0;
const dbUser = asRoot ? { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) } : {};
const children = new Map<string, ChildProcess>();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A long-running process of the drill, its output in DIR/<name>.log; as the postgres user when asked and root. */
function start(name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; asDbUser?: boolean; cwd?: string } = {}): ChildProcess {
  const log = openSync(path.join(DIR, `${name}.log`), 'a');
  const child = spawn(command, args, { cwd: options.cwd ?? DIR, env: options.env ?? process.env, stdio: ['ignore', log, log], ...(options.asDbUser ? dbUser : {}) });
  children.set(name, child);
  return child;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s; see ${DIR}/*.log`);
}

const httpOk = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(1000) })).status === 200;

interface PatroniCluster { members: { name: string; role: string; state: string; timeline?: number; lag?: number | string }[] }
async function patroniCluster(member: Member): Promise<PatroniCluster> {
  return (await fetch(`http://127.0.0.1:${member.restPort}/cluster`, { signal: AbortSignal.timeout(1000) })).json() as Promise<PatroniCluster>;
}

function patroniConfig(member: Member): string {
  // JSON is YAML: Patroni reads it as is.
  return JSON.stringify({
    scope: 'jagabaya-drill',
    namespace: '/jagabaya-drill/',
    name: member.name,
    restapi: { listen: `127.0.0.1:${member.restPort}`, connect_address: `127.0.0.1:${member.restPort}` },
    etcd3: { hosts: `127.0.0.1:${ETCD_PORT}` },
    bootstrap: {
      dcs: {
        ...DCS,
        maximum_lag_on_failover: 1048576,
        synchronous_mode: true,
        postgresql: { use_pg_rewind: true, parameters: { wal_level: 'replica', wal_log_hints: 'on', max_wal_senders: 10, max_replication_slots: 10, max_connections: 200, hot_standby: 'on' } },
      },
      initdb: [{ encoding: 'UTF8' }, { locale: 'C.UTF-8' }, 'data-checksums'],
    },
    postgresql: {
      listen: `127.0.0.1:${member.pgPort}`,
      connect_address: `127.0.0.1:${member.pgPort}`,
      data_dir: member.dataDir,
      bin_dir: PGBIN,
      pgpass: path.join(DIR, `pgpass-${member.name}`),
      authentication: { superuser: { username: 'postgres' }, replication: { username: 'postgres' }, rewind: { username: 'postgres' } },
      // Without a replication line for the other member's address the replica cannot clone (pg_basebackup) or stream.
      pg_hba: ['local all all trust', 'host all all 127.0.0.1/32 trust', 'host replication all 127.0.0.1/32 trust'],
      parameters: { unix_socket_directories: DIR },
    },
    watchdog: { mode: 'off' },
  });
}

function haproxyConfig(): string {
  return `global
  maxconn 4096
  pidfile ${DIR}/haproxy.pid
defaults
  timeout connect 2s
  timeout client 30s
  timeout server 30s
# PostgreSQL: only the member whose Patroni answers 200 on /primary (deploy/production/haproxy.cfg, "listen postgres").
# on-marked-down shutdown-sessions closes PgBouncer's connections to a member that stopped being the leader.
listen postgres
  bind 127.0.0.1:${HAPROXY_PG_PORT}
  mode tcp
  timeout client 30m
  timeout server 30m
  option httpchk GET /primary
  http-check expect status 200
  default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
${members.map((m) => `  server ${m.name} 127.0.0.1:${m.pgPort} check port ${m.restPort}`).join('\n')}
frontend jagabaya
  mode http
  bind 127.0.0.1:${BASE}
  option forwardfor
  default_backend api
backend api
  mode http
  balance roundrobin
  retries 2
  option redispatch
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 1s fall 2 rise 2
${Array.from({ length: NODES }, (_, i) => `  server node-${i + 1} 127.0.0.1:${BASE + i + 1} check`).join('\n')}
`;
}

function pgbouncerConfig(): string {
  return `[databases]
jagabaya = host=127.0.0.1 port=${HAPROXY_PG_PORT} dbname=jagabaya
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${BOUNCER_PORT}
unix_socket_dir = ${DIR}
auth_type = trust
auth_file = ${DIR}/userlist.txt
pool_mode = transaction
admin_users = postgres
server_login_retry = 1
default_pool_size = 40
max_client_conn = 1000
logfile = ${DIR}/pgbouncer.log
pidfile = ${DIR}/pgbouncer.pid
`;
}

/** The pids of a PostgreSQL server: the postmaster (postmaster.pid) and every process whose parent it is. */
function postgresPids(dataDir: string): number[] {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return [];
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const kids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
    try {
      return Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === postmaster;
    } catch {
      return false;
    }
  });
  return [postmaster, ...kids.map(Number)];
}

function killPid(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

function readPid(file: string): number | undefined {
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
}

let cleanedUp = false;
async function cleanup(): Promise<void> {
  if (cleanedUp) return;
  cleanedUp = true;
  killPid(readPid(path.join(DIR, 'haproxy.pid')), 'SIGTERM');
  for (const [name, child] of children) if (name.startsWith('node-')) killPid(child.pid, 'SIGTERM');
  killPid(readPid(path.join(DIR, 'pgbouncer.pid')), 'SIGTERM');
  // Patroni stops its PostgreSQL on SIGTERM; whatever is left after that (a killed member's orphans) is killed.
  for (const m of members) killPid(children.get(m.name)?.pid, 'SIGTERM');
  const running = (c: ChildProcess | undefined) => c !== undefined && c.exitCode === null && c.signalCode === null;
  for (let i = 0; i < 150 && members.some((m) => running(children.get(m.name))); i++) await sleep(100);
  for (const m of members) for (const pid of postgresPids(m.dataDir)) killPid(pid, 'SIGKILL');
  killPid(children.get('etcd')?.pid, 'SIGTERM');
  await sleep(500);
  for (const child of children.values()) if (running(child)) killPid(child.pid, 'SIGKILL');
  const logs = `/tmp/jagabaya-patroni-logs-${Date.now()}`;
  mkdirSync(logs, { recursive: true });
  execFileSync('bash', ['-c', `cp ${DIR}/*.log ${logs}/ 2>/dev/null; true`]);
  rmSync(DIR, { recursive: true, force: true });
  console.error(`patroni-drill: stopped, ${DIR} removed, logs kept in ${logs}`);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanup().finally(() => process.exit(130)));

// ---------------------------------------------------------------------------------------------------------------
for (const tool of ['patroni', 'etcd', 'haproxy', 'pgbouncer']) {
  try {
    execFileSync('bash', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
  } catch {
    console.error(`patroni-drill: ${tool} is missing (apt-get install -y patroni etcd-server haproxy pgbouncer postgresql)`);
    process.exit(2);
  }
}
if (existsSync(DIR)) {
  console.error(`patroni-drill: ${DIR} exists (a drill running, or one that did not clean up): remove it first`);
  process.exit(2);
}
execFileSync('node', ['scripts/start.mjs', '--build-only'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
mkdirSync(DIR, { recursive: true, mode: 0o755 });
if (asRoot) chownSync(DIR, dbUser.uid!, dbUser.gid!);

let exitCode = 0;
try {
  const t0 = Date.now();
  // 1. etcd, one member.
  start('etcd', 'etcd', [
    '--name', 'drill', '--data-dir', path.join(DIR, 'etcd'),
    '--listen-client-urls', `http://127.0.0.1:${ETCD_PORT}`, '--advertise-client-urls', `http://127.0.0.1:${ETCD_PORT}`,
    '--listen-peer-urls', `http://127.0.0.1:${ETCD_PORT + 1}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${ETCD_PORT + 1}`,
    '--initial-cluster', `drill=http://127.0.0.1:${ETCD_PORT + 1}`, '--initial-cluster-state', 'new',
  ]);
  await waitFor('etcd', () => httpOk(`http://127.0.0.1:${ETCD_PORT}/health`));

  // 2. Patroni: pg-1 bootstraps (initdb) and takes the leader key; pg-2 then clones it and becomes the synchronous standby.
  for (const m of members) {
    const file = path.join(DIR, `${m.name}.yml`);
    writeFileSync(file, patroniConfig(m));
    if (asRoot) chownSync(file, dbUser.uid!, dbUser.gid!);
  }
  const patroniEnv = { ...process.env, HOME: DIR, PATH: process.env.PATH };
  start(members[0]!.name, 'patroni', [path.join(DIR, `${members[0]!.name}.yml`)], { env: patroniEnv, asDbUser: true });
  await waitFor('pg-1 leading', () => httpOk(`http://127.0.0.1:${members[0]!.restPort}/primary`));
  start(members[1]!.name, 'patroni', [path.join(DIR, `${members[1]!.name}.yml`)], { env: patroniEnv, asDbUser: true });
  await waitFor('pg-2 the synchronous standby', async () => (await patroniCluster(members[0]!)).members.some((x) => x.name === 'pg-2' && x.role === 'sync_standby' && x.state === 'running'));
  await query(`postgres://postgres@127.0.0.1:${members[0]!.pgPort}/postgres`, 'create database jagabaya');

  // 3. HAProxy (PostgreSQL by /primary, the API by /readyz), PgBouncer in front of HAProxy's PostgreSQL frontend.
  writeFileSync(path.join(DIR, 'haproxy.cfg'), haproxyConfig());
  execFileSync('haproxy', ['-D', '-f', path.join(DIR, 'haproxy.cfg')]);
  writeFileSync(path.join(DIR, 'pgbouncer.ini'), pgbouncerConfig());
  writeFileSync(path.join(DIR, 'userlist.txt'), '"postgres" ""\n');
  if (asRoot) for (const f of ['pgbouncer.ini', 'userlist.txt']) chownSync(path.join(DIR, f), dbUser.uid!, dbUser.gid!);
  asDbUser('pgbouncer', ['-d', path.join(DIR, 'pgbouncer.ini')]);
  await waitFor('PgBouncer → HAProxy → leader', async () => (await query(`postgres://postgres@127.0.0.1:${BOUNCER_PORT}/jagabaya`, 'select 1')).length === 1);

  // 4. The API nodes, as deploy/cluster.sh starts them (the first migrates and creates the administrator).
  const secretKeyHex = randomBytes(32).toString('hex');
  const admin = { username: 'admin', password: `drill-${randomBytes(9).toString('hex')}` };
  for (let i = 1; i <= NODES; i++) {
    start(`node-${i}`, 'node', ['dist/server/main.js'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env, ...LOAD_FROM_ONE_ADDRESS, PORT: String(BASE + i), HOST: '127.0.0.1', NODE_NAME: `node-${i}`,
        DATABASE_URL: `postgres://postgres@127.0.0.1:${BOUNCER_PORT}/jagabaya`, DATABASE_NAMED_STATEMENTS: '0',
        SECRET_KEY: secretKeyHex, PUBLIC_URL: LB, TRUST_PROXY: '127.0.0.1', DRAIN_SECONDS: '2',
        ADMIN_USERNAME: admin.username, ADMIN_PASSWORD: admin.password,
      },
    });
    if (i === 1) await waitFor('node-1', () => httpOk(`http://127.0.0.1:${BASE + 1}/readyz`));
  }
  for (let i = 2; i <= NODES; i++) await waitFor(`node-${i}`, () => httpOk(`http://127.0.0.1:${BASE + i}/readyz`));
  await waitFor('HAProxy → nodes', () => httpOk(`${LB}/readyz`));
  console.error(`patroni-drill: topology up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const setup = openDatabase({ dialect: 'postgres', url: `postgres://postgres@127.0.0.1:${HAPROXY_PG_PORT}/jagabaya` }, { poolSize: 1 });
  const tokens = await prepareVenues(LB, setup, 4, { admin, secretKeyHex }).finally(() => setup.close());

  // 5. The load, then the loss of the leader's machine.
  const before = await patroniCluster(members[0]!);
  const leader = members.find((m) => before.members.some((x) => x.name === m.name && x.role === 'leader'))!;
  const other = members.find((m) => m !== leader)!;
  const load = startCheckinLoad(LB, tokens, CLIENTS);
  const now = load.now;
  await sleep(BEFORE_S * 1000);
  const steps: Record<string, number> = {};
  const victims = MODE === 'kill' ? [children.get(leader.name)!.pid!, ...postgresPids(leader.dataDir)] : [];
  steps.killOrSwitchover = now();
  if (MODE === 'kill') {
    for (const pid of victims) killPid(pid, 'SIGKILL');
  } else {
    const res = await fetch(`http://127.0.0.1:${leader.restPort}/switchover`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ leader: leader.name, candidate: other.name }) });
    steps.switchoverAnswered = now();
    if (!res.ok) throw new Error(`switchover refused: ${res.status} ${await res.text()}`);
  }
  await waitFor(`${other.name} promoted`, () => httpOk(`http://127.0.0.1:${other.restPort}/primary`), 60_000);
  steps.promoted = now();
  await waitFor('HAProxy routing PostgreSQL to the new leader', async () => (await query<{ r: boolean }>(`postgres://postgres@127.0.0.1:${HAPROXY_PG_PORT}/postgres`, 'select pg_is_in_recovery() as r'))[0]?.r === false, 30_000);
  steps.haproxyOnNewLeader = now();
  await sleep(AFTER_S * 1000);
  const attempts = await load.stop();
  const { acknowledged, figures } = clientView(attempts, steps.killOrSwitchover, now());

  // 6. Every acknowledged check-in on the new leader.
  const newLeader = `postgres://postgres@127.0.0.1:${other.pgPort}/jagabaya`;
  const inRecovery = (await query<{ in_recovery: boolean }>(newLeader, 'select pg_is_in_recovery() as in_recovery'))[0]?.in_recovery ?? true;
  const missing = await missingOn(newLeader, acknowledged);
  const ackedAfterPromotion = acknowledged.filter((a) => a.sentAt >= steps.promoted!).length;
  const after = await patroniCluster(other);

  console.log(JSON.stringify({
    date: new Date().toISOString(),
    load: execFileSync('uptime', { encoding: 'utf8' }).trim(),
    dcs: DCS,
    synchronousMode: true,
    clients: CLIENTS,
    apiNodes: NODES,
    mode: MODE,
    killed: { member: leader.name, pids: victims.length },
    membersBefore: before.members.map((x) => `${x.name}: ${x.role} (${x.state})`),
    membersAfter: after.members.map((x) => `${x.name}: ${x.role} (${x.state}, timeline ${x.timeline ?? '?'})`),
    stepsMs: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, round(v)])),
    promotionAfterKillOrSwitchoverMs: round(steps.promoted - steps.killOrSwitchover),
    ...figures,
    newLeaderInRecovery: inRecovery,
    acknowledged: acknowledged.length,
    acknowledgedAfterPromotion: ackedAfterPromotion,
    acknowledgedMissingOnNewLeader: missing.length,
    missingAcknowledgedAtMs: missing.slice(0, 10).map((a) => round(a.doneAt)),
  }, null, 2));
  if (missing.length > 0 || ackedAfterPromotion === 0 || inRecovery) exitCode = 1;
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
