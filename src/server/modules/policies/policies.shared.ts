/** Pieces the policies and village PKM services share: rule input defaults, problem mapping, the region index entry. */
import { problems, type AppError, type FieldError } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { Principal } from '../accounts/index.js';
import type { CapacityMode, Rule, RuleWindow } from './rule-set.js';
import type { SectorCode, VenueTypeCode } from '../../../common/reference/sectors.js';
import type { ValidationProblem } from './validation.js';
import type { ZoneColour } from './zone-colour.js';

/** A rule as the API accepts it: everything but the target may be left out. */
export interface RuleInput {
  sector?: SectorCode;
  venueType?: VenueTypeCode;
  zoneColours?: readonly ZoneColour[] | 'all';
  window?: RuleWindow | null;
  closed?: boolean;
  capacityPercent?: number;
  dineIn?: boolean | null;
  maxVisitMinutes?: number | null;
  capacityMode?: CapacityMode;
  measuresId?: string;
  measuresEn?: string;
}

export interface RegionInfo {
  code: string;
  name: string;
  type: string;
  parentCode: string | null;
  ancestry: string[];
  /** The desa/kelurahan the region is (or lies in), whose zone colour applies; null above village level. */
  villageCode: string | null;
}

/** The rule with the unrestricted defaults for what the input leaves out (capacity below 100 % is enforced). */
export function toRule(input: RuleInput): Rule {
  const capacityPercent = input.capacityPercent ?? 100;
  const rule: Rule = {
    zoneColours: input.zoneColours ?? 'all',
    window: input.window ?? null,
    capacityPercent,
    dineIn: input.dineIn ?? null,
    maxVisitMinutes: input.maxVisitMinutes ?? null,
    capacityMode: input.capacityMode ?? (capacityPercent < 100 ? 'enforce' : 'warn'),
  };
  if (input.sector !== undefined) rule.sector = input.sector;
  if (input.venueType !== undefined) rule.venueType = input.venueType;
  if (input.closed !== undefined) rule.closed = input.closed;
  if (input.measuresId !== undefined && input.measuresId !== '') rule.measuresId = input.measuresId;
  if (input.measuresEn !== undefined && input.measuresEn !== '') rule.measuresEn = input.measuresEn;
  return rule;
}

/** The pure core's bilingual problems as problem+json field errors (message key 'validation.policy'). */
export function fieldErrorsOf(list: ValidationProblem[]): FieldError[] {
  return list.map((p) => ({ field: p.field, messageKey: 'validation.policy', params: { message: { id: p.messageId, en: p.messageEn } } }));
}

export function policyValidation(list: ValidationProblem[]): AppError {
  return problems.validation(fieldErrorsOf(list));
}

export function requirePrincipal(ctx: RequestContext): Principal {
  if (!ctx.principal) throw problems.unauthenticated();
  return ctx.principal;
}

