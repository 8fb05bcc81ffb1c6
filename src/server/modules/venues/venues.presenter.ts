import { toIso } from '../../shared/clock.js';
import { sectorLabel, venueTypeLabel } from '../../shared/reference-labels.js';
import type { ComplianceScore } from './compliance-score.js';
import type { PartialChecklistResults } from './prokes-checklist.js';
import type {
  VenueAssessmentsTable,
  VenueComplianceScoresTable,
  VenuePostersTable,
  VenuesTable,
  VenueStatusEventsTable,
} from './venues.table.js';

/* Presenters choose the fields that leave the server. Contact details and manager names only in staff/owner views. */

export function openingHoursOf(venue: Pick<VenuesTable, 'opens_at' | 'closes_at'>) {
  return venue.opens_at !== null && venue.closes_at !== null ? { from: venue.opens_at, until: venue.closes_at } : null;
}

/** One line of a list: enough to recognise the venue and its state. */
export function presentVenueSummary(venue: VenuesTable & { region_name: string }, timeZone: string) {
  return {
    id: venue.id,
    venueNumber: venue.venue_number,
    name: venue.name,
    sector: venue.sector,
    sectorLabel: sectorLabel(venue.sector),
    type: venue.venue_type,
    typeLabel: venueTypeLabel(venue.venue_type),
    regionCode: venue.region_code,
    regionName: venue.region_name,
    address: venue.address,
    status: venue.status,
    capacity: venue.capacity,
    indoor: venue.indoor === 1,
    compliance: { score: venue.compliance_score, badge: venue.compliance_badge },
    createdAt: toIso(venue.created_at, timeZone),
  };
}

/** The public face of a venue (no login): no contact person, no managers, no internal history. */
export function presentPublicSummary(venue: VenuesTable & { region_name: string }) {
  return {
    id: venue.id,
    name: venue.name,
    sector: venue.sector,
    sectorLabel: sectorLabel(venue.sector),
    type: venue.venue_type,
    typeLabel: venueTypeLabel(venue.venue_type),
    regionCode: venue.region_code,
    regionName: venue.region_name,
    address: venue.address,
    compliance: { score: venue.compliance_score, badge: venue.compliance_badge },
  };
}

export function presentStatusEvent(e: VenueStatusEventsTable, timeZone: string) {
  return {
    id: e.id,
    action: e.action,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    reason: e.reason,
    details: e.details ? (JSON.parse(e.details) as Record<string, unknown>) : null,
    actorName: e.actor_name,
    at: toIso(e.at, timeZone),
  };
}

export function presentPoster(p: VenuePostersTable, timeZone: string) {
  return {
    posterNumber: p.poster_number,
    serial: p.serial,
    issuedAt: toIso(p.issued_at, timeZone),
    replacedAt: p.replaced_at === null ? null : toIso(p.replaced_at, timeZone),
    current: p.replaced_at === null,
  };
}

export function answersOf(a: Pick<VenueAssessmentsTable, 'answers'>): PartialChecklistResults {
  return JSON.parse(a.answers) as PartialChecklistResults;
}

export function presentAssessment(a: VenueAssessmentsTable, hasPhoto: boolean, timeZone: string) {
  const answers = answersOf(a);
  return {
    id: a.id,
    kind: a.kind,
    checklistVersion: a.checklist_version,
    answers: Object.entries(answers).map(([item, result]) => ({ item, answer: result?.answer ?? 'not_applicable', note: result?.note ?? null })),
    fractionMet: a.fraction_met,
    overallResult: a.overall_result,
    notes: a.notes,
    followUpDate: a.follow_up_date,
    authorName: a.author_name,
    hasPhoto,
    at: toIso(a.at, timeZone),
  };
}

export function presentScore(score: ComplianceScore, computedAt: number, timeZone: string) {
  return {
    score: score.score,
    badge: score.badge,
    reasons: score.reasons.map((r) => ({ code: r.code, id: r.id, en: r.en, weight: r.weight, params: r.params })),
    components: score.components,
    computedAt: toIso(computedAt, timeZone),
  };
}

export function presentScoreHistory(row: VenueComplianceScoresTable, timeZone: string) {
  return { score: row.score, badge: row.badge, trigger: row.trigger, computedAt: toIso(row.computed_at, timeZone) };
}
