/** Injected wherever "now" matters so that tests can pin time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function fixedClock(start: number): Clock & { set(t: number): void; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    set: (value) => {
      t = value;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export function toIso(epochMs: number, timeZone = 'Asia/Makassar'): string {
  // ISO-8601 with the region's offset, e.g. 2026-11-29T21:05:00.000+08:00.
  const offsetMinutes = timeZoneOffsetMinutes(epochMs, timeZone);
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

const HOUR_MS = 3_600_000;
const offsetCache = new Map<string, number>();

/**
 * The zone's UTC offset at an instant. Cached per zone and UTC hour when the offset is the same at both ends of that
 * hour (Intl formatting costs microseconds, and this runs for every timestamp a response carries).
 */
export function timeZoneOffsetMinutes(epochMs: number, timeZone: string): number {
  const hour = Math.floor(epochMs / HOUR_MS);
  const key = `${timeZone}|${hour}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const atStart = computeOffsetMinutes(hour * HOUR_MS, timeZone);
  if (atStart !== computeOffsetMinutes(hour * HOUR_MS + HOUR_MS - 1, timeZone)) return computeOffsetMinutes(epochMs, timeZone);
  if (offsetCache.size > 10_000) offsetCache.clear();
  offsetCache.set(key, atStart);
  return atStart;
}

function computeOffsetMinutes(epochMs: number, timeZone: string): number {
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, fmt);
  }
  const name = fmt.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}
