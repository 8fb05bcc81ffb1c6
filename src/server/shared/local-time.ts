/**
 * Local wall-clock helpers for IANA time zones, built on Intl.DateTimeFormat only.
 *
 * Closing hours are local ("21:00 WITA"), instants are UTC epoch ms. Asia/Makassar has had no DST since 1963, but
 * nothing here assumes a fixed offset: the offset is read from Intl for the instant in question.
 *
 * formatToParts costs about 5 µs, too much for the check-in path, so offsets are memoised per zone and UTC hour.
 * A bucket is cached only when the offset at its first and last millisecond agree; real zones never change offset
 * twice within an hour, so a cached bucket is exact. Buckets with a transition inside are computed per instant.
 */
import { timeZoneLabel } from '../../common/time-zone-label.js';

export const DENPASAR_TIME_ZONE = 'Asia/Makassar';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
const MAX_CACHED_BUCKETS_PER_ZONE = 20_000;

/** The local calendar and clock reading of an instant in a zone. */
export interface LocalDateTime {
  /** YYYY-MM-DD */
  date: string;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes after local midnight, 0–1439. */
  minutesOfDay: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  isoWeekday: number;
  /** Offset from UTC in minutes (+480 for WITA). */
  offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCaches = new Map<string, Map<number, number>>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for an unknown zone, which is what a caller with a bad zone should see.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset in ms (local minus UTC) at an instant, straight from Intl. */
function computeOffsetMs(epochMs: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const { type, value } of parts) {
    if (type === 'year') year = Number(value);
    else if (type === 'month') month = Number(value);
    else if (type === 'day') day = Number(value);
    else if (type === 'hour') hour = Number(value);
    else if (type === 'minute') minute = Number(value);
    else if (type === 'second') second = Number(value);
  }
  const wallClockAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  return wallClockAsUtc - wholeSecond;
}

/** Offset in ms (local minus UTC) at an instant, memoised per zone and UTC hour. */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  let cache = offsetCaches.get(timeZone);
  if (!cache) {
    cache = new Map();
    offsetCaches.set(timeZone, cache);
  }
  const bucket = Math.floor(epochMs / MS_PER_HOUR);
  const cached = cache.get(bucket);
  if (cached !== undefined) return cached;
  const bucketStart = bucket * MS_PER_HOUR;
  const atStart = computeOffsetMs(bucketStart, timeZone);
  const atEnd = computeOffsetMs(bucketStart + MS_PER_HOUR - 1, timeZone);
  if (atStart !== atEnd) return computeOffsetMs(epochMs, timeZone);
  if (cache.size >= MAX_CACHED_BUCKETS_PER_ZONE) cache.clear();
  cache.set(bucket, atStart);
  return atStart;
}

export function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  return Math.round(zoneOffsetMs(epochMs, timeZone) / MS_PER_MINUTE);
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function formatDate(year: number, month: number, day: number): string {
  const yearText = year >= 0 && year < 10_000 ? String(year).padStart(4, '0') : String(year);
  return `${yearText}-${pad2(month)}-${pad2(day)}`;
}

/** The local calendar and clock reading of an instant. */
export function localDateTime(epochMs: number, timeZone: string): LocalDateTime {
  const offsetMs = zoneOffsetMs(epochMs, timeZone);
  const shifted = new Date(epochMs + offsetMs);
  const year = shifted.getUTCFullYear();
  const month = shifted.getUTCMonth() + 1;
  const day = shifted.getUTCDate();
  const hour = shifted.getUTCHours();
  const minute = shifted.getUTCMinutes();
  const utcWeekday = shifted.getUTCDay();
  return {
    date: formatDate(year, month, day),
    year,
    month,
    day,
    hour,
    minute,
    second: shifted.getUTCSeconds(),
    minutesOfDay: hour * 60 + minute,
    isoWeekday: utcWeekday === 0 ? 7 : utcWeekday,
    offsetMinutes: Math.round(offsetMs / MS_PER_MINUTE),
  };
}

/** Minutes after local midnight (0–1439) at an instant. The hot-path variant: no object is built. */
export function localMinutesOfDay(epochMs: number, timeZone: string): number {
  const local = epochMs + zoneOffsetMs(epochMs, timeZone);
  const msIntoDay = ((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
  return Math.floor(msIntoDay / MS_PER_MINUTE);
}

/** The local day and hour of an instant, as the check-in roll-ups count it. */
export interface LocalDayAndHour {
  localDay: string;
  localHour: number;
}
export function localDayAndHour(epochMs: number, timeZone: string): LocalDayAndHour {
  const local = localDateTime(epochMs, timeZone);
  return { localDay: local.date, localHour: local.hour };
}

/** Local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(epochMs: number, timeZone: string): string {
  return localDateTime(epochMs, timeZone).date;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of an instant in the zone. */
export function localIsoWeekday(epochMs: number, timeZone: string): number {
  return localDateTime(epochMs, timeZone).isoWeekday;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;

/**
 * The instant at which the local clock in `timeZone` reads `date` `time` (HH:MM, "24:00" = next midnight).
 * Where the clock jumps forward the time does not exist; like Temporal's "compatible" choice it is read with the
 * offset before the jump (so 02:30 in a 02:00→03:00 gap becomes 03:30). Where the clock falls back the earlier
 * of the two instants is returned.
 */
export function localDateTimeToEpochMs(date: string, time: string, timeZone: string): number {
  const dateMatch = DATE_PATTERN.exec(date);
  const timeMatch = TIME_PATTERN.exec(time);
  if (!dateMatch || !timeMatch) throw new RangeError(`expected YYYY-MM-DD and HH:MM, got ${date} ${time}`);
  const year = Number(dateMatch[1]);
  const month = Number(dateMatch[2]);
  const day = Number(dateMatch[3]);
  const hour = Number(timeMatch[1]);
  const minute = Number(timeMatch[2]);
  const validTime = (hour < 24 && minute < 60) || (hour === 24 && minute === 0);
  const wallClockAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (!validTime || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`not a valid local date and time: ${date} ${time}`);
  }
  // The offsets a day either side bracket any transition near this wall-clock time.
  const offsetBefore = zoneOffsetMs(wallClockAsUtc - MS_PER_DAY, timeZone);
  const offsetAfter = zoneOffsetMs(wallClockAsUtc + MS_PER_DAY, timeZone);
  const candidates = offsetBefore === offsetAfter ? [offsetBefore] : [offsetBefore, offsetAfter];
  let best: number | null = null;
  for (const offset of candidates) {
    const instant = wallClockAsUtc - offset;
    if (zoneOffsetMs(instant, timeZone) === offset && (best === null || instant < best)) best = instant;
  }
  return best ?? wallClockAsUtc - offsetBefore;
}

/** Adds whole days to a YYYY-MM-DD date (calendar arithmetic, no zone involved). */
export function addDaysToDate(date: string, days: number): string {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`expected YYYY-MM-DD, got ${date}`);
  const shifted = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days));
  return formatDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** The short name people use for Indonesian zones (WIB/WITA/WIT); the IANA name elsewhere. One list, shared with the web app. */
export function timeZoneAbbreviation(timeZone: string): string {
  return timeZoneLabel(timeZone);
}

/** "2026-12-06 14.30 WITA": an instant as the city reads it (a check-in refusal, a manager's notice of a sanction's end). */
export function localMoment(epochMs: number, timeZone: string): string {
  const t = localDateTime(epochMs, timeZone);
  return `${t.date} ${String(t.hour).padStart(2, '0')}.${String(t.minute).padStart(2, '0')} ${timeZoneAbbreviation(timeZone)}`;
}
