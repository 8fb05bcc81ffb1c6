import { addDaysToDate } from '../../shared/local-time.js';

/*
 * ISO 8601 weeks (Monday to Sunday; week 1 holds the year's first Thursday) as local dates: the weekly evaluation
 * report's period (issue #17).
 */
export const ISO_WEEK_PATTERN = '^\\d{4}-W(0[1-9]|[1-4]\\d|5[0-3])$';

/** The ISO week of a local date, "2026-W48". */
export function isoWeekOf(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(t + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = 1 + Math.floor((thursday.getTime() - jan1) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday and Sunday of an ISO week, or null when the week does not exist (W53 of a 52-week year). */
export function isoWeekDates(week: string): { from: string; to: string } | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Weekday = (new Date(jan4).getUTCDay() + 6) % 7;
  const monday = new Date(jan4 - jan4Weekday * 86_400_000 + (n - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
  if (n < 1 || isoWeekOf(monday) !== week) return null;
  return { from: monday, to: addDaysToDate(monday, 6) };
}

/** The ISO week before the one holding a local date (the Monday job reports last week). */
export function previousIsoWeek(date: string): string {
  return isoWeekOf(addDaysToDate(date, -7));
}
