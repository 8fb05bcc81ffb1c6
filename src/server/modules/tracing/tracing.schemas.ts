import Type from 'typebox';
import { ID_PATTERN } from '../../shared/ids.js';
import { MULTILINE } from '../../shared/text-fields.js';

const Id = Type.String({ pattern: ID_PATTERN });
const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateString = Type.String({ maxLength: 10 });
const Lang = Type.Union([Type.Literal('id'), Type.Literal('en')]);

export const CaseParams = Type.Object({ id: Id });
export const CandidateParams = Type.Object({ id: Id, candidateId: Id });
export const ContactParams = Type.Object({ id: Id });
export const VenueParams = Type.Object({ venueId: Id });

export const CaseBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  phone: Type.String({ minLength: 1, maxLength: 30 }),
  nik: Type.Optional(Type.String({ maxLength: 20 })),
  residenceCode: Type.String({ minLength: 1, maxLength: 40 }),
  category: Type.String({ maxLength: 40 }),
  onsetDate: Type.Optional(DateString),
  specimenDate: Type.Optional(DateString),
  isolationStart: Type.Optional(DateString),
  isolationPlace: Type.Optional(Type.String({ maxLength: 200 })),
  /** The laboratory's reference of the test (confirmed and probable cases): what opens the exposure search. */
  testReference: Type.Optional(Type.String({ maxLength: 64 })),
  language: Type.Optional(Lang),
});
export const CreatedReply = Type.Object({ id: Type.String() });

export const StatusBody = Type.Object({
  category: Type.String({ maxLength: 40 }),
  isolationStart: Type.Optional(DateString),
  isolationEnd: Type.Optional(DateString),
});

const ContactItem = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  name: Type.String(),
  phone: Type.String(),
  followUpRegionCode: Type.String(),
  lastExposureAt: Type.String(),
  quarantineEnd: Type.String(),
  status: Type.String(),
  testResult: Nullable(Type.String()),
  testDate: Nullable(Type.String()),
  becameCaseId: Nullable(Type.String()),
  lastReportDate: Nullable(Type.String()),
  reportedToday: Type.Boolean(),
  missedDays: Type.Integer(),
  missedReport: Type.Boolean(),
  lastReport: Nullable(Type.Object({ date: Type.String(), symptomatic: Type.Boolean(), symptoms: Type.Array(Type.String()), temperatureC: Nullable(Type.Number()) })),
});
export const ContactList = Type.Array(ContactItem);

export const CaseReply = Type.Object({
  id: Type.String(),
  name: Type.String(),
  phone: Type.String(),
  nik: Nullable(Type.String()),
  residenceCode: Type.String(),
  banjarCode: Nullable(Type.String()),
  category: Type.String(),
  onsetDate: Nullable(Type.String()),
  specimenDate: Nullable(Type.String()),
  isolationStart: Nullable(Type.String()),
  isolationPlace: Nullable(Type.String()),
  isolationEnd: Nullable(Type.String()),
  episodeDate: Type.String(),
  sourceCaseId: Nullable(Type.String()),
  confirmedAt: Nullable(Type.String()),
  testReference: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
/** Where the case stands for the exposure search (need-to-know): its ground, what is missing, the four-eyes request. */
export const SearchAccessReply = Type.Object({
  basis: Nullable(Type.Union([Type.Literal('test'), Type.Literal('four_eyes')])),
  missing: Nullable(Type.Union([Type.Literal('testReference'), Type.Literal('approval'), Type.Literal('category')])),
  request: Nullable(Type.Object({ purpose: Type.String(), requestedAt: Type.String(), requestedByMe: Type.Boolean(), approvedAt: Nullable(Type.String()) })),
});
const CaseVenueNotices = Type.Array(
  Type.Object({ venueId: Type.String(), venueName: Type.String(), date: Type.String(), from: Type.String(), until: Type.String(), notifiedAt: Type.String() }),
  { description: "The venues whose managers were told (date and time span only, never who) when the case was confirmed" },
);
export const CaseDetailReply = Type.Intersect([
  CaseReply,
  Type.Object({ window: Type.Object({ start: Type.String(), end: Type.String() }), contacts: ContactList, exposureSearch: SearchAccessReply, venueNotices: CaseVenueNotices }),
]);
export const TestReferenceBody = Type.Object({ testReference: Type.String({ minLength: 1, maxLength: 64 }) });
export const SearchRequestBody = Type.Object({ purpose: Type.String({ minLength: 1, maxLength: 300 }) });
export const CaseList = Type.Array(CaseReply);

export const ExposureList = Type.Array(
  Type.Object({
    candidateId: Type.String(),
    name: Type.String(),
    phone: Type.String(),
    classification: Type.Union([Type.Literal('close'), Type.Literal('low')]),
    totalOverlapMinutes: Type.Integer(),
    lastExposureAt: Type.String(),
    status: Type.String(),
    reason: Nullable(Type.String()),
    contactId: Nullable(Type.String()),
    venues: Type.Array(Type.Object({ venueId: Type.String(), venueName: Type.String(), overlapMinutes: Type.Integer(), estimated: Type.Boolean() })),
  }),
);

export const DecisionBody = Type.Object({
  decision: Type.Union([Type.Literal('confirm'), Type.Literal('dismiss')]),
  reason: Type.Optional(Type.String({ maxLength: 500, ...MULTILINE })),
  language: Type.Optional(Lang),
});
export const DecisionReply = Type.Object({ candidateId: Type.String(), status: Type.String(), contactId: Nullable(Type.String()), quarantineEnd: Nullable(Type.String()) });

export const TestBody = Type.Object({
  result: Type.Union([Type.Literal('negative'), Type.Literal('positive')]),
  date: DateString,
  category: Type.Optional(Type.String({ maxLength: 40 })),
  residenceCode: Type.Optional(Type.String({ maxLength: 40 })),
  onsetDate: Type.Optional(DateString),
  /** The laboratory's reference of this test: a positive contact's case carries it. */
  testReference: Type.Optional(Type.String({ maxLength: 64 })),
});
export const TestReply = Type.Object({ contactId: Type.String(), caseId: Nullable(Type.String()) });
export const DischargeReply = Type.Object({ contactId: Type.String(), status: Type.String() });

export const NoticeList = Type.Array(Type.Object({ id: Type.String(), date: Type.String(), from: Type.String(), until: Type.String() }));

export const ClustersReply = Type.Object({
  clusters: Type.Array(
    Type.Object({ kind: Type.String(), key: Type.String(), name: Type.String(), size: Type.Integer(), from: Type.String(), to: Type.String(), caseIds: Type.Array(Type.String()) }),
  ),
  cases: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), category: Type.String(), episodeDate: Type.String(), residenceCode: Type.String() })),
  links: Type.Array(Type.Object({ caseId: Type.String(), sourceCaseId: Type.String() })),
});
