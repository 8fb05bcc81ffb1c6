import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Indonesian phone numbers arrive as 0812…, +62812…, 62812… (with spaces, dashes, dots). One canonical form (E.164,
 * "+6281234567890") is what is stored, hashed for look-ups and dialled. Returns null for anything that is not a
 * valid number; numbers of other countries are accepted in international form (tourists, foreign residents).
 */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed.length < 6 || trimmed.length > 24 || !/^[+(\d][\d\s().-]*$/.test(trimmed)) return null;
  const digits = trimmed.replace(/[^\d+]/g, '');
  // "62812…" without the plus is common on forms: read it as international.
  const candidate = /^62\d{8,13}$/.test(digits) ? `+${digits}` : digits;
  const parsed = parsePhoneNumberFromString(candidate, 'ID');
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

/** "+6281234567890" → "0812-****-7890": enough for a person to recognise their own number. */
export function maskPhone(e164: string): string {
  const national = e164.startsWith('+62') ? `0${e164.slice(3)}` : e164;
  if (national.length < 8) return national;
  return `${national.slice(0, 4)}-****-${national.slice(-4)}`;
}
