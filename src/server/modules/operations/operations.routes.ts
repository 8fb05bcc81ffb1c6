import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { OperationsService } from './operations.service.js';

export const healthRoutes: FastifyPluginAsync<{ operations: OperationsService }> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/healthz', {
    config: { access: 'public' },
    schema: { operationId: 'getHealth', tags: ['operations'], summary: '200 when the database answers', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    logLevel: 'warn',
  }, async () => opts.operations.health());
};

export const publicConfigRoutes: FastifyPluginAsync<{ cityName: string; timeZone: string; tileUrl: string | null; tileAttribution: string | null }> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/config/public', {
    config: { access: 'public' },
    schema: {
      operationId: 'getPublicConfig',
      tags: ['operations'],
      summary: 'Settings the web app needs before login',
      response: {
        200: Type.Object({
          cityName: Type.String(),
          timeZone: Type.String(),
          tileUrl: Type.Union([Type.String(), Type.Null()]),
          tileAttribution: Type.Union([Type.String(), Type.Null()]),
        }),
      },
    },
  }, async () => ({ cityName: opts.cityName, timeZone: opts.timeZone, tileUrl: opts.tileUrl, tileAttribution: opts.tileAttribution }));
};
