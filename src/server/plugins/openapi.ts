import type { FastifyInstance, RouteOptions } from 'fastify';
import swagger from '@fastify/swagger';
import { SESSION_COOKIE } from '../modules/accounts/index.js';
import { RESIDENT_COOKIE } from '../modules/citizen/index.js';

/**
 * The OpenAPI document (`GET /openapi.json`), built by @fastify/swagger from the routes' schemas. What every route
 * shares is derived here, in one place, from what the route declares, rather than written on each route:
 *
 * - security: `config.access: 'public'` → none; 'resident' → the resident's cookie; anything else → the session cookie;
 * - the problem+json answers (RFC 9457) it may give: 400 when it takes a body, query or path parameters; 401 and 403
 *   unless public; 404 when it has path parameters; 413 and 415 when it takes a body; 429 when it declares a rate
 *   limit (`config.rateLimit`, @fastify/rate-limit's option); 500 always;
 * - readable schema names: a schema given a `title` (`Type.Object({...}, { title: 'Venue' })`) becomes
 *   `#/components/schemas/Venue`, which the web app's generated types (src/web/api/schema.d.ts) name.
 *
 * These additions are for the document only: Fastify neither validates nor serialises with them.
 */

export interface OpenApiOptions {
  /** PUBLIC_URL: where the API is served (the document's `servers`). */
  publicUrl: string;
}

const SECURITY_SCHEME = 'session';
const RESIDENT_SCHEME = 'resident';

/** Every tag a route may use, with what it groups. */
export const OPENAPI_TAGS = [
  { name: 'auth', description: 'Logging in and out, the logged-in user, changing one’s password' },
  { name: 'users', description: 'Staff accounts and their role assignments in regions' },
  { name: 'regions', description: 'The city’s administrative regions (kecamatan, desa/kelurahan, banjar, desa adat) and their boundaries' },
  { name: 'audit', description: 'The audit log of who did what' },
  { name: 'zones', description: 'Risk zones of the day per region, their thresholds and manual overrides' },
  { name: 'rules', description: 'Rule sets per zone colour and sector, and the rules in force' },
  { name: 'pkm', description: 'Village community activity restrictions (PKM): proposals, approval, lifecycle' },
  { name: 'venues', description: 'Venue registration, verification, posters, self-assessments, inspections and compliance' },
  { name: 'public', description: 'What anyone may read without an account: venues, zones, rules in force' },
  { name: 'checkins', description: 'Visitor check-in and check-out with a poster’s QR, desk mode, occupancy and oversight' },
  { name: 'tracing', description: 'Cases, exposures, contacts and their follow-up, clusters and venue notices' },
  { name: 'notifications', description: 'The outbox of SMS and e-mail messages and its delivery' },
  { name: 'operations', description: 'Health and the settings the web app reads before login' },
  { name: 'citizen', description: 'The resident’s own space (Lindungi Diri): sign-in by phone, my visits, my status, my data rights' },
  { name: 'open-data', description: 'Daily figures per desa, kecamatan and kota for anyone (CC BY 4.0), small counts suppressed' },
] as const;

/** The RFC 9457 problem document every 4xx/5xx answer carries (see plugins/errors.ts `problemBody`). */
const ProblemSchema = {
  type: 'object',
  description: 'A problem document (RFC 9457). Problem types may add members of their own (e.g. `limit`, `seconds`, `reason`).',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'Identifies the problem type' },
    title: { type: 'string', description: 'Short summary, in the language of the request (Accept-Language)' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'What happened in this occurrence' },
    instance: { type: 'string', description: 'The request path' },
    errors: {
      type: 'array',
      description: 'One entry per invalid field (validation problems)',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
  additionalProperties: true,
};

/** Status → the name of its shared response (components.responses) and what it means. */
const PROBLEM_RESPONSES: Record<number, { name: string; description: string }> = {
  400: { name: 'BadRequest', description: 'The request is malformed or fails validation (`errors` lists the fields)' },
  401: { name: 'Unauthenticated', description: 'No valid session: log in first' },
  403: { name: 'Forbidden', description: 'The session’s roles or regions do not allow this' },
  404: { name: 'NotFound', description: 'No such record, or none the caller may know of' },
  413: { name: 'PayloadTooLarge', description: 'The body exceeds the size limit' },
  415: { name: 'UnsupportedMediaType', description: 'The body is not of an accepted media type' },
  429: { name: 'TooManyRequests', description: 'Rate limit reached: retry after the Retry-After header’s seconds' },
  500: { name: 'InternalError', description: 'Unexpected failure (the problem carries the request id)' },
};

const PROBLEMS_KEY = 'x-problems';

type RouteSchema = Record<string, unknown>;
type DocumentedRoute = Pick<RouteOptions, 'method' | 'url' | 'bodyLimit'> & { schema?: RouteSchema; config?: { access?: string; rateLimit?: unknown } };

/** The problem statuses a route may answer with, from what it declares. */
export function problemStatuses(route: DocumentedRoute): number[] {
  const schema = route.schema ?? {};
  const takesBody = schema.body !== undefined || route.bodyLimit !== undefined;
  const statuses = new Set<number>([500]);
  if (takesBody || schema.querystring !== undefined || schema.params !== undefined) statuses.add(400);
  if (route.config?.access !== 'public') {
    statuses.add(401);
    statuses.add(403);
  }
  if (schema.params !== undefined) statuses.add(404);
  if (takesBody) {
    statuses.add(413);
    statuses.add(415);
  }
  const rateLimit = route.config?.rateLimit;
  if (rateLimit !== undefined && rateLimit !== false) statuses.add(429);
  return [...statuses].sort((a, b) => a - b);
}

/** The per-route part: security and the problem statuses (carried to `transformObject` as an `x-` extension). */
function transformRoute({ schema, url, route }: { schema: RouteSchema | undefined; url: string; route: DocumentedRoute }) {
  if (!schema || schema.hide === true) return { schema, url };
  const access = route.config?.access;
  const security = access === 'public' ? [] : [{ [access === 'resident' ? RESIDENT_SCHEME : SECURITY_SCHEME]: [] }];
  return { schema: { ...schema, security, [PROBLEMS_KEY]: problemStatuses(route) }, url };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const COMPONENT_NAME = /^[A-Za-z0-9._-]+$/;

/** Replaces every schema that has a `title` by a reference to `components.schemas[title]` (innermost first). */
function hoistTitledSchemas(node: unknown, schemas: Json, inSchema: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => hoistTitledSchemas(item, schemas, inSchema));
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    // Below `schema`, every object is a schema or a map of them (`properties`), except `example(s)` values.
    const childInSchema = inSchema ? key !== 'example' && key !== 'examples' : key === 'schema';
    out[key] = hoistTitledSchemas(value, schemas, childInSchema);
  }
  if (!inSchema || typeof out.title !== 'string' || out.type === undefined && out.anyOf === undefined && out.oneOf === undefined && out.allOf === undefined) return out;
  const name = out.title;
  if (!COMPONENT_NAME.test(name)) throw new Error(`OpenAPI: schema title "${name}" is not a valid component name`);
  const existing = schemas[name];
  if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(out)) {
    throw new Error(`OpenAPI: two different schemas are titled "${name}"; give one another title`);
  }
  schemas[name] = out;
  return { $ref: `#/components/schemas/${name}` };
}

function transformDocument({ openapiObject }: { openapiObject: Json }): Json {
  const components = (openapiObject.components ?? {}) as Json;
  const schemas: Json = { ...(components.schemas as Json | undefined) };
  const paths = hoistTitledSchemas(openapiObject.paths, schemas, false) as Record<string, Record<string, Json>>;
  const used = new Set<number>();
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      if (!isObject(operation) || !Array.isArray(operation[PROBLEMS_KEY])) continue;
      const responses = (operation.responses ?? {}) as Json;
      for (const status of operation[PROBLEMS_KEY] as number[]) {
        const shared = PROBLEM_RESPONSES[status]!;
        if (responses[String(status)] === undefined) responses[String(status)] = { $ref: `#/components/responses/${shared.name}` };
        used.add(status);
      }
      delete operation[PROBLEMS_KEY];
      operation.responses = responses;
    }
  }
  const responses: Json = {};
  for (const status of [...used].sort((a, b) => a - b)) {
    const shared = PROBLEM_RESPONSES[status]!;
    responses[shared.name] = {
      description: shared.description,
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  const sortedSchemas = Object.fromEntries(Object.entries({ ...schemas, Problem: ProblemSchema }).sort(([a], [b]) => a.localeCompare(b)));
  return { ...openapiObject, paths, components: { ...components, schemas: sortedSchemas, responses } };
}

export async function registerOpenApi(app: FastifyInstance, options: OpenApiOptions): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Jaga Baya API',
        version: '1',
        description: 'Lindungi Usaha/Layanan · Lindungi Sesama · Lindungi Diri. Errors are problem documents (RFC 9457, `application/problem+json`).',
        license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
      },
      servers: [{ url: options.publicUrl, description: 'This deployment (PUBLIC_URL)' }],
      tags: OPENAPI_TAGS.map((tag) => ({ ...tag })),
      components: {
        securitySchemes: {
          [SECURITY_SCHEME]: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session cookie that `POST /api/v1/auth/login` sets' },
          [RESIDENT_SCHEME]: { type: 'apiKey', in: 'cookie', name: RESIDENT_COOKIE, description: 'The resident’s session cookie that `POST /api/v1/citizen/session` sets (sign-in by phone)' },
        },
      },
    },
    transform: transformRoute as never,
    transformObject: transformDocument as never,
  });
}
