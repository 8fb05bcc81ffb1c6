// What the fail-over drills share (failover-drill.ts: by hand; patroni-drill.ts: Patroni's automatic fail-over):
// running PostgreSQL's tools as its user, a steady check-in load, what the clients saw, and the acknowledged check-ins
// that are missing on the new primary.
import { execFileSync } from 'node:child_process';
import pg from 'pg';

/** A phone gives up on a check-in after this long (and the person taps again). */
export const CLIENT_TIMEOUT_MS = 10_000;

/** PostgreSQL refuses root: as root its tools run as Debian's postgres user, as deploy/cluster.sh does. */
export function asDbUser(command: string, args: string[]): string {
  const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export interface Attempt {
  sentAt: number;
  doneAt: number;
  status: string;
  visitId?: string;
}

export interface CheckinLoad {
  /** Milliseconds since the load started: the clock of every Attempt and of the drill's steps. */
  now: () => number;
  /** Stops the clients and returns every attempt, in the order the answers came. */
  stop: () => Promise<Attempt[]>;
}

/**
 * `clients` clients, each checking in through `baseUrl` one request after the other, 20 ms apart: a steady load, not
 * a flood, so failures do not spin. Every answer (or timeout, or closed connection) is one Attempt.
 */
export function startCheckinLoad(baseUrl: string, tokens: readonly string[], clients: number): CheckinLoad {
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
        const res = await fetch(`${baseUrl}/api/v1/checkins`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
        const json = (await res.json().catch(() => null)) as { visitId?: string } | null;
        attempts.push({ sentAt, doneAt: now(), status: String(res.status), visitId: res.status === 201 ? json?.visitId : undefined });
      } catch (err) {
        attempts.push({ sentAt, doneAt: now(), status: (err as Error).name === 'TimeoutError' ? `timeout ${CLIENT_TIMEOUT_MS / 1000} s` : `network: ${(err as Error).message}` });
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const running = Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  return {
    now,
    async stop() {
      stopping = true;
      await running;
      return attempts.sort((a, b) => a.doneAt - b.doneAt);
    },
  };
}

export const round = (x: number | undefined): number | null => (x === undefined ? null : Math.round(x));

function countStatuses(list: Attempt[]): Record<string, number> {
  return Object.fromEntries([...list.reduce((m, a) => m.set(a.status, (m.get(a.status) ?? 0) + 1), new Map<string, number>())]);
}

/**
 * What the clients saw of a fail-over that began at `failureAt`: the gap (first failed answer → first check-in
 * acknowledged that was *sent* after it), the status codes, the longest stretch without any acknowledgement.
 */
export function clientView(attempts: Attempt[], failureAt: number, endAt: number) {
  const failed = attempts.filter((a) => a.status !== '201');
  const acknowledged = attempts.filter((a) => a.status === '201' && a.visitId);
  const firstFailure = failed[0];
  const firstAckAfter = firstFailure ? acknowledged.find((a) => a.sentAt >= firstFailure.doneAt) : undefined;
  // The longest stretch in which no check-in was acknowledged at all (answers to requests already in flight included).
  let longestNoAck = { from: 0, to: 0 };
  let previous = 0;
  for (const at of [...acknowledged.map((a) => a.doneAt), endAt]) {
    if (at - previous > longestNoAck.to - longestNoAck.from) longestNoAck = { from: previous, to: at };
    previous = at;
  }
  const inWindow = firstFailure ? attempts.filter((a) => a.doneAt >= firstFailure.doneAt - 1 && a.doneAt <= (firstAckAfter?.doneAt ?? Infinity)) : [];
  return {
    acknowledged,
    firstAckAfter,
    figures: {
      requests: attempts.length,
      statusesAll: countStatuses(attempts),
      statusesInGap: countStatuses(inWindow),
      firstFailureMs: round(firstFailure?.doneAt),
      lastFailureMs: round(failed.at(-1)?.doneAt),
      firstAcknowledgedAfterMs: round(firstAckAfter?.doneAt),
      gapMs: firstFailure && firstAckAfter ? round(firstAckAfter.doneAt - firstFailure.doneAt) : null,
      gapFromFailureMs: firstAckAfter ? round(firstAckAfter.doneAt - failureAt) : null,
      longestWithoutAnyAcknowledgementMs: round(longestNoAck.to - longestNoAck.from),
      longestWithoutAnyAcknowledgementFromMs: round(longestNoAck.from),
      slowestAcknowledgedMs: round(Math.max(...acknowledged.map((a) => a.doneAt - a.sentAt))),
    },
  };
}

/** The acknowledged check-ins (201 with a visit id) that the database at `url` does not have. */
export async function missingOn(url: string, acknowledged: Attempt[]): Promise<Attempt[]> {
  const ids = acknowledged.map((a) => a.visitId!);
  const present = new Set((await query<{ id: string }>(url, 'select id from visits where id = any($1::text[])', [ids])).map((r) => r.id));
  return acknowledged.filter((a) => !present.has(a.visitId!));
}
