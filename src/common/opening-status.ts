/**
 * "Open now / reopens at": the one answer every screen gives (issue #18). The live page, the check-in page and its
 * refusal, /zona, the public venue page and the oversight page all read the rules engine's answer through
 * `openingStatus`; the PKM letter words a rule's window through `windowShape`. Dependency-free: the server, the web
 * app and the check-in page import it; each turns the result into words from its own catalogue.
 *
 * Times are local wall-clock "HH:MM" (the city's zone); "24:00" is the end of the day.
 */

/** A permitted window as the rules engine reports it (rules ∩ venue hours): one arc of the daily clock. */
export interface OpeningWindow {
  from: string;
  until: string;
  crossesMidnight: boolean;
}

/** The facts the rules engine gives for a venue (or a sector in a desa) at an instant. */
export interface OpeningFacts {
  /** May serve visitors now. */
  open: boolean;
  /** Closed outright by a rule (no window today). */
  closed: boolean;
  /** Local time of the instant, HH:MM. */
  localTime: string;
  /** Every permitted window of the day; empty with open = no time limit, empty with !open = none today. */
  windows: readonly OpeningWindow[];
  /**
   * Whether the windows include the venue's own opening hours. Without them (/zona asks for a sector, not a venue) a
   * window that starts at midnight is only a closing-time rule: the venue opens by its own hours, not at 00:00.
   */
  venueHoursKnown: boolean;
}

export type OpeningStatus =
  /** closesAt null: open with no closing time (round the clock, or no time limit). */
  | { state: 'open'; closesAt: string | null }
  /**
   * reopensAt null with day set: reopens that day by the venue's own hours (no venue known).
   * reopens null: closed by a rule or with no permitted window: no time to give.
   */
  | { state: 'closed'; reason: 'closed_by_rule' | 'no_window' | 'outside_window'; reopens: { day: 'today' | 'tomorrow'; at: string | null } | null };

const HHMM = /^(\d\d):(\d\d)$/;

function minutes(text: string): number {
  const match = HHMM.exec(text);
  if (!match) throw new RangeError(`time of day must be HH:MM, got ${text}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function contains(window: OpeningWindow, now: number): boolean {
  const from = minutes(window.from);
  const until = minutes(window.until);
  if (from === 0 && until === 1440) return true;
  if (window.crossesMidnight || until < from) return now >= from || now < until;
  return now >= from && now < until;
}

export function openingStatus(facts: OpeningFacts): OpeningStatus {
  const now = minutes(facts.localTime);
  if (facts.closed) return { state: 'closed', reason: 'closed_by_rule', reopens: null };
  if (facts.open) {
    const current = facts.windows.find((w) => contains(w, now));
    if (!current || (current.from === '00:00' && current.until === '24:00')) return { state: 'open', closesAt: null };
    // A window closing at the end of the day that another one continues after midnight is one arc (the engine joins
    // them), so "24:00" here really is the closing time.
    return { state: 'open', closesAt: current.until === '24:00' ? '24:00' : current.until };
  }
  if (facts.windows.length === 0) return { state: 'closed', reason: 'no_window', reopens: null };
  // The next window to start: later today, else the earliest tomorrow.
  let best: { wait: number; from: number } | null = null;
  for (const w of facts.windows) {
    const from = minutes(w.from);
    const wait = from > now ? from - now : from + 1440 - now;
    if (!best || wait < best.wait) best = { wait, from };
  }
  const next = best as { wait: number; from: number };
  const day = next.from > now ? 'today' : 'tomorrow';
  // A closing-time rule (00:00–21:00) with no venue known: it "reopens" at midnight only on paper.
  const at = next.from === 0 && !facts.venueHoursKnown ? null : formatMinutes(next.from);
  return { state: 'closed', reason: 'outside_window', reopens: { day, at } };
}

function formatMinutes(value: number): string {
  const h = Math.floor(value / 60);
  const m = value % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}

/**
 * How a rule's daily window reads: a window from midnight is a closing time ("tutup pukul 20:00", never
 * "buka 00:00–20:00"), one to midnight an opening time, anything else a span.
 */
export type WindowShape =
  | { kind: 'all_day' }
  | { kind: 'closes_at'; until: string }
  | { kind: 'opens_at'; from: string }
  | { kind: 'between'; from: string; until: string; crossesMidnight: boolean };

export function windowShape(window: { from: string; until: string; crossesMidnight?: boolean }): WindowShape {
  const from = window.from;
  const until = window.until;
  if (from === '00:00' && (until === '24:00' || until === '00:00')) return { kind: 'all_day' };
  if (from === '00:00') return { kind: 'closes_at', until };
  if (until === '24:00' || until === '00:00') return { kind: 'opens_at', from };
  return { kind: 'between', from, until, crossesMidnight: window.crossesMidnight === true || minutes(until) < minutes(from) };
}

/** The status as one flat record, the shape the API sends (every field present, null when it does not apply). */
export interface OpeningView {
  state: 'open' | 'closed';
  closesAt: string | null;
  closedReason: 'closed_by_rule' | 'no_window' | 'outside_window' | null;
  reopensDay: 'today' | 'tomorrow' | null;
  reopensAt: string | null;
}

export function openingView(status: OpeningStatus): OpeningView {
  if (status.state === 'open') return { state: 'open', closesAt: status.closesAt, closedReason: null, reopensDay: null, reopensAt: null };
  return { state: 'closed', closesAt: null, closedReason: status.reason, reopensDay: status.reopens?.day ?? null, reopensAt: status.reopens?.at ?? null };
}
