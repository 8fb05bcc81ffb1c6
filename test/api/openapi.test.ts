import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app-harness.js';

type Operation = { operationId?: string; summary?: string; security?: unknown[]; responses: Record<string, unknown> };

// The document does not depend on the database engine: SQLite only. Redocly lints the same document in `npm test`.
describe('the published OpenAPI document', () => {
  let t: TestApp;
  let operations: [string, Operation][];
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const doc = (await t.request({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, Operation>> }>();
    operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]));
  });
  afterAll(() => t.close());

  it('names every operation once, summarises it and says its security', () => {
    expect(operations.length).toBeGreaterThan(90);
    const unnamed = operations.filter(([, op]) => !op.operationId || !op.summary || !Array.isArray(op.security)).map(([name]) => name);
    expect(unnamed).toEqual([]);
    const ids = operations.map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('derives security and problem answers from the routes: public login, cookie-protected users', () => {
    const byName = new Map(operations);
    expect(byName.get('POST /api/v1/auth/login')).toMatchObject({ operationId: 'logIn', security: [] });
    const users = byName.get('GET /api/v1/users/{id}')!;
    expect(users.security).toEqual([{ session: [] }]);
    expect(Object.keys(users.responses)).toEqual(['200', '400', '401', '403', '404', '500']);
  });
});
