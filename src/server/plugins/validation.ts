import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { FieldError } from '../shared/errors.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Objects reject unknown properties unless a schema says otherwise: a typo in a field name must be an error
 * the client sees, not data silently dropped.
 */
function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = closeObjects(v);
  if (out.type === 'object' && out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
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
  return ajv;
}

/** Bodies are validated strictly (no type coercion); query strings and params, which are text, are coerced. */
export function installValidators(app: FastifyInstance): void {
  const bodyAjv = makeAjv(false);
  const textAjv = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? bodyAjv : textAjv;
    return ajv.compile(closeObjects(schema) as object);
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
      case 'const':
        fe = { field: base, messageKey: 'validation.enum', params: { values: String(p.allowedValue) } };
        break;
      default:
        fe = { field: base, messageKey: 'validation.invalid' };
    }
    if (!fe.field) fe.field = context === 'body' ? '(body)' : context ?? '(request)';
    const key = `${fe.field}|${fe.messageKey}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(fe);
    }
  }
  return out;
}

export type RouteSchema = FastifySchema;
