import { tallyChecklist, type PartialChecklistResults } from './prokes-checklist.js';
import { prokesItemShortLabel } from './prokes-checklist-labels.js';

/*
 * Venue compliance score (0–100), deterministic and explained.
 *
 * Evidence counts when  now - maxEvidenceAgeDays <= at <= now  (evidence after `now` is ignored, so a score
 * recomputed "as of" a past date reproduces the snapshot stored then). decay(age, h) = 0.5^(ageDays / h).
 *
 * 1. Inspections. Each inspection's value
 *        v = min(100 · fractionMet(results), ceiling(overallResult))
 *    fractionMet is weighted by checklist item weight over applicable items (see prokes-checklist.ts);
 *    ceiling: compliant 100, partially_compliant greenMin − 1, non_compliant yellowMin − 1, so the inspector's
 *    verdict bounds the badge the inspection alone can earn. With no applicable answer, v = ceiling.
 *    The latest inspection dominates:
 *        I = v_latest                                          (one inspection)
 *        I = s · v_latest + (1 − s) · Σ dᵢ·vᵢ / Σ dᵢ            (older ones, dᵢ = decay(ageᵢ, inspectionHalfLifeDays))
 *    with s = latestInspectionShare. Weight against ratings: wI = inspectionWeight · decay(age_latest).
 *
 * 2. Visitor ratings. Each rating's mean m of five 1–5 items becomes r = 25 · (m − 1) (1 → 0, 3 → 50, 5 → 100).
 *    dⱼ = decay(ageⱼ, ratingHalfLifeDays); effective count n = Σ dⱼ. Ratings count only when n ≥ minEffectiveRatings.
 *    Bayesian average toward neutral (k = ratingPriorStrength pseudo-ratings of 3/5 = 50):
 *        R = (k · 50 + Σ dⱼ·rⱼ) / (k + n),   wR = ratingsWeight · n / (n + k)
 *    so one bad rating barely moves a score and ratings gain weight against inspections with volume.
 *
 * 3. Base = (wI·I + wR·R) / (wI + wR) over the components present. Violations alone give base = 50 (neutral).
 *    No inspection, no counted ratings and no violation: score null, badge grey.
 *
 * 4. Violations subtract: P = Σ points(severity) · decay(age, violationHalfLifeDays).
 *
 *    score = round(clamp(base − P, 0, 100));  badge green ≥ greenMin, yellow ≥ yellowMin, else red.
 *
 * Each reason's `weight` is the score points it contributes (shareᵢ · componentᵢ, or −penalty); informational
 * reasons carry 0. The contributions sum to base − P, i.e. the score before clamping and rounding.
 * Self-assessments are not evidence here: they are the manager's own claim; inspections verify them.
 */

export interface ComplianceScoreParameters {
  inspectionHalfLifeDays: number;
  ratingHalfLifeDays: number;
  violationHalfLifeDays: number;
  /** Older evidence says little about today's premises and is ignored entirely. */
  maxEvidenceAgeDays: number;
  /** Share of the inspection component taken by the latest inspection when there are older ones. */
  latestInspectionShare: number;
  /** Relative weight of a fresh inspection against ratings at full volume. */
  inspectionWeight: number;
  ratingsWeight: number;
  /** Pseudo-ratings at neutral (3/5) mixed into the ratings average. */
  ratingPriorStrength: number;
  /** Effective (recency-weighted) number of ratings below which ratings are not counted. */
  minEffectiveRatings: number;
  violationPoints: Readonly<Record<ViolationSeverity, number>>;
  greenMin: number;
  yellowMin: number;
  /** Recency-weighted mean (1–5) under which a rating item is reported as a reason. */
  lowRatingItemThreshold: number;
}

export const DEFAULT_COMPLIANCE_SCORE_PARAMETERS: Readonly<ComplianceScoreParameters> = Object.freeze({
  inspectionHalfLifeDays: 180,
  ratingHalfLifeDays: 30,
  violationHalfLifeDays: 90,
  maxEvidenceAgeDays: 365,
  latestInspectionShare: 0.75,
  inspectionWeight: 3,
  ratingsWeight: 1,
  ratingPriorStrength: 5,
  minEffectiveRatings: 3,
  violationPoints: Object.freeze({ light: 5, medium: 15, heavy: 30 }),
  greenMin: 75,
  yellowMin: 50,
  lowRatingItemThreshold: 2.5,
});

export const INSPECTION_OVERALL_RESULTS = ['compliant', 'partially_compliant', 'non_compliant'] as const;
export type InspectionOverallResult = (typeof INSPECTION_OVERALL_RESULTS)[number];

/** Satgas Bali grades: ringan / sedang / berat (domain notes §5.4). */
export const VIOLATION_SEVERITIES = ['light', 'medium', 'heavy'] as const;
export type ViolationSeverity = (typeof VIOLATION_SEVERITIES)[number];

import { RATING_ITEMS, type RatingItem } from '../../../common/reference/rating-items.js';
import type { Localized } from '../../shared/language.js';
import { text, type TextKey, type TextParams } from '../../shared/texts.js';
export { RATING_ITEMS, type RatingItem };

export interface InspectionEvidence {
  at: Date;
  results: PartialChecklistResults;
  overallResult: InspectionOverallResult;
}

export interface RatingEvidence {
  at: Date;
  /** 1–5 each. */
  scores: Readonly<Record<RatingItem, number>>;
}

export interface ViolationEvidence {
  at: Date;
  severity: ViolationSeverity;
}

export interface ComplianceEvidence {
  inspections: readonly InspectionEvidence[];
  ratings: readonly RatingEvidence[];
  violations: readonly ViolationEvidence[];
  now: Date;
}

export type ComplianceBadge = 'green' | 'yellow' | 'red' | 'grey';

export type ComplianceReasonCode =
  | 'no_evidence'
  | 'neutral_baseline'
  | 'inspection_latest'
  | 'inspection_items_not_met'
  | 'inspection_earlier'
  | 'ratings'
  | 'ratings_item_low'
  | 'ratings_insufficient'
  | 'violations';

export interface ComplianceReason {
  code: ComplianceReasonCode;
  /** Bahasa Indonesia. */
  id: string;
  en: string;
  /** Score points contributed (negative subtracts); 0 for informational reasons. One decimal. */
  weight: number;
  /** The numbers in the texts, for a UI that renders from its own message catalogue. */
  params: Readonly<Record<string, string | number>>;
}

export interface ComplianceScore {
  score: number | null;
  badge: ComplianceBadge;
  reasons: ComplianceReason[];
  /** The intermediate values of the formula, for audit and the score history. */
  components: {
    inspection: { value: number; weight: number; count: number } | null;
    ratings: { value: number; weight: number; effectiveCount: number; count: number } | null;
    violationPenalty: number;
    base: number | null;
  };
}

const MS_PER_DAY = 86_400_000;
const NEUTRAL_RATING = 3;
const dateFormats = {
  id: new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Makassar', day: 'numeric', month: 'short', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Makassar', day: 'numeric', month: 'short', year: 'numeric' }),
};
const numberFormats = {
  id: new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};

const roundTo1 = (value: number): number => Math.round(value * 10) / 10 + 0; // + 0 turns -0 into 0
const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

function decay(ageDays: number, halfLifeDays: number): number {
  return Math.pow(0.5, ageDays / halfLifeDays);
}

function assertValidDate(date: Date, what: string): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new RangeError(`${what}: invalid date`);
}

function badgeFor(score: number | null, parameters: ComplianceScoreParameters): ComplianceBadge {
  if (score === null) return 'grey';
  if (score >= parameters.greenMin) return 'green';
  if (score >= parameters.yellowMin) return 'yellow';
  return 'red';
}

function verdictCeiling(result: InspectionOverallResult, parameters: ComplianceScoreParameters): number {
  switch (result) {
    case 'compliant':
      return 100;
    case 'partially_compliant':
      return parameters.greenMin - 1;
    case 'non_compliant':
      return parameters.yellowMin - 1;
  }
}

/** A reason with its text in both languages, from the catalogue's `compliance.reasons`. */
function reason(
  code: ComplianceReasonCode,
  weight: number,
  params: Record<string, string | number>,
  key: TextKey,
  textParams: TextParams,
): ComplianceReason {
  return { code, id: text('id', key, textParams), en: text('en', key, textParams), weight: roundTo1(weight), params };
}

/** A catalogue label in both languages. */
const label = (key: TextKey): Localized => ({ id: text('id', key), en: text('en', key) });
/** A date or number written the way each language writes it. */
const dateIn = (date: Date): Localized => ({ id: dateFormats.id.format(date), en: dateFormats.en.format(date) });
const numberIn = (value: number): Localized => ({ id: numberFormats.id.format(value), en: numberFormats.en.format(value) });

/**
 * Computes the explained compliance score of one venue from its evidence. Throws RangeError for an invalid date,
 * an unknown severity/result, or a rating item outside 1–5 (the write path validates these; this is a guard).
 */
export function computeComplianceScore(
  evidence: ComplianceEvidence,
  parameterOverrides: Partial<ComplianceScoreParameters> = {},
): ComplianceScore {
  const parameters: ComplianceScoreParameters = { ...DEFAULT_COMPLIANCE_SCORE_PARAMETERS, ...parameterOverrides };
  assertValidDate(evidence.now, 'now');
  const nowMs = evidence.now.getTime();
  const ageDaysOf = (at: Date, what: string): number => {
    assertValidDate(at, what);
    return (nowMs - at.getTime()) / MS_PER_DAY;
  };
  const counts = (ageDays: number): boolean => ageDays >= 0 && ageDays <= parameters.maxEvidenceAgeDays;

  const contributions: ComplianceReason[] = [];
  const information: ComplianceReason[] = [];

  // 1. Inspections: stable sort by time, so of two at the same instant the later-listed one is "latest".
  const inspections = evidence.inspections
    .map((inspection, index) => ({ inspection, index, ageDays: ageDaysOf(inspection.at, `inspections[${index}].at`) }))
    .filter(({ ageDays }) => counts(ageDays))
    .sort((a, b) => b.ageDays - a.ageDays || a.index - b.index);
  let inspectionComponent: {
    value: number;
    weight: number;
    latestValue: number;
    latestShare: number;
    earlierValue: number;
    earlierCount: number;
  } | null = null;
  const latestEntry = inspections.at(-1);
  if (latestEntry) {
    const valueOf = (inspection: InspectionEvidence): number => {
      if (!INSPECTION_OVERALL_RESULTS.includes(inspection.overallResult)) {
        throw new RangeError(`unknown inspection result ${String(inspection.overallResult)}`);
      }
      const ceiling = verdictCeiling(inspection.overallResult, parameters);
      const fraction = tallyChecklist(inspection.results).fractionMet;
      return fraction === null ? ceiling : Math.min(100 * fraction, ceiling);
    };
    const latestValue = valueOf(latestEntry.inspection);
    const earlier = inspections.slice(0, -1);
    let earlierValue = 0;
    let latestShare = 1;
    if (earlier.length > 0) {
      let weightSum = 0;
      let weightedSum = 0;
      for (const { inspection, ageDays } of earlier) {
        const weight = decay(ageDays, parameters.inspectionHalfLifeDays);
        weightSum += weight;
        weightedSum += weight * valueOf(inspection);
      }
      earlierValue = weightedSum / weightSum;
      latestShare = parameters.latestInspectionShare;
    }
    inspectionComponent = {
      value: latestShare * latestValue + (1 - latestShare) * earlierValue,
      weight: parameters.inspectionWeight * decay(latestEntry.ageDays, parameters.inspectionHalfLifeDays),
      latestValue,
      latestShare,
      earlierValue,
      earlierCount: earlier.length,
    };
  }

  // 2. Ratings.
  const ratingEntries = evidence.ratings
    .map((rating, index) => ({ rating, ageDays: ageDaysOf(rating.at, `ratings[${index}].at`), index }))
    .filter(({ ageDays }) => counts(ageDays));
  let effectiveCount = 0;
  let weightedRatingSum = 0;
  const weightedItemSums: Record<RatingItem, number> = { masks: 0, handwashing: 0, distancing: 0, temperature: 0, cleanliness: 0 };
  for (const { rating, ageDays, index } of ratingEntries) {
    const weight = decay(ageDays, parameters.ratingHalfLifeDays);
    let itemSum = 0;
    for (const item of RATING_ITEMS) {
      const score = rating.scores[item];
      if (typeof score !== 'number' || !(score >= 1 && score <= 5)) {
        throw new RangeError(`ratings[${index}].scores.${item} must be between 1 and 5`);
      }
      itemSum += score;
      weightedItemSums[item] += weight * score;
    }
    const mean = itemSum / RATING_ITEMS.length;
    effectiveCount += weight;
    weightedRatingSum += weight * 25 * (mean - 1);
  }
  const neutralPoints = 25 * (NEUTRAL_RATING - 1);
  const ratingsCount = ratingEntries.length > 0 && effectiveCount >= parameters.minEffectiveRatings;
  const ratingsComponent = ratingsCount
    ? {
        value:
          (parameters.ratingPriorStrength * neutralPoints + weightedRatingSum) /
          (parameters.ratingPriorStrength + effectiveCount),
        weight: (parameters.ratingsWeight * effectiveCount) / (effectiveCount + parameters.ratingPriorStrength),
      }
    : null;

  // 3. Violations.
  const violationsBySeverity = new Map<ViolationSeverity, { count: number; penalty: number; latest: Date }>();
  let violationPenalty = 0;
  evidence.violations.forEach((violation, index) => {
    const ageDays = ageDaysOf(violation.at, `violations[${index}].at`);
    if (!counts(ageDays)) return;
    const points = parameters.violationPoints[violation.severity];
    if (!VIOLATION_SEVERITIES.includes(violation.severity) || points === undefined) {
      throw new RangeError(`unknown violation severity ${String(violation.severity)}`);
    }
    const penalty = points * decay(ageDays, parameters.violationHalfLifeDays);
    violationPenalty += penalty;
    const group = violationsBySeverity.get(violation.severity);
    if (group) {
      group.count += 1;
      group.penalty += penalty;
      if (violation.at > group.latest) group.latest = violation.at;
    } else {
      violationsBySeverity.set(violation.severity, { count: 1, penalty, latest: violation.at });
    }
  });

  // 4. Combine and explain.
  const totalWeight = (inspectionComponent?.weight ?? 0) + (ratingsComponent?.weight ?? 0);
  let base: number | null = null;
  if (totalWeight > 0) {
    base =
      ((inspectionComponent?.weight ?? 0) * (inspectionComponent?.value ?? 0) +
        (ratingsComponent?.weight ?? 0) * (ratingsComponent?.value ?? 0)) /
      totalWeight;
  } else if (violationsBySeverity.size > 0) {
    base = neutralPoints;
    contributions.push(
      reason(
        'neutral_baseline',
        neutralPoints,
        { baseline: neutralPoints },
        'compliance.reasons.neutralBaseline',
        { baseline: neutralPoints },
      ),
    );
  }

  if (inspectionComponent && latestEntry) {
    const share = inspectionComponent.weight / totalWeight;
    const latest = latestEntry.inspection;
    const tally = tallyChecklist(latest.results);
    const applicable = tally.met.length + tally.notMet.length;
    const verdict = label(`compliance.verdicts.${latest.overallResult}`);
    const latestValue = Math.round(inspectionComponent.latestValue);
    const capped = tally.fractionMet !== null && 100 * tally.fractionMet > verdictCeiling(latest.overallResult, parameters);
    contributions.push(
      reason(
        'inspection_latest',
        share * inspectionComponent.latestShare * inspectionComponent.latestValue,
        { date: latest.at.toISOString(), met: tally.met.length, applicable, result: latest.overallResult, value: latestValue },
        'compliance.reasons.inspectionLatest',
        {
          date: dateIn(latest.at),
          met: tally.met.length,
          applicable,
          verdict,
          capped: capped ? { id: text('id', 'compliance.reasons.capped', { value: latestValue }), en: text('en', 'compliance.reasons.capped', { value: latestValue }) } : '',
          value: latestValue,
        },
      ),
    );
    if (tally.notMet.length > 0) {
      const items = tally.notMet.map((code) => prokesItemShortLabel(code));
      information.push(
        reason(
          'inspection_items_not_met',
          0,
          { items: tally.notMet.join(',') },
          'compliance.reasons.itemsNotMet',
          { items: { id: items.map((item) => item.id).join(', '), en: items.map((item) => item.en).join(', ') } },
        ),
      );
    }
    const earlierInspections = inspectionComponent.earlierCount;
    if (earlierInspections > 0) {
      const earlierValue = Math.round(inspectionComponent.earlierValue);
      contributions.push(
        reason(
          'inspection_earlier',
          share * (1 - inspectionComponent.latestShare) * inspectionComponent.earlierValue,
          { count: earlierInspections, value: earlierValue },
          'compliance.reasons.inspectionEarlier',
          { count: earlierInspections, value: earlierValue },
        ),
      );
    }
  }

  if (ratingsComponent) {
    const share = ratingsComponent.weight / totalWeight;
    const rawMean = 1 + weightedRatingSum / effectiveCount / 25;
    const value = Math.round(ratingsComponent.value);
    const params = { count: ratingEntries.length, effectiveCount: roundTo1(effectiveCount), mean: roundTo1(rawMean), value };
    contributions.push(
      reason(
        'ratings',
        share * ratingsComponent.value,
        params,
        'compliance.reasons.ratings',
        { count: ratingEntries.length, effective: numberIn(effectiveCount), mean: numberIn(rawMean), value },
      ),
    );
    for (const item of RATING_ITEMS) {
      const itemMean = weightedItemSums[item] / effectiveCount;
      if (itemMean < parameters.lowRatingItemThreshold) {
        information.push(
          reason(
            'ratings_item_low',
            0,
            { item, mean: roundTo1(itemMean) },
            'compliance.reasons.ratingItemLow',
            { item: label(`compliance.ratingItems.${item}`), mean: numberIn(itemMean) },
          ),
        );
      }
    }
  } else if (ratingEntries.length > 0) {
    information.push(
      reason(
        'ratings_insufficient',
        0,
        { count: ratingEntries.length, effectiveCount: roundTo1(effectiveCount), needed: parameters.minEffectiveRatings },
        'compliance.reasons.ratingsInsufficient',
        { count: ratingEntries.length, effective: numberIn(effectiveCount), needed: numberIn(parameters.minEffectiveRatings) },
      ),
    );
  }

  for (const severity of VIOLATION_SEVERITIES) {
    const group = violationsBySeverity.get(severity);
    if (!group) continue;
    contributions.push(
      reason(
        'violations',
        -group.penalty,
        { severity, count: group.count, latest: group.latest.toISOString(), penalty: roundTo1(group.penalty) },
        'compliance.reasons.violations',
        { count: group.count, severity: label(`compliance.severities.${severity}`), date: dateIn(group.latest), penalty: numberIn(group.penalty) },
      ),
    );
  }

  if (base === null) {
    return {
      score: null,
      badge: 'grey',
      reasons: [
        reason(
          'no_evidence',
          0,
          { maxEvidenceAgeDays: parameters.maxEvidenceAgeDays },
          'compliance.reasons.noEvidence',
          { days: parameters.maxEvidenceAgeDays },
        ),
        ...information,
      ],
      components: { inspection: null, ratings: null, violationPenalty: 0, base: null },
    };
  }

  const score = Math.round(clamp(base - violationPenalty, 0, 100));
  return {
    score,
    badge: badgeFor(score, parameters),
    reasons: [...contributions, ...information],
    components: {
      inspection: inspectionComponent
        ? { value: roundTo1(inspectionComponent.value), weight: inspectionComponent.weight, count: inspections.length }
        : null,
      ratings: ratingsComponent
        ? { value: roundTo1(ratingsComponent.value), weight: ratingsComponent.weight, effectiveCount, count: ratingEntries.length }
        : null,
      violationPenalty: roundTo1(violationPenalty),
      base: roundTo1(base),
    },
  };
}
