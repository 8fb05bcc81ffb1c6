import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Db } from '../../db/kysely.js';
import { toIso } from '../../shared/clock.js';
import type { RegionsService } from '../regions/regions.service.js';
import { pageAudit } from './audit.service.js';

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

export const auditRoutes: FastifyPluginAsync<{ db: Db; timeZone: string; regions: RegionsService }> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/audit', {
    config: { access: 'audit:read' },
    schema: {
      tags: ['audit'],
      summary: 'Audit log, newest first',
      querystring: Type.Object({
        cursor: Type.Optional(Type.String({ maxLength: 200 })),
        limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        action: Type.Optional(Type.String({ maxLength: 80 })),
        entityType: Type.Optional(Type.String({ maxLength: 80 })),
        entityId: Type.Optional(Type.String({ maxLength: 80 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(AuditItem), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
    },
  }, async (request) => {
    const page = await pageAudit(opts.db, request.ctx, { ...request.query, rootCodes: await opts.regions.rootCodes() });
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((e) => ({
        id: e.id,
        at: toIso(e.at, opts.timeZone),
        actorUsername: e.actor_username,
        action: e.action,
        entityType: e.entity_type,
        entityId: e.entity_id,
        regionCode: e.region_code,
        ip: e.ip,
        details: e.details ? (JSON.parse(e.details) as Record<string, unknown>) : null,
      })),
    };
  });
};
