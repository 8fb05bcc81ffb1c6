// The queue's storage: IndexedDB through idb-keyval (one small, well-kept library instead of hand-written IDB code).
// Entries (with their photos as Blobs) survive a reload, a closed tab and a phone restart. Listeners in this tab are
// told of every change so that the badge and the entry list stay current.
import { createStore, del, get, set, values } from 'idb-keyval';
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

export async function allEntries(): Promise<QueueEntry[]> {
  return (await values<QueueEntry>(queueStore)).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export async function saveEntry(entry: QueueEntry): Promise<void> {
  await set(entry.id, entry, queueStore);
  changed();
}

export async function removeEntry(id: string): Promise<void> {
  await del(id, queueStore);
  changed();
}

export function getEntry(id: string): Promise<QueueEntry | undefined> {
  return get<QueueEntry>(id, queueStore);
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
