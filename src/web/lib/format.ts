import { DEFAULT_TIME_ZONE, locale } from '../i18n';
import { timeZoneLabel } from '../../common/time-zone-label';

export { DEFAULT_TIME_ZONE };

const formatters = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(lng: string, timeZone: string, withSeconds: boolean): Intl.DateTimeFormat {
  const key = `${lng}|${timeZone}|${withSeconds}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(lng), {
      timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      ...(withSeconds ? { second: '2-digit' } : {}),
      hourCycle: 'h23',
    });
    formatters.set(key, f);
  }
  return f;
}

/** "29 Nov 2025 14.05.09 WITA": an instant shown as wall-clock time of the city. */
export function formatDateTime(
  iso: string,
  lng: string,
  timeZone: string = DEFAULT_TIME_ZONE,
  options: { seconds?: boolean } = {},
): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let text: string;
  try {
    text = dateTimeFormat(lng, timeZone, options.seconds ?? false).format(date);
  } catch {
    // unknown time zone from the server: fall back to the city's
    text = dateTimeFormat(lng, DEFAULT_TIME_ZONE, options.seconds ?? false).format(date);
    timeZone = DEFAULT_TIME_ZONE;
  }
  const zone = timeZoneLabel(timeZone);
  return zone !== timeZone ? `${text} ${zone}` : text;
}

/** WIB/WITA/WIT for the Indonesian zones, the IANA name elsewhere (the server shows the same labels). */
export function timeZoneAbbreviation(timeZone: string): string {
  return timeZoneLabel(timeZone);
}

export function formatNumber(value: number, lng: string): string {
  return new Intl.NumberFormat(locale(lng)).format(value);
}

/** "17 Des 2026": a calendar date (YYYY-MM-DD, no time zone) in the reader's language; anything else is shown as is. */
export function formatDate(date: string, lng: string, options: { weekday?: boolean } = {}): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  // Formatted in UTC: the date names a day, and no zone may shift it to the day before.
  return new Intl.DateTimeFormat(locale(lng), { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric', ...(options.weekday ? { weekday: 'short' } : {}) }).format(new Date(`${date}T00:00:00Z`));
}

/** Today's date (YYYY-MM-DD) on the city's clock, not UTC's: before 08.00 WITA they differ. */
export function todayIn(timeZone: string = DEFAULT_TIME_ZONE, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** "23.30": the time of day of an instant on the city's clock (beside a date already shown). */
export function formatTime(iso: string, lng: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(lng), { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
}

/** "Rp 1.250.000": rupiah as written in Indonesia (id-ID grouping, no decimals), whatever the reader's language. */
export function formatRupiah(amount: number): string {
  return new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(amount);
}
