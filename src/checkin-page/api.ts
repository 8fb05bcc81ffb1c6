// The four public check-in endpoints, with a timeout suited to slow mobile networks.

export interface Problem {
  status: number;
  reason?: string;
  title?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
  occupancy?: { current: number; limit: number };
  /** A refusal by the door's status check: the visitor's colour (issue #16). */
  doorStatus?: { colour: string; until: string | null };
}

export class NetworkError extends Error {}

export interface Answer<T> {
  ok: boolean;
  status: number;
  body: T;
  problem: Problem | null;
}

const TIMEOUT_MS = 30_000;

export async function post<T>(path: string, body: unknown, lang: string): Promise<Answer<T>> {
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = controller ? setTimeout(() => controller.abort(), TIMEOUT_MS) : 0;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': lang },
      body: JSON.stringify(body),
      // The resident cookie (SameSite=Lax, this site only) goes along: the door shows a status colour only to the
      // resident signed in as the number typed.
      credentials: 'same-origin',
      signal: controller ? controller.signal : null,
    });
  } catch {
    throw new NetworkError();
  } finally {
    if (timer) clearTimeout(timer);
  }
  let parsed: unknown = null;
  try {
    parsed = await response.json();
  } catch {
    parsed = null;
  }
  if (response.ok) return { ok: true, status: response.status, body: parsed as T, problem: null };
  const problem = (parsed && typeof parsed === 'object' ? parsed : {}) as Problem;
  problem.status = response.status;
  return { ok: false, status: response.status, body: parsed as T, problem };
}

export interface CheckinReply {
  visitId: string;
  checkoutSecret: string | null;
  duplicate: boolean;
  venue: { id: string; name: string };
  checkedInAt: string;
  occupancy: { current: number; limit: number };
  closesAtLocal: string | null;
  closedVisitId: string | null;
  /** Where the door checks status: the visitor's colour, shown big for the doorkeeper. */
  status?: { colour: string; until: string | null } | null;
}

export interface DeviceVisit {
  visitId: string;
  venue: { id: string; name: string };
  checkedInAt: string;
  checkedOutAt: string | null;
  estimated: boolean;
  rated: boolean;
}

export interface OfflineReply {
  visitId: string;
  duplicate: boolean;
  venue: { id: string; name: string };
  checkedInAt: string;
  checkedOutAt: string | null;
  overCapacity: boolean;
}

export interface InboxMessage {
  id: string;
  subject: string | null;
  body: string;
  createdAt: string;
}
