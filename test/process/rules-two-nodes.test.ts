import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVISION_CHECK_MS } from '../../src/server/modules/policies/rules-in-force.service.js';
import { createScratchDatabase, postgresReachable } from '../postgres.js';
import { spawnServer, type ServerProcess } from './spawn-server.js';

/**
 * Issue #19, "two nodes, one rule-set change on node A: node B answers with the new rules within 2 s": two real server
 * processes on one PostgreSQL database. Node B's rules-in-force cache is warm (it has just answered) when a rule set is
 * published through node A; node B notices through policy_state.revision, which it reads at most every
 * REVISION_CHECK_MS (2 s). The elapsed time from A's acknowledgement to B's first new answer is asserted against the
 * 2 s of the issue plus one second for the poll request on a shared, loaded machine: a correctness bound (B must not
 * keep stale rules for long), not a speed measurement. If B only learnt of the change on a restart or a cache
 * expiry of minutes, the poll below would run into its 15 s limit and fail.
 */

const ADMIN = { username: 'admin', password: 'rules-two-nodes-2026' };
const KESIMAN = '51.71.02.1003';
/** An instant inside the new rule set's first day, far from the seeded history and from the test's own date. */
const AT = '2031-03-02T12:00:00+08:00';
const reachable = await postgresReachable();
if (!reachable) {
  const message = '!!! TWO-NODE RULES TEST SKIPPED: PostgreSQL not reachable !!!';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n${message}\n`);
}

async function api(url: string, method: string, body?: unknown, cookie?: string) {
  const res = await fetch(url, { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

interface InForce {
  open: boolean;
  capacityPercent: number;
  sources: { ruleSetId: string }[];
}

describe.skipIf(!reachable)('rules in force across two server processes on one PostgreSQL', () => {
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;
  let drop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const scratch = await createScratchDatabase();
    drop = scratch.drop;
    const env = { DATABASE_URL: scratch.url, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password };
    // A migrates and creates the administrator; B starts on the ready schema, as the cluster's nodes do.
    nodeA = await spawnServer(env);
    nodeB = await spawnServer(env);
  });

  afterAll(async () => {
    for (const node of [nodeA, nodeB]) {
      if (node && node.child.exitCode === null) {
        node.child.kill('SIGTERM');
        await node.exited;
      }
    }
    await drop();
  });

  it('a rule set published through node A is in force on node B within 2 s', async () => {
    const ask = async (node: ServerProcess): Promise<InForce> => {
      const res = await api(`${node.url}/api/v1/rules/in-force?region=${KESIMAN}&sector=trade&venueType=shop&at=${encodeURIComponent(AT)}`, 'GET');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as unknown as InForce;
    };

    const login = await api(`${nodeA.url}/api/v1/auth/login`, 'POST', ADMIN);
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    const cookie = login.cookie as string;
    const draft = await api(`${nodeA.url}/api/v1/rule-sets`, 'POST', {
      kind: 'city',
      scopeRegionCode: '51.71',
      legalBasis: 'SE Walikota Denpasar 1/2031 (uji dua node)',
      titleId: 'Pembatasan pasar dua node',
      titleEn: 'Two-node market limits',
      effectiveFrom: '2031-03-02',
      effectiveTo: '2031-03-03',
      rules: [{ sector: 'trade', window: { from: '06:00', until: '13:00' }, capacityPercent: 37 }],
    }, cookie);
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const id = draft.body?.id as string;

    // B's cache is warm and its revision just read: the worst case for noticing a change made elsewhere.
    const before = await ask(nodeB);
    expect(before.sources.map((s) => s.ruleSetId)).not.toContain(id);
    expect(before.capacityPercent).not.toBe(37);

    const published = await api(`${nodeA.url}/api/v1/rule-sets/${id}/publish`, 'POST', undefined, cookie);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const acknowledgedAt = performance.now();
    // Node A itself answers with the new rules at once (its own change drops its cache).
    expect((await ask(nodeA)).capacityPercent).toBe(37);

    let after: InForce | null = null;
    let polls = 0;
    while (performance.now() - acknowledgedAt < 15_000) {
      polls++;
      const answer = await ask(nodeB);
      if (answer.sources.some((s) => s.ruleSetId === id)) {
        after = answer;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const elapsedMs = performance.now() - acknowledgedAt;
    console.log(`node B answered with the new rule set ${elapsedMs.toFixed(0)} ms after node A acknowledged the publish (${polls} polls)`);
    expect(after, 'node B never answered with the rule set published on node A').not.toBeNull();
    expect(after).toMatchObject({ open: true, capacityPercent: 37 });
    // The 2 s (REVISION_CHECK_MS), plus one second for the request that sees it on a loaded shared machine.
    expect(elapsedMs).toBeLessThan(REVISION_CHECK_MS + 1_000);
  });
});
