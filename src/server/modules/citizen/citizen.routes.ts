import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AppError } from '../../shared/errors.js';
import { CodeRequestBody, Empty, ResidentAccessEntry, ResidentDeletion, ResidentExport, ResidentMe, ResidentVisit, SignInBody } from './citizen.schemas.js';
import type { CitizenService } from './citizen.service.js';
import { residentInboxRoutes } from './resident-inbox.routes.js';
import {
  CODE_REQUEST_WINDOW_MS,
  CODE_REQUESTS_PER_ADDRESS,
  CODE_REQUESTS_PER_NUMBER,
  RESIDENT_COOKIE,
  RESIDENT_SESSION_MS,
  SIGN_INS_PER_ADDRESS,
  type Resident,
} from './sign-in.service.js';
import { rateLimited } from '../../shared/rate-limit.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in resident on a route with `access: 'resident'` (set by the auth plugin). */
    resident: Resident | null;
  }
}

/** The resident behind the request: the auth plugin let only a resident session through. */
function residentOf(request: FastifyRequest): Resident {
  if (!request.resident) throw new Error('resident route without a resident (auth plugin)');
  return request.resident;
}

export const citizenRoutes: FastifyPluginAsync<{ citizen: CitizenService; secureCookies: boolean }> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { signIn, records } = opts.citizen;
  const tags = ['citizen'];
  // Lax: the resident arrives from an SMS link or a poster's page; the cookie is only ever sent to this site.
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: opts.secureCookies };
  const minute = 60_000;

  // Per number (its keyed hash, whatever the address): each request sends an SMS.
  const perNumber = app.createRateLimit({
    max: CODE_REQUESTS_PER_NUMBER,
    timeWindow: CODE_REQUEST_WINDOW_MS,
    keyGenerator: (request) => `resident-code:${signIn.numberKeyOf((request.body as { phone: string }).phone) ?? 'invalid'}`,
  });

  /** A lock (429) carries Retry-After, like the rate limits. */
  function withRetryAfter(reply: FastifyReply, err: unknown): never {
    if (err instanceof AppError && err.status === 429 && typeof err.params.seconds === 'number') reply.header('retry-after', String(err.params.seconds));
    throw err;
  }

  r.post('/citizen/otp', {
    config: { access: 'public', rateLimit: { max: CODE_REQUESTS_PER_ADDRESS, timeWindow: minute } },
    schema: { operationId: 'requestResidentCode', tags, summary: 'Send a 6-digit sign-in code by SMS to this number (the same answer whether the number is known or not)', body: CodeRequestBody, response: { 202: Empty } },
  }, async (request, reply) => {
    if (signIn.numberKeyOf(request.body.phone) !== null) {
      const counted = await perNumber(request);
      if (!counted.isAllowed && counted.isExceeded) {
        const seconds = Math.max(1, counted.ttlInSeconds);
        reply.header('retry-after', String(seconds));
        throw rateLimited(seconds);
      }
    }
    await signIn.requestCode(request.ctx, request.body.phone);
    return reply.status(202).send({});
  });

  r.post('/citizen/session', {
    config: { access: 'public', rateLimit: { max: SIGN_INS_PER_ADDRESS, timeWindow: minute } },
    schema: { operationId: 'signInResident', tags, summary: 'Sign in with the number and its code; sets the resident cookie (wrong code 401, locked 429)', body: SignInBody, response: { 200: ResidentMe } },
  }, async (request, reply) => {
    const session = await signIn.signIn(request.ctx, request.body.phone, request.body.code).catch((err: unknown) => withRetryAfter(reply, err));
    reply.setCookie(RESIDENT_COOKIE, session.token, { ...cookieOptions, maxAge: RESIDENT_SESSION_MS / 1000 });
    const resident = await signIn.authenticate(session.token);
    if (!resident) throw new Error('a session just opened was not found');
    return records.me(resident);
  });

  r.post('/citizen/session/end', {
    config: { access: 'public' },
    schema: { operationId: 'signOutResident', tags, summary: 'End the resident session', response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const token = request.cookies[RESIDENT_COOKIE];
    if (token) await signIn.signOut(request.ctx, token);
    reply.clearCookie(RESIDENT_COOKIE, cookieOptions);
    return reply.status(204).send(null);
  });

  // The resident page's probe on load: 200 either way, so a visitor who has not signed in sees no 401 (issue #17).
  r.get('/citizen/session', {
    config: { access: 'resident', sessionProbe: true },
    schema: { operationId: 'getResidentSession', tags, summary: 'Whether a resident is signed in: `{signedIn: false}` without a valid resident session (200, never 401), else the same as GET /citizen/me', response: { 200: Type.Object({ signedIn: Type.Boolean(), me: Type.Optional(ResidentMe) }) } },
  }, async (request) => (request.resident ? { signedIn: true, me: await records.me(request.resident) } : { signedIn: false }));

  r.get('/citizen/me', {
    config: { access: 'resident' },
    schema: { operationId: 'getResidentMe', tags, summary: 'The signed-in resident: masked number and status colour with its reason and end', response: { 200: ResidentMe } },
  }, (request) => records.me(residentOf(request)));

  r.get('/citizen/me/visits', {
    config: { access: 'resident' },
    schema: { operationId: 'listResidentVisits', tags, summary: 'Every visit recorded under my number in the retention period (QR, desk, paper), newest first', response: { 200: Type.Array(ResidentVisit) } },
  }, (request) => records.visits(residentOf(request)));

  r.get('/citizen/me/access-log', {
    config: { access: 'resident' },
    schema: { operationId: 'listResidentAccessLog', tags, summary: 'Who read my records: date, role, region and purpose of each audited staff read (never a name)', response: { 200: Type.Array(ResidentAccessEntry) } },
  }, (request) => records.accessLog(residentOf(request)));

  r.get('/citizen/me/export', {
    config: { access: 'resident' },
    schema: { operationId: 'exportResidentData', tags, summary: 'Everything the system holds about me, as JSON (audited)', response: { 200: ResidentExport } },
  }, (request) => records.export(request.ctx, residentOf(request)));

  r.get('/citizen/me/export.pdf', {
    config: { access: 'resident' },
    schema: { operationId: 'exportResidentDataPdf', tags, summary: 'Everything the system holds about me, as a readable PDF in my language (audited)' },
  }, async (request, reply) => {
    const pdf = await records.exportPdf(request.ctx, residentOf(request));
    return reply.header('content-type', 'application/pdf').header('cache-control', 'private, no-store').header('content-disposition', 'attachment; filename="jaga-baya-data-saya.pdf"').send(pdf);
  });

  r.post('/citizen/me/deletion', {
    config: { access: 'resident' },
    schema: { operationId: 'deleteResidentData', tags, summary: 'Delete what the law lets go at once; says what is kept, why and until when', response: { 200: ResidentDeletion } },
  }, (request) => records.deletion(request.ctx, residentOf(request)));

  residentInboxRoutes(app, opts.citizen.inbox, residentOf);
};
