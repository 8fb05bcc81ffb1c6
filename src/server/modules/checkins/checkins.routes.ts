import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { toIso } from '../../shared/clock.js';
import type { CheckinLimits } from './checkin-limits.js';
import type { createCheckinInsights } from './checkins.insights.js';
import {
  CheckinBody,
  CheckinReply,
  CheckinSummaryReply,
  CheckoutBody,
  CheckoutReply,
  DeviceVisitsBody,
  DeviceVisitsReply,
  OccupancyReply,
  OfflineCheckinBody,
  OfflineCheckinReply,
  OpenVisitsReply,
  OversightQuery,
  OversightReply,
  RatingBody,
  ReleaseRatingsReply,
  StaffVisitBody,
  StaffVisitReply,
  VenueParams,
  VenueVisitParams,
  VisitParams,
} from './checkins.schemas.js';
import type { CheckinsService } from './checkins.service.js';

export interface CheckinsRoutesOptions {
  checkins: CheckinsService;
  insights: ReturnType<typeof createCheckinInsights>;
  timeZone: string;
  /** The public surface's limits (checkin-limits.ts), shared with the check-in page's forms. */
  limits: CheckinLimits;
  /** The person key of the resident signed in on this browser (the citizen module's cookie), for the door's status check. */
  residentKeyOf?: (request: FastifyRequest) => Promise<string | null>;
}

export const checkinsRoutes: FastifyPluginAsync<CheckinsRoutesOptions> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { checkins, timeZone, limits } = opts;
  // The public routes below count per address as the request arrives, then per device, visit or poster (429 with
  // Retry-After) before doing anything else.
  const { perAddress } = limits;
  const iso = (ms: number) => toIso(ms, timeZone);

  r.post('/checkins', {
    config: { access: 'public', rateLimit: perAddress.checkin },
    schema: {
      operationId: 'checkIn',
      tags: ['checkins'],
      summary: 'Check in with the token of a venue poster, a name and a phone number (no account needed)',
      body: CheckinBody,
      response: { 200: CheckinReply, 201: CheckinReply },
    },
  }, async (request, reply) => {
    const poster = await checkins.posterOf(request.body.token);
    // A burst that runs into a poster's limit is noted for the venue's desk (once a minute at most).
    await limits.checkin(request, reply, { device: request.body.currentVisit ?? null, poster, onBurst: (kind) => (poster ? checkins.noteBurst(poster, kind) : undefined) });
    const result = await checkins.checkIn(request.ctx, { ...request.body, residentKey: async () => (await opts.residentKeyOf?.(request)) ?? null });
    return reply.status(result.created ? 201 : 200).send({
      visitId: result.visitId,
      checkoutSecret: result.checkoutSecret,
      duplicate: !result.created,
      venue: result.venue,
      checkedInAt: iso(result.checkedInAt),
      occupancy: result.occupancy,
      closesAtLocal: result.closesAtLocal,
      closedVisitId: result.closedVisitId,
      status: result.status,
    });
  });

  r.post('/checkins/offline', {
    config: { access: 'public', rateLimit: perAddress.checkin },
    schema: {
      operationId: 'sendOfflineCheckin',
      tags: ['checkins'],
      summary: "Send a check-in the phone kept while it had no signal: the phone's time (at most 12 h ago), its own key (a replay stores nothing new); never refused for capacity",
      body: OfflineCheckinBody,
      response: { 200: OfflineCheckinReply, 201: OfflineCheckinReply },
    },
  }, async (request, reply) => {
    const body = request.body;
    const poster = await checkins.posterOf(body.token);
    await limits.checkin(request, reply, { device: null, poster, onBurst: (kind) => (poster ? checkins.noteBurst(poster, kind) : undefined) });
    const result = await checkins.offlineCheckIn(request.ctx, { ...body, checkedInAt: Date.parse(body.checkedInAt) });
    return reply.status(result.created ? 201 : 200).send({
      visitId: result.visitId,
      duplicate: !result.created,
      venue: result.venue,
      checkedInAt: iso(result.checkedInAt),
      checkedOutAt: result.checkedOutAt === null ? null : iso(result.checkedOutAt),
      overCapacity: result.overCapacity,
      source: 'offline' as const,
    });
  });

  r.post('/checkins/:visitId/checkout', {
    config: { access: 'public', rateLimit: perAddress.visitAction },
    schema: { operationId: 'checkOut', tags: ['checkins'], summary: 'Check out; the secret the device received at check-in proves the visit is yours', params: VisitParams, body: CheckoutBody, response: { 200: CheckoutReply } },
  }, async (request, reply) => {
    await limits.visitAction(request, reply, request.params.visitId);
    const out = await checkins.checkOut(request.params.visitId, request.body.checkoutSecret);
    return { visitId: out.visitId, checkedOutAt: iso(out.checkedOutAt) };
  });

  r.post('/checkins/:visitId/rating', {
    config: { access: 'public', rateLimit: perAddress.visitAction },
    schema: { operationId: 'rateVisit', tags: ['checkins'], summary: "Rate the venue's health protocols after checking out (once per visit)", params: VisitParams, body: RatingBody, response: { 201: VisitParams } },
  }, async (request, reply) => {
    await limits.visitAction(request, reply, request.params.visitId);
    return reply.status(201).send(await checkins.rate(request.ctx, request.params.visitId, request.body));
  });

  r.post('/checkins/device-visits', {
    config: { access: 'public', rateLimit: perAddress.deviceRead },
    schema: { operationId: 'listDeviceVisits', tags: ['checkins'], summary: 'The recent visits held by this device', body: DeviceVisitsBody, response: { 200: DeviceVisitsReply } },
  }, async (request, reply) => {
    await limits.deviceRead(request, reply, request.body.visits);
    return (await checkins.deviceVisits(request.body.visits)).map((v) => ({ ...v, checkedInAt: iso(v.checkedInAt), checkedOutAt: v.checkedOutAt === null ? null : iso(v.checkedOutAt) }));
  });

  r.get('/venues/:id/occupancy', {
    config: { access: 'public' },
    schema: { operationId: 'getVenueOccupancy', tags: ['checkins'], summary: 'People inside now and the limit under the rules in force', params: VenueParams, response: { 200: OccupancyReply } },
  }, (request) => checkins.occupancy(request.params.id));

  r.post('/venues/:id/visits', {
    config: { access: 'authenticated' },
    schema: { operationId: 'recordStaffVisit', tags: ['checkins'], summary: 'Desk mode or a paper guest-book line: staff enter a visit by name and phone', params: VenueParams, body: StaffVisitBody, response: { 201: StaffVisitReply } },
  }, async (request, reply) => {
    const body = request.body;
    const result = await checkins.recordStaffVisit(request.ctx, request.params.id, {
      name: body.name,
      phone: body.phone,
      checkedInAt: Date.parse(body.checkedInAt),
      checkedOutAt: body.checkedOutAt ? Date.parse(body.checkedOutAt) : null,
      source: body.source,
    });
    return reply.status(201).send({ visitId: result.visitId });
  });

  r.get('/venues/:id/visits/open', {
    config: { access: 'authenticated' },
    schema: {
      operationId: 'listOpenVisits',
      tags: ['checkins'],
      summary: "Desk mode: who is inside now (names; phones masked). The venue's managers and officers in scope only; audited",
      params: VenueParams,
      response: { 200: OpenVisitsReply },
    },
  }, async (request) => {
    const open = await checkins.openVisits(request.ctx, request.params.id);
    return { ...open, items: open.items.map((v) => ({ ...v, checkedInAt: iso(v.checkedInAt) })), bursts: open.bursts.map((b) => ({ ...b, at: iso(b.at) })) };
  });

  r.post('/venues/:id/visits/:visitId/checkout', {
    config: { access: 'authenticated' },
    schema: { operationId: 'checkOutStaffVisit', tags: ['checkins'], summary: 'Desk mode: check a person out', params: VenueVisitParams, response: { 200: CheckoutReply } },
  }, async (request) => {
    const out = await checkins.staffCheckOut(request.ctx, request.params.id, request.params.visitId);
    return { visitId: out.visitId, checkedOutAt: iso(out.checkedOutAt) };
  });

  r.get('/venues/:id/checkin-summary', {
    config: { access: 'authenticated' },
    schema: { operationId: 'getVenueCheckinSummary', tags: ['checkins'], summary: "Live occupancy, today's visits by hour, ratings and refused check-ins", params: VenueParams, response: { 200: CheckinSummaryReply } },
  }, async (request) => {
    const s = await opts.insights.venueSummary(request.ctx, request.params.id);
    return {
      ...s,
      ratings: {
        ...s.ratings,
        comments: s.ratings.comments.map((c) => ({ ...c, at: iso(c.at) })),
        held: { ...s.ratings.held, latestAt: s.ratings.held.latestAt === null ? null : iso(s.ratings.held.latestAt) },
      },
      refusedToday: s.refusedToday.map((a) => ({ ...a, at: iso(a.at) })),
    };
  });

  r.post('/venues/:id/ratings/release', {
    config: { access: 'venues:inspect' },
    schema: {
      operationId: 'releaseHeldRatings',
      tags: ['checkins'],
      summary: "Count a venue's ratings held for review (a burst from one address or of new phones) after a look; officers who may inspect it; audited",
      params: VenueParams,
      response: { 200: ReleaseRatingsReply },
    },
  }, (request) => opts.insights.releaseHeldRatings(request.ctx, request.params.id));

  r.get('/checkins/oversight', {
    config: { access: 'checkins:oversee' },
    schema: { operationId: 'getCheckinOversight', tags: ['checkins'], summary: 'For the village task force: poor ratings, venues over capacity now, attempts outside hours', querystring: OversightQuery, response: { 200: OversightReply } },
  }, async (request) => {
    const o = await opts.insights.regionOversight(request.ctx, request.query.region);
    return { ...o, refusedAttempts: o.refusedAttempts.map((a) => ({ ...a, at: iso(a.at) })) };
  });
};
