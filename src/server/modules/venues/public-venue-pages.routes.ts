import type { FastifyPluginAsync } from 'fastify';
import { isSectorCode } from '../../../common/reference/sectors.js';
import { problemMessages } from '../../plugins/errors.js';
import { AppError } from '../../shared/errors.js';
import { ID_PATTERN } from '../../shared/ids.js';
import { otherLanguageHref, publicPageLanguage, queryText, sendPublicPage, type PublicPageSite } from '../../shared/public-page.js';
import { text } from '../../shared/texts.js';
import type { RegionsService } from '../regions/index.js';
import { renderVenueList, renderVenueMissing, renderVenuePage, type VenueListView } from './public-venue-pages.js';
import type { VenuesService } from './venues.service.js';

/** Page views per client address and minute: a visitor browses a few pages, a family or a kos behind one address too. */
export const VENUE_PAGES_PER_ADDRESS = 120;
const PAGE_SIZE = 30;
const VENUE_ID = new RegExp(ID_PATTERN);
const QUERY_MAX = 100;

/**
 * GET /tempat (verified venues by desa, sector and name) and GET /tempat/{id} (one venue's page), drawn by the server
 * (public-venue-pages.ts). The same service calls as GET /api/v1/public/venues(/{id}), so the page and the API agree.
 */
export const publicVenuePagesRoutes: FastifyPluginAsync<{
  venues: Pick<VenuesService, 'publicList' | 'publicVenue'>;
  regions: Pick<RegionsService, 'villages'>;
  site: PublicPageSite;
  limitScale: number;
}> = async (app, opts) => {
  const { venues, site } = opts;
  const route = () => ({ config: { access: 'public' as const, rateLimit: { max: Math.round(VENUE_PAGES_PER_ADDRESS * opts.limitScale), timeWindow: 60_000 } }, schema: { hide: true } });

  app.get('/tempat', route(), async (request, reply) => {
    const language = publicPageLanguage(request);
    const { lang } = language;
    const filter = { desa: queryText(request, 'desa'), sektor: queryText(request, 'sektor'), q: queryText(request, 'q').trim() };
    const cursor = queryText(request, 'cursor');
    const all = await opts.regions.villages();
    const view: VenueListView = { site, lang, otherLanguageHref: otherLanguageHref(request, lang), villages: all, filter, list: null, nextHref: null, problem: null };
    const refuse = (field: string, labelKey: Parameters<typeof text>[1], message: string) =>
      sendPublicPage(reply, language, renderVenueList({ ...view, problem: { field, message: `${text(lang, labelKey)}: ${message}` } }), 400);
    const invalid = text(lang, 'problems.validation.invalid');
    if (filter.desa && !all.some((v) => v.code === filter.desa)) return refuse('desa', 'venues.form.region', invalid);
    if (filter.sektor && !isSectorCode(filter.sektor)) return refuse('sektor', 'venues.form.sector', invalid);
    if (filter.q.length > QUERY_MAX || filter.q.includes('\0')) return refuse('q', 'venues.public.search', text(lang, 'problems.validation.maxLength', { limit: QUERY_MAX }));
    let list;
    try {
      list = await venues.publicList({ region: filter.desa || undefined, sector: filter.sektor || undefined, q: filter.q || undefined, cursor: cursor || undefined, limit: PAGE_SIZE });
    } catch (err) {
      // A cursor that is not one of ours: the first page again, with the reason.
      if (err instanceof AppError && err.status === 400) {
        const list = await venues.publicList({ region: filter.desa || undefined, sector: filter.sektor || undefined, q: filter.q || undefined, limit: PAGE_SIZE });
        return sendPublicPage(reply, language, renderVenueList({ ...view, list, problem: { field: 'cursor', message: problemMessages(err, lang).detail ?? invalid } }), 400);
      }
      throw err;
    }
    const next = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== ''));
    if (list.nextCursor) next.set('cursor', list.nextCursor);
    return sendPublicPage(reply, language, renderVenueList({ ...view, list, nextHref: list.nextCursor ? `/tempat?${next.toString()}` : null }));
  });

  app.get<{ Params: { id: string } }>('/tempat/:id', route(), async (request, reply) => {
    const language = publicPageLanguage(request);
    const frame = { site, lang: language.lang, otherLanguageHref: otherLanguageHref(request, language.lang) };
    const missing = () => sendPublicPage(reply, language, renderVenueMissing(frame, text(language.lang, 'problems.venueNotFound.detail')), 404);
    if (!VENUE_ID.test(request.params.id)) return missing();
    try {
      return sendPublicPage(reply, language, renderVenuePage({ ...frame, venue: await venues.publicVenue(request.params.id) }));
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return missing();
      throw err;
    }
  });
};
