import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Subscription, SubscriptionInput, WeeklyReportQuery } from './reports.schemas.js';
import type { ReportsService } from './weekly-report.service.js';

const tags = ['reports'];

export const reportsRoutes: FastifyPluginAsync<{ reports: ReportsService }> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { reports } = opts;

  r.get('/reports/weekly.pdf', {
    config: { access: 'dashboards:read' },
    schema: {
      operationId: 'getWeeklyReportPdf',
      tags,
      summary: "The weekly evaluation report of a region in the caller's scope for an ISO week, as an Indonesian PDF (the dashboard's figures for that week)",
      querystring: WeeklyReportQuery,
    },
  }, async (request, reply) => {
    const { pdf, filename } = await reports.weeklyPdf(request.ctx, request.query);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${filename}"`).send(pdf);
  });

  r.get('/me/weekly-report', {
    config: { access: 'dashboards:read' },
    schema: { operationId: 'getMyWeeklyReportSubscription', tags, summary: "The caller's own subscription to the weekly report by e-mail", response: { 200: Subscription } },
  }, (request) => reports.mySubscription(request.ctx));

  r.put('/me/weekly-report', {
    config: { access: 'dashboards:read' },
    schema: { operationId: 'setMyWeeklyReportSubscription', tags, summary: 'Subscribes the caller (task force) to the weekly report by e-mail, or unsubscribes', body: SubscriptionInput, response: { 200: Subscription } },
  }, (request) => reports.setMySubscription(request.ctx, request.body));
};
