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

export interface PublicConfigOptions {
  cityName: string;
  timeZone: string;
  tileUrl: string | null;
  tileAttribution: string | null;
  publicUrl: string;
  publicUrlProblem: 'unset' | 'loopback' | null;
}

export const publicConfigRoutes: FastifyPluginAsync<PublicConfigOptions> = async (app, opts) => {
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
          publicUrl: Type.String({ description: 'The address printed on QR posters and in SMS links (PUBLIC_URL)' }),
          publicUrlProblem: Type.Union([Type.Literal('unset'), Type.Literal('loopback'), Type.Null()], {
            description: 'Why QR posters and SMS links cannot be opened by phones (PUBLIC_URL unset or loopback), or null',
          }),
        }),
      },
    },
  }, async () => ({
    cityName: opts.cityName,
    timeZone: opts.timeZone,
    tileUrl: opts.tileUrl,
    tileAttribution: opts.tileAttribution,
    publicUrl: opts.publicUrl,
    publicUrlProblem: opts.publicUrlProblem,
  }));
};
