import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import Type from 'typebox';
import type { Db } from '../../db/kysely.js';
import { AppError } from '../../shared/errors.js';

export const healthRoutes: FastifyPluginAsync<{ db: Db }> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/healthz', {
    config: { access: 'public' },
    schema: { tags: ['operations'], summary: '200 when the database answers', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    logLevel: 'warn',
  }, async () => {
    try {
      await sql`select 1`.execute(opts.db);
    } catch {
      throw new AppError(503, 'database-unavailable', 'unavailable.title');
    }
    return { status: 'ok' as const };
  });
};

export const publicConfigRoutes: FastifyPluginAsync<{ cityName: string; timeZone: string; tileUrl: string | null; tileAttribution: string | null }> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/config/public', {
    config: { access: 'public' },
    schema: {
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
