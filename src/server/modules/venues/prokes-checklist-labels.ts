import type { Localized } from '../../shared/language.js';
import { localized } from '../../shared/texts.js';
import type { ProkesItemCode } from './prokes-checklist.js';

/*
 * The words of a prokes checklist item, from the text catalogue (`prokesChecklist.<code>`): `prokes-checklist.ts`
 * holds the codes, weights and sources only.
 */

/** The item as a sentence, for the self-assessment and inspection forms. */
export function prokesItemLabel(code: ProkesItemCode): Localized {
  return localized(`prokesChecklist.${code}.label`);
}

/** A few words, for badges, reasons and table headers. */
export function prokesItemShortLabel(code: ProkesItemCode): Localized {
  return localized(`prokesChecklist.${code}.short`);
}
