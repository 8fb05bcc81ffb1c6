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
