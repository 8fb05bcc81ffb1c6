import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { constantTimeEqual } from '../../shared/crypto.js';
import { problems } from '../../shared/errors.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { OperationsService } from './operations.service.js';

export interface HealthRoutesOptions {
  operations: OperationsService;
  /** METRICS_TOKEN: when set, /metrics wants it as a bearer token; unset, /metrics answers direct loopback callers only. */
  metricsToken: string | null;
}

export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/healthz', {
    config: { access: 'public' },
    schema: { operationId: 'getHealth', tags: ['operations'], summary: 'Alive: 200 when the database answers', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    logLevel: 'warn',
  }, async () => opts.operations.health());
  r.get('/readyz', {
    config: { access: 'public' },
    schema: {
      operationId: 'getReadiness',
      tags: ['operations'],
      summary: 'Ready for traffic: the database answers, every migration is applied, and the process is not draining for shutdown (503 otherwise)',
      response: { 200: Type.Object({ status: Type.Literal('ready') }) },
    },
    logLevel: 'warn',
  }, async () => opts.operations.readiness());
  r.get('/metrics', {
    config: { access: 'public' },
    schema: {
      operationId: 'getMetrics',
      tags: ['operations'],
      summary: 'Prometheus metrics (text format): with METRICS_TOKEN as a bearer token, or from loopback without a proxy when no token is set',
      response: { 200: Type.String() },
    },
    logLevel: 'warn',
  }, async (request, reply) => {
    if (!metricsAllowed(request, opts.metricsToken)) throw problems.notFound();
    const { contentType, body } = await opts.operations.metricsText();
    return reply.type(contentType).header('cache-control', 'no-store').send(body);
  });
};

/**
 * Metrics name routes, job names and pool sizes: not for the public. A token when one is set (compared in constant
 * time); else only a caller on this machine that came through no proxy (a proxy on loopback would otherwise make
 * every internet caller look local).
 */
function metricsAllowed(request: FastifyRequest, token: string | null): boolean {
  if (token) {
    return constantTimeEqual(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '', token);
  }
  if (request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined) return false;
  const address = request.socket.remoteAddress ?? '';
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

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
