import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import Type from 'typebox';
import { OPENAPI_TAGS, problemStatuses, registerOpenApi } from './openapi.js';

type Doc = {
  servers: { url: string }[];
  info: { license: { name: string } };
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, { security: unknown[]; responses: Record<string, { $ref?: string; content?: unknown }> }>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, unknown> };
};

async function documentOf(register: (app: ReturnType<typeof Fastify>) => void): Promise<Doc> {
  const app = Fastify();
  await registerOpenApi(app, { publicUrl: 'https://jagabaya.test' });
  register(app);
  await app.ready();
  const doc = app.swagger() as unknown as Doc;
  await app.close();
  return doc;
}

const Thing = Type.Object({ id: Type.String(), name: Type.String() }, { title: 'Thing' });

describe('problemStatuses', () => {
  it('derives the problem answers from what a route declares', () => {
    expect(problemStatuses({ method: 'GET', url: '/a', config: { access: 'public' } })).toEqual([500]);
    expect(problemStatuses({ method: 'GET', url: '/a', config: { access: 'authenticated' } })).toEqual([401, 403, 500]);
    expect(problemStatuses({ method: 'GET', url: '/a/:id', config: { access: 'public' }, schema: { params: {} } })).toEqual([400, 404, 500]);
    expect(problemStatuses({ method: 'GET', url: '/a', config: { access: 'public' }, schema: { querystring: {} } })).toEqual([400, 500]);
    expect(problemStatuses({ method: 'POST', url: '/a', config: { access: 'venues:register' }, schema: { body: {} } })).toEqual([400, 401, 403, 413, 415, 500]);
    // A raw body (an upload) is declared by its body limit rather than a schema.
    expect(problemStatuses({ method: 'PUT', url: '/a', bodyLimit: 10, config: { access: 'public' } })).toEqual([400, 413, 415, 500]);
    expect(problemStatuses({ method: 'POST', url: '/a', config: { access: 'public', rateLimit: { max: 10 } }, schema: { body: {} } })).toContain(429);
    expect(problemStatuses({ method: 'POST', url: '/a', config: { access: 'public', rateLimit: false } })).not.toContain(429);
  });
});

describe('the OpenAPI document', () => {
  it('has servers, licence, described tags, security from config.access and shared problem responses', async () => {
    const doc = await documentOf((app) => {
      app.get('/open', { config: { access: 'public' }, schema: { operationId: 'getOpen', summary: 'Open', tags: ['operations'], response: { 200: Thing } } }, () => ({ id: '1', name: 'x' }));
      app.get('/closed/:id', { config: { access: 'venues:read' }, schema: { operationId: 'getClosed', summary: 'Closed', params: Type.Object({ id: Type.String() }), response: { 200: Thing } } }, () => ({ id: '1', name: 'x' }));
      app.get('/hidden', { config: { access: 'public' }, schema: { hide: true } }, () => 'x');
    });
    expect(doc.servers).toEqual([expect.objectContaining({ url: 'https://jagabaya.test' })]);
    expect(doc.info.license.name).toBe('MIT');
    expect(doc.tags.map((t) => t.name)).toEqual(OPENAPI_TAGS.map((t) => t.name));
    expect(doc.tags.every((t) => t.description.length > 0)).toBe(true);

    const open = doc.paths['/open']!.get!;
    expect(open.security).toEqual([]);
    expect(Object.keys(open.responses)).toEqual(['200', '500']);

    const closed = doc.paths['/closed/{id}']!.get!;
    expect(closed.security).toEqual([{ session: [] }]);
    expect(closed.responses['404']).toEqual({ $ref: '#/components/responses/NotFound' });
    expect(Object.keys(closed.responses)).toEqual(['200', '400', '401', '403', '404', '500']);
    expect(closed).not.toHaveProperty('x-problems');

    expect(doc.paths['/hidden']).toBeUndefined();
    expect(doc.components.responses['NotFound']).toEqual({
      description: expect.any(String),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    // Only the responses some operation uses are listed.
    expect(doc.components.responses['TooManyRequests']).toBeUndefined();
  });

  it('turns titled schemas into named components, nested ones too', async () => {
    const Outer = Type.Object({ things: Type.Array(Thing) }, { title: 'Outer' });
    const doc = await documentOf((app) => {
      app.get('/outer', { config: { access: 'public' }, schema: { operationId: 'getOuter', summary: 'Outer', response: { 200: Outer } } }, () => ({ things: [] }));
      app.get('/thing', { config: { access: 'public' }, schema: { operationId: 'getThing', summary: 'Thing', response: { 200: Thing } } }, () => ({ id: '1', name: 'x' }));
    });
    expect(doc.paths['/thing']!.get!.responses['200']!.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } });
    expect(doc.components.schemas['Outer']).toMatchObject({ properties: { things: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } } });
    expect(doc.components.schemas['Thing']).toMatchObject({ title: 'Thing', properties: { id: { type: 'string' } } });
    expect(doc.components.schemas['Problem']).toMatchObject({ required: ['type', 'title', 'status'] });
  });

  it('refuses two different schemas with one title', async () => {
    const Other = Type.Object({ id: Type.Integer() }, { title: 'Thing' });
    await expect(
      documentOf((app) => {
        app.get('/a', { config: { access: 'public' }, schema: { operationId: 'a', summary: 'A', response: { 200: Thing } } }, () => ({ id: '1', name: 'x' }));
        app.get('/b', { config: { access: 'public' }, schema: { operationId: 'b', summary: 'B', response: { 200: Other } } }, () => ({ id: 1 }));
      }),
    ).rejects.toThrow(/two different schemas are titled "Thing"/);
  });
});
