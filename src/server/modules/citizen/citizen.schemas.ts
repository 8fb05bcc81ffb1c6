import Type from 'typebox';

export const CodeRequestBody = Type.Object({ phone: Type.String({ minLength: 1, maxLength: 40, description: 'The phone number as typed (0812…, +62 812…)' }) }, { additionalProperties: false });
export const SignInBody = Type.Object(
  {
    phone: Type.String({ minLength: 1, maxLength: 40 }),
    code: Type.String({ minLength: 1, maxLength: 12, description: 'The 6-digit code of the SMS' }),
  },
  { additionalProperties: false },
);
export const Empty = Type.Object({}, { additionalProperties: false });

export const ResidentStatus = Type.Object(
  {
    colour: Type.Union([Type.Literal('hijau'), Type.Literal('kuning'), Type.Literal('merah'), Type.Literal('hitam')]),
    reason: Type.String({ description: 'isolation | quarantine | self_isolation | positive_test | negative_test | fully_vaccinated | partially_vaccinated | recovered | not_vaccinated | no_record' }),
    until: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'The last local day the colour holds' }),
    changesAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'The instant the colour changes (a test expiring, or the midnight after `until`)' }),
    rule: Type.Union([Type.String(), Type.Null()], { description: 'The status rule version applied (2021-09, 2022-07), or null before the first one' }),
  },
  { title: 'ResidentStatus' },
);
export const ResidentMe = Type.Object({ phone: Type.String({ description: 'Masked: 0812-****-7890' }), status: ResidentStatus }, { title: 'ResidentMe' });

export const ResidentVisit = Type.Object(
  {
    visitId: Type.String(),
    venue: Type.Object({ id: Type.String(), name: Type.String() }),
    checkedInAt: Type.String({ format: 'date-time' }),
    checkedOutAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    checkoutEstimated: Type.Boolean(),
    source: Type.String(),
  },
  { title: 'ResidentVisit' },
);

export const ResidentAccessEntry = Type.Object(
  {
    at: Type.String({ format: 'date-time' }),
    role: Type.String(),
    regionCode: Type.Union([Type.String(), Type.Null()]),
    purpose: Type.String({ description: 'The audited action, e.g. case.read' }),
  },
  { title: 'ResidentAccessEntry' },
);

const Anything = Type.Array(Type.Object({}, { additionalProperties: true }));
export const ResidentExport = Type.Object(
  {
    exportedAt: Type.String({ format: 'date-time' }),
    phone: Type.String(),
    visits: Type.Array(ResidentVisit),
    ratings: Anything,
    cases: Anything,
    contacts: Anything,
    vaccinations: Anything,
    tests: Anything,
    violations: Anything,
    arrivals: Anything,
    notifications: Anything,
    screeningReferrals: Anything,
    accessLog: Type.Array(ResidentAccessEntry),
  },
  { title: 'ResidentExport' },
);

export const ResidentDeletion = Type.Object(
  {
    deleted: Type.Array(Type.Object({ what: Type.String(), count: Type.Integer() })),
    kept: Type.Array(Type.Object({ what: Type.String(), count: Type.Integer(), why: Type.String(), until: Type.Union([Type.String({ format: 'date' }), Type.Null()]) })),
  },
  { title: 'ResidentDeletion' },
);
