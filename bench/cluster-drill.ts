/**
 * The kill drill of issue #19, against the topology of deploy/cluster.sh (start it with
 * `PUBLIC_RATE_LIMIT_SCALE=1000000 npm run cluster`: the load comes from one address):
 *   check-ins through HAProxy from many concurrent clients for DRILL_SECONDS; SIGKILL node-1 after a quarter of it,
 *   node-2 after half; then every acknowledged check-in must be in the database, the small venue's capacity must hold
 *   exactly, and the client's view of the kills (failed requests, how long) is reported.
 *   npx tsx bench/cluster-drill.ts
 */
import { readFileSync } from 'node:fs';
import { openDatabase } from '../src/server/db/kysely.js';
import { posterTokenFor } from '../src/server/modules/venues/index.js';

const DIR = process.env.CLUSTER_DIR ?? '/tmp/jagabaya-cluster';
const BASE = Number(process.env.CLUSTER_BASE_PORT ?? 7100);
const LB = `http://127.0.0.1:${BASE}`;
const SECONDS = Number(process.env.DRILL_SECONDS ?? 20);
const CLIENTS = Number(process.env.DRILL_CLIENTS ?? 32);
const SMALL_CAPACITY = 150;

const secretKey = Buffer.from(readFileSync(`${DIR}/secret.key`, 'utf8').trim(), 'hex');
const password = readFileSync(`${DIR}/admin-password`, 'utf8').trim();
const database = openDatabase({ dialect: 'postgres', url: `postgres://postgres@127.0.0.1:${BASE + 432}/jagabaya` }, { poolSize: 2 });

async function api(method: string, path: string, body?: unknown, cookie?: string) {
  const res = await fetch(`${LB}${path}`, { method, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

async function venue(cookie: string, name: string, capacity: number): Promise<{ id: string; token: string }> {
  const created = await api('POST', '/api/v1/venues', { name, sector: 'trade', type: 'traditional_market', regionCode: '51.71.01.1001', address: 'Jl. Sulawesi', lat: -8.736259, lon: 115.23211, capacity, indoor: false }, cookie);
  if (created.status !== 201) throw new Error(`venue registration failed: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body?.id as string;
  await api('POST', `/api/v1/venues/${id}/verification`, { decision: 'approve' }, cookie);
  let poster = await database.db.selectFrom('venue_posters').select('poster_id').where('venue_id', '=', id).where('replaced_at', 'is', null).executeTakeFirst();
  if (!poster) {
    await api('POST', `/api/v1/venues/${id}/poster`, undefined, cookie);
    poster = await database.db.selectFrom('venue_posters').select('poster_id').where('venue_id', '=', id).where('replaced_at', 'is', null).executeTakeFirstOrThrow();
  }
  return { id, token: posterTokenFor(secretKey, poster.poster_id) };
}

const login = await api('POST', '/api/v1/auth/login', { username: 'admin', password });
if (login.status !== 200) throw new Error(`login through the load balancer failed: ${login.status}`);
const cookie = login.cookie as string;
const big = await venue(cookie, `Pasar Badung drill ${Date.now()}`, 50_000);
const small = await venue(cookie, `Warung kecil drill ${Date.now()}`, SMALL_CAPACITY);

const acknowledged: string[] = [];
const smallAcknowledged: string[] = [];
const failures: { at: number; status: number | string }[] = [];
const statusCounts = new Map<string, number>();
let sent = 0;
const started = Date.now();
const kills: { node: string; at: number }[] = [];

function kill(node: number) {
  const pid = Number(readFileSync(`${DIR}/node-${node}.pid`, 'utf8'));
  process.kill(pid, 'SIGKILL');
  kills.push({ node: `node-${node}`, at: Date.now() - started });
}
setTimeout(() => kill(1), (SECONDS * 1000) / 4);
setTimeout(() => kill(2), (SECONDS * 1000) / 2);

async function client(n: number) {
  while (Date.now() - started < SECONDS * 1000) {
    const target = sent % 4 === 0 ? small : big;
    const phone = `0813${String(n).padStart(2, '0')}${String(sent++).padStart(6, '0')}`;
    try {
      const res = await fetch(`${LB}/api/v1/checkins`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: target.token, name: 'Drill', phone }) });
      const body = (await res.json().catch(() => null)) as { visitId?: string } | null;
      statusCounts.set(String(res.status), (statusCounts.get(String(res.status)) ?? 0) + 1);
      if (res.status === 201 && body?.visitId) (target === small ? smallAcknowledged : acknowledged).push(body.visitId);
      else if (res.status >= 500) failures.push({ at: Date.now() - started, status: res.status });
    } catch (err) {
      failures.push({ at: Date.now() - started, status: (err as Error).message });
      statusCounts.set('network', (statusCounts.get('network') ?? 0) + 1);
    }
  }
}
await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));

const all = [...acknowledged, ...smallAcknowledged];
const stored = new Set<string>();
for (let i = 0; i < all.length; i += 1000) {
  const rows = await database.db.selectFrom('visits').select('id').where('id', 'in', all.slice(i, i + 1000)).execute();
  for (const row of rows) stored.add(row.id);
}
const smallStored = await database.db.selectFrom('visits').select((eb) => eb.fn.countAll<string>().as('n')).where('venue_id', '=', small.id).where('t_out', 'is', null).executeTakeFirstOrThrow();
const missing = all.filter((id) => !stored.has(id));
const lastFailure = failures.at(-1)?.at ?? null;
console.log(JSON.stringify({
  seconds: SECONDS,
  clients: CLIENTS,
  requests: sent,
  statuses: Object.fromEntries(statusCounts),
  acknowledged: all.length,
  acknowledgedMissing: missing.length,
  smallVenue: { capacity: SMALL_CAPACITY, acknowledged: smallAcknowledged.length, openInDatabase: Number(smallStored.n) },
  kills,
  failuresSeenByClients: failures.length,
  failureWindowsMs: kills.map((k) => {
    const own = failures.filter((f) => f.at >= k.at && f.at < k.at + 5_000);
    return { node: k.node, failures: own.length, lastFailureAfterKillMs: own.length ? (own.at(-1)!.at - k.at) : 0 };
  }),
  lastFailureAtMs: lastFailure,
}, null, 2));
await database.close();
if (missing.length > 0 || Number(smallStored.n) !== smallAcknowledged.length || smallAcknowledged.length > SMALL_CAPACITY) process.exit(1);
