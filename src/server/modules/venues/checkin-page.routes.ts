import type { FastifyPluginAsync } from 'fastify';
import { languageFrom, type Language } from '../../shared/language.js';
import { renderCheckInPage, type CheckInPage } from './checkin-page.js';
import type { VenuesService } from './venues.service.js';

/**
 * GET /c/{token}: the address printed in every poster's QR. Outside /api: it is a page for people, not JSON.
 * A forged or tampered token is a 404 page, a replaced poster 410, a suspended venue a clear notice.
 */
export const checkInPageRoutes: FastifyPluginAsync<{ venues: VenuesService }> = async (app, opts) => {
  const { venues } = opts;

  app.get<{ Params: { token: string }; Querystring: { lang?: string } }>('/c/:token', {
    config: { access: 'public' },
    schema: { hide: true },
  }, async (request, reply) => {
    const requested = request.query.lang;
    const lang: Language = requested === 'en' || requested === 'id' ? requested : languageFrom(request.headers['accept-language']);
    const token = request.params.token.slice(0, 100);
    const lookup = await venues.lookupPosterToken(token);
    let page: CheckInPage;
    switch (lookup.state) {
      case 'invalid':
        page = { kind: 'invalid' };
        break;
      case 'replaced':
        page = { kind: 'replaced', venueName: lookup.venueName };
        break;
      case 'inactive':
        page = { kind: 'inactive', venueName: lookup.venueName, status: lookup.status };
        break;
      case 'active':
        page = { kind: 'venue', venue: await venues.publicVenue(lookup.venueId) };
        break;
    }
    const otherLangHref = `/c/${encodeURIComponent(token)}?lang=${lang === 'id' ? 'en' : 'id'}`;
    const { status, html } = renderCheckInPage(page, lang, otherLangHref);
    return reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-language', lang)
      .header('vary', 'Accept-Language')
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
      .send(html);
  });
};
