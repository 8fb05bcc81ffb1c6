import Type from 'typebox';
import { ID_PATTERN } from '../../shared/ids.js';
import { pageQueryFields, PageSchema } from '../../shared/pagination.js';
import { MULTILINE } from '../../shared/text-fields.js';
import { REGION_CODE_PATTERN } from '../regions/index.js';
import { LETTER_TYPES } from './checkpoint-rules.js';
import { OFFENCES, SANCTION_TYPES } from './offences.js';

export const Id = Type.String({ pattern: ID_PATTERN });
const RegionCode = Type.String({ minLength: 2, maxLength: 40, pattern: REGION_CODE_PATTERN });
const OffenceCode = Type.Enum(OFFENCES.map((o) => o.code));
const SanctionType = Type.Enum([...SANCTION_TYPES]);
/** The offline queue's idempotency key (a UUID or similar). */
const ClientKey = Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Offence = Type.Object({
  code: Type.String(),
  subject: Type.Enum(['person', 'venue']),
  family: Type.String(),
  severity: Type.Enum(['light', 'medium', 'heavy']),
  labelId: Type.String(),
  labelEn: Type.String(),
  legalBasis: Type.String(),
});

const LadderStep = Type.Object({ type: Type.String(), amountIdr: Type.Optional(Type.Integer()), days: Type.Optional(Type.Integer()), withRecommendation: Type.Optional(Type.Boolean()) });
export const LadderVersion = Type.Object({
  id: Type.String(),
  legalBasis: Type.String(),
  effectiveFrom: Type.String(),
  effectiveUntil: Nullable(Type.String()),
  graceDays: Type.Integer(),
  windowMonths: Type.Integer(),
  steps: Type.Record(Type.String(), Type.Array(LadderStep)),
});

export const ProposedSanction = Type.Object({
  type: Type.String(),
  amountIdr: Type.Optional(Type.Integer()),
  days: Type.Optional(Type.Integer()),
  alsoRecommended: Type.Optional(Type.String()),
  basis: Type.Enum(['ladder', 'grace_period']),
  step: Type.Integer(),
});

export const PriorOffence = Type.Object({ id: Type.String(), offence: Type.String(), occurredAt: Type.String(), regionCode: Type.String(), sanctions: Type.Array(Type.String()) });

const PersonSubject = Type.Object(
  {
    kind: Type.Literal('person'),
    nik: Type.Optional(Type.String({ minLength: 1, maxLength: 24 })),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    phone: Type.Optional(Type.String({ minLength: 1, maxLength: 24 })),
  },
  { additionalProperties: false },
);
const VenueSubject = Type.Object({ kind: Type.Literal('venue'), venueId: Id }, { additionalProperties: false });

export const ViolationBody = Type.Object(
  {
    offence: OffenceCode,
    regionCode: RegionCode,
    occurredAt: Type.String({ minLength: 10, maxLength: 40 }),
    subject: Type.Union([PersonSubject, VenueSubject]),
    desaAdatCode: Type.Optional(RegionCode),
    team: Type.Optional(Type.String({ maxLength: 100 })),
    note: Type.Optional(Type.String({ maxLength: 1000, ...MULTILINE })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    clientKey: Type.Optional(ClientKey),
  },
  { additionalProperties: false },
);

export const RecordedViolation = Type.Object({
  id: Type.String(),
  priorOffences: Type.Array(PriorOffence),
  proposedSanction: ProposedSanction,
  ladder: Type.Object({ id: Type.String(), legalBasis: Type.String() }),
});

export const Sanction = Type.Object({
  id: Type.String(),
  type: Type.String(),
  amountIdr: Nullable(Type.Integer()),
  days: Nullable(Type.Integer()),
  riceKg: Nullable(Type.Number()),
  assembly: Nullable(Type.String()),
  receiptNumber: Nullable(Type.String()),
  paid: Type.Boolean(),
  startsAt: Type.String(),
  endsAt: Nullable(Type.String()),
  asProposed: Type.Boolean(),
  reason: Nullable(Type.String()),
  status: Type.Enum(['active', 'corrected', 'annulled']),
  replacedBy: Nullable(Type.String()),
  changeReason: Nullable(Type.String()),
  changedAt: Nullable(Type.String()),
  recordedAt: Type.String(),
});

const SubjectOut = Type.Union([
  Type.Object({ kind: Type.Literal('venue'), venueId: Type.String(), venueName: Type.String() }),
  Type.Object({ kind: Type.Literal('person'), name: Type.String(), nik: Type.Optional(Nullable(Type.String())), phone: Type.Optional(Nullable(Type.String())) }),
]);

export const ViolationSummary = Type.Object({
  id: Type.String(),
  offence: Type.String(),
  subject: SubjectOut,
  regionCode: Type.String(),
  desaAdatCode: Nullable(Type.String()),
  occurredAt: Type.String(),
  status: Type.Enum(['recorded', 'annulled']),
  proposedSanction: ProposedSanction,
  sanctions: Type.Array(Type.Object({ id: Type.String(), type: Type.String(), amountIdr: Nullable(Type.Integer()), paid: Type.Boolean() })),
});

export const ViolationDetail = Type.Object({
  id: Type.String(),
  offence: Type.String(),
  subject: SubjectOut,
  regionCode: Type.String(),
  desaAdatCode: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  occurredAt: Type.String(),
  team: Nullable(Type.String()),
  note: Nullable(Type.String()),
  status: Type.Enum(['recorded', 'annulled']),
  annulReason: Nullable(Type.String()),
  annulledAt: Nullable(Type.String()),
  proposedSanction: ProposedSanction,
  priorOffences: Type.Array(PriorOffence),
  ladder: Type.Object({ id: Type.String(), legalBasis: Type.String() }),
  sanctions: Type.Array(Sanction),
  photos: Type.Array(Type.Object({ id: Type.String(), createdAt: Type.String(), bytes: Type.Integer() })),
  recordedAt: Type.String(),
});

export const PhotoQuery = Type.Object({ clientKey: Type.Optional(ClientKey) }, { additionalProperties: false });

export const ViolationListQuery = Type.Object(
  {
    region: Type.Optional(RegionCode),
    from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    ...pageQueryFields({ max: 200, default: 50 }),
  },
  { additionalProperties: false },
);
export const ViolationPage = PageSchema(ViolationSummary);

const sanctionFields = {
  type: SanctionType,
  amountIdr: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000 })),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  riceKg: Type.Optional(Type.Number({ maximum: 1000 })),
  assembly: Type.Optional(Type.String({ maxLength: 200 })),
  receiptNumber: Type.Optional(Type.String({ maxLength: 60 })),
  paid: Type.Optional(Type.Boolean()),
};
export const SanctionBody = Type.Object(
  { ...sanctionFields, reason: Type.Optional(Type.String({ maxLength: 1000, ...MULTILINE })), clientKey: Type.Optional(ClientKey) },
  { additionalProperties: false },
);
export const CorrectionBody = Type.Object({ ...sanctionFields, reason: Type.String({ minLength: 1, maxLength: 1000, ...MULTILINE }) }, { additionalProperties: false });
export const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000, ...MULTILINE }) }, { additionalProperties: false });

// ---- border posts ----------------------------------------------------------------------------------------------

const HhMm = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
const ShiftSchema = Type.Object({ from: HhMm, until: HhMm }, { additionalProperties: false });
export const CheckpointBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 120 }), regionCode: RegionCode, shifts: Type.Optional(Type.Array(ShiftSchema, { minItems: 1, maxItems: 4 })) },
  { additionalProperties: false },
);
export const CheckpointUpdateBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })), shifts: Type.Optional(Type.Array(ShiftSchema, { minItems: 1, maxItems: 4 })) },
  { additionalProperties: false, minProperties: 1 },
);
export const Checkpoint = Type.Object({ id: Type.String(), name: Type.String(), regionCode: Type.String(), shifts: Type.Array(ShiftSchema) });
export const CheckBody = Type.Object(
  {
    at: Type.String({ minLength: 10, maxLength: 40 }),
    masked: Type.Boolean(),
    nik: Type.Optional(Type.String({ minLength: 1, maxLength: 24 })),
    temperatureC: Type.Number({ minimum: 34, maximum: 43 }),
    purpose: Type.String({ minLength: 1, maxLength: 200 }),
    letter: Type.Enum([...LETTER_TYPES]),
    clientKey: Type.Optional(Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
  },
  { additionalProperties: false },
);
export const CheckReply = Type.Object({
  id: Type.String(),
  result: Type.Enum(['passed', 'turned_back', 'referred']),
  reasons: Type.Array(Type.Enum(['no_mask', 'no_letter', 'fever'])),
  shift: Nullable(Type.Integer()),
  origin: Type.Optional(Type.Object({ provinceCode: Type.String(), regencyCode: Type.String() })),
});
export const RapidTestBody = Type.Object(
  {
    result: Type.Enum(['negative', 'positive']),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    phone: Type.Optional(Type.String({ minLength: 1, maxLength: 24 })),
    residenceCode: Type.Optional(RegionCode),
  },
  { additionalProperties: false },
);
export const RapidTestReply = Type.Object({ id: Type.String(), rapidTest: Type.Enum(['negative', 'positive']), caseOpened: Nullable(Type.Boolean()) });
export const DailyQuery = Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }, { additionalProperties: false });
export const DailyReply = Type.Object({
  checkpointId: Type.String(),
  date: Type.String(),
  shifts: Type.Array(Type.Object({ shift: Nullable(ShiftSchema), passed: Type.Integer(), turnedBack: Type.Integer(), referred: Type.Integer(), total: Type.Integer() })),
  total: Type.Integer(),
});

// ---- fines -----------------------------------------------------------------------------------------------------

export const PaymentBody = Type.Object({ receiptNumber: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false });
export const DepositBody = Type.Object(
  {
    date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    team: Type.Optional(Type.String({ maxLength: 100 })),
    regionCode: RegionCode,
    amountIdr: Type.Integer({ minimum: 1, maximum: 10_000_000_000 }),
    reference: Type.String({ minLength: 1, maxLength: 60 }),
  },
  { additionalProperties: false },
);
export const OutstandingQuery = Type.Object({ region: Type.Optional(RegionCode) }, { additionalProperties: false });
export const OutstandingFine = Type.Object({
  sanctionId: Type.String(),
  violationId: Type.String(),
  offence: Type.String(),
  issuedOn: Type.String(),
  team: Nullable(Type.String()),
  regionCode: Type.String(),
  amountIdr: Type.Integer(),
  subject: Type.Union([Type.Object({ kind: Type.Literal('person'), name: Type.String() }), Type.Object({ kind: Type.Literal('venue'), venueId: Type.String() })]),
});
export const LedgerQuery = Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), region: Type.Optional(RegionCode) }, { additionalProperties: false });
const Tally = Type.Object({ count: Type.Integer(), amountIdr: Type.Integer() });
const LedgerRow = Type.Object({
  team: Nullable(Type.String()),
  issued: Tally,
  paidOnSpot: Tally,
  paidLater: Tally,
  outstanding: Tally,
  collectedIdr: Type.Integer(),
  depositedIdr: Type.Integer(),
  depositReferences: Type.Array(Type.String()),
  cashOnHandIdr: Type.Integer(),
});
export const LedgerReply = Type.Object({ date: Type.String(), scope: Type.Array(Type.String()), rows: Type.Array(LedgerRow), totals: LedgerRow });
