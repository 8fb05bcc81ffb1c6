/*
 * A border post's check (pos pantau; domain.md §4.6, Perwali 32/2020): the product proposes the result from what the
 * officer saw, in the workflow's order — no mask, then no valid letter, turn back; at or above 38.0 °C, a rapid test;
 * else pass. Every reason found is named, so a feverish traveller turned back for no mask is still seen as feverish.
 */

export const LETTER_TYPES = ['surat_tugas', 'surat_desa', 'surat_usaha', 'surat_adat', 'none'] as const;
export type LetterType = (typeof LETTER_TYPES)[number];
export type CheckResult = 'passed' | 'turned_back' | 'referred';
export type CheckReason = 'no_mask' | 'no_letter' | 'fever';

import { FEVER_THRESHOLD_C } from './reference/fever.js';

export { FEVER_THRESHOLD_C };

export function proposeCheckResult(check: { masked: boolean; letter: LetterType; temperatureC: number }): { result: CheckResult; reasons: CheckReason[] } {
  const reasons: CheckReason[] = [];
  if (!check.masked) reasons.push('no_mask');
  if (check.letter === 'none') reasons.push('no_letter');
  if (check.temperatureC >= FEVER_THRESHOLD_C) reasons.push('fever');
  const result: CheckResult = reasons.includes('no_mask') || reasons.includes('no_letter') ? 'turned_back' : reasons.includes('fever') ? 'referred' : 'passed';
  return { result, reasons };
}

export interface Shift {
  /** HH:MM local, inclusive. */
  from: string;
  /** HH:MM local, exclusive. */
  until: string;
}

/** The two shifts of 2020: 07.30–15.00 and 15.00–22.00 WITA. */
export const DEFAULT_SHIFTS: readonly Shift[] = [
  { from: '07:30', until: '15:00' },
  { from: '15:00', until: '22:00' },
];

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The index of the shift a local time of day falls in, or null outside every shift. */
export function shiftAt(shifts: readonly Shift[], localMinutes: number): number | null {
  const index = shifts.findIndex((s) => minutes(s.from) <= localMinutes && localMinutes < minutes(s.until));
  return index === -1 ? null : index;
}

/** Shifts must each start before they end and not overlap (the daily counts are per shift). */
export function shiftsProblem(shifts: readonly Shift[]): string | null {
  const sorted = [...shifts].sort((a, b) => minutes(a.from) - minutes(b.from));
  for (const [i, s] of sorted.entries()) {
    if (minutes(s.from) >= minutes(s.until)) return `${s.from}–${s.until}`;
    const next = sorted[i + 1];
    if (next && minutes(next.from) < minutes(s.until)) return `${next.from}`;
  }
  return null;
}
