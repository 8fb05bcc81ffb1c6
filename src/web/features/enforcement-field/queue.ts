// The officers' offline queue (issue #15), its pure part: what an entry is, which step goes next, and what a server
// answer means for it. Storage (IndexedDB) and sending live in store.ts and sync.ts; this file has no I/O so that the
// rules (never duplicate, keep the chain in order, keep a refused entry visible) are unit-tested on their own.

/** One request of an entry. `id` is the server's id once the step is stored (by its first answer or a replay). */
export type QueueStep =
  | { kind: 'violation'; clientKey: string; body: Record<string, unknown>; id?: string; result?: ViolationResult }
  | { kind: 'sanction'; clientKey: string; body: Record<string, unknown>; violationId?: string; id?: string }
  | { kind: 'photo'; clientKey: string; blob: Blob; violationId?: string; id?: string }
  | { kind: 'check'; clientKey: string; checkpointId: string; body: Record<string, unknown>; id?: string; result?: CheckResult }
  | { kind: 'rapidTest'; body: Record<string, unknown>; checkId?: string; id?: string; result?: { caseOpened: boolean | null } };

export interface ViolationResult {
  id: string;
  priorOffences: { id: string; offence: string; occurredAt: string; regionCode: string; sanctions: string[] }[];
  proposedSanction: { type: string; amountIdr?: number; days?: number; alsoRecommended?: string; basis: string; step: number };
}

export interface CheckResult {
  id: string;
  result: 'passed' | 'turned_back' | 'referred';
  reasons: string[];
  shift: number | null;
  origin?: { provinceCode: string; regencyCode: string };
}

/** The server's refusal, kept with the entry so the officer sees why it was not stored. */
export interface QueueFailure {
  status: number;
  message: string;
  fields: { field: string; message: string }[];
}

/**
 * Something the officer saved: a chain of steps sent in order (a violation, then its sanction, then its photos; a
 * border check, then its rapid test). A later step takes its parent's id from the earlier step once that is stored.
 */
export interface QueueEntry {
  /** The first step's client key: made when the officer pressed save. */
  id: string;
  /** The user who saved it: only they see and send it (a phone may be shared by officers taking turns). */
  ownerId: string;
  createdAt: number;
  /** What the entry list shows (the subject or the traveller), never sent. */
  summary: string;
  steps: QueueStep[];
  status: 'pending' | 'failed';
  failure?: QueueFailure;
}

/** What one answer means for a step. */
export type StepOutcome =
  | { kind: 'stored'; id: string; result?: unknown; replayed: boolean }
  /** Refused for what it says (a validation error, out of scope): sending it again would be refused again. */
  | { kind: 'failed'; failure: QueueFailure }
  /** No answer, or the server could not answer now: stays in the queue and is sent again later. */
  | { kind: 'retry' };

/** The index of the next step to send, or -1 when every step is stored. */
export function nextStepIndex(entry: QueueEntry): number {
  return entry.steps.findIndex((s) => s.id === undefined);
}

export function isDone(entry: QueueEntry): boolean {
  return nextStepIndex(entry) === -1;
}

/** The step with the id of the parent it needs (the violation for a sanction or a photo, the check for a rapid test). */
export function withParentId(entry: QueueEntry, index: number): QueueStep {
  const step = entry.steps[index] as QueueStep;
  const parentId = (kind: QueueStep['kind']) => entry.steps.slice(0, index).find((s) => s.kind === kind)?.id;
  switch (step.kind) {
    case 'sanction':
    case 'photo':
      return step.violationId ? step : { ...step, ...(parentId('violation') ? { violationId: parentId('violation') } : {}) };
    case 'rapidTest':
      return step.checkId ? step : { ...step, ...(parentId('check') ? { checkId: parentId('check') } : {}) };
    case 'violation':
    case 'check':
      return step;
  }
}

interface ProblemBody {
  id?: unknown;
  existingId?: unknown;
  detail?: unknown;
  title?: unknown;
  errors?: unknown;
  /** A rapid test already on the check: its result. */
  result?: unknown;
}

/**
 * What a server answer means. `status` 0 is no answer at all (no signal). A 409 naming `existingId` is this entry
 * stored before (its first answer was lost): it counts as sent, never as a second record. For a rapid test (no client
 * key on the server), a 409 naming the same result is this test stored before; another result is a conflict the
 * officer must see (a queued positive must never vanish behind an earlier negative).
 */
export function outcomeOf(step: QueueStep, status: number, body: unknown): StepOutcome {
  const b = (body ?? {}) as ProblemBody;
  if (status >= 200 && status < 300) return { kind: 'stored', id: typeof b.id === 'string' ? b.id : '', result: body, replayed: false };
  if (status === 409 && typeof b.existingId === 'string') return { kind: 'stored', id: b.existingId, replayed: true };
  if (status === 409 && step.kind === 'rapidTest' && step.checkId && b.result === step.body.result) return { kind: 'stored', id: step.checkId, replayed: true };
  // 401: the session ended; 408/429: try later; 5xx: the server's trouble, not the entry's.
  if (status === 0 || status === 401 || status === 408 || status === 429 || status >= 500) return { kind: 'retry' };
  const fields = Array.isArray(b.errors)
    ? (b.errors as { field?: unknown; message?: unknown }[]).map((e) => ({ field: typeof e.field === 'string' ? e.field : '', message: typeof e.message === 'string' ? e.message : '' }))
    : [];
  const message = typeof b.detail === 'string' ? b.detail : typeof b.title === 'string' ? b.title : `HTTP ${status}`;
  return { kind: 'failed', failure: { status, message, fields } };
}

/** The entry after an outcome of its step `index`. */
export function applyOutcome(entry: QueueEntry, index: number, outcome: StepOutcome): QueueEntry {
  if (outcome.kind === 'retry') return entry;
  if (outcome.kind === 'failed') return { ...entry, status: 'failed', failure: outcome.failure };
  const steps = entry.steps.map((s, i) => {
    if (i !== index) return s;
    const stored = { ...withParentId(entry, i), id: outcome.id } as QueueStep;
    if ((stored.kind === 'violation' || stored.kind === 'check' || stored.kind === 'rapidTest') && outcome.result !== undefined) {
      return { ...stored, result: outcome.result } as QueueStep;
    }
    return stored;
  });
  const { failure: _dropped, ...rest } = entry;
  return { ...rest, steps, status: 'pending' };
}

/** The same request in two copies of an entry (a rapid test has no client key: an entry holds at most one). */
function sameStep(a: QueueStep, b: QueueStep): boolean {
  return a.kind === b.kind && ('clientKey' in a && 'clientKey' in b ? a.clientKey === b.clientKey : true);
}

/**
 * The outcome of a `step` sent from an older copy, recorded on the entry as stored now: steps the officer appended
 * meanwhile (a sanction, a rapid test) stay, and keep the entry in the queue until they are sent too.
 */
export function applyOutcomeOf(stored: QueueEntry, step: QueueStep, outcome: StepOutcome): QueueEntry {
  const index = stored.steps.findIndex((s) => sameStep(s, step));
  return index === -1 ? stored : applyOutcome(stored, index, outcome);
}

/** A failed entry sent again after the officer looked at it (e.g. the server's rule changed, or a colleague fixed scope). */
export function retried(entry: QueueEntry): QueueEntry {
  const { failure: _dropped, ...rest } = entry;
  return { ...rest, status: 'pending' };
}

/** The count on the badge: entries with something still to send (failed ones are listed apart). */
export function waitingCount(entries: readonly QueueEntry[]): number {
  return entries.filter((e) => e.status === 'pending' && !isDone(e)).length;
}

/** A new client key (a UUID; the server accepts [A-Za-z0-9_-]{8,64}). */
export function newClientKey(): string {
  return crypto.randomUUID();
}
