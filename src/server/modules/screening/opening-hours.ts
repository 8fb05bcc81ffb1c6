import { MINUTES_PER_DAY, parseTimeOfDay, scheduleContains, scheduleFromMinutes, type TimeWindow } from '../../shared/daily-window.js';
import { localIsoWeekday, localMinutesOfDay } from '../../shared/local-time.js';

/**
 * A facility's opening hours: seven entries, Monday (ISO weekday 1) first, each a window or null (closed that day).
 * A window is read like venue hours: until before from crosses midnight, 00:00–24:00 is round the clock.
 */
export type OpeningHours = (TimeWindow | null)[];

/** The fields (`hours[i].from`/`.until`) that are not HH:MM, or the list when it is not seven days. */
export function openingHoursErrors(hours: OpeningHours): string[] {
  if (hours.length !== 7) return ['hours'];
  const errors: string[] = [];
  hours.forEach((day, i) => {
    if (day === null) return;
    if (parseTimeOfDay(day.from) === null) errors.push(`hours[${i}].from`);
    if (parseTimeOfDay(day.until, true) === null) errors.push(`hours[${i}].until`);
  });
  return errors;
}

/**
 * Whether the facility is open at the instant, in the city's time zone. Each day's window is read with the shared
 * daily-window rules (scheduleFromMinutes); a window that crosses midnight belongs to the day it opens, so its part
 * after midnight counts on the next weekday.
 */
export function isOpenAt(hours: OpeningHours, epochMs: number, timeZone: string): boolean {
  const weekday = localIsoWeekday(epochMs, timeZone);
  const minute = localMinutesOfDay(epochMs, timeZone);
  const minutesOf = (day: TimeWindow | null | undefined) => {
    const from = day ? parseTimeOfDay(day.from) : null;
    const until = day ? parseTimeOfDay(day.until, true) : null;
    return from === null || until === null ? null : { from, until };
  };
  const today = minutesOf(hours[weekday - 1]);
  if (today) {
    // Today's own part: [from, until), or [from, 24:00) when it runs past midnight.
    const own = today.until < today.from ? scheduleFromMinutes(today.from, MINUTES_PER_DAY) : scheduleFromMinutes(today.from, today.until);
    if (scheduleContains(own, minute)) return true;
  }
  const yesterday = minutesOf(hours[(weekday + 5) % 7]);
  return yesterday !== null && yesterday.until < yesterday.from && minute < yesterday.until;
}

/** Today's window in the city (null: closed today). */
export function hoursOn(hours: OpeningHours, epochMs: number, timeZone: string): TimeWindow | null {
  return hours[localIsoWeekday(epochMs, timeZone) - 1] ?? null;
}
