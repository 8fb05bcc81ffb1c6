// What the check-in benchmarks share: the administrator they start the server with, its venues and the request body.
import { readFileSync } from 'node:fs';
import type { DatabaseHandle } from '../src/server/db/kysely.js';
import { posterTokenFor } from '../src/server/modules/venues/index.js';
import { TEST_SECRET_KEY_HEX } from '../test/process/spawn-server.js';

/**
 * The benchmarks send thousands of check-ins a second from one address: the public limits (PUBLIC_RATE_LIMIT_SCALE)
 * are scaled out of their way, not turned off, so the limiter's cost stays in what is measured.
 */
export const LOAD_FROM_ONE_ADDRESS = { PUBLIC_RATE_LIMIT_SCALE: '1000000' };

export const ADMIN = { username: 'admin', password: 'bench-admin-password' };

export function randomPhone(): string {
  return `0812${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
}

/** A check-in by a new visitor (random phone) at one of the venues. */
export function checkinBody(tokens: readonly string[]): string {
  return JSON.stringify({ token: tokens[Math.floor(Math.random() * tokens.length)], name: 'Pengunjung Uji', phone: randomPhone() });
}

export async function api(url: string, method: string, body?: unknown, cookie?: string) {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

/**
 * `count` verified venues with room for everyone a benchmark sends, and their poster tokens. A server started by the
 * benchmark has ADMIN and the test key; a cluster of deploy/cluster.sh passes its own administrator and key.
 */
export async function prepareVenues(
  serverUrl: string,
  database: DatabaseHandle,
  count: number,
  options: { admin?: { username: string; password: string }; secretKeyHex?: string } = {},
): Promise<string[]> {
  const login = await api(`${serverUrl}/api/v1/auth/login`, 'POST', options.admin ?? ADMIN);
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
  const key = Buffer.from(options.secretKeyHex ?? TEST_SECRET_KEY_HEX, 'hex');
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) tokens.push(await prepareVenue(serverUrl, database, login.cookie as string, i, key));
  return tokens;
}

async function prepareVenue(serverUrl: string, database: DatabaseHandle, cookie: string, n: number, key: Buffer): Promise<string> {
  const venue = await api(`${serverUrl}/api/v1/venues`, 'POST', {
    name: `Pasar ${n}`, sector: 'trade', type: 'traditional_market', regionCode: '51.71.01.1001', address: 'Jl. Sulawesi',
    lat: -8.736259, lon: 115.23211, capacity: 50_000, indoor: false,
  }, cookie);
  const id = venue.body?.id as string;
  await api(`${serverUrl}/api/v1/venues/${id}/verification`, 'POST', { decision: 'approve' }, cookie);
  let poster = await database.db.selectFrom('venue_posters').select('poster_id').where('venue_id', '=', id).where('replaced_at', 'is', null).executeTakeFirst();
  if (!poster) {
    await api(`${serverUrl}/api/v1/venues/${id}/poster`, 'POST', undefined, cookie);
    poster = await database.db.selectFrom('venue_posters').select('poster_id').where('venue_id', '=', id).where('replaced_at', 'is', null).executeTakeFirstOrThrow();
  }
  return posterTokenFor(key, poster.poster_id);
}

/** User + system CPU time of a process so far, in microseconds (Linux /proc). */
export function cpuMicros(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks / 100) * 1e6;
  } catch {
    return null;
  }
}
