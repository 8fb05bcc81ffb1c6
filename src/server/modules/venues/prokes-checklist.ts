/*
 * The prokes (health-protocol) checklist a venue manager fills in as a self-assessment and an inspector fills in
 * during an inspection. One item per venue-operator obligation of Pergub Bali 46/2020 and Perwali Denpasar
 * 48/2020 (domain notes §5.2–5.3). Codes are stable: they are stored with every answer, so never rename one;
 * retire it and add a new code (and bump PROKES_CHECKLIST_VERSION) instead.
 * Each item's words are in the text catalogue: `prokesChecklist.<code>.label`, and `.short` (a few words, for badges,
 * reasons and table headers); `prokes-checklist-labels.ts` reads them.
 */

export const PROKES_CHECKLIST_VERSION = 1;

/** Confidence tag of the domain notes: S well-sourced, 1 one credible source, U inferred / design suggestion. */
export type SourceConfidence = 'S' | '1' | 'U';

export interface RegulationReference {
  /** Rule ids from the domain notes (§5), e.g. R-PRK-10. */
  rules: readonly string[];
  instruments: readonly string[];
  confidence: SourceConfidence;
}

export interface ProkesChecklistItem {
  code: string;
  source: RegulationReference;
  /** Relative importance in the fraction met (core facilities of R-PRK-10/11 weigh most). */
  weight: number;
  /** Whether "not applicable" is an acceptable answer (for example no temperature check at an open-air stall). */
  mayBeNotApplicable: boolean;
}

const PERGUB_PERWALI = ['Pergub Bali 46/2020', 'Perwali Denpasar 48/2020'] as const;
const NATIONAL_MODEL = ['Inmendagri 4/2020 (model for Pergub Bali 46/2020 detail)'] as const;

export const PROKES_CHECKLIST = [
  {
    code: 'handwashing_station',
    source: { rules: ['R-PRK-10', 'R-PRK-2'], instruments: PERGUB_PERWALI, confidence: 'S' },
    weight: 3,
    mayBeNotApplicable: false,
  },
  {
    code: 'masks_enforced',
    source: { rules: ['R-PRK-10', 'R-PRK-1'], instruments: PERGUB_PERWALI, confidence: 'S' },
    weight: 3,
    mayBeNotApplicable: false,
  },
  {
    code: 'staff_masks',
    source: { rules: ['R-PRK-10'], instruments: PERGUB_PERWALI, confidence: 'S' },
    weight: 2,
    mayBeNotApplicable: false,
  },
  {
    code: 'capacity_and_hours',
    source: { rules: ['R-PRK-11', 'R-PRK-4'], instruments: PERGUB_PERWALI, confidence: 'S' },
    weight: 3,
    mayBeNotApplicable: false,
  },
  {
    code: 'capacity_signage',
    source: { rules: ['R-PRK-11'], instruments: PERGUB_PERWALI, confidence: 'U' },
    weight: 1,
    mayBeNotApplicable: false,
  },
  {
    code: 'distancing_markers',
    source: { rules: ['R-PRK-3', 'R-PRK-12'], instruments: [...PERGUB_PERWALI, ...NATIONAL_MODEL], confidence: 'U' },
    weight: 2,
    mayBeNotApplicable: true,
  },
  {
    code: 'temperature_check',
    source: { rules: ['R-PRK-12'], instruments: NATIONAL_MODEL, confidence: 'U' },
    weight: 2,
    mayBeNotApplicable: true,
  },
  {
    code: 'cleaning_schedule',
    source: { rules: ['R-PRK-12'], instruments: NATIONAL_MODEL, confidence: 'U' },
    weight: 2,
    mayBeNotApplicable: false,
  },
  {
    code: 'ventilation',
    // Not in the regulation text we have; a design suggestion, hence weight 1 and "U".
    source: { rules: [], instruments: [], confidence: 'U' },
    weight: 1,
    mayBeNotApplicable: true,
  },
  {
    code: 'prokes_information',
    source: { rules: ['R-PRK-10'], instruments: PERGUB_PERWALI, confidence: 'S' },
    weight: 1,
    mayBeNotApplicable: false,
  },
  {
    code: 'visitor_logging',
    source: { rules: ['R-PRK-12', 'R-PRK-13'], instruments: NATIONAL_MODEL, confidence: 'U' },
    weight: 1,
    mayBeNotApplicable: false,
  },
  {
    code: 'covid_team',
    source: { rules: ['R-PRK-12'], instruments: NATIONAL_MODEL, confidence: 'U' },
    weight: 1,
    mayBeNotApplicable: true,
  },
] as const satisfies readonly ProkesChecklistItem[];

export type ProkesItemCode = (typeof PROKES_CHECKLIST)[number]['code'];

export const PROKES_ITEM_CODES: readonly ProkesItemCode[] = PROKES_CHECKLIST.map((item) => item.code);

const ITEMS_BY_CODE: ReadonlyMap<string, ProkesChecklistItem> = new Map(
  PROKES_CHECKLIST.map((item) => [item.code, item]),
);

export function isProkesItemCode(code: string): code is ProkesItemCode {
  return ITEMS_BY_CODE.has(code);
}

export function prokesItem(code: ProkesItemCode): ProkesChecklistItem {
  const item = ITEMS_BY_CODE.get(code);
  if (!item) throw new Error(`unknown prokes item ${code}`); // unreachable: codes come from the list
  return item;
}

export const CHECKLIST_ANSWERS = ['met', 'not_met', 'not_applicable'] as const;
export type ChecklistAnswer = (typeof CHECKLIST_ANSWERS)[number];

export const CHECKLIST_NOTE_MAX_LENGTH = 500;

export interface ChecklistItemResult {
  answer: ChecklistAnswer;
  note?: string;
}

/** A complete, validated answer set: every current item answered once. */
export type ChecklistResults = Readonly<Record<ProkesItemCode, ChecklistItemResult>>;

/** Answer sets recorded under an older checklist version may lack items; scoring tolerates that. */
export type PartialChecklistResults = Readonly<Partial<Record<ProkesItemCode, ChecklistItemResult>>>;

/** The wire shape: a list so duplicates can be detected, as a form or an API client sends it. */
export interface ChecklistAnswerInput {
  item: string;
  answer: string;
  note?: string | null;
}

export type ChecklistIssue =
  | { kind: 'unknown_item'; item: string }
  | { kind: 'duplicate_item'; item: string }
  | { kind: 'missing_item'; item: ProkesItemCode }
  | { kind: 'invalid_answer'; item: string; answer: string }
  | { kind: 'not_applicable_not_allowed'; item: ProkesItemCode }
  | { kind: 'note_too_long'; item: string; maxLength: number };

export type ChecklistValidation =
  | { ok: true; results: ChecklistResults }
  | { ok: false; issues: ChecklistIssue[] };

function isChecklistAnswer(answer: string): answer is ChecklistAnswer {
  return (CHECKLIST_ANSWERS as readonly string[]).includes(answer);
}

/**
 * Checks a submitted answer list against the current checklist and returns every problem at once
 * (so a form can mark all offending rows), or the normalised results. Notes are trimmed; empty notes dropped.
 */
export function validateChecklistAnswers(answers: readonly ChecklistAnswerInput[]): ChecklistValidation {
  const issues: ChecklistIssue[] = [];
  const results: Partial<Record<ProkesItemCode, ChecklistItemResult>> = {};
  const seen = new Set<string>();

  for (const { item, answer, note } of answers) {
    if (seen.has(item)) {
      issues.push({ kind: 'duplicate_item', item });
      continue;
    }
    seen.add(item);
    if (!isProkesItemCode(item)) {
      issues.push({ kind: 'unknown_item', item });
      continue;
    }
    if (!isChecklistAnswer(answer)) {
      issues.push({ kind: 'invalid_answer', item, answer });
      continue;
    }
    if (answer === 'not_applicable' && !prokesItem(item).mayBeNotApplicable) {
      issues.push({ kind: 'not_applicable_not_allowed', item });
      continue;
    }
    const trimmedNote = note?.trim() ?? '';
    if (trimmedNote.length > CHECKLIST_NOTE_MAX_LENGTH) {
      issues.push({ kind: 'note_too_long', item, maxLength: CHECKLIST_NOTE_MAX_LENGTH });
      continue;
    }
    results[item] = trimmedNote === '' ? { answer } : { answer, note: trimmedNote };
  }

  for (const code of PROKES_ITEM_CODES) {
    if (!seen.has(code)) issues.push({ kind: 'missing_item', item: code });
  }

  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, results: results as ChecklistResults }; // every code checked present just above
}

export interface ChecklistTally {
  met: ProkesItemCode[];
  notMet: ProkesItemCode[];
  notApplicable: ProkesItemCode[];
  /** Weighted share of applicable items that are met, 0–1; null when nothing applicable was answered. */
  fractionMet: number | null;
}

/** Counts answers in checklist order. Items missing from the set and unknown codes are ignored. */
export function tallyChecklist(results: PartialChecklistResults): ChecklistTally {
  const tally: ChecklistTally = { met: [], notMet: [], notApplicable: [], fractionMet: null };
  let metWeight = 0;
  let applicableWeight = 0;
  for (const item of PROKES_CHECKLIST) {
    const answer = results[item.code]?.answer;
    if (answer === 'met') {
      tally.met.push(item.code);
      metWeight += item.weight;
      applicableWeight += item.weight;
    } else if (answer === 'not_met') {
      tally.notMet.push(item.code);
      applicableWeight += item.weight;
    } else if (answer === 'not_applicable') {
      tally.notApplicable.push(item.code);
    }
  }
  tally.fractionMet = applicableWeight > 0 ? metWeight / applicableWeight : null;
  return tally;
}

/** Weighted share of applicable items met (0–1), or null when no applicable item was answered. */
export function fractionMet(results: PartialChecklistResults): number | null {
  return tallyChecklist(results).fractionMet;
}
