import { OpeningOut } from '../../shared/opening-text.js';
import Type from 'typebox';
import { ID_PATTERN } from '../../shared/ids.js';
import { PASSWORD_MAX_LENGTH } from '../accounts/index.js';
import { REGION_CODE_PATTERN } from '../regions/index.js';
import { INSPECTION_OVERALL_RESULTS } from './compliance-score.js';
import { CHECKLIST_NOTE_MAX_LENGTH } from './prokes-checklist.js';
import { VENUE_STATUSES } from './venues.table.js';
import { MULTILINE, SECRET } from '../../shared/text-fields.js';

/** People per venue: a stadium is the largest thing in Denpasar; above this a typo is far likelier than a venue. */
export const VENUE_CAPACITY_MAX = 50_000;

const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const RegionCode = Type.String({ minLength: 2, maxLength: 40, pattern: REGION_CODE_PATTERN });
const Code = Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z][a-z0-9_]*$' });
const Id = Type.String({ pattern: ID_PATTERN });
const TimeOfDay = Type.String({ minLength: 5, maxLength: 5 });
const Label = Type.Object({ id: Type.String(), en: Type.String() });

// ---- input ----------------------------------------------------------------------------------------------------

const venueFieldSchemas = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  sector: Code,
  type: Code,
  regionCode: RegionCode,
  banjarCode: Type.Optional(Nullable(RegionCode)),
  desaAdatCode: Type.Optional(Nullable(RegionCode)),
  address: Type.String({ minLength: 1, maxLength: 300 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  /** The manager confirms a point that lies outside the chosen desa's polygon. */
  positionConfirmed: Type.Optional(Type.Boolean()),
  capacity: Type.Integer({ minimum: 1, maximum: VENUE_CAPACITY_MAX }),
  openingHours: Type.Optional(Nullable(Type.Object({ from: TimeOfDay, until: TimeOfDay }))),
  indoor: Type.Boolean(),
  contactName: Type.Optional(Nullable(Type.String({ maxLength: 120 }))),
  contactPhone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
};

export const RegisterVenueBody = Type.Object({ ...venueFieldSchemas, managerUserId: Type.Optional(Id) });

export const CorrectVenueBody = Type.Object({
  name: Type.Optional(venueFieldSchemas.name),
  sector: Type.Optional(Code),
  type: Type.Optional(Code),
  regionCode: Type.Optional(RegionCode),
  banjarCode: venueFieldSchemas.banjarCode,
  desaAdatCode: venueFieldSchemas.desaAdatCode,
  address: Type.Optional(venueFieldSchemas.address),
  lat: Type.Optional(venueFieldSchemas.lat),
  lon: Type.Optional(venueFieldSchemas.lon),
  positionConfirmed: venueFieldSchemas.positionConfirmed,
  capacity: Type.Optional(venueFieldSchemas.capacity),
  openingHours: venueFieldSchemas.openingHours,
  indoor: Type.Optional(venueFieldSchemas.indoor),
  contactName: venueFieldSchemas.contactName,
  contactPhone: venueFieldSchemas.contactPhone,
  reason: Type.Optional(Type.String({ maxLength: 500, ...MULTILINE })),
});

export const VerificationBody = Type.Object({
  decision: Type.Enum(['approve', 'reject']),
  reason: Type.Optional(Nullable(Type.String({ maxLength: 500, ...MULTILINE }))),
});

export const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, ...MULTILINE }) });

const Answer = Type.Object({
  item: Type.String({ minLength: 1, maxLength: 60 }),
  answer: Type.String({ minLength: 1, maxLength: 30 }),
  note: Type.Optional(Nullable(Type.String({ maxLength: CHECKLIST_NOTE_MAX_LENGTH + 100, ...MULTILINE }))),
});

export const SelfAssessmentBody = Type.Object({
  answers: Type.Array(Answer, { maxItems: 60 }),
  notes: Type.Optional(Nullable(Type.String({ maxLength: 2000, ...MULTILINE }))),
});

export const InspectionBody = Type.Object({
  answers: Type.Array(Answer, { maxItems: 60 }),
  overallResult: Type.Enum([...INSPECTION_OVERALL_RESULTS]),
  notes: Type.Optional(Nullable(Type.String({ maxLength: 2000, ...MULTILINE }))),
  followUpDate: Type.Optional(Nullable(Type.String({ format: 'date' }))),
  inspectedAt: Type.Optional(Type.String({ format: 'date-time' })),
});

export const SignupBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  phone: Type.String({ minLength: 6, maxLength: 30 }),
  // The e-mail address becomes the username, which logins accept up to 64 characters.
  email: Type.String({ format: 'email', minLength: 3, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH, ...SECRET }),
});

export const VenueIdParams = Type.Object({ id: Id });
export const InspectionPhotoParams = Type.Object({ id: Id, inspectionId: Id });

export const StaffListQuery = Type.Object({
  region: Type.Optional(RegionCode),
  status: Type.Optional(Type.Enum([...VENUE_STATUSES])),
  sector: Type.Optional(Code),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 400 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

export const PublicListQuery = Type.Object({
  region: Type.Optional(RegionCode),
  sector: Type.Optional(Code),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 400 })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 30 }),
});

export const RegionQuery = Type.Object({ region: Type.Optional(RegionCode) });

export const LocateQuery = Type.Object({ lat: Type.Number({ minimum: -90, maximum: 90 }), lon: Type.Number({ minimum: -180, maximum: 180 }) });

// ---- output ---------------------------------------------------------------------------------------------------

/** The values a reason's text is filled with (the web app and the texts interpolate them). */
const ReasonParams = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]));

const ComplianceBrief = Type.Object({ score: Nullable(Type.Integer()), badge: Type.String() });

export const VenueSummary = Type.Object({
  id: Type.String(),
  venueNumber: Type.Integer(),
  name: Type.String(),
  sector: Type.String(),
  sectorLabel: Label,
  type: Type.String(),
  typeLabel: Label,
  regionCode: Type.String(),
  regionName: Type.String(),
  address: Type.String(),
  status: Type.String(),
  capacity: Type.Integer(),
  indoor: Type.Boolean(),
  compliance: ComplianceBrief,
  createdAt: Type.String(),
}, { title: 'VenueSummary' });

export const VenuePage = Type.Object({ items: Type.Array(VenueSummary), nextCursor: Nullable(Type.String()) });

const Reason = Type.Object({ code: Type.String(), id: Type.String(), en: Type.String(), weight: Type.Number(), params: ReasonParams });

export const ComplianceDetail = Type.Object({
  score: Nullable(Type.Integer()),
  badge: Type.String(),
  reasons: Type.Array(Reason),
  components: Type.Unknown(),
  computedAt: Type.String(),
}, { title: 'ComplianceDetail' });

const OpeningHours = Nullable(Type.Object({ from: Type.String(), until: Type.String() }));

const Assessment = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  checklistVersion: Type.Integer(),
  answers: Type.Array(Type.Object({ item: Type.String(), answer: Type.String(), note: Nullable(Type.String()) })),
  fractionMet: Nullable(Type.Number()),
  overallResult: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  followUpDate: Nullable(Type.String()),
  authorName: Nullable(Type.String()),
  hasPhoto: Type.Boolean(),
  at: Type.String(),
});

export const Poster = Type.Object({
  posterNumber: Type.String(),
  serial: Type.Integer(),
  issuedAt: Type.String(),
  replacedAt: Nullable(Type.String()),
  current: Type.Boolean(),
});

export const VenueDetail = Type.Object({
  ...VenueSummary.properties,
  banjarCode: Nullable(Type.String()),
  banjarName: Nullable(Type.String()),
  desaAdatCode: Nullable(Type.String()),
  desaAdatName: Nullable(Type.String()),
  lat: Type.Number(),
  lon: Type.Number(),
  positionConfirmed: Type.Boolean(),
  pointRegionCode: Nullable(Type.String()),
  pointRegionName: Nullable(Type.String()),
  openingHours: OpeningHours,
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String()),
  statusReason: Nullable(Type.String()),
  verifiedAt: Nullable(Type.String()),
  managers: Type.Array(Type.Object({ userId: Type.String(), displayName: Type.String() })),
  history: Type.Array(
    Type.Object({
      id: Type.String(),
      action: Type.String(),
      fromStatus: Nullable(Type.String()),
      toStatus: Type.String(),
      reason: Nullable(Type.String()),
      details: Nullable(Type.Record(Type.String(), Type.Unknown(), {
        description:
          'A correction\'s `changes`, keyed by field: `{ from, to }` for the venue\'s own fields; `{}` for a personal field (contactName, contactPhone), whose values are never recorded.',
      })),
      actorName: Nullable(Type.String()),
      at: Type.String(),
    }),
  ),
  posters: Type.Array(Poster),
  selfAssessment: Nullable(Assessment),
  inspections: Type.Array(Assessment),
  complianceDetail: ComplianceDetail,
  permissions: Type.Object({
    manage: Type.Boolean(),
    correct: Type.Boolean(),
    verify: Type.Boolean(),
    inspect: Type.Boolean(),
    selfAssess: Type.Boolean(),
    poster: Type.Boolean(),
  }),
}, { title: 'VenueDetail' });

export const RegisteredVenue = Type.Object({ id: Type.String(), status: Type.Literal('pending') });

export const AssessmentResult = Type.Object({ id: Type.String(), fractionMet: Nullable(Type.Number()), notMet: Type.Array(Type.String()) });
export const InspectionResult = Type.Object({ ...AssessmentResult.properties, compliance: ComplianceDetail });

export const TodoItem = Type.Object({
  venue: VenueSummary,
  priority: Type.Number(),
  reasons: Type.Array(Type.Object({ code: Type.String(), weight: Type.Number(), params: ReasonParams })),
  lastInspection: Nullable(
    Type.Object({ id: Type.String(), at: Type.String(), overallResult: Nullable(Type.String()), followUpDate: Nullable(Type.String()) }),
  ),
});

export const ComplianceReply = Type.Object({
  current: ComplianceDetail,
  history: Type.Array(Type.Object({ score: Nullable(Type.Integer()), badge: Type.String(), trigger: Type.String(), computedAt: Type.String() })),
});

export const PublicVenueSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  sector: Type.String(),
  sectorLabel: Label,
  type: Type.String(),
  typeLabel: Label,
  regionCode: Type.String(),
  regionName: Type.String(),
  address: Type.String(),
  compliance: ComplianceBrief,
}, { title: 'PublicVenueSummary' });

export const PublicVenuePage = Type.Object({ items: Type.Array(PublicVenueSummary), nextCursor: Nullable(Type.String()) });

export const PublicVenue = Type.Object({
  ...PublicVenueSummary.properties,
  status: Type.String(),
  regionType: Type.String(),
  kecamatanName: Nullable(Type.String()),
  lat: Type.Number(),
  lon: Type.Number(),
  capacity: Type.Integer(),
  indoor: Type.Boolean(),
  openingHours: OpeningHours,
  zoneColour: Nullable(Type.String()),
  rules: Nullable(
    Type.Object({
      restricted: Type.Boolean(),
      open: Type.Boolean(),
      closed: Type.Boolean(),
      window: Nullable(Type.Object({ from: Type.String(), until: Type.String(), crossesMidnight: Type.Boolean() })),
      capacityPercent: Type.Number(),
      maxVisitors: Type.Integer(),
      dineIn: Nullable(Type.Boolean()),
      maxVisitMinutes: Nullable(Type.Number()),
      closesAtLocal: Nullable(Type.String()),
      opensAtLocal: Nullable(Type.String()),
      opening: OpeningOut,
      reasonId: Nullable(Type.String()),
      reasonEn: Nullable(Type.String()),
      sources: Type.Array(Type.Object({ ruleSetId: Type.String(), legalBasis: Type.String(), kind: Type.String() })),
      measures: Type.Array(Type.Object({ id: Nullable(Type.String()), en: Nullable(Type.String()) })),
    }),
  ),
  compliance: ComplianceDetail,
  localTime: Nullable(Type.String()),
  at: Type.String(),
}, { title: 'PublicVenue' });

export const SignupReply = Type.Object({ id: Type.String(), username: Type.String() });
/** The same answer whether or not the address already has an account (the mail tells its owner which). */
export const SignupAccepted = Type.Object({ email: Type.String() });
export const SignupConfirmBody = Type.Object({ token: Type.String({ minLength: 20, maxLength: 2000, pattern: '^[A-Za-z0-9._-]+$' }) });

export const LocateReply = Type.Array(Type.Object({ code: Type.String(), name: Type.String(), type: Type.String() }));

export const ChecklistReply = Type.Object({
  version: Type.Integer(),
  answers: Type.Array(Type.String()),
  overallResults: Type.Array(Type.String()),
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      shortLabelId: Type.String(),
      shortLabelEn: Type.String(),
      labelId: Type.String(),
      labelEn: Type.String(),
      weight: Type.Number(),
      mayBeNotApplicable: Type.Boolean(),
      rules: Type.Array(Type.String()),
      instruments: Type.Array(Type.String()),
      confidence: Type.String(),
    }),
  ),
});
