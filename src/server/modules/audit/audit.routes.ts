import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { REGION_CODE_PATTERN } from '../regions/index.js';
import { auditEntryReply } from './audit.presenter.js';
import type { AuditService } from './audit.service.js';

const AuditItem = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actorUsername: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  regionCode: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

export const auditRoutes: FastifyPluginAsync<{ audit: AuditService; timeZone: string }> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/audit', {
    config: { access: 'audit:read' },
    schema: {
      operationId: 'listAuditEvents',
      tags: ['audit'],
      summary: 'Audit log, newest first',
      querystring: Type.Object({
        cursor: Type.Optional(Type.String({ maxLength: 200 })),
        limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        action: Type.Optional(Type.String({ maxLength: 80 })),
        entityType: Type.Optional(Type.String({ maxLength: 80 })),
        entityId: Type.Optional(Type.String({ maxLength: 80 })),
        user: Type.Optional(Type.String({ maxLength: 80, description: "Part of the actor's username (case-insensitive)" })),
        region: Type.Optional(Type.String({ minLength: 2, maxLength: 40, pattern: REGION_CODE_PATTERN, description: 'Entries about this region or one inside it' })),
        from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'First local day, included' })),
        to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Last local day, included' })),
      }),
      response: { 200: Type.Object({ items: Type.Array(AuditItem), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
    },
  }, async (request) => {
    const page = await opts.audit.page(request.ctx, request.query);
    return { nextCursor: page.nextCursor, items: page.items.map((e) => auditEntryReply(e, opts.timeZone)) };
  });
};
