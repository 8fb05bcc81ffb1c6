import Type from 'typebox';
import { SCREENING_SYMPTOMS } from './screening-rule.js';
import { FACILITY_KINDS } from './screening.service.js';

import { ID_PATTERN } from '../../shared/ids.js';
export const IdParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) });

const Window = Type.Object({ from: Type.String({ maxLength: 5, description: 'HH:MM' }), until: Type.String({ maxLength: 5, description: 'HH:MM, 24:00 = midnight; before `from` = past midnight' }) });
const Hours = Type.Array(Type.Union([Window, Type.Null()]), { minItems: 7, maxItems: 7, description: 'Monday first; null = closed that day' });

export const FacilityBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    kind: Type.Enum([...FACILITY_KINDS]),
    regionCode: Type.String({ minLength: 1, maxLength: 40, description: 'The kecamatan (or desa/kelurahan) it serves' }),
    address: Type.String({ minLength: 1, maxLength: 200 }),
    phone: Type.Union([Type.String({ maxLength: 20 }), Type.Null()]),
    hours: Hours,
  },
  { additionalProperties: false },
);

export const Facility = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    regionCode: Type.String(),
    address: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()]),
    hours: Hours,
  },
  { title: 'HealthFacility' },
);

export const FacilityQuery = Type.Object({ region: Type.Optional(Type.String({ maxLength: 40 })) });

const Answers = Type.Object({
  symptoms: Type.Array(Type.Enum([...SCREENING_SYMPTOMS])),
  severe: Type.Boolean(),
  contact: Type.Boolean(),
  travel: Type.Boolean(),
});

export const Referral = Type.Object(
  {
    id: Type.String(),
    regionCode: Type.String(),
    phone: Type.String({ description: 'The resident’s number, to call them back' }),
    phoneMasked: Type.String(),
    answers: Answers,
    advice: Type.String({ description: 'emergency | stay_home | get_tested | none' }),
    suspect: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
    handledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { title: 'ScreeningReferral' },
);

export const ReferralQuery = Type.Object({
  region: Type.Optional(Type.String({ maxLength: 40 })),
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('handled'), Type.Literal('all')])),
});
