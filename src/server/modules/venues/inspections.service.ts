import type { Db } from '../../db/kysely.js';
import { toIso, type Clock } from '../../shared/clock.js';
import { AppError, problems, type FieldError } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import { localDate } from '../../shared/local-time.js';
import type { ComplianceEvidence } from './compliance-evidence.js';
import type { InspectionOverallResult } from './compliance-score.js';
import { PHOTO_MAX_BYTES, sniffImageType } from './inspection-photo.js';
import { INSPECTION_TODO_THRESHOLDS, rankInspectionTodo } from './inspection-todo.js';
import { newId } from '../../shared/ids.js';
import { PROKES_CHECKLIST_VERSION, tallyChecklist, validateChecklistAnswers, type ChecklistAnswerInput, type ChecklistIssue } from './prokes-checklist.js';
import type { VenueRatingsSource } from './ratings-source.js';
import { requirePrincipal, type VenueAccessLayer } from './venues.access.js';
import { answersOf, presentScore, presentVenueSummary } from './venues.presenter.js';
import { listVenues } from './venues.read-model.js';
import { findAssessment, findPhoto, insertAssessment, latestAssessments, upsertPhoto } from './venues.repository.js';
import { MS_PER_DAY } from './venues.shared.js';

/** How far back an inspection may be recorded (paper forms typed in later). */
export const INSPECTED_AT_MAX_AGE_DAYS = 30;

export interface AssessmentInput {
  answers: ChecklistAnswerInput[];
  notes?: string | null;
}

export interface InspectionInput extends AssessmentInput {
  overallResult: InspectionOverallResult;
  followUpDate?: string | null;
  inspectedAt?: string;
}

function checklistFieldErrors(issues: ChecklistIssue[], answers: readonly ChecklistAnswerInput[]): FieldError[] {
  const indexOf = (item: string) => answers.findIndex((a) => a.item === item);
  const lastIndexOf = (item: string) => answers.map((a) => a.item).lastIndexOf(item);
  return issues.map((issue): FieldError => {
    switch (issue.kind) {
      case 'unknown_item':
        return { field: `answers[${indexOf(issue.item)}].item`, messageKey: 'validation.checklistUnknownItem', params: { item: issue.item } };
      case 'duplicate_item':
        return { field: `answers[${lastIndexOf(issue.item)}].item`, messageKey: 'validation.checklistDuplicateItem', params: { item: issue.item } };
      case 'missing_item':
        return { field: 'answers', messageKey: 'validation.checklistMissingItem', params: { item: issue.item } };
      case 'invalid_answer':
        return { field: `answers[${indexOf(issue.item)}].answer`, messageKey: 'validation.checklistInvalidAnswer' };
      case 'not_applicable_not_allowed':
        return { field: `answers[${indexOf(issue.item)}].answer`, messageKey: 'validation.checklistNotApplicable' };
      case 'note_too_long':
        return { field: `answers[${indexOf(issue.item)}].note`, messageKey: 'validation.maxLength', params: { limit: issue.maxLength } };
    }
  });
}

function validatedAnswers(answers: ChecklistAnswerInput[]) {
  const result = validateChecklistAnswers(answers);
  if (!result.ok) throw problems.validation(checklistFieldErrors(result.issues, answers));
  return result.results;
}

export interface InspectionsServiceDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  access: VenueAccessLayer;
  compliance: ComplianceEvidence;
  ratings: VenueRatingsSource;
}

/** Self-assessments by managers, inspections by officers (with a photo each), and the officers' to-do list. */
export function createInspectionsService(deps: InspectionsServiceDeps) {
  const { db, clock, timeZone, access, compliance, ratings } = deps;

  return {
    async selfAssess(ctx: RequestContext, venueId: string, input: AssessmentInput) {
      const a = await access.requireVenue(ctx, venueId, 'venues:read', { managers: true });
      if (!a.asManager) throw problems.forbidden();
      const results = validatedAnswers(input.answers);
      const now = clock.now();
      const id = newId(now);
      const tally = tallyChecklist(results);
      await db.transaction().execute(async (trx) => {
        await insertAssessment(trx, {
          id,
          venue_id: a.venue.id,
          kind: 'self_assessment',
          checklist_version: PROKES_CHECKLIST_VERSION,
          answers: JSON.stringify(results),
          fraction_met: tally.fractionMet,
          overall_result: null,
          notes: input.notes?.trim() || null,
          follow_up_date: null,
          author_user_id: a.principal.userId,
          author_name: a.principal.displayName,
          region_code: a.venue.region_code,
          at: now,
          created_at: now,
        });
        await recordAudit(trx, clock, ctx, { action: 'venue.self_assessment', entityType: 'venue', entityId: a.venue.id, regionCode: a.venue.region_code, details: { assessmentId: id, fractionMet: tally.fractionMet } });
      });
      return { id, fractionMet: tally.fractionMet, notMet: tally.notMet };
    },

    async inspect(ctx: RequestContext, venueId: string, input: InspectionInput) {
      requirePrincipal(ctx).require('venues:inspect');
      const a = await access.requireVenue(ctx, venueId, 'venues:inspect', { managers: false });
      const { principal } = a;
      const now = clock.now();
      const errors: FieldError[] = [];
      let at = now;
      if (input.inspectedAt !== undefined) {
        at = Date.parse(input.inspectedAt);
        if (!Number.isFinite(at) || at > now || at < now - INSPECTED_AT_MAX_AGE_DAYS * MS_PER_DAY) {
          errors.push({ field: 'inspectedAt', messageKey: 'validation.inspectedAtRange', params: { days: INSPECTED_AT_MAX_AGE_DAYS } });
        }
      }
      if (input.followUpDate && input.followUpDate < localDate(now, timeZone)) {
        errors.push({ field: 'followUpDate', messageKey: 'validation.followUpInPast' });
      }
      const checked = validateChecklistAnswers(input.answers);
      if (!checked.ok) errors.push(...checklistFieldErrors(checked.issues, input.answers));
      if (errors.length > 0 || !checked.ok) throw problems.validation(errors);
      const tally = tallyChecklist(checked.results);
      const id = newId(now);
      const visitorRatings = await compliance.ratingsEvidence(a.venue, now);
      const score = await db.transaction().execute(async (trx) => {
        await insertAssessment(trx, {
          id,
          venue_id: a.venue.id,
          kind: 'inspection',
          checklist_version: PROKES_CHECKLIST_VERSION,
          answers: JSON.stringify(checked.results),
          fraction_met: tally.fractionMet,
          overall_result: input.overallResult,
          notes: input.notes?.trim() || null,
          follow_up_date: input.followUpDate ?? null,
          author_user_id: principal.userId,
          author_name: principal.displayName,
          region_code: a.venue.region_code,
          at,
          created_at: now,
        });
        await recordAudit(trx, clock, ctx, {
          action: 'venue.inspection',
          entityType: 'venue',
          entityId: a.venue.id,
          regionCode: a.venue.region_code,
          details: { assessmentId: id, overallResult: input.overallResult, fractionMet: tally.fractionMet },
        });
        return compliance.snapshotCompliance(trx, a.venue, 'inspection', now, visitorRatings);
      });
      return { id, fractionMet: tally.fractionMet, notMet: tally.notMet, compliance: presentScore(score, now, timeZone) };
    },

    async setInspectionPhoto(ctx: RequestContext, venueId: string, assessmentId: string, contentType: string, bytes: Buffer) {
      const a = await access.requireVenue(ctx, venueId, 'venues:inspect', { managers: false });
      const assessment = await findAssessment(db, a.venue.id, assessmentId);
      if (!assessment || assessment.kind !== 'inspection') throw problems.notFound('assessmentNotFound.detail');
      if (bytes.length > PHOTO_MAX_BYTES) throw new AppError(413, 'photo-too-large', 'tooLarge.title', 'photoTooLarge.detail', { limit: PHOTO_MAX_BYTES });
      const sniffed = sniffImageType(bytes);
      if (!sniffed || sniffed !== contentType) throw new AppError(415, 'unsupported-media-type', 'unsupportedMediaType.title', 'photoType.detail');
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await upsertPhoto(trx, { assessment_id: assessment.id, content_type: sniffed, size: bytes.length, data: bytes, uploaded_by: a.principal.userId, uploaded_at: now });
        await recordAudit(trx, clock, ctx, { action: 'venue.inspection_photo', entityType: 'venue', entityId: a.venue.id, regionCode: a.venue.region_code, details: { assessmentId, size: bytes.length, contentType: sniffed } });
      });
    },

    async inspectionPhoto(ctx: RequestContext, venueId: string, assessmentId: string) {
      const a = await access.requireVenue(ctx, venueId, 'venues:read', { managers: true });
      const assessment = await findAssessment(db, a.venue.id, assessmentId);
      if (!assessment || assessment.kind !== 'inspection') throw problems.notFound('assessmentNotFound.detail');
      const photo = await findPhoto(db, assessment.id);
      if (!photo) throw problems.notFound('photoNotFound.detail');
      return { contentType: photo.content_type, bytes: Buffer.from(photo.data) };
    },

    /** Verified venues in the caller's region that need a visit, most urgent first, each with its reasons. */
    async inspectionTodo(ctx: RequestContext, region?: string) {
      const principal = requirePrincipal(ctx);
      principal.require('venues:inspect');
      const scopes = await access.listScopes(principal, 'venues:inspect', region);
      const now = clock.now();
      const today = localDate(now, timeZone);
      const venues = await listVenues(db, { scopes, statuses: ['verified'], order: 'name', limit: 2000 });
      const ids = venues.map((v) => v.id);
      const t = INSPECTION_TODO_THRESHOLDS;
      const [lastInspections, lastSelf, poor] = await Promise.all([
        latestAssessments(db, ids, 'inspection'),
        latestAssessments(db, ids, 'self_assessment'),
        ratings.poorlyRated(ids, now - t.ratingsWindowDays * MS_PER_DAY, { threshold: t.poorRatingThreshold, minCount: t.poorRatingMinCount }),
      ]);
      const byVenue = <T extends { venue_id: string }>(rows: T[]) => new Map(rows.map((r) => [r.venue_id, r]));
      const inspectionOf = byVenue(lastInspections);
      const selfOf = byVenue(lastSelf);
      const poorOf = new Map(poor.map((p) => [p.venueId, p]));
      const ranked = rankInspectionTodo(
        venues,
        (v) => {
          const self = selfOf.get(v.id);
          return {
            lastInspection: inspectionOf.get(v.id),
            lastSelfAssessment: self ? { fraction_met: self.fraction_met, answers: answersOf(self) } : undefined,
            poorRatings: poorOf.get(v.id),
          };
        },
        now,
        today,
      );
      return ranked.map(({ venue, priority, reasons }) => {
        const last = inspectionOf.get(venue.id);
        return {
          venue: presentVenueSummary(venue, timeZone),
          priority,
          reasons,
          lastInspection: last ? { id: last.id, at: toIso(last.at, timeZone), overallResult: last.overall_result, followUpDate: last.follow_up_date } : null,
        };
      });
    },
  };
}
