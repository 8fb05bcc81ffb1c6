/**
 * Local dates for the policies area: days are counted in the city's time zone (days since 1970-01-01 there), dates are
 * YYYY-MM-DD, and an instant given as a date means that local midnight.
 */
import type { Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import { localDateTimeToEpochMs, zoneOffsetMs } from '../../shared/local-time.js';

export const MS_PER_DAY = 86_400_000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function isRealDate(text: string): boolean {
  if (!DATE_PATTERN.test(text)) return false;
  const t = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === text;
}

export interface LocalDays {
  /** Local day number of an instant. */
  dayNumberOf: (at: number) => number;
  dateOfDay: (day: number) => string;
  dayOfDate: (date: string) => number;
  /** Today's local date. */
  today: () => string;
  /** The instant of a date's local midnight. */
  midnight: (date: string) => number;
  /** A date (local midnight) or an ISO-8601 date-time; a 400 naming `field` otherwise. */
  parseInstant: (text: string, field: string) => number;
  /** A 400 naming `field` unless `text` is a real YYYY-MM-DD date. */
  requireDate: (text: string, field: string) => void;
}

export function createLocalDays(clock: Clock, timeZone: string): LocalDays {
  const dayNumberOf = (at: number) => Math.floor((at + zoneOffsetMs(at, timeZone)) / MS_PER_DAY);
  const dateOfDay = (day: number) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  const midnight = (date: string) => localDateTimeToEpochMs(date, '00:00', timeZone);
  return {
    dayNumberOf,
    dateOfDay,
    dayOfDate: (date) => Math.floor(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY),
    today: () => dateOfDay(dayNumberOf(clock.now())),
    midnight,
    parseInstant(text, field) {
      if (DATE_PATTERN.test(text)) {
        if (!isRealDate(text)) throw problems.validation([{ field, messageKey: 'validation.invalidDate' }]);
        return midnight(text);
      }
      const t = Date.parse(text);
      if (!Number.isFinite(t)) throw problems.validation([{ field, messageKey: 'validation.invalidInstant' }]);
      return t;
    },
    requireDate(text, field) {
      if (!isRealDate(text)) throw problems.validation([{ field, messageKey: 'validation.invalidDate' }]);
    },
  };
}
