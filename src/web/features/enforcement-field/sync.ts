// Sends the queue: each entry's steps in order, one entry after another, one run at a time in this tab. Triggered
// when the phone comes back online, when a screen loads, and by the officer's button (useQueue.ts).
import { API_BASE } from '../../api/client';
import i18n from '../../i18n';
import { applyOutcome, applyOutcomeOf, isDone, nextStepIndex, outcomeOf, withParentId, type QueueEntry, type QueueStep, type StepOutcome } from './queue';
import { allEntries, clearCachedLists, getEntry, recall, remember, saveEntry, updateEntry } from './store';

const enc = encodeURIComponent;

async function send(url: string, init: { method: string; body?: BodyInit; contentType?: string }): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', 'Accept-Language': i18n.language || 'id' };
  if (init.contentType) headers['Content-Type'] = init.contentType;
  try {
    const response = await fetch(API_BASE + url, { method: init.method, headers, body: init.body ?? null, credentials: 'same-origin' });
    const text = await response.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  } catch {
    return { status: 0, body: undefined };
  }
}

const json = (body: unknown) => ({ body: JSON.stringify(body), contentType: 'application/json' });

/** One step's request. A step whose parent has no id yet cannot be sent (never happens: steps go in order). */
async function sendStep(step: QueueStep): Promise<StepOutcome> {
  let answer: { status: number; body: unknown };
  switch (step.kind) {
    case 'violation':
      answer = await send('/violations', { method: 'POST', ...json({ ...step.body, clientKey: step.clientKey }) });
      break;
    case 'sanction':
      if (!step.violationId) return { kind: 'retry' };
      answer = await send(`/violations/${enc(step.violationId)}/sanctions`, { method: 'POST', ...json({ ...step.body, clientKey: step.clientKey }) });
      break;
    case 'photo':
      if (!step.violationId) return { kind: 'retry' };
      answer = await send(`/violations/${enc(step.violationId)}/photos?clientKey=${enc(step.clientKey)}`, { method: 'POST', body: step.blob, contentType: step.blob.type || 'image/jpeg' });
      break;
    case 'check':
      answer = await send(`/checkpoints/${enc(step.checkpointId)}/checks`, { method: 'POST', ...json({ ...step.body, clientKey: step.clientKey }) });
      break;
    case 'rapidTest':
      if (!step.checkId) return { kind: 'retry' };
      answer = await send(`/checkpoint-checks/${enc(step.checkId)}/rapid-test`, { method: 'POST', ...json(step.body) });
      break;
  }
  const outcome = outcomeOf(step, answer.status, answer.body);
  // A violation stored earlier (its answer was lost): read the proposal the server made then, so the officer sees it.
  if (outcome.kind === 'stored' && outcome.replayed && step.kind === 'violation') {
    const detail = await send(`/violations/${enc(outcome.id)}`, { method: 'GET' });
    if (detail.status === 200) return { ...outcome, result: detail.body };
  }
  return outcome;
}

/** Entries that finished in this tab, by id: a screen waiting for its own entry finds it even if a sync sent it. */
const finishedById = new Map<string, QueueEntry>();

/** An entry this tab saw finish (it has left the queue), with the server's answers. */
export function finishedEntry(id: string): QueueEntry | undefined {
  return finishedById.get(id);
}

/** The signed-in user: only their entries are sent (another officer's wait on the phone until they sign in again). */
let activeOwner: string | null = null;

/** Called when a user is known to be signed in; the lists kept for offline use are dropped if they were another's. */
export function fieldSignedIn(userId: string): void {
  activeOwner = userId;
  if (recall('owner') !== userId) void clearCachedLists();
  remember('owner', userId);
}

/** At logout: nothing more is sent, and nothing of this officer's stays in the page or in the cached lists. */
export async function fieldSignedOut(): Promise<void> {
  activeOwner = null;
  finishedById.clear();
  await clearCachedLists();
}

/** Sends what is left of one entry; returns it as it stands after (stored steps recorded even if a later one waits). */
export async function syncEntry(entry: QueueEntry): Promise<QueueEntry> {
  let current = entry;
  while (current.status === 'pending' && !isDone(current) && current.ownerId === activeOwner) {
    const index = nextStepIndex(current);
    const sent = current.steps[index] as QueueStep;
    const outcome = await sendStep(withParentId(current, index));
    if (outcome.kind === 'retry') break;
    // Saved after every step: a reload in the middle of the chain resumes at the next step, never repeats one. It is
    // recorded on the entry as stored now, under the queue's lock: a step the officer appended while this one was on
    // the way is kept (and sent next), and an entry that gained a step is not removed as done.
    let after: QueueEntry | undefined;
    await updateEntry(current.id, (stored) => {
      if (!stored) return undefined; // discarded by the officer, or finished by another run: not brought back
      after = applyOutcomeOf(stored, sent, outcome);
      return isDone(after) ? null : after;
    });
    if (!after) return applyOutcome(current, index, outcome);
    current = after;
    if (isDone(current)) finishedById.set(current.id, current);
  }
  return current;
}

let running: Promise<SyncReport> | null = null;

export interface SyncReport {
  sent: number;
  failed: number;
  waiting: number;
  /** Entries finished in this run, with their answers (the screens show a proposal or a border-check result). */
  finished: QueueEntry[];
}

/** Sends every pending entry, oldest first. A second call while one runs joins it (one run per tab). */
export function syncQueue(): Promise<SyncReport> {
  running ??= (async () => {
    const report: SyncReport = { sent: 0, failed: 0, waiting: 0, finished: [] };
    try {
      const owner = activeOwner;
      if (owner === null) return report;
      for (const listed of await allEntries(owner)) {
        const entry = (await getEntry(listed.id)) ?? listed;
        if (entry.status !== 'pending') continue;
        const after = await syncEntry(entry);
        if (isDone(after)) {
          report.sent += 1;
          report.finished.push(after);
        } else if (after.status === 'failed') report.failed += 1;
        else report.waiting += 1;
      }
    } finally {
      running = null;
    }
    return report;
  })();
  return running;
}

/** Puts an entry in the queue and, when the phone has signal, sends it at once (waiting for a running sync first). */
export async function enqueueAndSend(entry: QueueEntry): Promise<QueueEntry> {
  await saveEntry(entry);
  if (!navigator.onLine) return entry;
  if (running) await running.catch(() => undefined);
  const stored = await getEntry(entry.id);
  return stored ? syncEntry(stored) : (finishedById.get(entry.id) ?? entry); // gone already: a running sync sent it
}
