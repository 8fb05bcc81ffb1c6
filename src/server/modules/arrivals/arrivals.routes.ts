import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Arrival, ArrivalBatchBody, ArrivalBatchReceipt, ArrivalBody, ArrivalReceipt, IdParams, QueueQuery, VisitBody } from './arrivals.schemas.js';
import type { ArrivalsService } from './arrivals.service.js';

/** Reports per client address in 10 minutes, on the API and on the page's form alike. */
export const ARRIVAL_REPORTS_PER_TEN_MINUTES = 20;

export interface ArrivalsRoutesOptions {
  arrivals: ArrivalsService;
  /** Reports per client address in 10 minutes (a kos owner uses the batch; a family behind one NAT stays far below). */
  reportsPerTenMinutes?: number;
}

export const arrivalsRoutes: FastifyPluginAsync<ArrivalsRoutesOptions> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { arrivals } = opts;
  const tags = ['arrivals'];
  const rateLimit = { max: opts.reportsPerTenMinutes ?? ARRIVAL_REPORTS_PER_TEN_MINUTES, timeWindow: 10 * 60 * 1000 };

  r.post('/arrivals', {
    config: { access: 'public', rateLimit },
    schema: { operationId: 'reportArrival', tags, summary: 'A newcomer reports their arrival (lapor diri, no login); answers a reference and the end of the 14-day self-isolation', body: ArrivalBody, response: { 201: ArrivalReceipt } },
  }, async (request, reply) => reply.status(201).send(await arrivals.report(request.ctx, request.body)));

  r.post('/arrivals/batch', {
    config: { access: 'public', rateLimit },
    schema: { operationId: 'reportArrivals', tags, summary: 'A kos owner reports several tenants at once (all stored or none)', body: ArrivalBatchBody, response: { 201: ArrivalBatchReceipt } },
  }, async (request, reply) => reply.status(201).send(await arrivals.reportMany(request.ctx, request.body)));

  r.get('/arrivals', {
    config: { access: 'arrivals:read' },
    schema: { operationId: 'listArrivals', tags, summary: 'Newcomers’ reports in the caller’s villages, open ones first', querystring: QueueQuery, response: { 200: Type.Array(Arrival) } },
  }, (request) => arrivals.queue(request.ctx, request.query));

  r.post('/arrivals/:id/visit', {
    config: { access: 'arrivals:manage' },
    schema: { operationId: 'markArrivalVisited', tags, summary: 'Record that the newcomer was visited and told about the 14-day self-isolation', params: IdParams, body: VisitBody, response: { 200: Arrival } },
  }, (request) => arrivals.markVisited(request.ctx, request.params.id, request.body.note));
};
