// Check-ins kept on the phone while it has no signal (issue #16). Each keeps the phone's time, a random key (the
// server stores one visit per key, however often it is sent) and a check-out secret chosen here, so the visit is the
// device's own once the server has it. Kept in localStorage until the server has answered.

export interface PendingCheckin {
  token: string;
  name: string;
  phone: string;
  clientKey: string;
  /** The phone's time of the scan (ISO, UTC). */
  at: string;
  secret: string;
}

const KEY = 'jb.pending.v1';

/** A random token for keys and secrets: hex of 24 random bytes. */
export function randomToken(): string {
  const bytes = new Uint8Array(24);
  window.crypto.getRandomValues(bytes);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (bytes[i]! + 256).toString(16).slice(1);
  return out;
}

export function loadPending(): PendingCheckin[] {
  try {
    const parsed = JSON.parse(window.localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as PendingCheckin[]) : [];
  } catch {
    return [];
  }
}

export function savePending(list: PendingCheckin[]): void {
  try {
    if (list.length === 0) window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, JSON.stringify(list.slice(-20)));
  } catch {
    // private mode: the check-in is lost with the page
  }
}

/** "14:05" on the phone's own clock. */
export function phoneTime(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
}
