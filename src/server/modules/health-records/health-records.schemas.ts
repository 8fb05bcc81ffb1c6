import Type from 'typebox';
import { MULTILINE } from '../../shared/text-fields.js';
import { REGION_CODE_PATTERN } from '../regions/index.js';

/* Exactly one of phone and nik, a known dose, vaccine, kind and result, and dates not in the future are checked by the
 * service (health-record-input.ts), so a bad value is named in the caller's language like every other field. */
const subject = {
  phone: Type.Optional(Type.String({ maxLength: 24 })),
  nik: Type.Optional(Type.String({ maxLength: 24 })),
  /** The puskesmas's region, needed only when the health worker holds more than one scope. */
  regionCode: Type.Optional(Type.String({ minLength: 2, maxLength: 40, pattern: REGION_CODE_PATTERN })),
};
export const VaccinationBody = Type.Object({ ...subject, dose: Type.Integer(), vaccine: Type.String({ maxLength: 40 }), date: Type.String({ maxLength: 10 }) }, { additionalProperties: false });
export const TestResultBody = Type.Object({ ...subject, kind: Type.String({ maxLength: 10 }), result: Type.String({ maxLength: 10 }), at: Type.String({ maxLength: 40 }) }, { additionalProperties: false });
const by = Type.Union([Type.Literal('phone'), Type.Literal('nik')]);
export const VaccinationRecord = Type.Object({ id: Type.String(), by, dose: Type.Integer(), vaccine: Type.String(), date: Type.String(), regionCode: Type.String() });
export const TestResultRecord = Type.Object({ id: Type.String(), by, kind: Type.Union([Type.Literal('antigen'), Type.Literal('pcr')]), result: Type.Union([Type.Literal('positive'), Type.Literal('negative')]), at: Type.String(), regionCode: Type.String() });
export const ImportBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('vaccinations'), Type.Literal('tests')]),
    csv: Type.String({ ...MULTILINE, minLength: 1, maxLength: 60_000 }),
    regionCode: subject.regionCode,
  },
  { additionalProperties: false },
);
export const ImportPreview = Type.Object({
  rows: Type.Array(Type.Object({ line: Type.Integer(), status: Type.Union([Type.Literal('new'), Type.Literal('duplicate'), Type.Literal('error')]), errors: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })) })),
  counts: Type.Object({ new: Type.Integer(), duplicate: Type.Integer(), error: Type.Integer() }),
});
export const ImportResult = Type.Object({ stored: Type.Integer(), duplicate: Type.Integer() });
