/**
 * Times of day and daily opening windows as minute intervals.
 *
 * Rules repeat every local day, so a window is a set of half-open minute intervals within one day [0, 1440).
 * A window that crosses midnight (22:00–02:00) becomes two intervals, [22:00, 24:00) and [00:00, 02:00): at 01:00
 * on any day the venue is inside the window that opened the evening before. Intersections of such sets are exact,
 * which is what "strictest wins" needs.
 */

export const MINUTES_PER_DAY = 1440;

/** A half-open interval [start, end) of minutes after local midnight, 0 ≤ start < end ≤ 1440. */
export type MinuteInterval = readonly [start: number, end: number];

/** Sorted, disjoint, non-touching intervals. Empty = never open; [[0, 1440]] = open all day. */
export type DaySchedule = readonly MinuteInterval[];

export const FULL_DAY: DaySchedule = [[0, MINUTES_PER_DAY]];

/** A window as people write it. `until` may be "24:00" (end of day); until < from needs crossesMidnight. */
export interface TimeWindow {
  from: string;
  until: string;
  crossesMidnight?: boolean;
}

/** A window as the resolver reports it: one contiguous arc of the daily clock. */
export interface LocalWindow {
  from: string;
  until: string;
  crossesMidnight: boolean;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Parses "HH:MM" (00:00–23:59) to minutes after midnight; "24:00" only when allowEndOfDay. Null when malformed. */
export function parseTimeOfDay(text: string, allowEndOfDay = false): number | null {
  if (allowEndOfDay && text === '24:00') return MINUTES_PER_DAY;
  const match = HHMM.exec(text);
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

// Every minute's text, built once: the resolver formats a time on each call.
const TIME_TEXTS: readonly string[] = Array.from({ length: MINUTES_PER_DAY + 1 }, (_, minutes) => {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${hours < 10 ? '0' : ''}${hours}:${rest < 10 ? '0' : ''}${rest}`;
});

/** Minutes after midnight (0–1440) to "HH:MM"; 1440 is written "24:00". */
export function formatTimeOfDay(minutes: number): string {
  const text = TIME_TEXTS[minutes];
  if (text === undefined) throw new RangeError(`minutes of day must be an integer 0–1440, got ${minutes}`);
  return text;
}

/**
 * The daily schedule of a window given in minutes. Callers validate first; here until < from is read as
 * crossing midnight and until === from as the whole day (only venue hours use that leniency).
 */
export function scheduleFromMinutes(from: number, until: number): DaySchedule {
  if (from === until) return FULL_DAY;
  if (until > from) return [[from, until]];
  const pieces: MinuteInterval[] = [];
  if (until > 0) pieces.push([0, until]);
  if (from < MINUTES_PER_DAY) pieces.push([from, MINUTES_PER_DAY]);
  return pieces;
}

const MAX_MEMOISED_VENUE_HOURS = 10_000;
const venueHoursSchedules = new Map<string, DaySchedule>();

/**
 * Venue opening hours are read leniently (they are the venue's own data, validated where venues are saved):
 * until < from crosses midnight, until === from means round the clock. Throws on malformed times.
 * Memoised by text, so equal hours give the same schedule object (which lets intersections be memoised too).
 */
export function scheduleFromVenueHours(hours: TimeWindow): DaySchedule {
  const key = `${hours.from}-${hours.until}`;
  const known = venueHoursSchedules.get(key);
  if (known) return known;
  const from = parseTimeOfDay(hours.from);
  const until = parseTimeOfDay(hours.until, true);
  if (from === null || until === null) {
    throw new RangeError(`venue hours must be HH:MM, got ${hours.from}–${hours.until}`);
  }
  const schedule = scheduleFromMinutes(from, until);
  if (venueHoursSchedules.size >= MAX_MEMOISED_VENUE_HOURS) venueHoursSchedules.clear();
  venueHoursSchedules.set(key, schedule);
  return schedule;
}

const intersections = new WeakMap<DaySchedule, WeakMap<DaySchedule, DaySchedule>>();

/**
 * intersectSchedules, memoised by the identity of both operands. Compiled rule schedules and memoised venue hours
 * are long-lived objects, so on the check-in path the same pairs come back and nothing is recomputed.
 */
export function intersectSchedulesMemoised(a: DaySchedule, b: DaySchedule): DaySchedule {
  let byRight = intersections.get(a);
  if (!byRight) {
    byRight = new WeakMap();
    intersections.set(a, byRight);
  }
  let result = byRight.get(b);
  if (!result) {
    result = intersectSchedules(a, b);
    byRight.set(b, result);
  }
  return result;
}

export function intersectSchedules(a: DaySchedule, b: DaySchedule): DaySchedule {
  const out: MinuteInterval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const left = a[i] as MinuteInterval;
    const right = b[j] as MinuteInterval;
    const start = Math.max(left[0], right[0]);
    const end = Math.min(left[1], right[1]);
    if (start < end) out.push([start, end]);
    if (left[1] < right[1]) i++;
    else j++;
  }
  return out;
}

export function scheduleContains(schedule: DaySchedule, minuteOfDay: number): boolean {
  for (const [start, end] of schedule) {
    if (minuteOfDay >= start && minuteOfDay < end) return true;
  }
  return false;
}

export function isFullDay(schedule: DaySchedule): boolean {
  const only = schedule[0];
  return schedule.length === 1 && only !== undefined && only[0] === 0 && only[1] === MINUTES_PER_DAY;
}

/** A contiguous arc of the daily clock in minutes; until < from when it crosses midnight. */
export interface Arc {
  from: number;
  until: number;
  crossesMidnight: boolean;
}

/** The schedule as arcs, joining the piece that ends at 24:00 with the piece that starts at 00:00. */
export function scheduleArcs(schedule: DaySchedule): Arc[] {
  if (schedule.length === 0) return [];
  if (isFullDay(schedule)) return [{ from: 0, until: MINUTES_PER_DAY, crossesMidnight: false }];
  const arcs: Arc[] = schedule.map(([start, end]) => ({ from: start, until: end, crossesMidnight: false }));
  const first = arcs[0] as Arc;
  const last = arcs[arcs.length - 1] as Arc;
  if (arcs.length > 1 && first.from === 0 && last.until === MINUTES_PER_DAY) {
    arcs.pop();
    arcs[0] = { from: last.from, until: first.until, crossesMidnight: true };
  }
  return arcs;
}

/** Minutes from `minuteOfDay` forward to `target` on the daily clock (0 when equal). */
export function minutesUntil(minuteOfDay: number, target: number): number {
  const diff = (target % MINUTES_PER_DAY) - minuteOfDay;
  return diff >= 0 ? diff : diff + MINUTES_PER_DAY;
}

/** Whether an arc covers the minute (arcs are half-open, so the closing minute itself is outside). */
export function arcContains(arc: Arc, minuteOfDay: number): boolean {
  if (!arc.crossesMidnight) return minuteOfDay >= arc.from && minuteOfDay < arc.until;
  return minuteOfDay >= arc.from || minuteOfDay < arc.until;
}

const describedSchedules = new WeakMap<DaySchedule, { arcs: readonly Arc[]; windows: readonly LocalWindow[] }>();

/** The arcs of a schedule and their local windows, memoised per schedule object; the results are frozen. */
export function describeSchedule(schedule: DaySchedule): { arcs: readonly Arc[]; windows: readonly LocalWindow[] } {
  let described = describedSchedules.get(schedule);
  if (!described) {
    const arcs = Object.freeze(scheduleArcs(schedule).map((arc) => Object.freeze(arc)));
    const windows = Object.freeze(arcs.map((arc) => Object.freeze(arcToLocalWindow(arc))));
    described = { arcs, windows };
    describedSchedules.set(schedule, described);
  }
  return described;
}

export function arcToLocalWindow(arc: Arc): LocalWindow {
  return { from: formatTimeOfDay(arc.from), until: formatTimeOfDay(arc.until), crossesMidnight: arc.crossesMidnight };
}
