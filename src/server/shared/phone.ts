import { Metadata } from 'libphonenumber-js/core';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/metadata.max.json';

/**
 * The common case, an Indonesian mobile number (0812…, +62812…), checked against the library's own metadata for
 * Indonesia: its national-number pattern and its mobile pattern. That is what isValid() concludes for such a number,
 * for a fraction of the cost of a full parse (which was 9 % of a check-in's time). Anything else takes the full parse;
 * phone.test.ts compares both on many numbers of every shape.
 */
// The accessors the library's own getNumberType() uses; its type declarations do not list them.
interface SelectedPlan {
  nationalNumberPattern(): string;
  type(type: 'MOBILE'): { pattern(): string } | undefined;
}
const indonesia = new Metadata(metadata);
indonesia.selectNumberingPlan('ID');
const plan = indonesia as unknown as SelectedPlan;
const ID_NATIONAL = new RegExp(`^(?:${plan.nationalNumberPattern()})$`);
const ID_MOBILE = new RegExp(`^(?:${plan.type('MOBILE')?.pattern() ?? '(?!)'})$`);
const ID_MOBILE_SHAPE = /^(?:\+62|0)(8\d{8,11})$/;

/** "+62…" for a number the mobile pattern accepts; undefined when the full parse has to decide. */
export function indonesianMobileFastPath(candidate: string): string | undefined {
  const national = ID_MOBILE_SHAPE.exec(candidate)?.[1];
  if (national && ID_NATIONAL.test(national) && ID_MOBILE.test(national)) return `+62${national}`;
  return undefined;
}

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
  const fast = indonesianMobileFastPath(candidate);
  if (fast) return fast;
  const parsed = parsePhoneNumberFromString(candidate, 'ID');
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

/** "+6281234567890" → "0812-****-7890": enough for a person to recognise their own number. */
export function maskPhone(e164: string): string {
  const national = e164.startsWith('+62') ? `0${e164.slice(3)}` : e164;
  // A short number would show whole: all but its last two digits are hidden instead.
  if (national.length < 8) return national.replace(/\d(?=\d{2})/g, '*');
  return `${national.slice(0, 4)}-****-${national.slice(-4)}`;
}
