import type { Db } from '../../db/kysely.js';
import { toIso, type Clock } from '../../shared/clock.js';
import { normalizePhone } from '../../shared/phone.js';
import { AppError, problems, type FieldError } from '../../shared/errors.js';
import { orderedId as newId } from './ordered-id.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { Principal } from '../accounts/principal.js';
import { findUserById, listAssignments } from '../accounts/accounts.repository.js';
import { recordAudit } from '../audit/audit.service.js';
import { parseTimeOfDay, type TimeWindow } from '../policies/daily-window.js';
import { localDate } from '../policies/local-time.js';
import type { RulesInForce } from '../policies/resolve-rules.js';
import { isSectorCode, isVenueTypeCode, venueTypeBelongsToSector, type SectorCode, type VenueTypeCode } from '../policies/sectors.js';
import { findRegionSummaries } from '../regions/regions.repository.js';
import type { RegionsService } from '../regions/regions.service.js';
import { isVillage } from '../regions/regions.types.js';
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
import { renderPosterPdf, renderPosterPng, type PosterInput } from './poster.js';
import { checkInUrlFor, issuePosterToken, posterTokenFor } from './poster-token.js';
import { PROKES_CHECKLIST_VERSION, tallyChecklist, validateChecklistAnswers, type ChecklistAnswerInput, type ChecklistIssue } from './prokes-checklist.js';
import { noRatingsYet, type VenueRatingsSource } from './ratings-source.js';
import { createVenueLocator } from './venue-locator.js';
import {
  answersOf,
  openingHoursOf,
  presentAssessment,
  presentPoster,
  presentPublicSummary,
  presentScore,
  presentScoreHistory,
  presentStatusEvent,
  presentVenueSummary,
  sectorLabel,
} from './venues.presenter.js';
import { OPERATIONAL_FIELDS, staffCan } from './venues.policy.js';
import {
  assessmentIdsWithPhotos,
  currentPoster,
  findAssessment,
  findManagerProfile,
  findPhoto,
  findVenue,
  insertAssessment,
  insertComplianceScore,
  insertManager,
  insertPoster,
  insertStatusEvent,
  insertVenue,
  insertViolation,
  isManager,
  latestAssessments,
  listAssessments,
  listAssessmentsSince,
  listComplianceScores,
  listManagers,
  listPosters,
  listStatusEvents,
  listVenues,
  listVenuesOfManager,
  listViolationsSince,
  markPostersReplaced,
  maxPosterSerial,
  nextVenueNumber,
  updateVenue,
  upsertPhoto,
  type VenueListRow,
} from './venues.repository.js';
import type { VenueAssessmentsTable, VenueStatus, VenuesTable } from './venues.table.js';

const MS_PER_DAY = 86_400_000;
export const POSTER_NUMBER_PREFIX = 'DPS';
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** How far back an inspection may be recorded (paper forms typed in later). */
export const INSPECTED_AT_MAX_AGE_DAYS = 30;
/** Inspection to-do list: ratings window and what counts as poor (1–5 scale). */
const TODO_RATINGS_WINDOW_DAYS = 30;
const TODO_POOR_RATING_THRESHOLD = 2.5;
const TODO_POOR_RATING_MIN_COUNT = 3;
const TODO_STALE_INSPECTION_DAYS = 180;

/** What the rules module answers for a venue; policies.inForce(...) from createServices. */
export interface VenueRulesQuery {
  regionCode: string;
  sector: SectorCode;
  venueType?: VenueTypeCode | null;
  at: number;
  venueHours?: TimeWindow | null;
}
export type VenueRulesLookup = (query: VenueRulesQuery) => Promise<RulesInForce>;

export interface VenuesServiceDeps {
  db: Db;
  clock: Clock;
  regions: RegionsService;
  timeZone: string;
  publicUrl: string;
  /** The instance key; poster tokens use their own HKDF-derived key from it. */
  secretKey: Buffer;
  ratings?: VenueRatingsSource;
  rules?: VenueRulesLookup;
}

export interface VenueFields {
  name: string;
  sector: string;
  type: string;
  regionCode: string;
  banjarCode?: string | null;
  desaAdatCode?: string | null;
  address: string;
  lat: number;
  lon: number;
  positionConfirmed?: boolean;
  capacity: number;
  openingHours?: { from: string; until: string } | null;
  indoor: boolean;
  contactName?: string | null;
  contactPhone?: string | null;
}

/** The columns that describe a venue, from its fields: the same on registration and on correction. */
function describingColumns(f: VenueFields) {
  return {
    name: f.name.trim(),
    sector: f.sector,
    venue_type: f.type,
    region_code: f.regionCode,
    banjar_code: f.banjarCode ?? null,
    desa_adat_code: f.desaAdatCode ?? null,
    address: f.address.trim(),
    lat: f.lat,
    lon: f.lon,
    capacity: f.capacity,
    opens_at: f.openingHours?.from ?? null,
    closes_at: f.openingHours?.until ?? null,
    indoor: f.indoor ? 1 : 0,
  };
}

export interface RegisterVenueInput extends VenueFields {
  managerUserId?: string;
}

export type VenueCorrection = Partial<VenueFields> & { reason?: string };

export interface AssessmentInput {
  answers: ChecklistAnswerInput[];
  notes?: string | null;
}

export interface InspectionInput extends AssessmentInput {
  overallResult: InspectionOverallResult;
  followUpDate?: string | null;
  inspectedAt?: string;
}

type Access = { venue: VenuesTable; asManager: boolean; principal: Principal };

function requirePrincipal(ctx: RequestContext): Principal {
  if (!ctx.principal) throw problems.unauthenticated();
  return ctx.principal;
}

function wrongStatus(status: string): AppError {
  return problems.conflict('venue-wrong-status', 'venueWrongStatus.detail', { status });
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e.code === '23505' || (typeof e.message === 'string' && e.message.includes('UNIQUE constraint failed'));
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

function isOverallResult(value: string | null): value is InspectionOverallResult {
  return value !== null && (INSPECTION_OVERALL_RESULTS as readonly string[]).includes(value);
}

function isSeverity(value: string): value is ViolationSeverity {
  return (VIOLATION_SEVERITIES as readonly string[]).includes(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The fields of a stored venue in the shape of the API input (to merge corrections and to diff them). */
function fieldsOf(v: VenuesTable): Required<VenueFields> {
  return {
    name: v.name,
    sector: v.sector,
    type: v.venue_type,
    regionCode: v.region_code,
    banjarCode: v.banjar_code,
    desaAdatCode: v.desa_adat_code,
    address: v.address,
    lat: v.lat,
    lon: v.lon,
    positionConfirmed: v.position_confirmed === 1,
    capacity: v.capacity,
    openingHours: openingHoursOf(v),
    indoor: v.indoor === 1,
    contactName: v.contact_name,
    contactPhone: v.contact_phone,
  };
}

export function createVenuesService(deps: VenuesServiceDeps) {
  const { db, clock, regions, timeZone, publicUrl, secretKey } = deps;
  const ratings = deps.ratings ?? noRatingsYet;
  const locator = createVenueLocator(db);

  // ---- access ---------------------------------------------------------------------------------------------

  /**
   * Loads a venue for a caller who must be one of its managers (when allowManager) or hold `permission` in its
   * region. Outsiders get 404; staff with the permission elsewhere get 403.
   */
  async function access(ctx: RequestContext, venueId: string, permission: 'venues:read' | 'venues:verify' | 'venues:inspect', allowManager: boolean): Promise<Access> {
    const principal = requirePrincipal(ctx);
    const venue = await findVenue(db, venueId);
    if (!venue) throw problems.notFound('venueNotFound.detail');
    if (allowManager && (await isManager(db, venue.id, principal.userId))) return { venue, asManager: true, principal };
    if (principal.can(permission)) {
      if (staffCan(principal, permission, venue)) return { venue, asManager: false, principal };
      throw problems.outOfScope(venue.region_code);
    }
    throw problems.notFound('venueNotFound.detail');
  }

  // ---- validation -----------------------------------------------------------------------------------------

  interface CheckedFields {
    pointRegionCode: string | null;
    positionConfirmed: boolean;
    contactPhone: string | null;
  }

  /** Every domain check of a venue's fields at once, so a form can mark all offending fields. */
  async function checkFields(f: VenueFields, checkPosition: boolean): Promise<CheckedFields> {
    const errors: FieldError[] = [];
    if (!isSectorCode(f.sector)) errors.push({ field: 'sector', messageKey: 'validation.unknownSector' });
    if (!isVenueTypeCode(f.type)) errors.push({ field: 'type', messageKey: 'validation.unknownVenueType' });
    else if (isSectorCode(f.sector) && !venueTypeBelongsToSector(f.type, f.sector)) {
      errors.push({ field: 'type', messageKey: 'validation.venueTypeNotInSector', params: { sector: f.sector } });
    }

    let regionOk = false;
    const region = (await findRegionSummaries(db, [f.regionCode]))[0];
    if (!region) errors.push({ field: 'regionCode', messageKey: 'validation.unknownRegion' });
    else if (!isVillage(region.type)) errors.push({ field: 'regionCode', messageKey: 'validation.notVillage' });
    else regionOk = true;

    if (f.banjarCode) {
      const banjar = (await findRegionSummaries(db, [f.banjarCode]))[0];
      if (!banjar) errors.push({ field: 'banjarCode', messageKey: 'validation.unknownRegion' });
      else if (banjar.type !== 'banjar' || banjar.parent_code !== f.regionCode) errors.push({ field: 'banjarCode', messageKey: 'validation.notBanjarOfVillage' });
    }
    if (f.desaAdatCode) {
      const adat = (await findRegionSummaries(db, [f.desaAdatCode]))[0];
      if (!adat) errors.push({ field: 'desaAdatCode', messageKey: 'validation.unknownRegion' });
      else if (adat.type !== 'desa_adat') errors.push({ field: 'desaAdatCode', messageKey: 'validation.notDesaAdat' });
    }

    if (f.openingHours) {
      if (parseTimeOfDay(f.openingHours.from) === null) errors.push({ field: 'openingHours.from', messageKey: 'validation.timeOfDay' });
      if (parseTimeOfDay(f.openingHours.until) === null) errors.push({ field: 'openingHours.until', messageKey: 'validation.timeOfDay' });
    }

    let contactPhone: string | null = null;
    if (f.contactPhone !== undefined && f.contactPhone !== null && f.contactPhone.trim() !== '') {
      contactPhone = normalizePhone(f.contactPhone);
      if (contactPhone === null) errors.push({ field: 'contactPhone', messageKey: 'validation.phone' });
    }

    // Position: outside every desa polygon is always an error; outside the chosen one only unless confirmed.
    let pointRegionCode: string | null = null;
    let positionConfirmed = false;
    if (checkPosition) {
      const villages = await locator.villagesAt(f.lat, f.lon);
      if (villages.length === 0) {
        errors.push({ field: 'lat', messageKey: 'validation.outsideCity' }, { field: 'lon', messageKey: 'validation.outsideCity' });
      } else {
        const inChosen = villages.find((v) => v.code === f.regionCode);
        pointRegionCode = (inChosen ?? villages[0])?.code ?? null;
        if (regionOk && !inChosen && (await locator.hasBoundary(f.regionCode))) {
          if (f.positionConfirmed === true) positionConfirmed = true;
          else errors.push({ field: 'positionConfirmed', messageKey: 'validation.positionMismatch', params: { pointRegionName: villages[0]?.name ?? '' } });
        }
      }
    }

    if (errors.length > 0) throw problems.validation(errors);
    return { pointRegionCode, positionConfirmed, contactPhone };
  }

  // ---- posters --------------------------------------------------------------------------------------------

  /** Replaces the current poster (if any) with a new one; returns it. Runs inside the caller's transaction. */
  async function issuePoster(trx: Db, venue: VenuesTable, ctx: RequestContext, now: number) {
    const serial = (await maxPosterSerial(trx, venue.id)) + 1;
    const { posterId } = issuePosterToken(secretKey);
    const posterNumber = `${POSTER_NUMBER_PREFIX}-${String(venue.venue_number).padStart(6, '0')}-${serial}`;
    await markPostersReplaced(trx, venue.id, now);
    const row = { poster_id: posterId, venue_id: venue.id, serial, poster_number: posterNumber, issued_at: now, issued_by: ctx.principal?.userId ?? null, replaced_at: null };
    await insertPoster(trx, row);
    await recordAudit(trx, clock, ctx, { action: 'venue.poster_issue', entityType: 'venue', entityId: venue.id, regionCode: venue.region_code, details: { posterNumber, serial } });
    return row;
  }

  async function posterInput(venue: VenuesTable): Promise<PosterInput> {
    if (venue.status !== 'verified') throw wrongStatus(venue.status);
    const poster = await currentPoster(db, venue.id);
    if (!poster) throw wrongStatus(venue.status); // unreachable: approval issues the first poster
    const region = await regions.requireRegion(venue.region_code);
    const kecamatan = region.parent_code ? (await findRegionSummaries(db, [region.parent_code]))[0] : undefined;
    const sector = sectorLabel(venue.sector);
    return {
      venueName: venue.name,
      address: venue.address,
      desaName: `${region.type === 'kelurahan' ? 'Kelurahan' : 'Desa'} ${region.name}`,
      ...(kecamatan ? { kecamatanName: kecamatan.name } : {}),
      sectorLabelId: sector.id,
      sectorLabelEn: sector.en,
      posterNumber: poster.poster_number,
      checkInUrl: checkInUrlFor(publicUrl, posterTokenFor(secretKey, poster.poster_id)),
      issuedAt: new Date(poster.issued_at),
    };
  }

  // ---- compliance -----------------------------------------------------------------------------------------

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

  async function rulesFor(venue: VenuesTable, now: number): Promise<RulesInForce | null> {
    if (!deps.rules || !isSectorCode(venue.sector)) return null;
    return deps.rules({
      regionCode: venue.region_code,
      sector: venue.sector,
      venueType: isVenueTypeCode(venue.venue_type) ? venue.venue_type : null,
      at: now,
      venueHours: openingHoursOf(venue),
    });
  }

  // ---- detail ---------------------------------------------------------------------------------------------

  async function detail(a: Access) {
    const { venue, principal, asManager } = a;
    const now = clock.now();
    const [regionRows, events, posters, inspections, selfAssessments, managers, score] = await Promise.all([
      findRegionSummaries(db, [venue.region_code, venue.banjar_code, venue.desa_adat_code, venue.point_region_code].filter((c): c is string => c !== null)),
      listStatusEvents(db, venue.id),
      listPosters(db, venue.id),
      listAssessments(db, venue.id, 'inspection', 20),
      listAssessments(db, venue.id, 'self_assessment', 1),
      listManagers(db, venue.id),
      ratingsEvidence(venue, now).then((r) => computeCompliance(db, venue, now, r)),
    ]);
    const withPhotos = await assessmentIdsWithPhotos(db, inspections.map((i) => i.id));
    const nameOf = (code: string | null) => (code ? (regionRows.find((r) => r.code === code)?.name ?? null) : null);
    const selfAssessment = selfAssessments[0];
    return {
      ...presentVenueSummary({ ...venue, region_name: nameOf(venue.region_code) ?? venue.region_code }, timeZone),
      banjarCode: venue.banjar_code,
      banjarName: nameOf(venue.banjar_code),
      desaAdatCode: venue.desa_adat_code,
      desaAdatName: nameOf(venue.desa_adat_code),
      lat: venue.lat,
      lon: venue.lon,
      positionConfirmed: venue.position_confirmed === 1,
      pointRegionCode: venue.point_region_code,
      pointRegionName: nameOf(venue.point_region_code),
      openingHours: openingHoursOf(venue),
      contactName: venue.contact_name,
      contactPhone: venue.contact_phone,
      statusReason: venue.status_reason,
      verifiedAt: venue.verified_at === null ? null : toIso(venue.verified_at, timeZone),
      managers: managers.map((m) => ({ userId: m.user_id, displayName: m.display_name })),
      history: events.map((e) => presentStatusEvent(e, timeZone)),
      posters: posters.map((p) => presentPoster(p, timeZone)),
      selfAssessment: selfAssessment ? presentAssessment(selfAssessment, false, timeZone) : null,
      inspections: inspections.map((i) => presentAssessment(i, withPhotos.has(i.id), timeZone)),
      complianceDetail: presentScore(score, now, timeZone),
      permissions: {
        manage: asManager,
        correct: asManager || staffCan(principal, 'venues:verify', venue),
        verify: staffCan(principal, 'venues:verify', venue),
        inspect: staffCan(principal, 'venues:inspect', venue),
        selfAssess: asManager,
        poster: asManager || staffCan(principal, 'venues:verify', venue),
      },
    };
  }

  function requireStatus(venue: VenuesTable, allowed: readonly VenueStatus[]): void {
    if (!(allowed as readonly string[]).includes(venue.status)) throw wrongStatus(venue.status);
  }

  async function changeStatus(
    ctx: RequestContext,
    venue: VenuesTable,
    change: { to: VenueStatus; action: string; reason: string | null; auditAction: string },
    extra?: (trx: Db, now: number) => Promise<void>,
  ): Promise<void> {
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await updateVenue(trx, venue.id, {
        status: change.to,
        status_reason: change.reason,
        updated_at: now,
        ...(change.to === 'verified' && venue.verified_at === null ? { verified_at: now } : {}),
      });
      await insertStatusEvent(trx, {
        id: newId(now),
        venue_id: venue.id,
        action: change.action,
        from_status: venue.status,
        to_status: change.to,
        reason: change.reason,
        details: null,
        actor_user_id: ctx.principal?.userId ?? null,
        actor_name: ctx.principal?.displayName ?? null,
        at: now,
      });
      if (extra) await extra(trx, now);
      await recordAudit(trx, clock, ctx, {
        action: change.auditAction,
        entityType: 'venue',
        entityId: venue.id,
        regionCode: venue.region_code,
        details: { from: venue.status, to: change.to, reason: change.reason },
      });
    });
  }

  function requireReason(reason: string | null | undefined, field = 'reason'): string {
    const trimmed = reason?.trim() ?? '';
    if (trimmed === '') throw problems.validation([{ field, messageKey: 'validation.reasonRequired' }]);
    return trimmed;
  }

  /** Scopes of a permission for list filters: undefined when one of them is a root (the whole city). */
  async function listScopes(principal: Principal, permission: 'venues:read' | 'venues:verify' | 'venues:inspect', regionCode?: string): Promise<string[] | undefined> {
    const scopes = principal.scopesFor(permission);
    if (regionCode !== undefined) {
      await regions.requireRegion(regionCode);
      if (!scopes.some((s) => regionCode === s || regionCode.startsWith(`${s}.`))) throw problems.outOfScope(regionCode);
      return [regionCode];
    }
    const roots = await regions.rootCodes();
    return scopes.some((s) => roots.includes(s)) ? undefined : scopes;
  }

  function validatedAnswers(answers: ChecklistAnswerInput[]) {
    const result = validateChecklistAnswers(answers);
    if (!result.ok) throw problems.validation(checklistFieldErrors(result.issues, answers));
    return result.results;
  }

  return {
    locator,

    // ---- registration and corrections ----------------------------------------------------------------------

    async register(ctx: RequestContext, input: RegisterVenueInput): Promise<{ id: string; status: 'pending' }> {
      const principal = requirePrincipal(ctx);
      principal.require('venues:register');
      // A manager registers for themselves anywhere in the city; an administrator only within their scope, and may
      // name the manager account the venue belongs to.
      const asAdmin = principal.assignments.some((a) => a.role === 'admin');
      const isVenueManager = principal.assignments.some((a) => a.role === 'venue_manager');
      if (asAdmin && !isVenueManager) principal.require('venues:register', input.regionCode);
      if (input.managerUserId !== undefined && !asAdmin) throw problems.forbidden();
      const checked = await checkFields(input, true);

      let managerId: string | null = isVenueManager ? principal.userId : null;
      if (input.managerUserId !== undefined) {
        const user = await findUserById(db, input.managerUserId);
        const roles = user ? await listAssignments(db, [user.id]) : [];
        if (!user || !roles.some((r) => r.role === 'venue_manager')) {
          throw problems.validation([{ field: 'managerUserId', messageKey: 'validation.managerNotFound' }]);
        }
        managerId = user.id;
      }
      // The contact person defaults to the manager's own name and phone.
      let contactName = input.contactName?.trim() || null;
      let contactPhone = checked.contactPhone;
      if (managerId && (contactName === null || contactPhone === null)) {
        const [manager, profile] = await Promise.all([findUserById(db, managerId), findManagerProfile(db, managerId)]);
        contactName ??= manager?.display_name ?? null;
        contactPhone ??= profile?.phone ?? null;
      }

      const now = clock.now();
      const id = newId(now);
      for (let attempt = 1; ; attempt++) {
        try {
          await db.transaction().execute(async (trx) => {
            const venueNumber = await nextVenueNumber(trx);
            await insertVenue(trx, {
              id,
              venue_number: venueNumber,
              ...describingColumns(input),
              position_confirmed: checked.positionConfirmed ? 1 : 0,
              point_region_code: checked.pointRegionCode,
              contact_name: contactName,
              contact_phone: contactPhone,
              status: 'pending',
              status_reason: null,
              compliance_score: null,
              compliance_badge: 'grey',
              created_by: principal.userId,
              created_at: now,
              updated_at: now,
              verified_at: null,
            });
            if (managerId) await insertManager(trx, { venue_id: id, user_id: managerId, created_at: now, created_by: principal.userId });
            await insertStatusEvent(trx, {
              id: newId(now),
              venue_id: id,
              action: 'registered',
              from_status: null,
              to_status: 'pending',
              reason: null,
              details: null,
              actor_user_id: principal.userId,
              actor_name: principal.displayName,
              at: now,
            });
            await recordAudit(trx, clock, ctx, {
              action: 'venue.register',
              entityType: 'venue',
              entityId: id,
              regionCode: input.regionCode,
              details: { name: input.name, sector: input.sector, type: input.type, venueNumber, managerUserId: managerId },
            });
          });
          break;
        } catch (err) {
          // Two registrations at once may draw the same venue number (PostgreSQL); the loser tries again.
          if (attempt < 5 && isUniqueViolation(err)) continue;
          throw err;
        }
      }
      return { id, status: 'pending' };
    },

    async correct(ctx: RequestContext, venueId: string, patch: VenueCorrection) {
      const a = await access(ctx, venueId, 'venues:verify', true);
      const { venue, asManager, principal } = a;
      const { reason, ...fields } = patch;
      const before = fieldsOf(venue);
      const changed = (Object.keys(fields) as (keyof VenueFields)[]).filter((k) => fields[k] !== undefined && !sameValue(fields[k], before[k]));
      if (changed.length === 0) return detail(a);
      if (asManager && venue.status !== 'pending' && venue.status !== 'rejected') {
        const locked = changed.filter((k) => !(OPERATIONAL_FIELDS as readonly string[]).includes(k));
        if (locked.length > 0) throw problems.conflict('venue-edit-locked', 'venueEditLocked.detail', { fields: locked.join(', ') });
      }
      const merged: VenueFields = { ...before, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
      if (!asManager && merged.regionCode !== venue.region_code) {
        if (!principal.canIn('venues:verify', merged.regionCode) && (await findRegionSummaries(db, [merged.regionCode])).length > 0) {
          throw problems.outOfScope(merged.regionCode);
        }
      }
      const positionChanged = changed.some((k) => k === 'lat' || k === 'lon' || k === 'regionCode' || k === 'positionConfirmed');
      const checked = await checkFields(merged, positionChanged);
      const now = clock.now();
      const resubmit = asManager && venue.status === 'rejected';
      const changes = Object.fromEntries(changed.map((k) => [k, { from: before[k], to: k === 'contactPhone' ? checked.contactPhone : merged[k] }]));
      await db.transaction().execute(async (trx) => {
        await updateVenue(trx, venue.id, {
          ...describingColumns(merged),
          ...(positionChanged ? { position_confirmed: checked.positionConfirmed ? 1 : 0, point_region_code: checked.pointRegionCode } : {}),
          contact_name: merged.contactName?.trim() || null,
          contact_phone: changed.includes('contactPhone') ? checked.contactPhone : venue.contact_phone,
          updated_at: now,
          ...(resubmit ? { status: 'pending', status_reason: null } : {}),
        });
        await insertStatusEvent(trx, {
          id: newId(now),
          venue_id: venue.id,
          action: resubmit ? 'resubmitted' : 'corrected',
          from_status: venue.status,
          to_status: resubmit ? 'pending' : venue.status,
          reason: reason?.trim() || null,
          details: JSON.stringify({ changes }),
          actor_user_id: principal.userId,
          actor_name: principal.displayName,
          at: now,
        });
        await recordAudit(trx, clock, ctx, {
          action: 'venue.correct',
          entityType: 'venue',
          entityId: venue.id,
          regionCode: merged.regionCode,
          details: { changes, resubmitted: resubmit, byManager: asManager },
        });
      });
      return detail({ ...a, venue: (await findVenue(db, venue.id)) ?? venue });
    },

    // ---- reading -----------------------------------------------------------------------------------------

    async get(ctx: RequestContext, venueId: string) {
      const a = await access(ctx, venueId, 'venues:read', true);
      if (!a.asManager) {
        // Staff see the contact person: personal data, so the read is audited.
        await recordAudit(db, clock, ctx, { action: 'venue.read', entityType: 'venue', entityId: a.venue.id, regionCode: a.venue.region_code });
      }
      return detail(a);
    },

    async mine(ctx: RequestContext) {
      const principal = requirePrincipal(ctx);
      return (await listVenuesOfManager(db, principal.userId)).map((v) => presentVenueSummary(v, timeZone));
    },

    async list(ctx: RequestContext, filter: { region?: string; status?: VenueStatus; sector?: string; q?: string; cursor?: string; limit: number }) {
      const principal = requirePrincipal(ctx);
      principal.require('venues:read');
      const scopes = await listScopes(principal, 'venues:read', filter.region);
      return pageOf(
        await listVenues(db, {
          scopes,
          statuses: filter.status ? [filter.status] : undefined,
          sector: filter.sector,
          q: filter.q,
          after: decodeCursor(filter.cursor),
          order: 'name',
          limit: filter.limit + 1,
        }),
        filter.limit,
        (v) => presentVenueSummary(v, timeZone),
      );
    },

    /** Pending venues awaiting verification in the caller's scope, oldest first. */
    async verificationQueue(ctx: RequestContext, region?: string) {
      const principal = requirePrincipal(ctx);
      principal.require('venues:verify');
      const scopes = await listScopes(principal, 'venues:verify', region);
      const rows = await listVenues(db, { scopes, statuses: ['pending'], order: 'created', limit: 500 });
      return rows.map((v) => presentVenueSummary(v, timeZone));
    },

    // ---- verification and status ---------------------------------------------------------------------------

    async decide(ctx: RequestContext, venueId: string, input: { decision: 'approve' | 'reject'; reason?: string | null }) {
      const a = await access(ctx, venueId, 'venues:verify', false);
      requireStatus(a.venue, ['pending']);
      if (input.decision === 'reject') {
        const reason = requireReason(input.reason);
        await changeStatus(ctx, a.venue, { to: 'rejected', action: 'rejected', reason, auditAction: 'venue.reject' });
      } else {
        const reason = input.reason?.trim() || null;
        await changeStatus(ctx, a.venue, { to: 'verified', action: 'approved', reason, auditAction: 'venue.verify' }, async (trx, now) => {
          if (!(await currentPoster(trx, a.venue.id))) await issuePoster(trx, { ...a.venue, status: 'verified' }, ctx, now);
        });
      }
      return detail({ ...a, venue: (await findVenue(db, a.venue.id)) ?? a.venue });
    },

    async suspend(ctx: RequestContext, venueId: string, reasonInput: string) {
      const a = await access(ctx, venueId, 'venues:verify', false);
      requireStatus(a.venue, ['verified']);
      await changeStatus(ctx, a.venue, { to: 'suspended', action: 'suspended', reason: requireReason(reasonInput), auditAction: 'venue.suspend' });
      return detail({ ...a, venue: (await findVenue(db, a.venue.id)) ?? a.venue });
    },

    async reactivate(ctx: RequestContext, venueId: string, reasonInput: string) {
      const a = await access(ctx, venueId, 'venues:verify', false);
      requireStatus(a.venue, ['suspended']);
      await changeStatus(ctx, a.venue, { to: 'verified', action: 'reactivated', reason: requireReason(reasonInput), auditAction: 'venue.reactivate' });
      return detail({ ...a, venue: (await findVenue(db, a.venue.id)) ?? a.venue });
    },

    // ---- posters -------------------------------------------------------------------------------------------

    async posterPdf(ctx: RequestContext, venueId: string) {
      const { venue } = await access(ctx, venueId, 'venues:read', true);
      const input = await posterInput(venue);
      return { bytes: await renderPosterPdf(input), posterNumber: input.posterNumber };
    },

    async posterPng(ctx: RequestContext, venueId: string) {
      const { venue } = await access(ctx, venueId, 'venues:read', true);
      const input = await posterInput(venue);
      return { bytes: await renderPosterPng(input), posterNumber: input.posterNumber };
    },

    /** A new poster; the previous one stops working at once (its page says it was replaced). */
    async reissuePoster(ctx: RequestContext, venueId: string) {
      const a = await access(ctx, venueId, 'venues:verify', true);
      requireStatus(a.venue, ['verified']);
      const now = clock.now();
      const poster = await db.transaction().execute((trx) => issuePoster(trx, a.venue, ctx, now));
      return presentPoster(poster, timeZone);
    },

    // ---- self-assessments, inspections, photos ---------------------------------------------------------------

    async selfAssess(ctx: RequestContext, venueId: string, input: AssessmentInput) {
      const a = await access(ctx, venueId, 'venues:read', true);
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
      const principal = requirePrincipal(ctx);
      principal.require('venues:inspect');
      const a = await access(ctx, venueId, 'venues:inspect', false);
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
      const visitorRatings = await ratingsEvidence(a.venue, now);
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
        return snapshotCompliance(trx, a.venue, 'inspection', now, visitorRatings);
      });
      return { id, fractionMet: tally.fractionMet, notMet: tally.notMet, compliance: presentScore(score, now, timeZone) };
    },

    async setInspectionPhoto(ctx: RequestContext, venueId: string, assessmentId: string, contentType: string, bytes: Buffer) {
      const a = await access(ctx, venueId, 'venues:inspect', false);
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
      const a = await access(ctx, venueId, 'venues:read', true);
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
      const scopes = await listScopes(principal, 'venues:inspect', region);
      const now = clock.now();
      const today = localDate(now, timeZone);
      const venues = await listVenues(db, { scopes, statuses: ['verified'], order: 'name', limit: 2000 });
      const ids = venues.map((v) => v.id);
      const [lastInspections, lastSelf, poor] = await Promise.all([
        latestAssessments(db, ids, 'inspection'),
        latestAssessments(db, ids, 'self_assessment'),
        ratings.poorlyRated(ids, now - TODO_RATINGS_WINDOW_DAYS * MS_PER_DAY, { threshold: TODO_POOR_RATING_THRESHOLD, minCount: TODO_POOR_RATING_MIN_COUNT }),
      ]);
      const byVenue = <T extends { venue_id: string }>(rows: T[]) => new Map(rows.map((r) => [r.venue_id, r]));
      const inspectionOf = byVenue(lastInspections);
      const selfOf = byVenue(lastSelf);
      const poorOf = new Map(poor.map((p) => [p.venueId, p]));
      const items = venues.flatMap((v) => {
        const reasons: { code: string; weight: number; params: Record<string, string | number> }[] = [];
        const rated = poorOf.get(v.id);
        if (rated) reasons.push({ code: 'poor_ratings', weight: 40, params: { count: rated.count, mean: Math.round(rated.mean * 10) / 10 } });
        if (v.compliance_badge === 'red') reasons.push({ code: 'badge_red', weight: 35, params: { score: v.compliance_score ?? 0 } });
        if (v.compliance_badge === 'yellow') reasons.push({ code: 'badge_yellow', weight: 15, params: { score: v.compliance_score ?? 0 } });
        const last: VenueAssessmentsTable | undefined = inspectionOf.get(v.id);
        if (last?.follow_up_date && last.follow_up_date <= today) reasons.push({ code: 'follow_up_due', weight: 30, params: { date: last.follow_up_date } });
        if (last?.overall_result === 'non_compliant') reasons.push({ code: 'last_inspection_non_compliant', weight: 25, params: {} });
        if (last?.overall_result === 'partially_compliant') reasons.push({ code: 'last_inspection_partial', weight: 10, params: {} });
        if (!last) reasons.push({ code: 'never_inspected', weight: 5, params: {} });
        else if (last.at < now - TODO_STALE_INSPECTION_DAYS * MS_PER_DAY) reasons.push({ code: 'inspection_stale', weight: 5, params: { days: Math.floor((now - last.at) / MS_PER_DAY) } });
        const self = selfOf.get(v.id);
        if (self && self.fraction_met !== null && self.fraction_met < 1) {
          reasons.push({ code: 'self_assessment_gaps', weight: 5, params: { notMet: tallyChecklist(answersOf(self)).notMet.length } });
        }
        if (reasons.length === 0) return [];
        return [
          {
            venue: presentVenueSummary(v, timeZone),
            priority: reasons.reduce((sum, r) => sum + r.weight, 0),
            reasons,
            lastInspection: last ? { id: last.id, at: toIso(last.at, timeZone), overallResult: last.overall_result, followUpDate: last.follow_up_date } : null,
          },
        ];
      });
      return items.sort((x, y) => y.priority - x.priority || x.venue.name.localeCompare(y.venue.name));
    },

    // ---- compliance and violations ---------------------------------------------------------------------------

    async compliance(ctx: RequestContext, venueId: string) {
      const { venue } = await access(ctx, venueId, 'venues:read', true);
      const now = clock.now();
      const [current, history] = await Promise.all([
        ratingsEvidence(venue, now).then((r) => computeCompliance(db, venue, now, r)),
        listComplianceScores(db, venue.id, 100),
      ]);
      return { current: presentScore(current, now, timeZone), history: history.map((h) => presentScoreHistory(h, timeZone)) };
    },

    /**
     * Records a violation against a venue and re-scores it. The enforcement module calls this when it records a
     * business violation; until then it is reachable from services only.
     */
    async recordViolation(ctx: RequestContext, venueId: string, input: { severity: ViolationSeverity; description?: string | null; occurredAt?: number; sourceType?: string; sourceId?: string }) {
      const principal = requirePrincipal(ctx);
      principal.require('venues:inspect');
      const a = await access(ctx, venueId, 'venues:inspect', false);
      const now = clock.now();
      const id = newId(now);
      const visitorRatings = await ratingsEvidence(a.venue, now);
      const score = await db.transaction().execute(async (trx) => {
        await insertViolation(trx, {
          id,
          venue_id: a.venue.id,
          severity: input.severity,
          description: input.description ?? null,
          occurred_at: input.occurredAt ?? now,
          source_type: input.sourceType ?? null,
          source_id: input.sourceId ?? null,
          recorded_by: principal.userId,
          created_at: now,
        });
        await recordAudit(trx, clock, ctx, { action: 'venue.violation', entityType: 'venue', entityId: a.venue.id, regionCode: a.venue.region_code, details: { violationId: id, severity: input.severity } });
        return snapshotCompliance(trx, a.venue, 'violation', now, visitorRatings);
      });
      return { id, compliance: presentScore(score, now, timeZone) };
    },

    /** Re-scores one venue as of now (ratings arrive, evidence ages); for the check-in module and a daily job. */
    async refreshCompliance(venueId: string, trigger = 'recompute') {
      const venue = await findVenue(db, venueId);
      if (!venue) throw problems.notFound('venueNotFound.detail');
      const now = clock.now();
      const visitorRatings = await ratingsEvidence(venue, now);
      const score = await db.transaction().execute((trx) => snapshotCompliance(trx, venue, trigger, now, visitorRatings));
      return presentScore(score, now, timeZone);
    },

    // ---- public ----------------------------------------------------------------------------------------------

    async publicList(filter: { region?: string; sector?: string; q?: string; cursor?: string; limit: number }) {
      if (filter.region !== undefined) await regions.requireRegion(filter.region);
      return pageOf(
        await listVenues(db, { regionCode: filter.region, statuses: ['verified'], sector: filter.sector, q: filter.q, after: decodeCursor(filter.cursor), order: 'name', limit: filter.limit + 1 }),
        filter.limit,
        presentPublicSummary,
      );
    },

    /** The public page of a verified (or suspended, so that the page can say so) venue; others are 404. */
    async publicVenue(venueId: string) {
      const venue = await findVenue(db, venueId);
      if (!venue || (venue.status !== 'verified' && venue.status !== 'suspended')) throw problems.notFound('venueNotFound.detail');
      const now = clock.now();
      const region = await regions.requireRegion(venue.region_code);
      const [kecamatan, score, rules] = await Promise.all([
        region.parent_code ? findRegionSummaries(db, [region.parent_code]).then((r) => r[0]) : Promise.resolve(undefined),
        ratingsEvidence(venue, now).then((r) => computeCompliance(db, venue, now, r)),
        venue.status === 'verified' ? rulesFor(venue, now) : Promise.resolve(null),
      ]);
      return {
        ...presentPublicSummary({ ...venue, region_name: region.name }),
        status: venue.status,
        regionType: region.type,
        kecamatanName: kecamatan?.name ?? null,
        lat: venue.lat,
        lon: venue.lon,
        capacity: venue.capacity,
        indoor: venue.indoor === 1,
        openingHours: openingHoursOf(venue),
        zoneColour: rules?.zoneColour ?? null,
        rules: rules ? presentRules(rules, venue.capacity) : null,
        compliance: presentScore(score, now, timeZone),
        localTime: rules?.localTime ?? null,
        at: toIso(now, timeZone),
      };
    },

    async locate(lat: number, lon: number) {
      return locator.villagesAt(lat, lon);
    },

  };
}

function presentRules(rules: RulesInForce, capacity: number) {
  return {
    restricted: rules.restricted,
    open: rules.open,
    closed: rules.closed,
    window: rules.window,
    capacityPercent: rules.capacityPercent,
    maxVisitors: Math.floor((capacity * rules.capacityPercent) / 100),
    dineIn: rules.dineIn,
    maxVisitMinutes: rules.maxVisitMinutes,
    closesAtLocal: rules.closesAtLocal ?? null,
    opensAtLocal: rules.opensAtLocal ?? null,
    reasonId: rules.reasonId ?? null,
    reasonEn: rules.reasonEn ?? null,
    sources: rules.sources.map((s) => ({ ruleSetId: s.ruleSetId, legalBasis: s.legalBasis, kind: s.kind })),
    measures: rules.measures.map((m) => ({ id: m.measuresId ?? null, en: m.measuresEn ?? null })),
  };
}

function decodeCursor(cursor: string | undefined): { name: string; id: string } | undefined {
  if (!cursor) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const split = text.lastIndexOf('\u0000');
  if (split < 0) throw problems.validation([{ field: 'cursor', messageKey: 'validation.invalid' }]);
  return { name: text.slice(0, split), id: text.slice(split + 1) };
}

function pageOf<T>(rows: VenueListRow[], limit: number, present: (row: VenueListRow) => T): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(present),
    nextCursor: rows.length > limit && last ? Buffer.from(`${last.name}\u0000${last.id}`).toString('base64url') : null,
  };
}

/** The image type from the first bytes, whatever the client claimed. */
export function sniffImageType(bytes: Buffer): (typeof PHOTO_TYPES)[number] | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

export type VenuesService = ReturnType<typeof createVenuesService>;
