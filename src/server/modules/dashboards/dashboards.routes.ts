import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DashboardQuery, DashboardReply, EventsQuery, PanelParams } from './dashboards.schemas.js';
import type { DashboardsService } from './dashboards.service.js';

export interface DashboardsRoutesOptions {
  dashboards: DashboardsService;
  /** The event stream's refresh tick and lifetime (the browser's EventSource reconnects after it closes). */
  stream: { tickMs: number; lifetimeMs: number };
}

const tags = ['dashboards'];

export const dashboardsRoutes: FastifyPluginAsync<DashboardsRoutesOptions> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { dashboards } = opts;
  const open = new Set<() => void>();
  // A stream open at shutdown is ended before the server stops accepting (preClose: the server's close waits for open
  // connections, so an onClose hook would come too late).
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  r.get('/dashboards', {
    config: { access: 'dashboards:read' },
    schema: {
      operationId: 'getDashboard',
      tags,
      summary: "A region's dashboard panels (in the caller's scope) for a period of local dates, with its child regions for the drill-down",
      querystring: DashboardQuery,
      response: { 200: DashboardReply },
    },
  }, (request) => dashboards.dashboard(request.ctx, request.query));

  r.get('/dashboards/panels/:id.csv', {
    config: { access: 'dashboards:read' },
    schema: {
      operationId: 'getDashboardPanelCsv',
      tags,
      summary: 'One dashboard panel as CSV (every cell quoted; cells starting with = + - @ neutralised for spreadsheets)',
      params: PanelParams,
      querystring: DashboardQuery,
    },
  }, async (request, reply) => {
    const csv = await dashboards.panelCsv(request.ctx, request.params.id, request.query);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${csv.filename}"`).send(`\uFEFF${csv.body}`);
  });

  r.get('/dashboards/events', {
    config: { access: 'dashboards:read' },
    schema: {
      operationId: 'getDashboardEvents',
      tags,
      summary: 'Server-sent events telling a watching dashboard to refetch: a refresh tick, then the stream closes and the browser reconnects',
      querystring: EventsQuery,
    },
  }, async (request, reply) => {
    await dashboards.checkWatch(request.ctx, request.query.region);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    let seq = 0;
    const send = (event: string) => {
      if (!res.writableEnded) res.write(`id: ${++seq}\nevent: ${event}\ndata: {}\n\n`);
    };
    res.write(`retry: ${Math.min(opts.stream.tickMs, 10_000)}\n\n`);
    send('ready');
    const tick = setInterval(() => send('refresh'), opts.stream.tickMs);
    const lifetime = setTimeout(() => end(), opts.stream.lifetimeMs);
    function end() {
      clearInterval(tick);
      clearTimeout(lifetime);
      open.delete(end);
      if (!res.writableEnded) res.end();
    }
    open.add(end);
    request.raw.on('close', end);
  });
};
