import type { Db } from '../../db/kysely.js';
import {
  computeComplianceScore,
  DEFAULT_COMPLIANCE_SCORE_PARAMETERS,
  INSPECTION_OVERALL_RESULTS,
  VIOLATION_SEVERITIES,
  type ComplianceScore,
  type InspectionOverallResult,
  type RatingEvidence,
  type ViolationSeverity,
} from './compliance-score.js';
import { newId } from '../../shared/ids.js';
import type { VenueRatingsSource } from './ratings-source.js';
import { answersOf } from './venues.presenter.js';
import { insertComplianceScore, listAssessmentsSince, listViolationsSince, updateVenue } from './venues.repository.js';
import { MS_PER_DAY } from './venues.shared.js';
import type { VenuesTable } from './venues.table.js';

/*
 * The evidence a venue's compliance score rests on (inspections, violations, visitor ratings), gathered for the pure
 * scoring in compliance-score.ts; and the snapshot that stores a score. Used by the compliance, inspections,
 * registry and public-page services.
 */

function isOverallResult(value: string | null): value is InspectionOverallResult {
  return value !== null && (INSPECTION_OVERALL_RESULTS as readonly string[]).includes(value);
}

function isSeverity(value: string): value is ViolationSeverity {
  return (VIOLATION_SEVERITIES as readonly string[]).includes(value);
}

export function createComplianceEvidence(deps: { ratings: VenueRatingsSource }) {
  const { ratings } = deps;
  const evidenceSince = (now: number) => now - DEFAULT_COMPLIANCE_SCORE_PARAMETERS.maxEvidenceAgeDays * MS_PER_DAY;

  /**
   * Visitor ratings come from another module's tables through the ratings seam, on its own connection: read them
   * before opening a transaction (on SQLite a second connection would wait for the transaction forever).
   */
  function ratingsEvidence(venue: VenuesTable, now: number): Promise<RatingEvidence[]> {
    return ratings.ratingsOf(venue.id, evidenceSince(now));
  }

  async function computeCompliance(database: Db, venue: VenuesTable, now: number, visitorRatings: readonly RatingEvidence[]): Promise<ComplianceScore> {
    const since = evidenceSince(now);
    const inspections = (await listAssessmentsSince(database, venue.id, 'inspection', since)).flatMap((a) =>
      isOverallResult(a.overall_result) ? [{ at: new Date(a.at), results: answersOf(a), overallResult: a.overall_result }] : [],
    );
    const violations = (await listViolationsSince(database, venue.id, since)).flatMap((v) =>
      isSeverity(v.severity) ? [{ at: new Date(v.occurred_at), severity: v.severity }] : [],
    );
    return computeComplianceScore({ inspections, ratings: visitorRatings, violations, now: new Date(now) });
  }

  /** The score as of now, with ratings read first (outside any transaction). */
  async function currentScore(db: Db, venue: VenuesTable, now: number): Promise<ComplianceScore> {
    return computeCompliance(db, venue, now, await ratingsEvidence(venue, now));
  }

  /** Recomputes, stores a history row and the venue's latest score, in the caller's transaction. */
  async function snapshotCompliance(trx: Db, venue: VenuesTable, trigger: string, now: number, visitorRatings: readonly RatingEvidence[]): Promise<ComplianceScore> {
    const score = await computeCompliance(trx, venue, now, visitorRatings);
    await insertComplianceScore(trx, {
      id: newId(now),
      venue_id: venue.id,
      computed_at: now,
      score: score.score,
      badge: score.badge,
      reasons: JSON.stringify(score.reasons),
      components: JSON.stringify(score.components),
      trigger,
    });
    await updateVenue(trx, venue.id, { compliance_score: score.score, compliance_badge: score.badge });
    return score;
  }

  return { ratingsEvidence, currentScore, snapshotCompliance };
}

export type ComplianceEvidence = ReturnType<typeof createComplianceEvidence>;
