// Shapes of the zones, rule-set and village PKM endpoints (see the server's policies.schemas.ts).

export const ZONE_COLOURS = ['green', 'yellow', 'orange', 'red'] as const;
export type ZoneColour = (typeof ZONE_COLOURS)[number];

export interface ZoneEntry {
  regionCode: string;
  name: string;
  colour: ZoneColour;
  activeCases: number;
  countDate: string | null;
  source: string | null;
  thresholdsVersionId: string | null;
}

export interface ZoneHistory {
  regionCode: string;
  name: string;
  from: string;
  to: string;
  days: { date: string; activeCases: number; colour: ZoneColour; countDate: string | null; thresholdsVersionId: string | null }[];
}

export interface ThresholdsVersion {
  id: string;
  scopeRegionCode: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  yellowFrom: number;
  orangeFrom: number;
  redFrom: number;
  basis: string;
}

export interface VenueTypeInfo {
  code: string;
  labelId: string;
  labelEn: string;
  usualStayMinutes: number;
  dineInApplies: boolean;
}

export interface SectorInfo {
  code: string;
  ordinal: number;
  labelId: string;
  labelEn: string;
  venueTypes: VenueTypeInfo[];
}

export interface LocalWindow {
  from: string;
  until: string;
  crossesMidnight?: boolean;
}

export interface RulesInForce {
  open: boolean;
  window: LocalWindow | null;
  windows: LocalWindow[];
  capacityPercent: number;
  capacityMode: string;
  zoneColour: ZoneColour | null;
  restricted: boolean;
  closed: boolean;
  dineIn: boolean | null;
  maxVisitMinutes: number | null;
  at: string;
  localTime: string;
  closesAtLocal: string | null;
  closesAt: string | null;
  opensAtLocal: string | null;
  sources: { ruleSetId: string; legalBasis: string; kind: string; scopeRegionCode: string; version: number }[];
  measures: { ruleSetId: string; measuresId: string | null; measuresEn: string | null }[];
  reasonCode: string | null;
  reasonId: string | null;
  reasonEn: string | null;
}

export interface Rule {
  sector?: string;
  venueType?: string;
  zoneColours: ZoneColour[] | 'all';
  window: LocalWindow | null;
  closed?: boolean;
  capacityPercent: number;
  dineIn: boolean | null;
  maxVisitMinutes: number | null;
  capacityMode: string;
  measuresId?: string;
  measuresEn?: string;
}

export interface RuleSet {
  id: string;
  kind: 'city' | 'village_pkm';
  scopeRegionCode: string;
  scopeRegionName: string | null;
  legalBasis: string;
  titleId: string | null;
  titleEn: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
  status: 'draft' | 'published' | 'retired';
  version: number;
  rules: Rule[];
  copiedFromId: string | null;
  pkmApplicationId: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  retiredAt: string | null;
}

export interface RuleSetInput {
  kind: 'city' | 'village_pkm';
  scopeRegionCode: string;
  legalBasis: string;
  titleId: string | null;
  titleEn: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
  rules: Rule[];
}

export const PKM_STATUSES = ['DRAFT', 'SUBMITTED', 'UNDER_REVIEW', 'RETURNED', 'RECOMMENDED', 'APPROVED', 'REJECTED', 'ACTIVE', 'ENDED'] as const;
export type PkmStatus = (typeof PKM_STATUSES)[number];
export type PkmAction = 'edit' | 'submit' | 'start_review' | 'recommend' | 'return' | 'reject' | 'approve' | 'extend' | 'end' | 'evaluate';

export interface PkmApplication {
  id: string;
  regionCode: string;
  regionName: string;
  adatRegionCode: string;
  adatRegionName: string;
  status: PkmStatus;
  grounds: string;
  activeCases: number | null;
  activeCasesDate: string | null;
  rules: Rule[];
  borderPosts: number;
  maxGatheringSize: number | null;
  otherMeasures: string;
  startDate: string;
  lengthDays: number;
  endDate: string;
  ruleSetId: string | null;
  createdAt: string;
  createdByUsername: string | null;
  submittedAt: string | null;
  updatedAt: string;
  letter: { number: string; date: string; approverName: string } | null;
  nextEvaluationDue: string | null;
  evaluationOverdue: boolean;
  allowedActions: PkmAction[];
  transitions: { action: string; fromStatus: string; toStatus: string; actorUsername: string | null; comment: string | null; at: string }[];
  evaluations: { week: number; dueDate: string; activeCases: number | null; recommendation: string; notes: string; evaluatedAt: string; evaluatedByUsername: string | null }[];
}

export interface PkmInput {
  regionCode: string;
  adatRegionCode: string;
  grounds: string;
  rules: Rule[];
  borderPosts: number;
  maxGatheringSize: number | null;
  otherMeasures: string;
  startDate: string;
  lengthDays: number;
}
