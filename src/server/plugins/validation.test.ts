import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { fieldErrorsFromAjv } from './validation.js';

const ajvError = (instancePath: string, keyword: string, params: Record<string, unknown>): ErrorObject =>
  ({ instancePath, keyword, params, schemaPath: '#', message: '' }) as ErrorObject;

describe('field errors say what a person must fix', () => {
  it('"at least 1 character" reads as required; longer minimums keep their number', () => {
    expect(fieldErrorsFromAjv([ajvError('/title', 'minLength', { limit: 1 })], 'body')).toEqual([{ field: 'title', messageKey: 'validation.required' }]);
    expect(fieldErrorsFromAjv([ajvError('/title', 'minLength', { limit: 3 })], 'body')).toEqual([{ field: 'title', messageKey: 'validation.minLength', params: { limit: 3 } }]);
  });

  it('a phone, e-mail or NIK of the wrong shape is told what is expected, wherever it sits in the body', () => {
    expect(fieldErrorsFromAjv([ajvError('/phone', 'minLength', { limit: 6 })], 'body')).toEqual([{ field: 'phone', messageKey: 'validation.hint.phone' }]);
    expect(fieldErrorsFromAjv([ajvError('/tenants/2/phone', 'pattern', {})], 'body')).toEqual([{ field: 'tenants[2].phone', messageKey: 'validation.hint.phone' }]);
    expect(fieldErrorsFromAjv([ajvError('/email', 'format', { format: 'email' })], 'body')).toEqual([{ field: 'email', messageKey: 'validation.hint.email' }]);
    expect(fieldErrorsFromAjv([ajvError('/subject/nik', 'pattern', {})], 'body')).toEqual([{ field: 'subject.nik', messageKey: 'validation.nikFormat' }]);
    // A missing phone is still "required", not a shape hint.
    expect(fieldErrorsFromAjv([ajvError('', 'required', { missingProperty: 'phone' })], 'body')).toEqual([{ field: 'phone', messageKey: 'validation.required' }]);
  });
});
