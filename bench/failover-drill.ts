/**
 * The fail-over drill of issue #19 against the topology of deploy/cluster.sh, which the drill starts on its own ports
 * and stops at the end: under a steady check-in load through HAProxy,
 *   1. stop the primary (`pg_ctl -m fast`, a planned switch-over, or FAILOVER_MODE=immediate: a crash, no shutdown
 *      checkpoint, WAL not yet streamed is lost with asynchronous replication);
 *   2. promote the streaming replica (`pg_ctl promote`), after FAILOVER_DELAY_MS (0: an operator or Patroni acting at once);
 *   3. point PgBouncer at it (rewrite `[databases]`, `RELOAD` on its admin console). The nodes are not restarted.
 * Measured from the clients: the gap (first failed response → first check-in acknowledged that was sent after it),
 * the status codes they saw and the slowest answers; then every check-in answered 201 must be on the new primary.
 *   npx tsx bench/failover-drill.ts
 *   CLUSTER_BASE_PORT (7500), CLUSTER_DIR (/tmp/jagabaya-failover), DRILL_CLIENTS (16), DRILL_BEFORE_S (6),
 *   DRILL_AFTER_S (12), FAILOVER_MODE (fast|immediate), FAILOVER_DELAY_MS (0)
 * Exits 1 if an acknowledged check-in is missing on the new primary or no check-in is acknowledged after the switch.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/server/db/kysely.js';
import { PROJECT_ROOT } from '../src/server/shared/paths.js';
import { prepareVenues } from './checkin-load.js';

const BASE = Number(process.env.CLUSTER_BASE_PORT ?? 7500);
const DIR = process.env.CLUSTER_DIR ?? '/tmp/jagabaya-failover';
const CLIENTS = Number(process.env.DRILL_CLIENTS ?? 16);
const BEFORE_S = Number(process.env.DRILL_BEFORE_S ?? 6);
const AFTER_S = Number(process.env.DRILL_AFTER_S ?? 12);
const MODE = process.env.FAILOVER_MODE === 'immediate' ? 'immediate' : 'fast';
const DELAY_MS = Number(process.env.FAILOVER_DELAY_MS ?? 0);
/** A phone gives up on a check-in after this long (and the person taps again). */
const CLIENT_TIMEOUT_MS = 10_000;
const PRIMARY_PORT = BASE + 432;
const REPLICA_PORT = BASE + 433;
const BOUNCER_PORT = BASE + 400;
const LB = `http://127.0.0.1:${BASE}`;
const clusterEnv = { ...process.env, CLUSTER_BASE_PORT: String(BASE), CLUSTER_DIR: DIR, PUBLIC_RATE_LIMIT_SCALE: '1000000' };
const PGBIN = path.dirname(execFileSync('readlink', ['-f', execFileSync('bash', ['-c', 'command -v initdb || echo /usr/lib/postgresql/15/bin/initdb'], { encoding: 'utf8' }).trim()], { encoding: 'utf8' }).trim());

function cluster(command: 'start' | 'stop'): void {
  execFileSync('bash', [path.join(PROJECT_ROOT, 'deploy/cluster.sh'), command], { env: clusterEnv, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** PostgreSQL refuses root: as root its tools run as Debian's postgres user, as deploy/cluster.sh does. */
function asDbUser(command: string, args: string[]): string {
  const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

interface Attempt {
  sentAt: number;
  doneAt: number;
  status: string;
  visitId?: string;
}

cluster('start');
let exitCode = 0;
try {
  const secretKeyHex = readFileSync(path.join(DIR, 'secret.key'), 'utf8').trim();
  const admin = { username: 'admin', password: readFileSync(path.join(DIR, 'admin-password'), 'utf8').trim() };
  const setup = openDatabase({ dialect: 'postgres', url: `postgres://postgres@127.0.0.1:${PRIMARY_PORT}/jagabaya` }, { poolSize: 1 });
  const tokens = await prepareVenues(LB, setup, 4, { admin, secretKeyHex }).finally(() => setup.close());

  const attempts: Attempt[] = [];
  const started = performance.now();
  const now = () => performance.now() - started;
  let stopping = false;
  let sent = 0;

  async function client(n: number): Promise<void> {
    while (!stopping) {
      const body = JSON.stringify({ token: tokens[sent % tokens.length], name: 'Drill', phone: `0815${String(n).padStart(2, '0')}${String(sent++).padStart(6, '0')}` });
      const sentAt = now();
      try {
        const res = await fetch(`${LB}/api/v1/checkins`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
        const json = (await res.json().catch(() => null)) as { visitId?: string } | null;
        attempts.push({ sentAt, doneAt: now(), status: String(res.status), visitId: res.status === 201 ? json?.visitId : undefined });
      } catch (err) {
        attempts.push({ sentAt, doneAt: now(), status: (err as Error).name === 'TimeoutError' ? `timeout ${CLIENT_TIMEOUT_MS / 1000} s` : `network: ${(err as Error).message}` });
      }
      // A steady load, not a flood: each client a request every ~20 ms at most, so failures do not spin.
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const load = Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));

  await new Promise((r) => setTimeout(r, BEFORE_S * 1000));
  const steps: Record<string, number> = {};
  steps.stopPrimary = now();
  asDbUser(`${PGBIN}/pg_ctl`, ['-D', path.join(DIR, 'primary'), '-m', MODE, '-w', 'stop']);
  steps.primaryStopped = now();
  if (DELAY_MS > 0) await new Promise((r) => setTimeout(r, DELAY_MS));
  steps.promote = now();
  asDbUser(`${PGBIN}/pg_ctl`, ['-D', path.join(DIR, 'replica'), '-w', 'promote']);
  steps.promoted = now();
  const ini = path.join(DIR, 'pgbouncer.ini');
  writeFileSync(ini, readFileSync(ini, 'utf8').replace(`port=${PRIMARY_PORT} dbname=jagabaya`, `port=${REPLICA_PORT} dbname=jagabaya`));
  await query(`postgres://postgres@127.0.0.1:${BOUNCER_PORT}/pgbouncer`, 'RELOAD');
  steps.pgbouncerReloaded = now();
  await new Promise((r) => setTimeout(r, AFTER_S * 1000));
  stopping = true;
  await load;

  // ---- what the clients saw ----
  attempts.sort((a, b) => a.doneAt - b.doneAt);
  const failed = attempts.filter((a) => a.status !== '201');
  const acknowledged = attempts.filter((a) => a.status === '201' && a.visitId);
  const firstFailure = failed[0];
  const lastFailure = failed.at(-1);
  const firstAckAfter = firstFailure ? acknowledged.find((a) => a.sentAt >= firstFailure.doneAt) : undefined;
  // The longest stretch in which no check-in was acknowledged at all (answers to requests already in flight included).
  let longestNoAck = { from: 0, to: 0 };
  let previous = 0;
  for (const at of [...acknowledged.map((a) => a.doneAt), now()]) {
    if (at - previous > longestNoAck.to - longestNoAck.from) longestNoAck = { from: previous, to: at };
    previous = at;
  }
  const statuses = (list: Attempt[]) => Object.fromEntries([...list.reduce((m, a) => m.set(a.status, (m.get(a.status) ?? 0) + 1), new Map<string, number>())]);
  const inWindow = firstFailure ? attempts.filter((a) => a.doneAt >= firstFailure.doneAt - 1 && a.doneAt <= (firstAckAfter?.doneAt ?? Infinity)) : [];
  const slowest = Math.max(...acknowledged.map((a) => a.doneAt - a.sentAt));

  // ---- every acknowledged check-in on the new primary ----
  const newPrimary = `postgres://postgres@127.0.0.1:${REPLICA_PORT}/jagabaya`;
  const inRecovery = (await query<{ in_recovery: boolean }>(newPrimary, 'select pg_is_in_recovery() as in_recovery'))[0]?.in_recovery ?? true;
  const ids = acknowledged.map((a) => a.visitId!);
  const present = new Set((await query<{ id: string }>(newPrimary, 'select id from visits where id = any($1::text[])', [ids])).map((r) => r.id));
  const missing = acknowledged.filter((a) => !present.has(a.visitId!));
  const ackedAfterSwitch = acknowledged.filter((a) => a.sentAt >= steps.pgbouncerReloaded!).length;

  const round = (x: number | undefined) => (x === undefined ? null : Math.round(x));
  console.log(JSON.stringify({
    date: new Date().toISOString(),
    mode: MODE,
    delayBeforePromoteMs: DELAY_MS,
    clients: CLIENTS,
    requests: attempts.length,
    stepsMs: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, round(v)])),
    statusesAll: statuses(attempts),
    statusesInGap: statuses(inWindow),
    firstFailureMs: round(firstFailure?.doneAt),
    lastFailureMs: round(lastFailure?.doneAt),
    firstAcknowledgedAfterMs: round(firstAckAfter?.doneAt),
    gapMs: firstFailure && firstAckAfter ? round(firstAckAfter.doneAt - firstFailure.doneAt) : null,
    gapFromStopMs: firstAckAfter ? round(firstAckAfter.doneAt - steps.stopPrimary) : null,
    longestWithoutAnyAcknowledgementMs: round(longestNoAck.to - longestNoAck.from),
    longestWithoutAnyAcknowledgementFromMs: round(longestNoAck.from),
    slowestAcknowledgedMs: round(slowest),
    newPrimaryInRecovery: inRecovery,
    acknowledged: acknowledged.length,
    acknowledgedAfterSwitch: ackedAfterSwitch,
    acknowledgedMissingOnNewPrimary: missing.length,
    missingAcknowledgedAtMs: missing.slice(0, 10).map((a) => round(a.doneAt)),
  }, null, 2));
  if (missing.length > 0 || ackedAfterSwitch === 0 || inRecovery) exitCode = 1;
} finally {
  // Keep the logs of the run (PgBouncer's, the nodes', both PostgreSQL servers') before the folder goes.
  const logs = `/tmp/jagabaya-failover-logs-${Date.now()}`;
  execFileSync('bash', ['-c', `mkdir -p ${logs} && cp ${DIR}/*.log ${logs}/ 2>/dev/null; echo "logs kept in ${logs}"`], { stdio: 'inherit' });
  cluster('stop');
}
process.exit(exitCode);
