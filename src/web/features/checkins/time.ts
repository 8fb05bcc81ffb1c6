// Times for the check-in pages. The API sends instants as ISO text with the city's offset, so the wall-clock
// time is in the text itself; entering a paper guest-book line turns a local date and time back into an instant.

/** "2026-11-29T10:05:00.000+08:00" → "10:05". */
export function timeOf(iso: string): string {
  return iso.slice(11, 16);
}

/** "2026-11-29T10:05:00.000+08:00" → "2026-11-29". */
export function dateOf(iso: string): string {
  return iso.slice(0, 10);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function wallClock(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** Today's date (YYYY-MM-DD) and time (HH:MM) in the city. */
export function localNow(timeZone: string, now = Date.now()): { date: string; time: string } {
  const wall = new Date(wallClock(now, timeZone));
  return {
    date: `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`,
    time: `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`,
  };
}

/** A local date and time in the city → ISO text with the city's offset ("2026-11-29", "10:05" → "2026-11-29T10:05:00+08:00"). */
export function zonedIso(date: string, time: string, timeZone: string): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const [h = 0, mi = 0] = time.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, h, mi);
  const offset = Math.round((wallClock(guess, timeZone) - guess) / 60_000);
  const abs = Math.abs(offset);
  return `${date}T${time}:00${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
