import { AppError, problems, type FieldError } from '../../shared/errors.js';
import type { MessageKey } from '../../shared/errors.js';
import { maskPhone, normalizePhone } from '../../shared/phone.js';
import type { RequestContext } from '../../shared/request-context.js';
import { localized, text, type TextParams } from '../../shared/texts.js';
import { localMoment, timeZoneAbbreviation } from '../../shared/local-time.js';
import { openingStatusOf, reopensText } from '../../shared/opening-text.js';
import type { OpeningStatus } from '../../../common/opening-status.js';
import type { RulesInForce } from '../policies/index.js';
import { isSectorCode, isVenueTypeCode, type SectorCode, type VenueTypeCode } from '../../../common/reference/sectors.js';
import type { VenueRow } from '../venues/index.js';
import type { PosterVenueRow } from './checkins.read-model.js';
import type { RatingItem } from '../../../common/reference/rating-items.js';

/* What the check-in services share: the rules query of a venue, limits, refusals, and the checks of a person's fields. */

export type RulesInForceQuery = {
  regionCode: string;
  sector: SectorCode;
  venueType: VenueTypeCode | null;
  at: number;
  venueHours: { from: string; until: string } | null;
};

/** The rules query for a stored venue (its sector and type were validated when it was registered). */
export function rulesQueryOf(venue: { region_code: string; sector: string; venue_type: string; opens_at: string | null; closes_at: string | null }, at: number): RulesInForceQuery {
  if (!isSectorCode(venue.sector)) throw new Error(`venue has an unknown sector: ${venue.sector}`);
  return {
    regionCode: venue.region_code,
    sector: venue.sector,
    venueType: isVenueTypeCode(venue.venue_type) ? venue.venue_type : null,
    at,
    venueHours: venueHoursOf(venue),
  };
}
/** "Which rules are in force for this venue now?" — answered by the policies module. */
export type RulesInForceFn = (query: RulesInForceQuery) => RulesInForce | Promise<RulesInForce>;

export type RefusalReason =
  | 'unknown_poster'
  | 'poster_replaced'
  | 'venue_suspended'
  | 'venue_not_verified'
  | 'venue_full'
  | 'outside_hours'
  | 'closed_by_rule'
  /** The door's status check refused the visitor (issue #16); never written to checkin_attempts. */
  | 'status_check'
  /** Not a refusal of the service: a burst at one poster ran into the check-in limits (checkin-limits.ts). */
  | 'rate_limited';

export type VenueInfo = Omit<PosterVenueRow, 'poster_id' | 'replaced_at'>;

/** What check-ins need of a venue the access layer loaded. */
export function venueInfoOf(v: VenueRow): VenueInfo {
  return {
    venue_id: v.id,
    name: v.name,
    status: v.status,
    capacity: v.capacity,
    region_code: v.region_code,
    sector: v.sector,
    venue_type: v.venue_type,
    opens_at: v.opens_at,
    closes_at: v.closes_at,
    suspension_sanction_id: v.suspension_sanction_id,
    status_reason: v.status_reason,
    suspended_until: v.suspended_until,
    address: v.address,
    compliance_badge: v.compliance_badge,
  };
}

const NAME_PATTERN = /^[^\p{Cc}\p{Cf}]{1,100}$/u;
export { RATING_ITEMS } from '../../../common/reference/rating-items.js';
export type RatingScores = Record<RatingItem, number>;

export function refused(status: number, reason: RefusalReason, detailKey: MessageKey, params: TextParams = {}, extra: Record<string, unknown> = {}): AppError {
  return new AppError(status, `checkin-${reason.replace(/_/g, '-')}`, 'checkin.refused.title', detailKey, params, [], { reason, ...extra });
}

export function visitProblem(status: number, type: string, detailKey: MessageKey): AppError {
  return new AppError(status, type, status === 404 ? 'notFound.title' : status === 403 ? 'forbidden.title' : 'conflict.title', detailKey, {}, [], { reason: type });
}

export function venueHoursOf(v: { opens_at: string | null; closes_at: string | null }): { from: string; until: string } | null {
  return v.opens_at && v.closes_at ? { from: v.opens_at, until: v.closes_at } : null;
}

export function capacityLimit(capacity: number, rules: RulesInForce): number {
  return Math.floor((capacity * rules.capacityPercent) / 100);
}

/** A venue's own capacity always holds; under restrictions, a rule may say the limit only warns. */
export function enforcesLimit(rules: RulesInForce): boolean {
  return !rules.restricted || rules.capacityMode === 'enforce';
}

export function maskedPerson(person: { name: string; phone: string }): { name: string; phone: string } {
  return { name: person.name, phone: maskPhone(person.phone) };
}

/**
 * The refusal of a check-in while the venue is closed, with the rules' reason and when the venue reopens (the shared
 * opening status, common/opening-status.ts) in the caller's language.
 */
export function closedRefusal(rules: RulesInForce, lang: RequestContext['lang'], venue: { opens_at: string | null }, timeZone: string): AppError {
  const reason: RefusalReason = rules.closed ? 'closed_by_rule' : 'outside_hours';
  const status = openingStatusOf(rules, venue.opens_at !== null);
  const reasonText = closedReasonText(rules, lang, status, timeZone);
  const reopensAt = status.state === 'closed' && status.reopens ? status.reopens : null;
  return refused(409, reason, 'checkin.closed.detail', { reason: reasonText }, { reasonCode: rules.reasonCode ?? null, opensAtLocal: reopensAt?.at ?? null, reopensDay: reopensAt?.day ?? null });
}

function closedReasonText(rules: RulesInForce, lang: RequestContext['lang'], status: OpeningStatus, timeZone: string): string {
  const reason = (lang === 'en' ? rules.reasonEn : rules.reasonId) ?? text(lang, 'problems.checkin.closedNow');
  const reopens = reopensText(lang, status, timeZoneAbbreviation(timeZone));
  // The rules' own reason may already name the reopening time; the sentence from the shared status says the day too.
  return reopens && status.state === 'closed' && status.reopens ? `${reason.replace(/[.;]?\s*$/, '')}. ${reopens}.` : reason;
}

/**
 * What a refused attempt keeps as its detail: the rules' reason in both languages, so the live and oversight pages
 * show it in the reader's language (a plain text detail from before is shown as it is).
 */
export function closedAttemptDetail(rules: RulesInForce): string | null {
  if (!rules.reasonId && !rules.reasonEn) return null;
  return JSON.stringify({ reasonId: rules.reasonId ?? null, reasonEn: rules.reasonEn ?? null });
}

/**
 * The door's status check refused the visitor: a kind message on their own phone about isolation or quarantine
 * (hitam), or about a red status where the rule refuses it; 409 like the venue's own refusals (full, closed).
 */
export function statusRefusal(status: { colour: string; until: string | null }): AppError {
  const detail = status.colour === 'hitam' ? (status.until === null ? 'checkin.statusIsolationOpen.detail' : 'checkin.statusIsolation.detail') : 'checkin.statusRed.detail';
  const day = (lang: 'id' | 'en', date: string) => new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${date}T00:00:00Z`));
  const params: TextParams = status.until === null ? {} : { until: { id: day('id', status.until), en: day('en', status.until) } };
  return refused(409, 'status_check', detail, params, { doorStatus: { colour: status.colour, until: status.until } });
}

/** A visitor's name and phone as stored (name cleaned, phone E.164), or a 400 naming the offending fields. */
export function personFields(name: string, phone: string, fieldPrefix = ''): { name: string; phone: string } {
  const errors: FieldError[] = [];
  const cleanName = name.trim().replace(/\s+/g, ' ');
  if (!NAME_PATTERN.test(cleanName)) errors.push({ field: `${fieldPrefix}name`, messageKey: 'validation.name' });
  const e164 = normalizePhone(phone);
  if (!e164) errors.push({ field: `${fieldPrefix}phone`, messageKey: 'validation.phone' });
  if (errors.length > 0 || !e164) throw problems.validation(errors);
  return { name: cleanName, phone: e164 };
}

/** The sanctions of the enforcement module that suspend a venue (venues/sanction-effects.ts sets status_reason to one). */
const SUSPENDING_SANCTIONS = ['penghentian_sementara', 'penutupan'] as const;
type SuspendingSanction = (typeof SUSPENDING_SANCTIONS)[number];

/** The sanction behind a venue's suspension and its end, when an enforcement sanction (not an officer) suspended it. */
export function sanctionOf(venue: Pick<VenueInfo, 'suspension_sanction_id' | 'status_reason' | 'suspended_until'>): { type: SuspendingSanction; until: number | null } | null {
  const type = venue.status_reason;
  if (!venue.suspension_sanction_id || !(SUSPENDING_SANCTIONS as readonly (string | null)[]).includes(type)) return null;
  return { type: type as SuspendingSanction, until: venue.suspended_until };
}

/**
 * A suspended venue's refusal. For an enforcement sanction it names the sanction and, for a temporary suspension,
 * when check-ins reopen (issue #15), so a visitor knows when to come back.
 */
export function suspendedRefusal(venue: Pick<VenueInfo, 'suspension_sanction_id' | 'status_reason' | 'suspended_until'>, timeZone: string): AppError {
  const sanction = sanctionOf(venue);
  if (!sanction) return refused(410, 'venue_suspended', 'checkin.venueSuspended.detail');
  const label = localized(`enforcement.sanction.${sanction.type}`);
  const extra = { sanction: sanction.type, suspendedUntil: sanction.until === null ? null : new Date(sanction.until).toISOString() };
  return sanction.until === null
    ? refused(410, 'venue_suspended', 'checkin.venueSanctioned.closed', { sanction: label }, extra)
    : refused(410, 'venue_suspended', 'checkin.venueSanctioned.until', { sanction: label, until: localMoment(sanction.until, timeZone) }, extra);
}
