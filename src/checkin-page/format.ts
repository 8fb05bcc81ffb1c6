export type Texts = Record<string, string>;

/** Fills the catalogue's {{name}} placeholders (a bare {name} too); an unknown name stays as it is. */
export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}|\{(\w+)\}/g, (whole, double: string | undefined, single: string | undefined) => {
    const key = double ?? single ?? '';
    return key in params ? String(params[key]) : whole;
  });
}

/** "0812-****-7890": enough for the visitor to recognise their number, not enough for a bystander to copy it. */
export function maskPhone(phone: string): string {
  let digits = phone.replace(/\D/g, '');
  if (digits.indexOf('62') === 0) digits = `0${digits.slice(2)}`;
  if (digits.length < 8) return digits.replace(/\d(?=\d{2})/g, '*');
  return `${digits.slice(0, 4)}-****-${digits.slice(-4)}`;
}

/** Wall-clock time of an ISO instant that carries the city's offset ("2026-11-29T10:05:00.000+08:00" → "10:05"). */
export function timeOf(iso: string): string {
  return iso.slice(11, 16);
}

export function dateOf(iso: string, t: Texts): string {
  const months = (t.months ?? '').split(' ');
  return `${Number(iso.slice(8, 10))} ${months[Number(iso.slice(5, 7)) - 1] ?? ''}`;
}

/** Offset of an ISO instant in minutes ("+08:00" → 480). */
export function offsetOf(iso: string): number {
  const m = /([+-])(\d\d):(\d\d)$/.exec(iso);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** HH:MM:SS now in the zone of `offsetMinutes` (the phone's clock, which phones keep in sync). */
export function clockAt(offsetMinutes: number, now = Date.now()): string {
  const d = new Date(now + offsetMinutes * 60_000);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

export function validName(name: string): boolean {
  const clean = name.trim();
  return clean.length >= 1 && clean.length <= 100;
}

/** A rough local check; the server normalises and decides (08…, +62…, 62…). */
export function plausiblePhone(phone: string): boolean {
  if (!/^[+\d\s().-]+$/.test(phone.trim())) return false;
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 9 && digits.length <= 15;
}
