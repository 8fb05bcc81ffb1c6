// The queue's storage: IndexedDB through idb-keyval (one small, well-kept library instead of hand-written IDB code).
// Entries (with their photos as Blobs) survive a reload, a closed tab and a phone restart. Listeners in this tab are
// told of every change so that the badge and the entry list stay current.
import { clear, createStore, del, get, set, values } from 'idb-keyval';
import type { QueueEntry } from './queue';

const queueStore = createStore('jaga-baya-field', 'queue');
const cacheStore = createStore('jaga-baya-field-cache', 'lists');

type Listener = () => void;
const listeners = new Set<Listener>();

export function onQueueChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  for (const l of listeners) l();
}

/**
 * Every read-modify-write of the queue (a screen appending a sanction or a rapid test, a sync recording what it sent,
 * the officer retrying or discarding) runs one after another through this chain: without it a sync holding an older
 * copy of an entry saved or removed it over a step the officer had just appended, and the step was lost.
 */
let queueLock: Promise<unknown> = Promise.resolve();

function locked<T>(work: () => Promise<T>): Promise<T> {
  const run = queueLock.then(work);
  queueLock = run.catch(() => undefined);
  return run;
}

/** The entries of one officer (each entry names who saved it: on a shared phone the next officer never sees them). */
export async function allEntries(ownerId: string): Promise<QueueEntry[]> {
  return (await everyEntry()).filter((e) => e.ownerId === ownerId);
}

/** How many entries of other officers wait on this phone (their content is not shown). */
export async function othersWaiting(ownerId: string): Promise<number> {
  return (await everyEntry()).filter((e) => e.ownerId !== ownerId).length;
}

async function everyEntry(): Promise<QueueEntry[]> {
  return (await values<QueueEntry>(queueStore)).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export function saveEntry(entry: QueueEntry): Promise<void> {
  return locked(async () => {
    await set(entry.id, entry, queueStore);
    changed();
  });
}

export function removeEntry(id: string): Promise<void> {
  return locked(async () => {
    await del(id, queueStore);
    changed();
  });
}

export function getEntry(id: string): Promise<QueueEntry | undefined> {
  return get<QueueEntry>(id, queueStore);
}

/**
 * Changes an entry as it is stored now, under the queue's lock: `change` gets the stored entry (undefined when it has
 * left the queue) and returns the new one, `null` to remove it, or `undefined` to leave it as it is.
 */
export function updateEntry(id: string, change: (stored: QueueEntry | undefined) => QueueEntry | null | undefined): Promise<QueueEntry | undefined> {
  return locked(async () => {
    const stored = await get<QueueEntry>(id, queueStore);
    const next = change(stored);
    if (next === undefined) return stored;
    if (next === null) await del(id, queueStore);
    else await set(id, next, queueStore);
    changed();
    return next ?? undefined;
  });
}

/** At logout: the lists kept for offline use (villages, venues, posts) are the officer's, not the next one's. */
export async function clearCachedLists(): Promise<void> {
  await clear(cacheStore).catch(() => undefined);
}

/**
 * The last good answer of a list the screens need (offences, posts, villages, venues): with no signal the screens
 * use it, so an officer who opened them once online can keep recording.
 */
export async function cachedList<T>(key: string, load: () => Promise<T>): Promise<{ data: T; fromCache: boolean }> {
  try {
    const data = await load();
    await set(key, data, cacheStore).catch(() => undefined);
    return { data, fromCache: false };
  } catch (error) {
    const cached = await get<T>(key, cacheStore).catch(() => undefined);
    if (cached !== undefined) return { data: cached, fromCache: true };
    throw error;
  }
}

/** Small remembered choices (the border post of this phone). */
export function remember(key: string, value: string): void {
  try {
    window.localStorage.setItem(`jaga-baya.field.${key}`, value);
  } catch {
    // storage blocked: the officer chooses again next time
  }
}

export function recall(key: string): string | null {
  try {
    return window.localStorage.getItem(`jaga-baya.field.${key}`);
  } catch {
    return null;
  }
}
