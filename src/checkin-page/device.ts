// What the phone remembers between scans, in localStorage: the visitor (so the next check-in is one tap) and
// their recent visits with the check-out secrets that prove them. Nothing leaves the device except to the API.

export interface Person {
  name: string;
  phone: string;
}

export interface StoredVisit {
  id: string;
  /** Empty when the device never received it (a repeated scan of a visit started elsewhere). */
  secret: string;
  venueId: string;
  venueName: string;
  /** ISO instants with the city's offset, as the API gives them. */
  inAt: string;
  outAt: string | null;
  rated: boolean;
}

export interface DeviceState {
  person: Person | null;
  visits: StoredVisit[];
}

const KEY = 'jb.checkin.v1';
const MAX_VISITS = 30;
/** A visit left open longer than this was closed by the server (usual stay); the phone stops offering check-out. */
const OPEN_FOR_MS = 12 * 60 * 60 * 1000;

export function load(): DeviceState {
  try {
    const raw = window.localStorage.getItem(KEY);
    if (raw) {
      const parsed = JSON.parse(raw) as Partial<DeviceState>;
      return { person: parsed.person && parsed.person.name ? parsed.person : null, visits: Array.isArray(parsed.visits) ? parsed.visits : [] };
    }
  } catch {
    // storage blocked or corrupt: start afresh
  }
  return { person: null, visits: [] };
}

export function save(state: DeviceState): void {
  state.visits = state.visits.slice(0, MAX_VISITS);
  try {
    window.localStorage.setItem(KEY, JSON.stringify(state));
  } catch {
    // private mode: the page still works for this visit
  }
}

export function forget(): void {
  try {
    window.localStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}

export function openVisit(state: DeviceState, now = Date.now()): StoredVisit | null {
  for (const v of state.visits) {
    if (v.outAt === null && v.secret && now - Date.parse(v.inAt) < OPEN_FOR_MS) return v;
  }
  return null;
}

export function findVisit(state: DeviceState, id: string): StoredVisit | null {
  for (const v of state.visits) if (v.id === id) return v;
  return null;
}
