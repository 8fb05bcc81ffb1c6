import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { installAuth } from '../../src/server/plugins/auth.js';
import { createTestApp, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';

describeEachDatabase('operations', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('GET /healthz is 200 while the database answers', async () => {
    const ok = await t.request({ method: 'GET', url: '/healthz' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'ok' });
    expect(ok.headers['x-request-id']).toBeTruthy();
  });

  it('GET /openapi.json is an OpenAPI 3 document of every route; /docs browses it', async () => {
    const res = await t.request({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/me', '/api/v1/regions', '/api/v1/regions/{code}', '/api/v1/users', '/api/v1/audit', '/healthz']));
    expect(doc.paths['/api/v1/users'].post.requestBody.content['application/json'].schema.properties.assignments).toBeDefined();
    const docs = await t.request({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('GET /api/v1/config/public tells the web app the map settings and the public address', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/config/public' });
    expect(res.json()).toEqual({ cityName: 'Kota Denpasar', timeZone: 'Asia/Makassar', tileUrl: null, tileAttribution: null, publicUrl: 'http://jagabaya.test', publicUrlProblem: null });
  });
});

describe('operations without a database', () => {
  it('healthz answers 503 when the database is closed', async () => {
    const t = await createTestApp('sqlite');
    await t.database.close();
    const res = await t.request({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    await t.app.close();
  });

  it('a route under /api that does not declare its access cannot even be registered', async () => {
    const app = Fastify();
    installAuth(app, {} as never, {} as never);
    expect(() => app.get('/api/v1/leaky', async () => ({ secret: true }))).toThrow(/does not declare config.access/);
    await app.close();
  });
});
