import { describe, it, expect } from 'vitest';
import {
  PROKES_CHECKLIST,
  PROKES_ITEM_CODES,
  fractionMet,
  tallyChecklist,
  validateChecklistAnswers,
  type ChecklistAnswerInput,
  type ChecklistItemResult,
} from './prokes-checklist.js';
import { prokesItemLabel, prokesItemShortLabel } from './prokes-checklist-labels.js';

const allMet = (): ChecklistAnswerInput[] => PROKES_ITEM_CODES.map((item) => ({ item, answer: 'met' }));

describe('prokes checklist definition', () => {
  it('has unique snake_case codes, both languages, a positive weight and a source for every item', () => {
    expect(new Set(PROKES_ITEM_CODES).size).toBe(PROKES_ITEM_CODES.length);
    for (const item of PROKES_CHECKLIST) {
      expect(item.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      // The words are in the text catalogue (prokesChecklist.<code>).
      expect(prokesItemLabel(item.code).id.length).toBeGreaterThan(5);
      expect(prokesItemLabel(item.code).en.length).toBeGreaterThan(5);
      expect(prokesItemShortLabel(item.code).id.length).toBeGreaterThan(2);
      expect(prokesItemShortLabel(item.code).en.length).toBeGreaterThan(2);
      expect(item.weight).toBeGreaterThan(0);
      expect(['S', '1', 'U']).toContain(item.source.confidence);
    }
  });

  it('covers the issue list and the core venue obligations of Pergub 46/2020 (R-PRK-10, R-PRK-11)', () => {
    for (const code of [
      'handwashing_station',
      'masks_enforced',
      'distancing_markers',
      'temperature_check',
      'ventilation',
      'cleaning_schedule',
      'capacity_signage',
    ]) {
      expect(PROKES_ITEM_CODES).toContain(code);
    }
    const rules = PROKES_CHECKLIST.flatMap((item) => item.source.rules);
    expect(rules).toContain('R-PRK-10');
    expect(rules).toContain('R-PRK-11');
  });
});

describe('validateChecklistAnswers', () => {
  it('accepts a complete answer set and normalises it to a record, trimming notes', () => {
    const answers = allMet().map((answer) =>
      answer.item === 'temperature_check' ? { ...answer, answer: 'not_applicable', note: '  open-air stall  ' } : answer,
    );
    const result = validateChecklistAnswers(answers);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.results).sort()).toEqual([...PROKES_ITEM_CODES].sort());
    expect(result.results.temperature_check).toEqual({ answer: 'not_applicable', note: 'open-air stall' });
    expect(result.results.handwashing_station).toEqual({ answer: 'met' });
  });

  it('reports unknown, duplicate and missing items and bad answers all at once', () => {
    const answers: ChecklistAnswerInput[] = [
      ...allMet().filter((answer) => answer.item !== 'ventilation' && answer.item !== 'staff_masks'),
      { item: 'free_wifi', answer: 'met' },
      { item: 'masks_enforced', answer: 'not_met' },
      { item: 'staff_masks', answer: 'yes' },
    ];
    const result = validateChecklistAnswers(answers);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      { kind: 'unknown_item', item: 'free_wifi' },
      { kind: 'duplicate_item', item: 'masks_enforced' },
      { kind: 'invalid_answer', item: 'staff_masks', answer: 'yes' },
      { kind: 'missing_item', item: 'ventilation' },
    ]);
  });

  it('reports an empty submission as every item missing', () => {
    const result = validateChecklistAnswers([]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(PROKES_ITEM_CODES.length);
    expect(result.issues.every((issue) => issue.kind === 'missing_item')).toBe(true);
  });

  it('refuses "not applicable" for obligations every venue has (hand-washing, masks)', () => {
    const answers = allMet().map((answer) =>
      answer.item === 'handwashing_station' ? { ...answer, answer: 'not_applicable' } : answer,
    );
    const result = validateChecklistAnswers(answers);
    expect(result).toEqual({ ok: false, issues: [{ kind: 'not_applicable_not_allowed', item: 'handwashing_station' }] });
  });

  it('refuses notes over 500 characters', () => {
    const answers = allMet().map((answer) => (answer.item === 'ventilation' ? { ...answer, note: 'x'.repeat(501) } : answer));
    const result = validateChecklistAnswers(answers);
    expect(result).toEqual({ ok: false, issues: [{ kind: 'note_too_long', item: 'ventilation', maxLength: 500 }] });
  });

  it('treats item codes as exact (no case folding)', () => {
    const answers = allMet().map((answer) => (answer.item === 'ventilation' ? { ...answer, item: 'Ventilation' } : answer));
    const result = validateChecklistAnswers(answers);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual({ kind: 'unknown_item', item: 'Ventilation' });
  });
});

describe('fractionMet', () => {
  it('weights items and leaves "not applicable" out of the denominator', () => {
    // Total weight 22; handwashing (3) and temperature check (2) not met → 17/22.
    const results: Record<string, ChecklistItemResult> = Object.fromEntries(PROKES_ITEM_CODES.map((code) => [code, { answer: 'met' }]));
    results.handwashing_station = { answer: 'not_met' };
    results.temperature_check = { answer: 'not_met' };
    expect(fractionMet(results)).toBeCloseTo(17 / 22, 12);
    // Ventilation (1) not applicable → 16/21.
    results.ventilation = { answer: 'not_applicable' };
    expect(fractionMet(results)).toBeCloseTo(16 / 21, 12);
  });

  it('is 1 when all met, 0 when none met, null when nothing applicable was answered', () => {
    const all = (answer: 'met' | 'not_met') => Object.fromEntries(PROKES_ITEM_CODES.map((code) => [code, { answer }]));
    expect(fractionMet(all('met'))).toBe(1);
    expect(fractionMet(all('not_met'))).toBe(0);
    expect(fractionMet({})).toBeNull();
    expect(fractionMet({ ventilation: { answer: 'not_applicable' } })).toBeNull();
  });

  it('tallies in checklist order and ignores items a partial (older) answer set lacks', () => {
    const tally = tallyChecklist({ temperature_check: { answer: 'not_met' }, handwashing_station: { answer: 'met' } });
    expect(tally).toEqual({ met: ['handwashing_station'], notMet: ['temperature_check'], notApplicable: [], fractionMet: 3 / 5 });
  });
});
