import { describe, it, expect } from 'vitest';
import {
  DEFAULT_COMPLIANCE_SCORE_PARAMETERS,
  computeComplianceScore,
  type ComplianceEvidence,
  type ComplianceScore,
  type InspectionEvidence,
  type InspectionOverallResult,
  type RatingEvidence,
  type ViolationEvidence,
} from './compliance-score.js';
import { PROKES_ITEM_CODES, type ChecklistAnswer, type PartialChecklistResults } from './prokes-checklist.js';

const now = new Date('2021-03-01T00:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

function answers(everything: ChecklistAnswer, exceptions: Record<string, ChecklistAnswer> = {}): PartialChecklistResults {
  return Object.fromEntries(PROKES_ITEM_CODES.map((code) => [code, { answer: exceptions[code] ?? everything }]));
}
const inspection = (
  ageDays: number,
  results: PartialChecklistResults,
  overallResult: InspectionOverallResult = 'compliant',
): InspectionEvidence => ({ at: daysAgo(ageDays), results, overallResult });
const ratings = (count: number, ageDays: number, score: number): RatingEvidence[] =>
  Array.from({ length: count }, () => ({
    at: daysAgo(ageDays),
    scores: { masks: score, handwashing: score, distancing: score, temperature: score, cleanliness: score },
  }));
const violation = (ageDays: number, severity: ViolationEvidence['severity']): ViolationEvidence => ({ at: daysAgo(ageDays), severity });

function score(evidence: Partial<ComplianceEvidence>): ComplianceScore {
  return computeComplianceScore({ inspections: [], ratings: [], violations: [], now, ...evidence });
}
const codes = (result: ComplianceScore) => result.reasons.map((reason) => reason.code);
const weightSum = (result: ComplianceScore) => result.reasons.reduce((sum, reason) => sum + reason.weight, 0);

describe('computeComplianceScore: no evidence', () => {
  it('is null and grey with nothing recorded', () => {
    const result = score({});
    expect(result.score).toBeNull();
    expect(result.badge).toBe('grey');
    expect(codes(result)).toEqual(['no_evidence']);
    expect(result.reasons[0]?.id).toContain('Belum cukup data');
  });

  it('is null and grey with too few ratings, and says how many are needed', () => {
    const result = score({ ratings: ratings(2, 0, 1) });
    expect(result.score).toBeNull();
    expect(result.badge).toBe('grey');
    expect(codes(result)).toEqual(['no_evidence', 'ratings_insufficient']);
    expect(result.reasons[1]?.params).toMatchObject({ count: 2, needed: 3 });
  });

  it('ignores evidence older than a year and evidence after `now`', () => {
    const result = score({
      inspections: [inspection(400, answers('met')), inspection(-1, answers('met'))],
      ratings: ratings(20, 366, 5),
      violations: [violation(500, 'heavy'), violation(-3, 'heavy')],
    });
    expect(result.score).toBeNull();
    expect(result.badge).toBe('grey');
  });
});

describe('computeComplianceScore: inspections', () => {
  it('scores a fully met, compliant inspection 100 (green)', () => {
    const result = score({ inspections: [inspection(3, answers('met'))] });
    expect(result).toMatchObject({ score: 100, badge: 'green' });
    expect(result.reasons).toEqual([
      expect.objectContaining({ code: 'inspection_latest', weight: 100, params: expect.objectContaining({ met: 12, applicable: 12 }) }),
    ]);
  });

  it('uses the weighted fraction met, capped by the verdict: 17/22 → 77 green, 74 yellow, 49 red', () => {
    const results = answers('met', { handwashing_station: 'not_met', temperature_check: 'not_met' });
    expect(score({ inspections: [inspection(0, results, 'compliant')] })).toMatchObject({ score: 77, badge: 'green' });
    expect(score({ inspections: [inspection(0, results, 'partially_compliant')] })).toMatchObject({ score: 74, badge: 'yellow' });
    expect(score({ inspections: [inspection(0, results, 'non_compliant')] })).toMatchObject({ score: 49, badge: 'red' });
    const explained = score({ inspections: [inspection(0, results, 'compliant')] });
    const notMet = explained.reasons.find((reason) => reason.code === 'inspection_items_not_met');
    expect(notMet?.en).toBe('Not met at the latest inspection: Handwashing station, Temperature check');
    expect(notMet?.id).toBe('Belum terpenuhi saat inspeksi terakhir: Tempat cuci tangan, Cek suhu');
  });

  it('lets the latest inspection dominate: 0.75 latest + 0.25 earlier', () => {
    const good = answers('met');
    const bad = answers('not_met');
    expect(score({ inspections: [inspection(30, bad, 'non_compliant'), inspection(1, good)] })).toMatchObject({ score: 75, badge: 'green' });
    expect(score({ inspections: [inspection(30, good), inspection(1, bad, 'non_compliant')] })).toMatchObject({ score: 25, badge: 'red' });
  });

  it('weights earlier inspections by recency (half-life 180 days)', () => {
    // Earlier: 100 at 10 days, 0 at 190 days; decay ratio exactly 2:1 → mean 66.67; 75 + 0.25 × 66.67 = 91.67.
    const result = score({
      inspections: [inspection(190, answers('not_met'), 'non_compliant'), inspection(10, answers('met')), inspection(0, answers('met'))],
    });
    expect(result.score).toBe(92);
    expect(result.components.inspection?.value).toBe(91.7);
    expect(result.reasons.map((reason) => [reason.code, reason.weight])).toEqual([
      ['inspection_latest', 75],
      ['inspection_earlier', 16.7],
    ]);
  });

  it('takes the later-listed of two inspections at the same instant as the latest (stable order)', () => {
    const result = score({ inspections: [inspection(5, answers('met')), inspection(5, answers('not_met'), 'non_compliant')] });
    expect(result.score).toBe(25);
  });
});

describe('computeComplianceScore: visitor ratings', () => {
  it('pulls few ratings toward neutral: 3 perfect ratings → 69, 10 → 83', () => {
    // (5 × 50 + 3 × 100) / (5 + 3) = 68.75;  (250 + 1000) / 15 = 83.3
    expect(score({ ratings: ratings(3, 0, 5) })).toMatchObject({ score: 69, badge: 'yellow' });
    expect(score({ ratings: ratings(10, 0, 5) })).toMatchObject({ score: 83, badge: 'green' });
  });

  it('does not let a handful of bad ratings sink a venue with a good inspection', () => {
    // R = 250 / 8 = 31.25, wR = 3/8, wI = 3 → (300 + 11.72) / 3.375 = 92.36
    const few = score({ inspections: [inspection(0, answers('met'))], ratings: ratings(3, 0, 1) });
    expect(few).toMatchObject({ score: 92, badge: 'green' });
    // Many bad ratings do move it: R = 250 / 35, wR = 30/35 → 79.37
    const many = score({ inspections: [inspection(0, answers('met'))], ratings: ratings(30, 0, 1) });
    expect(many.score).toBe(79);
    expect(codes(many)).toContain('ratings_item_low');
  });

  it('ignores a single rating altogether while evidence is thin', () => {
    const result = score({ inspections: [inspection(0, answers('met'))], ratings: ratings(1, 0, 1) });
    expect(result.score).toBe(100);
    expect(codes(result)).toEqual(['inspection_latest', 'ratings_insufficient']);
  });

  it('weights ratings by recency (half-life 30 days)', () => {
    // 6 bad ratings 120 days ago weigh 6 × 1/16 = 0.375; 4 perfect ones today weigh 4.
    // R = (250 + 400) / (5 + 4.375) = 69.33
    const result = score({ ratings: [...ratings(6, 120, 1), ...ratings(4, 0, 5)] });
    expect(result.score).toBe(69);
    expect(result.reasons[0]).toMatchObject({
      code: 'ratings',
      weight: 69.3,
      params: { count: 10, effectiveCount: 4.4, mean: 4.7, value: 69 }, // weighted mean 1 + 400 / 4.375 / 25 = 4.66
    });
    expect(result.reasons[0]?.en).toBe('10 visitor ratings (effective 4.4), average 4.7/5; adjusted toward neutral: 69/100');
    expect(result.reasons[0]?.id).toBe('10 penilaian pengunjung (bobot efektif 4,4), rata-rata 4,7/5; disesuaikan ke arah netral: 69/100');
  });

  it('names the item visitors rate low', () => {
    const lowTemperature = Array.from({ length: 10 }, () => ({
      at: daysAgo(1),
      scores: { masks: 5, handwashing: 4, distancing: 4, temperature: 2, cleanliness: 5 },
    }));
    const result = score({ ratings: lowTemperature });
    const low = result.reasons.filter((reason) => reason.code === 'ratings_item_low');
    expect(low.map((reason) => reason.params.item)).toEqual(['temperature']);
    expect(low[0]?.en).toBe('Visitors rate temperature check low: 2/5');
  });
});

describe('computeComplianceScore: violations', () => {
  it('subtracts violation points, decaying with a 90-day half-life', () => {
    const inspected = [inspection(0, answers('met'))];
    expect(score({ inspections: inspected, violations: [violation(0, 'heavy')] })).toMatchObject({ score: 70, badge: 'yellow' });
    expect(score({ inspections: inspected, violations: [violation(90, 'heavy')] })).toMatchObject({ score: 85, badge: 'green' });
    expect(score({ inspections: inspected, violations: [violation(180, 'medium')] }).score).toBe(96);
    const several = score({ inspections: inspected, violations: [violation(0, 'heavy'), violation(0, 'heavy'), violation(0, 'medium'), violation(0, 'light')] });
    expect(several).toMatchObject({ score: 20, badge: 'red' });
    expect(several.reasons.filter((reason) => reason.code === 'violations').map((reason) => [reason.params.severity, reason.params.count, reason.weight])).toEqual([
      ['light', 1, -5],
      ['medium', 1, -15],
      ['heavy', 2, -60],
    ]);
  });

  it('starts from neutral 50 when violations are the only evidence', () => {
    const result = score({ violations: [violation(0, 'light')] });
    expect(result).toMatchObject({ score: 45, badge: 'red' });
    expect(result.reasons.map((reason) => [reason.code, reason.weight])).toEqual([
      ['neutral_baseline', 50],
      ['violations', -5],
    ]);
    expect(result.reasons[1]?.en).toBe('1 light violation (latest 1 Mar 2021): −5 points');
    expect(result.reasons[1]?.id).toBe('1 pelanggaran ringan (terakhir 1 Mar 2021): −5 poin');
  });

  it('never goes below 0', () => {
    const result = score({ violations: [violation(0, 'heavy'), violation(0, 'heavy')] });
    expect(result).toMatchObject({ score: 0, badge: 'red' });
  });
});

describe('computeComplianceScore: explanation and parameters', () => {
  it('has reason weights that add up to the score before rounding', () => {
    const result = score({
      inspections: [inspection(200, answers('met')), inspection(20, answers('met', { ventilation: 'not_met', covid_team: 'not_applicable' }))],
      ratings: [...ratings(8, 5, 4), ...ratings(3, 40, 2)],
      violations: [violation(30, 'medium')],
    });
    expect(result.score).not.toBeNull();
    expect(Math.abs(weightSum(result) - (result.score ?? 0))).toBeLessThanOrEqual(0.5 + 0.05 * result.reasons.length);
    expect(result.badge).toBe('green');
  });

  it('is deterministic', () => {
    const evidence = {
      inspections: [inspection(12, answers('met', { temperature_check: 'not_met' }))],
      ratings: ratings(7, 3, 4),
      violations: [violation(15, 'light')],
    };
    expect(score(evidence)).toEqual(score(evidence));
  });

  it('accepts parameter overrides and exports its defaults', () => {
    expect(DEFAULT_COMPLIANCE_SCORE_PARAMETERS).toMatchObject({
      inspectionHalfLifeDays: 180,
      ratingHalfLifeDays: 30,
      violationHalfLifeDays: 90,
      minEffectiveRatings: 3,
      ratingPriorStrength: 5,
      greenMin: 75,
      yellowMin: 50,
    });
    const evidence = { inspections: [inspection(0, answers('met'))], violations: [violation(0, 'medium')] };
    expect(score(evidence)).toMatchObject({ score: 85, badge: 'green' });
    expect(computeComplianceScore({ inspections: evidence.inspections, ratings: [], violations: evidence.violations, now }, { greenMin: 90 })).toMatchObject({
      score: 85,
      badge: 'yellow',
    });
  });

  it('rejects out-of-range ratings and invalid dates with a RangeError', () => {
    const badRating = [{ at: daysAgo(1), scores: { masks: 6, handwashing: 5, distancing: 5, temperature: 5, cleanliness: 5 } }];
    expect(() => score({ ratings: badRating })).toThrow(RangeError);
    expect(() => score({ violations: [{ at: new Date('nope'), severity: 'light' }] })).toThrow(RangeError);
    expect(() => score({ now: new Date(Number.NaN) })).toThrow(RangeError);
  });
});
