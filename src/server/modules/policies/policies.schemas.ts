import { OpeningOut } from '../../shared/opening-text.js';
import Type from 'typebox';
import { REGION_CODE_PATTERN } from '../regions/index.js';
import { PKM_ACTIONS, PKM_MAX_LENGTH_DAYS, PKM_STATUSES } from './pkm-workflow.js';
import { CAPACITY_MODES, RULE_SET_KINDS, RULE_SET_STATUSES } from './rule-set.js';
import { SECTOR_CODES, VENUE_TYPE_CODES } from '../../../common/reference/sectors.js';
import { ZONE_COLOURS } from './zone-colour.js';
import { MULTILINE } from '../../shared/text-fields.js';

export const RegionCode = Type.String({ minLength: 2, maxLength: 40, pattern: REGION_CODE_PATTERN });
/** Rule-set ids: UUIDv7 for new ones, readable slugs for the shipped historical sets. */
export const RuleSetId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[0-9a-z][0-9a-z-]*$' });
export const AppId = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' });
export const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
/** YYYY-MM-DD (local midnight) or an ISO-8601 date-time with offset. */
export const Instant = Type.String({ maxLength: 40, pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$' });
const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (max: number) => Type.String({ maxLength: max });
/** Free text over several lines (measures, grounds, comments, notes). */
const LongText = (max: number, minLength = 0) => Type.String({ minLength, maxLength: max, ...MULTILINE });

export const RuleWindowSchema = Type.Object({
  from: Type.String({ maxLength: 5 }),
  until: Type.String({ maxLength: 5 }),
  crossesMidnight: Type.Optional(Type.Boolean()),
});

/** Semantic checks (capacity 0–100, windows, duplicates) are the pure core's, so their messages are the same everywhere. */
export const RuleInputSchema = Type.Object({
  sector: Type.Optional(Type.Enum([...SECTOR_CODES])),
  venueType: Type.Optional(Type.Enum([...VENUE_TYPE_CODES])),
  zoneColours: Type.Optional(Type.Union([Type.Literal('all'), Type.Array(Type.Enum([...ZONE_COLOURS]), { maxItems: 4 })])),
  window: Type.Optional(Nullable(RuleWindowSchema)),
  closed: Type.Optional(Type.Boolean()),
  capacityPercent: Type.Optional(Type.Number()),
  dineIn: Type.Optional(Nullable(Type.Boolean())),
  maxVisitMinutes: Type.Optional(Nullable(Type.Integer())),
  capacityMode: Type.Optional(Type.Enum([...CAPACITY_MODES])),
  measuresId: Type.Optional(LongText(2000)),
  measuresEn: Type.Optional(LongText(2000)),
});

const RuleOutput = Type.Object({
  sector: Type.Optional(Type.String()),
  venueType: Type.Optional(Type.String()),
  zoneColours: Type.Union([Type.Literal('all'), Type.Array(Type.String())]),
  window: Nullable(Type.Object({ from: Type.String(), until: Type.String(), crossesMidnight: Type.Optional(Type.Boolean()) })),
  closed: Type.Optional(Type.Boolean()),
  capacityPercent: Type.Number(),
  dineIn: Nullable(Type.Boolean()),
  maxVisitMinutes: Nullable(Type.Integer()),
  capacityMode: Type.String(),
  measuresId: Type.Optional(Type.String()),
  measuresEn: Type.Optional(Type.String()),
});

export const RuleSetBody = Type.Object({
  kind: Type.Enum([...RULE_SET_KINDS]),
  scopeRegionCode: RegionCode,
  legalBasis: Text(300),
  titleId: Type.Optional(Nullable(Text(2000))),
  titleEn: Type.Optional(Nullable(Text(2000))),
  effectiveFrom: Instant,
  effectiveTo: Type.Optional(Nullable(Instant)),
  rules: Type.Array(RuleInputSchema, { maxItems: 500 }),
  statusCheck: Type.Optional(Type.Boolean({ description: 'The door checks each visitor\'s status colour (hitam refused)' })),
});

export const AdoptTemplateBody = Type.Object({ template: Type.String({ minLength: 1, maxLength: 60, description: 'The template code (GET /rule-sets/first-run lists them).' }) });

export const RuleSetOut = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  scopeRegionCode: Type.String(),
  scopeRegionName: Nullable(Type.String()),
  legalBasis: Type.String(),
  titleId: Nullable(Type.String()),
  titleEn: Nullable(Type.String()),
  effectiveFrom: Type.String(),
  effectiveTo: Nullable(Type.String()),
  status: Type.String(),
  version: Type.Integer(),
  rules: Type.Array(RuleOutput),
  statusCheck: Type.Boolean(),
  copiedFromId: Nullable(Type.String()),
  pkmApplicationId: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  publishedAt: Nullable(Type.String()),
  retiredAt: Nullable(Type.String()),
}, { title: 'RuleSet' });

export const RuleSetQuery = Type.Object({
  status: Type.Optional(Type.Enum([...RULE_SET_STATUSES])),
  kind: Type.Optional(Type.Enum([...RULE_SET_KINDS])),
  scope: Type.Optional(RegionCode),
});

export const ZoneEntry = Type.Object({
  regionCode: Type.String(),
  name: Type.String(),
  colour: Type.Enum([...ZONE_COLOURS]),
  activeCases: Type.Integer(),
  countDate: Nullable(Type.String()),
  source: Nullable(Type.String()),
  thresholdsVersionId: Nullable(Type.String()),
}, { title: 'ZoneEntry' });

export const ActiveCasesBody = Type.Object({
  regionCode: RegionCode,
  date: LocalDate,
  activeCases: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
});

/** Counts of many desa for one date: rows are checked by the service so that a preview can name each row's problems. */
export const BulkActiveCasesBody = Type.Object({
  date: LocalDate,
  counts: Type.Array(
    Type.Object({ regionCode: Type.String({ minLength: 1, maxLength: 40 }), activeCases: Type.Number({ maximum: 1_000_000 }) }, { additionalProperties: false }),
    { minItems: 1, maxItems: 100 },
  ),
  commit: Type.Boolean(),
});

export const BulkActiveCasesOut = Type.Object({
  rows: Type.Array(Type.Object({
    regionCode: Type.String(),
    name: Nullable(Type.String()),
    activeCases: Type.Number(),
    problems: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
  })),
}, { title: 'BulkActiveCasesResult' });

export const ThresholdsBody = Type.Object({
  scopeRegionCode: Type.Optional(RegionCode),
  effectiveFrom: LocalDate,
  yellowFrom: Type.Integer(),
  orangeFrom: Type.Integer(),
  redFrom: Type.Integer(),
  basis: LongText(500, 1),
});

export const ThresholdsOut = Type.Object({
  id: Type.String(),
  scopeRegionCode: Type.String(),
  effectiveFrom: Type.String(),
  effectiveTo: Nullable(Type.String()),
  yellowFrom: Type.Integer(),
  orangeFrom: Type.Integer(),
  redFrom: Type.Integer(),
  basis: Type.String(),
});

export const HistoryOut = Type.Object({
  regionCode: Type.String(),
  name: Type.String(),
  from: Type.String(),
  to: Type.String(),
  days: Type.Array(
    Type.Object({
      date: Type.String(),
      activeCases: Type.Integer(),
      colour: Type.String(),
      countDate: Nullable(Type.String()),
      thresholdsVersionId: Nullable(Type.String()),
    }),
  ),
});

export const InForceQuerySchema = Type.Object({
  region: RegionCode,
  sector: Type.Enum([...SECTOR_CODES]),
  venueType: Type.Optional(Type.Enum([...VENUE_TYPE_CODES])),
  at: Type.Optional(Instant),
});

const LocalWindowOut = Type.Object({ from: Type.String(), until: Type.String(), crossesMidnight: Type.Boolean() });

export const InForceOut = Type.Object({
  open: Type.Boolean(),
  window: Nullable(LocalWindowOut),
  windows: Type.Array(LocalWindowOut),
  capacityPercent: Type.Number(),
  capacityMode: Type.String(),
  zoneColour: Nullable(Type.String()),
  restricted: Type.Boolean(),
  closed: Type.Boolean(),
  dineIn: Nullable(Type.Boolean()),
  maxVisitMinutes: Nullable(Type.Integer()),
  at: Type.String(),
  localTime: Type.String(),
  closesAtLocal: Nullable(Type.String()),
  closesAt: Nullable(Type.String()),
  opensAtLocal: Nullable(Type.String()),
  opening: OpeningOut,
  sources: Type.Array(
    Type.Object({ ruleSetId: Type.String(), legalBasis: Type.String(), kind: Type.String(), scopeRegionCode: Type.String(), version: Type.Integer() }),
  ),
  measures: Type.Array(Type.Object({ ruleSetId: Type.String(), measuresId: Nullable(Type.String()), measuresEn: Nullable(Type.String()) })),
  reasonCode: Nullable(Type.String()),
  reasonId: Nullable(Type.String()),
  reasonEn: Nullable(Type.String()),
});

export const SectorOut = Type.Object({
  code: Type.String(),
  ordinal: Type.Integer(),
  labelId: Type.String(),
  labelEn: Type.String(),
  venueTypes: Type.Array(
    Type.Object({ code: Type.String(), labelId: Type.String(), labelEn: Type.String(), usualStayMinutes: Type.Integer(), dineInApplies: Type.Boolean() }),
  ),
}, { title: 'Sector' });

export const PkmBody = Type.Object({
  regionCode: RegionCode,
  adatRegionCode: RegionCode,
  grounds: LongText(4000, 1),
  rules: Type.Array(RuleInputSchema, { maxItems: 100 }),
  borderPosts: Type.Integer({ minimum: 0, maximum: 100 }),
  maxGatheringSize: Nullable(Type.Integer({ minimum: 0, maximum: 100_000 })),
  otherMeasures: LongText(4000),
  startDate: LocalDate,
  lengthDays: Type.Integer({ minimum: 1, maximum: PKM_MAX_LENGTH_DAYS }),
});

export const CommentBody = Type.Object({ comment: Type.Optional(Nullable(LongText(4000))) });

export const ApproveBody = Type.Object({
  letterNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  letterDate: Type.Optional(LocalDate),
  startDate: Type.Optional(LocalDate),
  approverName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  comment: Type.Optional(Nullable(LongText(4000))),
});

export const ExtendBody = Type.Object({ days: Type.Integer({ minimum: 1, maximum: PKM_MAX_LENGTH_DAYS }), comment: Type.Optional(Nullable(LongText(4000))) });

export const EvaluationBody = Type.Object({
  recommendation: Type.Enum(['continue', 'extend', 'end']),
  notes: LongText(4000, 1),
  activeCases: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000 }))),
});

export const ApplicationOut = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  adatRegionCode: Type.String(),
  adatRegionName: Type.String(),
  status: Type.String(),
  grounds: Type.String(),
  activeCases: Nullable(Type.Integer()),
  activeCasesDate: Nullable(Type.String()),
  rules: Type.Array(RuleOutput),
  borderPosts: Type.Integer(),
  maxGatheringSize: Nullable(Type.Integer()),
  otherMeasures: Type.String(),
  startDate: Type.String(),
  lengthDays: Type.Integer(),
  endDate: Type.String(),
  ruleSetId: Nullable(Type.String()),
  createdAt: Type.String(),
  createdByUsername: Nullable(Type.String()),
  submittedAt: Nullable(Type.String()),
  updatedAt: Type.String(),
  letter: Nullable(Type.Object({ number: Type.String(), date: Type.String(), approverName: Type.String() })),
  nextEvaluationDue: Nullable(Type.String()),
  evaluationOverdue: Type.Boolean(),
  allowedActions: Type.Array(Type.Enum([...PKM_ACTIONS])),
  transitions: Type.Array(
    Type.Object({
      action: Type.String(),
      fromStatus: Type.String(),
      toStatus: Type.String(),
      actorUsername: Nullable(Type.String()),
      comment: Nullable(Type.String()),
      at: Type.String(),
    }),
  ),
  evaluations: Type.Array(
    Type.Object({
      week: Type.Integer(),
      dueDate: Type.String(),
      activeCases: Nullable(Type.Integer()),
      recommendation: Type.String(),
      notes: Type.String(),
      evaluatedAt: Type.String(),
      evaluatedByUsername: Nullable(Type.String()),
    }),
  ),
}, { title: 'PkmApplication' });

export const PkmQuery = Type.Object({ status: Type.Optional(Type.Enum([...PKM_STATUSES])), region: Type.Optional(RegionCode) });

export const FirstRunOut = Type.Object({
  cityScope: Nullable(Type.String()),
  inForce: Type.Boolean({ description: 'Whether a published city-wide rule set is in force now.' }),
  drafts: Type.Array(RuleSetOut),
  templates: Type.Array(
    Type.Object({
      code: Type.String(),
      legalBasis: Type.String(),
      titleId: Type.String(),
      titleEn: Type.String(),
      ruleCount: Type.Integer(),
      zones: Type.Array(Type.Object({ colour: Type.String(), closesAt: Nullable(Type.String()), capacityPercent: Type.Number() })),
    }),
  ),
});
