/*
 * What a health worker enters (the form, or one CSV row), checked into a record or into field errors: exactly one of
 * phone and NIK (a plausible NIK, a valid phone), a known dose and vaccine, a date or instant that is not in the
 * future. Pure: the form and the import share it, and a preview shows each row's errors.
 */
import type { FieldError } from '../../shared/errors.js';
import { localDate } from '../../shared/local-time.js';
import { nikMessageKey, nikProblem, normalizeNik } from '../../shared/nik.js';
import { normalizePhone } from '../../shared/phone.js';

export const VACCINES = ['sinovac', 'astrazeneca', 'pfizer', 'moderna', 'sinopharm', 'janssen', 'novavax', 'sputnik', 'zifivax', 'indovac', 'inavac', 'other'] as const;
export const DOSES = [1, 2, 3, 4] as const;
export const TEST_KINDS = ['antigen', 'pcr'] as const;
export const TEST_RESULTS = ['positive', 'negative'] as const;
/** A test time may run this far ahead of the server's clock (a phone or a lab PC a little fast). */
const CLOCK_SKEW_MS = 2 * 60_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** An ISO 8601 instant with a zone (Z or ±hh:mm), or a local date and time (read in the city's zone by the caller). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export type Subject = { phone: string; nik: null } | { phone: null; nik: string };

export interface VaccinationInput {
  phone?: string | null;
  nik?: string | null;
  dose: unknown;
  vaccine: unknown;
  date: unknown;
}
export interface TestInput {
  phone?: string | null;
  nik?: string | null;
  kind: unknown;
  result: unknown;
  at: unknown;
}

export interface Vaccination {
  subject: Subject;
  dose: number;
  vaccine: string;
  date: string;
}
export interface TestResult {
  subject: Subject;
  kind: 'antigen' | 'pcr';
  result: 'positive' | 'negative';
  at: number;
}

type Parsed<T> = { value: T; errors: [] } | { value: null; errors: FieldError[] };

const blank = (v: string | null | undefined) => v === undefined || v === null || v.trim() === '';

function subjectOf(input: { phone?: string | null; nik?: string | null }, today: string, errors: FieldError[]): Subject | null {
  const hasPhone = !blank(input.phone);
  const hasNik = !blank(input.nik);
  if (hasPhone === hasNik) {
    errors.push({ field: hasPhone ? 'nik' : 'phone', messageKey: hasPhone ? 'validation.nikOrPhoneNotBoth' : 'validation.nikOrPhone' });
    return null;
  }
  if (hasPhone) {
    const phone = normalizePhone(input.phone as string);
    if (!phone) errors.push({ field: 'phone', messageKey: 'validation.phone' });
    return phone ? { phone, nik: null } : null;
  }
  const nik = normalizeNik(input.nik as string);
  const problem = nikProblem(nik, today);
  if (problem) errors.push({ field: 'nik', messageKey: nikMessageKey(problem) });
  return problem ? null : { phone: null, nik };
}

function validDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

export function parseVaccination(input: VaccinationInput, now: number, timeZone: string): Parsed<Vaccination> {
  const today = localDate(now, timeZone);
  const errors: FieldError[] = [];
  const subject = subjectOf(input, today, errors);
  const dose = typeof input.dose === 'string' && /^\d+$/.test(input.dose.trim()) ? Number(input.dose) : input.dose;
  if (typeof dose !== 'number' || !(DOSES as readonly number[]).includes(dose)) errors.push({ field: 'dose', messageKey: 'validation.enum', params: { values: DOSES.join(', ') } });
  const vaccine = typeof input.vaccine === 'string' ? input.vaccine.trim().toLowerCase() : '';
  if (!(VACCINES as readonly string[]).includes(vaccine)) errors.push({ field: 'vaccine', messageKey: 'validation.enum', params: { values: VACCINES.join(', ') } });
  const date = typeof input.date === 'string' ? input.date.trim() : '';
  if (!validDate(date)) errors.push({ field: 'date', messageKey: 'validation.invalidDate' });
  else if (date > today) errors.push({ field: 'date', messageKey: 'validation.dateInFuture', params: { today } });
  if (errors.length > 0 || subject === null) return { value: null, errors };
  return { value: { subject, dose: dose as number, vaccine, date }, errors: [] };
}

export function parseTestResult(input: TestInput, now: number, timeZone: string): Parsed<TestResult> {
  const today = localDate(now, timeZone);
  const errors: FieldError[] = [];
  const subject = subjectOf(input, today, errors);
  const kind = typeof input.kind === 'string' ? input.kind.trim().toLowerCase() : '';
  if (!(TEST_KINDS as readonly string[]).includes(kind)) errors.push({ field: 'kind', messageKey: 'validation.enum', params: { values: TEST_KINDS.join(', ') } });
  const result = typeof input.result === 'string' ? input.result.trim().toLowerCase() : '';
  if (!(TEST_RESULTS as readonly string[]).includes(result)) errors.push({ field: 'result', messageKey: 'validation.enum', params: { values: TEST_RESULTS.join(', ') } });
  const atText = typeof input.at === 'string' ? input.at.trim() : '';
  const at = INSTANT.test(atText) ? Date.parse(atText) : Number.NaN;
  if (Number.isNaN(at)) errors.push({ field: 'at', messageKey: 'validation.invalidInstant' });
  else if (at > now + CLOCK_SKEW_MS) errors.push({ field: 'at', messageKey: 'validation.notFuture' });
  if (errors.length > 0 || subject === null) return { value: null, errors };
  return { value: { subject, kind: kind as TestResult['kind'], result: result as TestResult['result'], at }, errors: [] };
}
