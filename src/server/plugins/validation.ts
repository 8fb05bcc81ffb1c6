import { Ajv, type ErrorObject, type SchemaValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { FieldError, MessageKey } from '../shared/errors.js';
import { TEXT_KIND_KEYWORD, textProblem, type TextKind, type TextProblem } from '../shared/text-fields.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Objects reject unknown properties unless a schema says otherwise: a typo in a field name must be an error
 * the client sees, not data silently dropped. Every string gets a text kind (`x-text`, shared/text-fields.ts) unless
 * its schema names one: control characters, line breaks and direction overrides are refused everywhere by default,
 * so a new field cannot forget it.
 */
function prepareSchema(schema: unknown, defaultKind: TextKind): unknown {
  if (Array.isArray(schema)) return schema.map((s) => prepareSchema(s, defaultKind));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = prepareSchema(v, defaultKind);
  if (out.type === 'object' && out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  const isString = out.type === 'string' || (Array.isArray(out.type) && out.type.includes('string'));
  if (isString && out[TEXT_KIND_KEYWORD] === undefined) out[TEXT_KIND_KEYWORD] = defaultKind;
  return out;
}

function addTextKindKeyword(ajv: Ajv): void {
  const check: SchemaValidateFunction = (kind: TextKind, data: unknown) => {
    if (typeof data !== 'string') return true;
    const problem = textProblem(kind, data);
    if (problem === null) return true;
    check.errors = [{ keyword: TEXT_KIND_KEYWORD, message: problem, params: { problem } }];
    return false;
  };
  ajv.addKeyword({ keyword: TEXT_KIND_KEYWORD, schemaType: 'string', errors: true, validate: check });
}

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    coerceTypes: coerce ? 'array' : false,
    strict: false,
  });
  addFormats(ajv);
  addTextKindKeyword(ajv);
  return ajv;
}

/** Bodies are validated strictly (no type coercion); query strings and params, which are text, are coerced. */
export function installValidators(app: FastifyInstance): void {
  const bodyAjv = makeAjv(false);
  const textAjv = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? bodyAjv : textAjv;
    return ajv.compile(prepareSchema(schema, httpPart === 'body' ? 'line' : 'query') as object);
  });
}

function pathToField(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

function join(base: string, name: string): string {
  return base ? `${base}.${name}` : name;
}

/**
 * Fields whose shape a person must be told rather than a schema's limit ("minimal 6 karakter" says nothing about a
 * phone number): a length, pattern or format error on them names what is expected instead.
 */
const FIELD_HINTS: Record<string, MessageKey> = {
  phone: 'validation.hint.phone',
  contactPhone: 'validation.hint.phone',
  email: 'validation.hint.email',
  nik: 'validation.nikFormat',
};
const SHAPE_KEYWORDS = new Set(['minLength', 'maxLength', 'pattern', 'format']);

function withFieldHint(fe: FieldError, keyword: string): FieldError {
  const leaf = fe.field.split(/[.[\]]/).filter((part) => part && !/^\d+$/.test(part)).pop() ?? '';
  const hint = FIELD_HINTS[leaf];
  return hint && SHAPE_KEYWORDS.has(keyword) ? { field: fe.field, messageKey: hint } : fe;
}

export function fieldErrorsFromAjv(errors: ErrorObject[], context: string | undefined): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const base = pathToField(e.instancePath);
    const p = e.params as Record<string, unknown>;
    let fe: FieldError;
    switch (e.keyword) {
      case 'required':
        fe = { field: join(base, String(p.missingProperty)), messageKey: 'validation.required' };
        break;
      case 'additionalProperties':
        fe = { field: join(base, String(p.additionalProperty)), messageKey: 'validation.unknownField' };
        break;
      case 'type':
        fe = { field: base, messageKey: 'validation.type', params: { type: String(p.type) } };
        break;
      case 'minLength':
        // "at least 1 character" is how a schema says "required": say it as a person would.
        fe = Number(p.limit) <= 1 ? { field: base, messageKey: 'validation.required' } : { field: base, messageKey: 'validation.minLength', params: { limit: Number(p.limit) } };
        break;
      case 'maxLength':
      case 'minimum':
      case 'maximum':
      case 'minItems':
      case 'maxItems':
        fe = { field: base, messageKey: `validation.${e.keyword}`, params: { limit: Number(p.limit) } };
        break;
      case 'exclusiveMinimum':
        fe = { field: base, messageKey: 'validation.minimum', params: { limit: Number(p.limit) } };
        break;
      case 'exclusiveMaximum':
        fe = { field: base, messageKey: 'validation.maximum', params: { limit: Number(p.limit) } };
        break;
      case 'pattern':
        fe = { field: base, messageKey: 'validation.pattern' };
        break;
      case 'format':
        fe = { field: base, messageKey: 'validation.format', params: { format: String(p.format) } };
        break;
      case 'enum':
        fe = { field: base, messageKey: 'validation.enum', params: { values: (p.allowedValues as unknown[]).join(', ') } };
        break;
      case TEXT_KIND_KEYWORD:
        fe = { field: base, messageKey: `validation.${p.problem as TextProblem}` };
        break;
      case 'const':
        fe = { field: base, messageKey: 'validation.enum', params: { values: String(p.allowedValue) } };
        break;
      default:
        fe = { field: base, messageKey: 'validation.invalid' };
    }
    if (!fe.field) fe.field = context === 'body' ? '(body)' : context ?? '(request)';
    fe = withFieldHint(fe, e.keyword);
    const key = `${fe.field}|${fe.messageKey}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(fe);
    }
  }
  return out;
}

export type RouteSchema = FastifySchema;
