import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, problems } from '../shared/errors.js';
import { languageFrom } from '../shared/language.js';
import type { RequestContext } from '../shared/request-context.js';
import { type AccountsService, type RouteAccess, SESSION_COOKIE } from '../modules/accounts/index.js';
import { RESIDENT_COOKIE, type Resident } from '../modules/citizen/index.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Every /api route must say; there is no default. */
    access?: RouteAccess;
    /** A session restricted to setting up two-factor sign-in (mandatory for its role, not yet on) may call it. */
    twoFactorEnrolment?: boolean;
    /**
     * A session probe (GET /session, GET /citizen/session): without a valid session the route still runs, with no
     * principal or resident, and says so in a 200 answer. The web app asks it on load, so an anonymous visitor's
     * console holds no 401 (Lighthouse counts it as an error, issue #17).
     */
    sessionProbe?: boolean;
  }
  interface FastifyRequest {
    ctx: RequestContext;
    sessionTokenHash: string | undefined;
  }
}

export function contextOf(request: FastifyRequest): RequestContext {
  return request.ctx;
}

/**
 * Denied by default: a route under /api without `config.access` fails at start-up, and a route that names a
 * permission is refused (401/403) before its handler runs. Region checks happen in the services. A session whose
 * account must have two-factor sign-in and has not set it up reaches only the routes marked `twoFactorEnrolment`
 * (403 `two-factor-required` elsewhere, naming where to set it up).
 */
export function installAuth(app: FastifyInstance, accounts: AccountsService, residents: { authenticate(token: string): Promise<Resident | null> }): void {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && route.config?.access === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} does not declare config.access`);
    }
  });

  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('sessionTokenHash', undefined);
  app.decorateRequest('resident', null);

  app.addHook('onRequest', async (request) => {
    request.ctx = { principal: null, lang: languageFrom(request.headers['accept-language']), ip: request.ip, requestId: String(request.id) };
  });

  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    // A resident's route reads the resident cookie only: a staff session never reaches it, and a resident session
    // never reaches a staff route (those read only the staff cookie, below).
    if (access === 'resident') {
      const token = request.cookies[RESIDENT_COOKIE];
      const resident = token ? await residents.authenticate(token) : null;
      if (!resident) {
        if (request.routeOptions.config.sessionProbe === true) return;
        throw problems.unauthenticated();
      }
      request.resident = resident;
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await accounts.authenticate(token) : null;
    if (!session) {
      if (request.routeOptions.config.sessionProbe === true) return;
      throw problems.unauthenticated();
    }
    request.ctx.principal = session.principal;
    request.sessionTokenHash = session.tokenHash;
    if (session.principal.twoFactorEnrolmentRequired && request.routeOptions.config.twoFactorEnrolment !== true) {
      throw new AppError(403, 'two-factor-required', 'twoFactorRequired.title', 'twoFactorRequired.detail', {}, [], { enrolment: '/api/v1/me/two-factor/enrolment' });
    }
    if (access !== 'authenticated') session.principal.require(access);
  });
}
