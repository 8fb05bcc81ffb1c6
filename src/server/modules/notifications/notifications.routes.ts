import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { toIso } from '../../shared/clock.js';
import { InboxBody, InboxReply, MyNotificationsReply, NotificationParams, NotificationsQuery, NotificationsReply } from './notifications.schemas.js';
import type { NotificationsService } from './notifications.service.js';

export interface NotificationsRoutesOptions {
  notifications: NotificationsService;
  timeZone: string;
  /**
   * The device inbox is public: its limit per address (`config.rateLimit`) and per device (the visits it claims),
   * the check-ins module's limits for the device's reads (issue #14, finding 4).
   */
  inboxLimits: {
    perAddress: { max: number; timeWindow: number };
    perDevice: (request: FastifyRequest, reply: FastifyReply, claims: readonly { visitId: string; checkoutSecret: string }[]) => void | Promise<void>;
  };
}

export const notificationsRoutes: FastifyPluginAsync<NotificationsRoutesOptions> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { notifications } = opts;
  const iso = (ms: number) => toIso(ms, opts.timeZone);
  const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

  r.get('/notifications', {
    config: { access: 'notifications:manage' },
    schema: {
      operationId: 'listNotifications',
      tags: ['notifications'],
      summary: 'Outbox for the operator: counts by status and the messages of one status (default failed), recipients masked; audited',
      querystring: NotificationsQuery,
      response: { 200: NotificationsReply },
    },
  }, async (request) => {
    const out = await notifications.overview(request.ctx, { status: request.query.status ?? 'failed', limit: request.query.limit ?? 100 });
    return {
      counts: out.counts,
      items: out.items.map((i) => ({ ...i, createdAt: iso(i.createdAt), nextAttemptAt: isoOrNull(i.nextAttemptAt), sentAt: isoOrNull(i.sentAt) })),
    };
  });

  r.post('/notifications/:id/retry', {
    config: { access: 'notifications:manage' },
    schema: { operationId: 'retryNotification', tags: ['notifications'], summary: 'Put a failed message back in the queue (after fixing the gateway); audited', params: NotificationParams, response: { 200: NotificationParams } },
  }, (request) => notifications.retry(request.ctx, request.params.id));

  r.get('/me/notifications', {
    config: { access: 'authenticated' },
    schema: {
      operationId: 'listMyNotifications',
      tags: ['notifications'],
      summary: 'My notifications along the workflows (venue verified or suspended, PKM steps), newest first, in my language',
      response: { 200: MyNotificationsReply },
    },
  }, async (request) => (await notifications.myNotifications(request.ctx)).map((n) => ({ ...n, createdAt: iso(n.createdAt), readAt: isoOrNull(n.readAt) })));

  r.post('/me/notifications/:id/read', {
    config: { access: 'authenticated' },
    schema: { operationId: 'markMyNotificationRead', tags: ['notifications'], summary: "Mark one of my notifications read (another account's: 404, nothing changes)", params: NotificationParams, response: { 200: NotificationParams } },
  }, (request) => notifications.markRead(request.ctx, request.params.id));

  r.post('/inbox', {
    config: { access: 'public', rateLimit: opts.inboxLimits.perAddress },
    schema: {
      operationId: 'getDeviceInbox',
      tags: ['notifications'],
      summary: "The check-in device's inbox: messages for the person of the visits it proves (visit id + check-out secret)",
      body: InboxBody,
      response: { 200: InboxReply },
    },
  }, async (request, reply) => {
    await opts.inboxLimits.perDevice(request, reply, request.body.visits);
    return { items: (await notifications.inbox(request.body.visits)).map((m) => ({ ...m, createdAt: iso(m.createdAt) })) };
  });
};
