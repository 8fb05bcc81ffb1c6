import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueEntry, QueueStep } from '../../src/web/features/enforcement-field/queue.js';

// The offline queue's sending against storage (issue #15, review H2 and H4), with IndexedDB replaced by Maps and the
// network by a fetch whose answers the test releases: a step the officer appends while a sync is sending the entry
// is kept and sent, and an entry saved by another officer on the same phone is neither sent nor listed.

const stores = vi.hoisted(() => new Map<string, Map<string, unknown>>());
vi.mock('idb-keyval', () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const storeOf = (s: unknown) => s as Map<string, unknown>;
  return {
    createStore: (db: string, name: string) => {
      const store = new Map<string, unknown>();
      stores.set(`${db}/${name}`, store);
      return store;
    },
    get: async (key: string, s: unknown) => (await tick(), structuredClone(storeOf(s).get(key))),
    set: async (key: string, value: unknown, s: unknown) => void (await tick(), storeOf(s).set(key, structuredClone(value))),
    del: async (key: string, s: unknown) => void (await tick(), storeOf(s).delete(key)),
    values: async (s: unknown) => (await tick(), [...storeOf(s).values()].map((v) => structuredClone(v))),
    clear: async (s: unknown) => void (await tick(), storeOf(s).clear()),
  };
});
vi.mock('../../src/web/i18n/index.js', () => ({ default: { language: 'id' } }));

const { allEntries, othersWaiting, saveEntry, getEntry, updateEntry, cachedList } = await import('../../src/web/features/enforcement-field/store.js');
const { fieldSignedIn, fieldSignedOut, syncQueue } = await import('../../src/web/features/enforcement-field/sync.js');

interface Call {
  method: string;
  url: string;
  body: unknown;
}

/** A fetch that records each request and answers when the test says so (or at once, for requests not held). */
function fakeNetwork(answer: (call: Call) => { status: number; body: unknown }) {
  const calls: Call[] = [];
  const held = new Map<string, () => void>();
  const holding = new Set<string>();
  const arrived = new Map<string, () => void>();
  const fetchMock = vi.fn(async (url: string, init: { method: string; body: BodyInit | null }) => {
    const call: Call = { method: init.method, url, body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body };
    calls.push(call);
    const path = url.replace(/^.*\/api\/v1/, '').replace(/\?.*$/, '');
    arrived.get(path)?.();
    if (holding.has(path)) await new Promise<void>((release) => held.set(path, release));
    const { status, body } = answer({ ...call, url: path });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    calls,
    paths: () => calls.map((c) => `${c.method} ${c.url.replace(/^.*\/api\/v1/, '').replace(/\?.*$/, '')}`),
    /** Holds the answer to `path`; resolves once that request is on its way. */
    hold(path: string): Promise<void> {
      holding.add(path);
      return new Promise((resolve) => arrived.set(path, resolve));
    },
    release(path: string): void {
      holding.delete(path);
      held.get(path)?.();
    },
  };
}

const answers = ({ method, url }: Call) => {
  if (method === 'POST' && url === '/violations') return { status: 201, body: { id: 'V1', priorOffences: [], proposedSanction: { type: 'teguran_lisan', basis: 'ladder', step: 1 } } };
  if (method === 'POST' && url === '/violations/V1/sanctions') return { status: 201, body: { id: 'S1' } };
  if (method === 'POST' && url === '/violations/V1/photos') return { status: 201, body: { id: 'P1' } };
  if (method === 'POST' && url === '/checkpoints/POST1/checks') return { status: 201, body: { id: 'C1', result: 'passed', reasons: [], shift: 1 } };
  if (method === 'POST' && url === '/checkpoint-checks/C1/rapid-test') return { status: 201, body: { caseOpened: false } };
  return { status: 404, body: { detail: `unexpected ${method} ${url}` } };
};

const violationEntry = (ownerId = 'officer-1'): QueueEntry => ({
  id: 'key-violation-1',
  ownerId,
  createdAt: 1,
  summary: 'Made · masker',
  status: 'pending',
  steps: [
    { kind: 'violation', clientKey: 'key-violation-1', body: { offence: 'masker_tidak_benar' } },
    { kind: 'photo', clientKey: 'key-photo-1', blob: new Blob(['x'], { type: 'image/jpeg' }) },
  ],
});

const checkEntry = (): QueueEntry => ({
  id: 'key-check-1',
  ownerId: 'officer-1',
  createdAt: 2,
  summary: 'Pos Suwung · kerja · 36.5 °C',
  status: 'pending',
  steps: [{ kind: 'check', clientKey: 'key-check-1', checkpointId: 'POST1', body: { temperatureC: 36.5 } }],
});

const sanction: QueueStep = { kind: 'sanction', clientKey: 'key-sanction-1', body: { type: 'teguran_lisan', reason: 'Dipilih tanpa sinyal' } };

beforeEach(async () => {
  for (const store of stores.values()) store.clear();
  await fieldSignedOut();
  fieldSignedIn('officer-1');
});

describe('offline queue sending', () => {
  it('keeps and sends a sanction appended while a sync sends its violation', async () => {
    const net = fakeNetwork(answers);
    await saveEntry(violationEntry());
    const violationSent = net.hold('/violations');
    const sync = syncQueue();
    await violationSent;
    // The officer picks a sanction while the violation is on its way (what RecordViolationPage's apply() does).
    const appended = await updateEntry('key-violation-1', (pending) => pending && { ...pending, steps: [pending.steps[0] as QueueStep, sanction, ...pending.steps.slice(1)] });
    expect(appended?.steps.map((s) => s.kind)).toEqual(['violation', 'sanction', 'photo']);
    net.release('/violations');
    const report = await sync;
    expect(net.paths()).toEqual(['POST /violations', 'POST /violations/V1/sanctions', 'POST /violations/V1/photos']);
    expect(net.calls[1]?.body).toMatchObject({ type: 'teguran_lisan', clientKey: 'key-sanction-1' });
    expect(report).toMatchObject({ sent: 1, waiting: 0, failed: 0 });
    expect(report.finished[0]?.steps.map((s) => s.id)).toEqual(['V1', 'S1', 'P1']);
    expect(await getEntry('key-violation-1')).toBeUndefined();
  });

  it('does not remove an entry whose last step was sent while a rapid test was appended to it; sends the test', async () => {
    const net = fakeNetwork(answers);
    await saveEntry(checkEntry());
    const checkSent = net.hold('/checkpoints/POST1/checks');
    const sync = syncQueue();
    await checkSent;
    // The check's answer is on its way back: the officer adds the rapid test (what CheckpointCheckPage's save() does).
    await updateEntry('key-check-1', (pending) => pending && { ...pending, steps: [...pending.steps, { kind: 'rapidTest', body: { result: 'negative' } }] });
    net.release('/checkpoints/POST1/checks');
    const report = await sync;
    expect(net.paths()).toEqual(['POST /checkpoints/POST1/checks', 'POST /checkpoint-checks/C1/rapid-test']);
    expect(net.calls[1]?.body).toEqual({ result: 'negative' });
    expect(report.finished[0]?.steps[1]).toMatchObject({ kind: 'rapidTest', checkId: 'C1', result: { caseOpened: false } });
    expect(await getEntry('key-check-1')).toBeUndefined();
  });

  it('a step appended while the only answer is lost stays queued with the stored step recorded', async () => {
    const net = fakeNetwork((call) => (call.url === '/violations' ? answers(call) : { status: 503, body: {} }));
    await saveEntry(violationEntry());
    const violationSent = net.hold('/violations');
    const sync = syncQueue();
    await violationSent;
    await updateEntry('key-violation-1', (pending) => pending && { ...pending, steps: [pending.steps[0] as QueueStep, sanction, ...pending.steps.slice(1)] });
    net.release('/violations');
    expect(await sync).toMatchObject({ sent: 0, waiting: 1 });
    const stored = await getEntry('key-violation-1');
    expect(stored?.steps.map((s) => [s.kind, s.id])).toEqual([
      ['violation', 'V1'],
      ['sanction', undefined],
      ['photo', undefined],
    ]);
  });

  it('neither sends nor lists another officer’s entry on a shared phone, and counts it', async () => {
    const net = fakeNetwork(answers);
    await saveEntry(violationEntry('officer-2'));
    expect(await syncQueue()).toMatchObject({ sent: 0, waiting: 0, finished: [] });
    expect(net.calls).toHaveLength(0);
    expect(await allEntries('officer-1')).toEqual([]);
    expect(await othersWaiting('officer-1')).toBe(1);
    expect(await getEntry('key-violation-1')).toBeDefined();
    // Its officer signs in again: it is theirs to send.
    fieldSignedIn('officer-2');
    expect(await syncQueue()).toMatchObject({ sent: 1 });
    expect(net.paths()).toEqual(['POST /violations', 'POST /violations/V1/photos']);
  });

  it('sends nothing once signed out, and forgets the cached lists', async () => {
    const net = fakeNetwork(answers);
    await cachedList('regions', () => Promise.resolve(['51.71.01.2001']));
    await saveEntry(violationEntry());
    await fieldSignedOut();
    expect(await syncQueue()).toMatchObject({ sent: 0 });
    expect(net.calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    await expect(cachedList('regions', () => Promise.reject(new Error('offline')))).rejects.toThrow('offline');
    expect(await getEntry('key-violation-1')).toBeDefined(); // unsent work is kept for its officer
  });
});
