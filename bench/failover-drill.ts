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
import { openDatabase } from '../src/server/db/kysely.js';
import { PROJECT_ROOT } from '../src/server/shared/paths.js';
import { prepareVenues } from './checkin-load.js';
import { asDbUser, clientView, missingOn, query, round, startCheckinLoad } from './drill-load.js';

const BASE = Number(process.env.CLUSTER_BASE_PORT ?? 7500);
const DIR = process.env.CLUSTER_DIR ?? '/tmp/jagabaya-failover';
const CLIENTS = Number(process.env.DRILL_CLIENTS ?? 16);
const BEFORE_S = Number(process.env.DRILL_BEFORE_S ?? 6);
const AFTER_S = Number(process.env.DRILL_AFTER_S ?? 12);
const MODE = process.env.FAILOVER_MODE === 'immediate' ? 'immediate' : 'fast';
const DELAY_MS = Number(process.env.FAILOVER_DELAY_MS ?? 0);
const PRIMARY_PORT = BASE + 432;
const REPLICA_PORT = BASE + 433;
const BOUNCER_PORT = BASE + 400;
const LB = `http://127.0.0.1:${BASE}`;
const clusterEnv = { ...process.env, CLUSTER_BASE_PORT: String(BASE), CLUSTER_DIR: DIR, PUBLIC_RATE_LIMIT_SCALE: '1000000' };
const PGBIN = path.dirname(execFileSync('readlink', ['-f', execFileSync('bash', ['-c', 'command -v initdb || echo /usr/lib/postgresql/15/bin/initdb'], { encoding: 'utf8' }).trim()], { encoding: 'utf8' }).trim());

function cluster(command: 'start' | 'stop'): void {
  execFileSync('bash', [path.join(PROJECT_ROOT, 'deploy/cluster.sh'), command], { env: clusterEnv, stdio: ['ignore', 'inherit', 'inherit'] });
}

cluster('start');
let exitCode = 0;
try {
  const secretKeyHex = readFileSync(path.join(DIR, 'secret.key'), 'utf8').trim();
  const admin = { username: 'admin', password: readFileSync(path.join(DIR, 'admin-password'), 'utf8').trim() };
  const setup = openDatabase({ dialect: 'postgres', url: `postgres://postgres@127.0.0.1:${PRIMARY_PORT}/jagabaya` }, { poolSize: 1 });
  const tokens = await prepareVenues(LB, setup, 4, { admin, secretKeyHex }).finally(() => setup.close());

  const load = startCheckinLoad(LB, tokens, CLIENTS);
  const now = load.now;

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
  const attempts = await load.stop();
  const { acknowledged, figures } = clientView(attempts, steps.stopPrimary, now());

  // ---- every acknowledged check-in on the new primary ----
  const newPrimary = `postgres://postgres@127.0.0.1:${REPLICA_PORT}/jagabaya`;
  const inRecovery = (await query<{ in_recovery: boolean }>(newPrimary, 'select pg_is_in_recovery() as in_recovery'))[0]?.in_recovery ?? true;
  const missing = await missingOn(newPrimary, acknowledged);
  const ackedAfterSwitch = acknowledged.filter((a) => a.sentAt >= steps.pgbouncerReloaded!).length;

  console.log(JSON.stringify({
    date: new Date().toISOString(),
    mode: MODE,
    delayBeforePromoteMs: DELAY_MS,
    clients: CLIENTS,
    stepsMs: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, round(v)])),
    ...figures,
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
