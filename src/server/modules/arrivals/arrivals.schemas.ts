import Type from 'typebox';
import { ID_PATTERN } from '../../shared/ids.js';
import { MULTILINE } from '../../shared/text-fields.js';
import { REGION_CODE_PATTERN } from '../regions/index.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const arrivalFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  nik: Type.Optional(Type.String({ minLength: 1, maxLength: 24 })),
  passport: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
  phone: Type.String({ minLength: 1, maxLength: 24 }),
  origin: Type.String({ minLength: 1, maxLength: 120 }),
  arrivalDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  regionCode: Type.String({ minLength: 2, maxLength: 40, pattern: REGION_CODE_PATTERN }),
  address: Type.String({ minLength: 1, maxLength: 300 }),
  purpose: Type.String({ minLength: 1, maxLength: 200 }),
};
export const ArrivalBody = Type.Object(arrivalFields, { additionalProperties: false });
export const ArrivalReceipt = Type.Object({ reference: Type.String(), isolationUntil: Type.String() });
export const ArrivalBatchBody = Type.Object(
  {
    reporter: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), phone: Type.String({ minLength: 1, maxLength: 24 }) }, { additionalProperties: false }),
    arrivals: Type.Array(Type.Object(arrivalFields, { additionalProperties: false }), { minItems: 1, maxItems: 30 }),
  },
  { additionalProperties: false },
);
export const ArrivalBatchReceipt = Type.Object({ arrivals: Type.Array(ArrivalReceipt) });
export const Arrival = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  name: Type.String(),
  nik: Nullable(Type.String()),
  passport: Nullable(Type.String()),
  phone: Type.String(),
  origin: Type.String(),
  arrivalDate: Type.String(),
  isolationUntil: Type.String(),
  regionCode: Type.String(),
  address: Type.String(),
  purpose: Type.String(),
  reporter: Nullable(Type.Object({ name: Type.String(), phone: Type.String() })),
  status: Type.Enum(['reported', 'visited']),
  /** Where the newcomer stands today: reported (not yet visited), visited, isolating (followed daily), ended. */
  stage: Type.Enum(['reported', 'visited', 'isolating', 'ended']),
  visitedAt: Nullable(Type.String()),
  visitNote: Nullable(Type.String()),
  /** The daily self-reports through the /k/ link sent at the visit (null before the visit, or when none was opened). */
  followUp: Nullable(
    Type.Object({
      until: Type.String(),
      reportedToday: Type.Boolean(),
      /** Days from the day after the visit up to yesterday without a report. */
      missedDays: Type.Integer(),
      lastReport: Nullable(Type.Object({ date: Type.String(), symptomatic: Type.Boolean(), symptoms: Type.Array(Type.String()), temperatureC: Nullable(Type.Number()) })),
      highestTemperature: Nullable(Type.Object({ date: Type.String(), temperatureC: Type.Number() })),
    }),
  ),
});
export const QueueQuery = Type.Object({ status: Type.Optional(Type.Enum(['reported', 'visited'])) }, { additionalProperties: false });
export const IdParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) });
export const VisitBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000, ...MULTILINE })) }, { additionalProperties: false });
