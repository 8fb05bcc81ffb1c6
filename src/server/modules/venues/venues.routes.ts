import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_S, SESSION_COOKIE, SESSION_IDLE_MS } from '../accounts/index.js';
import { CHECKLIST_ANSWERS, PROKES_CHECKLIST, PROKES_CHECKLIST_VERSION } from './prokes-checklist.js';
import { prokesItemLabel, prokesItemShortLabel } from './prokes-checklist-labels.js';
import { INSPECTION_OVERALL_RESULTS } from './compliance-score.js';
import type { VenueManagersService } from './venue-managers.service.js';
import { PHOTO_MAX_BYTES, PHOTO_TYPES, type VenuesService } from './venues.service.js';
import {
  AssessmentResult,
  ChecklistReply,
  ComplianceReply,
  CorrectVenueBody,
  InspectionBody,
  InspectionPhotoParams,
  InspectionResult,
  LocateQuery,
  LocateReply,
  Poster,
  PublicListQuery,
  PublicVenue,
  PublicVenuePage,
  ReasonBody,
  RegionQuery,
  RegisteredVenue,
  RegisterVenueBody,
  SelfAssessmentBody,
  SignupAccepted,
  SignupBody,
  SignupConfirmBody,
  SignupReply,
  StaffListQuery,
  TodoItem,
  VenueDetail,
  VenueIdParams,
  VenuePage,
  VenueSummary,
  VerificationBody,
} from './venues.schemas.js';

export interface VenuesRoutesOptions {
  venues: VenuesService;
  venueManagers: VenueManagersService;
  secureCookies: boolean;
  clock: Clock;
  /** Sign-ups per client IP per hour. */
  signupsPerHour?: number;
}

const PDF_FILENAME_SAFE = /[^A-Za-z0-9-]/g;

export const venuesRoutes: FastifyPluginAsync<VenuesRoutesOptions> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { venues, venueManagers } = opts;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: opts.secureCookies };

  // Inspection photos arrive as the raw image body (JSON would inflate them by a third and hit the 64 KB limit).
  app.addContentTypeParser([...PHOTO_TYPES], { parseAs: 'buffer', bodyLimit: PHOTO_MAX_BYTES }, (_request, body, done) => done(null, body));

  // ---- venue managers ------------------------------------------------------------------------------------------

  r.post('/venue-managers/signup', {
    // Per client address and hour (shared/rate-limit.ts: 429 with Retry-After; across processes with REDIS_URL).
    config: { access: 'public', rateLimit: { max: opts.signupsPerHour ?? 10, timeWindow: 60 * 60 * 1000 } },
    schema: {
      operationId: 'signUpVenueManager',
      tags: ['venues'],
      summary: 'Venue manager self sign-up: mails a confirmation link (or, for a registered address, a notice to its owner); the same 202 either way',
      body: SignupBody,
      response: { 202: SignupAccepted },
    },
  }, async (request, reply) => {
    await venueManagers.signup(request.ctx, request.body);
    return reply.status(202).send({ email: request.body.email.trim().toLowerCase() });
  });

  r.post('/venue-managers/signup/confirm', {
    // The token is sealed and expires; the limit keeps a guesser of tokens, or of phones, slow.
    config: { access: 'public', rateLimit: { max: opts.signupsPerHour ?? 10, timeWindow: 60 * 60 * 1000 } },
    schema: { operationId: 'confirmVenueManagerSignup', tags: ['venues'], summary: 'Confirm a sign-up with the mailed link; creates the account and logs it in', body: SignupConfirmBody, response: { 201: SignupReply } },
  }, async (request, reply) => {
    const { id, username, token, deviceToken } = await venueManagers.confirm(request.ctx, request.body.token, request.headers['user-agent'] ?? null);
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: SESSION_IDLE_MS / 1000 });
    // The browser that signed up is the account's own from the start (accounts' login-throttle.ts).
    reply.setCookie(DEVICE_COOKIE, deviceToken, { ...cookieOptions, maxAge: DEVICE_COOKIE_MAX_AGE_S });
    return reply.status(201).send({ id, username });
  });

  // ---- reference data ------------------------------------------------------------------------------------------

  r.get('/prokes-checklist', {
    config: { access: 'public' },
    schema: { operationId: 'getProkesChecklist', tags: ['venues'], summary: 'The prokes checklist of self-assessments and inspections (Pergub 46/2020, Perwali 48/2020)', response: { 200: ChecklistReply } },
  }, async () => ({
    version: PROKES_CHECKLIST_VERSION,
    answers: [...CHECKLIST_ANSWERS],
    overallResults: [...INSPECTION_OVERALL_RESULTS],
    items: PROKES_CHECKLIST.map((item) => {
      const short = prokesItemShortLabel(item.code);
      const label = prokesItemLabel(item.code);
      return {
        code: item.code,
        shortLabelId: short.id,
        shortLabelEn: short.en,
        labelId: label.id,
        labelEn: label.en,
        weight: item.weight,
        mayBeNotApplicable: item.mayBeNotApplicable,
        rules: [...item.source.rules],
        instruments: [...item.source.instruments],
        confidence: item.source.confidence,
      };
    }),
  }));

  r.get('/venues/locate', {
    config: { access: 'public' },
    schema: { operationId: 'locateVenueRegion', tags: ['venues'], summary: 'The desa/kelurahan whose boundary contains a point (empty outside the city)', querystring: LocateQuery, response: { 200: LocateReply } },
  }, (request) => venues.locate(request.query.lat, request.query.lon));

  // ---- registry ------------------------------------------------------------------------------------------------

  r.post('/venues', {
    config: { access: 'venues:register' },
    schema: { operationId: 'registerVenue', tags: ['venues'], summary: 'Register a venue (a manager for themselves, or an administrator)', body: RegisterVenueBody, response: { 201: RegisteredVenue } },
  }, async (request, reply) => reply.status(201).send(await venues.register(request.ctx, request.body)));

  r.get('/me/venues', {
    config: { access: 'authenticated' },
    schema: { operationId: 'listMyVenues', tags: ['venues'], summary: 'The venues I manage', response: { 200: Type.Array(VenueSummary) } },
  }, (request) => venues.mine(request.ctx));

  r.get('/venues', {
    config: { access: 'venues:read' },
    schema: { operationId: 'listVenues', tags: ['venues'], summary: 'Venues in my region scope', querystring: StaffListQuery, response: { 200: VenuePage } },
  }, (request) => venues.list(request.ctx, request.query));

  r.get('/venues/verification-queue', {
    config: { access: 'venues:verify' },
    schema: { operationId: 'listVenueVerificationQueue', tags: ['venues'], summary: 'Venues awaiting verification in my scope, oldest first', querystring: RegionQuery, response: { 200: Type.Array(VenueSummary) } },
  }, (request) => venues.verificationQueue(request.ctx, request.query.region));

  r.get('/venues/:id', {
    config: { access: 'authenticated' },
    schema: { operationId: 'getVenue', tags: ['venues'], summary: 'A venue with its history, posters, self-assessment, inspections and score', params: VenueIdParams, response: { 200: VenueDetail } },
  }, (request) => venues.get(request.ctx, request.params.id));

  r.patch('/venues/:id', {
    config: { access: 'authenticated' },
    schema: { operationId: 'updateVenue', tags: ['venues'], summary: 'Edit (manager) or correct (village officer, administrator) a venue', params: VenueIdParams, body: CorrectVenueBody, response: { 200: VenueDetail } },
  }, (request) => venues.correct(request.ctx, request.params.id, request.body));

  // ---- verification and status ---------------------------------------------------------------------------------

  r.post('/venues/:id/verification', {
    config: { access: 'venues:verify' },
    schema: { operationId: 'decideVenueVerification', tags: ['venues'], summary: 'Approve or reject a pending venue', params: VenueIdParams, body: VerificationBody, response: { 200: VenueDetail } },
  }, (request) => venues.decide(request.ctx, request.params.id, request.body));

  r.post('/venues/:id/suspension', {
    config: { access: 'venues:verify' },
    schema: { operationId: 'suspendVenue', tags: ['venues'], summary: 'Suspend a verified venue (its QR stops working)', params: VenueIdParams, body: ReasonBody, response: { 200: VenueDetail } },
  }, (request) => venues.suspend(request.ctx, request.params.id, request.body.reason));

  r.post('/venues/:id/reactivation', {
    config: { access: 'venues:verify' },
    schema: { operationId: 'reactivateVenue', tags: ['venues'], summary: 'Reactivate a suspended venue', params: VenueIdParams, body: ReasonBody, response: { 200: VenueDetail } },
  }, (request) => venues.reactivate(request.ctx, request.params.id, request.body.reason));

  // ---- posters -------------------------------------------------------------------------------------------------

  r.get('/venues/:id/poster.pdf', {
    config: { access: 'authenticated' },
    schema: { operationId: 'getVenuePosterPdf', tags: ['venues'], summary: 'The A4 QR poster (PDF)', params: VenueIdParams },
  }, async (request, reply) => {
    const { bytes, posterNumber } = await venues.posterPdf(request.ctx, request.params.id);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="poster-${posterNumber.replace(PDF_FILENAME_SAFE, '')}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(bytes);
  });

  r.get('/venues/:id/poster.png', {
    config: { access: 'authenticated' },
    schema: { operationId: 'getVenuePosterPng', tags: ['venues'], summary: 'The QR poster as a PNG', params: VenueIdParams },
  }, async (request, reply) => {
    const { bytes, posterNumber } = await venues.posterPng(request.ctx, request.params.id);
    return reply
      .header('content-type', 'image/png')
      .header('content-disposition', `attachment; filename="poster-${posterNumber.replace(PDF_FILENAME_SAFE, '')}.png"`)
      .header('cache-control', 'private, no-store')
      .send(bytes);
  });

  r.get('/venues/by-poster/:token', {
    config: { access: 'enforcement:record' },
    schema: {
      operationId: 'findVenueByPoster',
      tags: ['venues'],
      summary: 'The venue behind a scanned poster token, for an officer recording a violation (404 outside the officer’s scope)',
      params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) }),
      response: { 200: VenueSummary },
    },
  }, (request) => venues.venueByPoster(request.ctx, request.params.token));

  r.post('/venues/:id/poster', {
    config: { access: 'authenticated' },
    schema: { operationId: 'reissueVenuePoster', tags: ['venues'], summary: 'Reissue the poster: the previous QR stops working at once', params: VenueIdParams, response: { 201: Poster } },
  }, async (request, reply) => reply.status(201).send(await venues.reissuePoster(request.ctx, request.params.id)));

  // ---- self-assessments, inspections, compliance ---------------------------------------------------------------

  r.post('/venues/:id/self-assessments', {
    config: { access: 'authenticated' },
    schema: { operationId: 'submitSelfAssessment', tags: ['venues'], summary: "The manager's prokes self-assessment", params: VenueIdParams, body: SelfAssessmentBody, response: { 201: AssessmentResult } },
  }, async (request, reply) => reply.status(201).send(await venues.selfAssess(request.ctx, request.params.id, request.body)));

  r.post('/venues/:id/inspections', {
    config: { access: 'venues:inspect' },
    schema: { operationId: 'recordInspection', tags: ['venues'], summary: 'Record an inspection (village task force, enforcement officer)', params: VenueIdParams, body: InspectionBody, response: { 201: InspectionResult } },
  }, async (request, reply) => reply.status(201).send(await venues.inspect(request.ctx, request.params.id, request.body)));

  r.put('/venues/:id/inspections/:inspectionId/photo', {
    config: { access: 'venues:inspect' },
    bodyLimit: PHOTO_MAX_BYTES,
    schema: { operationId: 'attachInspectionPhoto', tags: ['venues'], summary: `Attach a photo (JPEG, PNG or WebP, at most ${PHOTO_MAX_BYTES} bytes) to an inspection`, params: InspectionPhotoParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const body = request.body;
    if (!Buffer.isBuffer(body)) throw new AppError(415, 'unsupported-media-type', 'unsupportedMediaType.title', 'photoType.detail');
    await venues.setInspectionPhoto(request.ctx, request.params.id, request.params.inspectionId, (request.headers['content-type'] ?? '').split(';')[0]!.trim(), body);
    return reply.status(204).send(null);
  });

  r.get('/venues/:id/inspections/:inspectionId/photo', {
    config: { access: 'authenticated' },
    schema: { operationId: 'getInspectionPhoto', tags: ['venues'], summary: "An inspection's photo", params: InspectionPhotoParams },
  }, async (request, reply) => {
    const photo = await venues.inspectionPhoto(request.ctx, request.params.id, request.params.inspectionId);
    return reply.header('content-type', photo.contentType).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(photo.bytes);
  });

  r.get('/inspections/todo', {
    config: { access: 'venues:inspect' },
    schema: { operationId: 'listInspectionTodo', tags: ['venues'], summary: 'Venues due for an inspection in my region (or one desa), most urgent first', querystring: RegionQuery, response: { 200: Type.Array(TodoItem) } },
  }, (request) => venues.inspectionTodo(request.ctx, request.query.region));

  r.get('/venues/:id/compliance', {
    config: { access: 'authenticated' },
    schema: { operationId: 'getVenueCompliance', tags: ['venues'], summary: 'The compliance score now, with its reasons, and its history', params: VenueIdParams, response: { 200: ComplianceReply } },
  }, (request) => venues.compliance(request.ctx, request.params.id));

  // ---- public --------------------------------------------------------------------------------------------------

  r.get('/public/venues', {
    config: { access: 'public' },
    schema: { operationId: 'listPublicVenues', tags: ['public'], summary: 'Verified venues, by desa (or kecamatan), sector and name', querystring: PublicListQuery, response: { 200: PublicVenuePage } },
  }, (request) => venues.publicList(request.query));

  r.get('/public/venues/:id', {
    config: { access: 'public' },
    schema: { operationId: 'getPublicVenue', tags: ['public'], summary: "A venue's public page: zone colour, rules in force now, compliance badge", params: VenueIdParams, response: { 200: PublicVenue } },
  }, (request) => venues.publicVenue(request.params.id));
};
