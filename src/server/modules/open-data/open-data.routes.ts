import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { languageFrom, type Language } from '../../shared/language.js';
import { addDaysToDate } from '../../shared/local-time.js';
import { texts } from '../../shared/texts.js';
import { renderOpenDataPage } from './open-data-page.js';
import { DailyQuery, JsonSchemaDocument, OpenDataRow, openDataJsonSchema } from './open-data.schemas.js';
import { CACHE_SECONDS, MAX_RANGE_DAYS, OPEN_DATA_LICENCE, type CachedAnswer, type OpenDataService } from './open-data.service.js';

/** Requests per client address and minute: a newsroom's script or a browser; the answers come from the cache anyway. */
export const OPEN_DATA_PER_ADDRESS = 120;

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const CACHE_CONTROL = `public, max-age=${CACHE_SECONDS}`;
const LICENSE_LINK = `<${OPEN_DATA_LICENCE.url}>; rel="license"`;

/** A cached answer, or 304 when the client holds it already (If-None-Match). */
function sendCached(request: FastifyRequest, reply: FastifyReply, answer: CachedAnswer, download: boolean) {
  reply.header('etag', answer.etag).header('cache-control', CACHE_CONTROL).header('link', LICENSE_LINK).header('vary', 'accept-encoding');
  const held = request.headers['if-none-match'];
  if (held && held.split(',').some((t) => t.trim().replace(/^W\//, '') === answer.etag)) return reply.status(304).send();
  if (download) reply.header('content-disposition', `attachment; filename="${answer.fileName}"`);
  return reply.header('content-type', answer.contentType).send(answer.body);
}

/** The open data's API (issue #17): public, cached, under /api/v1. */
export const openDataRoutes: FastifyPluginAsync<{ openData: OpenDataService; publicUrl: string; limitScale: number }> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['open-data'];
  const rateLimit = { max: Math.round(OPEN_DATA_PER_ADDRESS * opts.limitScale), timeWindow: 60_000 };

  r.get('/open-data/daily', {
    config: { access: 'public', rateLimit },
    schema: {
      operationId: 'getOpenDataDaily',
      tags,
      summary: `Daily figures per desa, kecamatan or kota (CC BY 4.0; counts 1–4 as "<5"); JSON or CSV; at most ${MAX_RANGE_DAYS} days`,
      querystring: DailyQuery,
      response: { 200: Type.Array(OpenDataRow), 304: Type.Null({ description: 'Not modified: the ETag given in If-None-Match is current' }) },
    },
  }, async (request, reply) => sendCached(request, reply, await opts.openData.daily(request.query), request.query.format === 'csv'));

  const schemaDocument = openDataJsonSchema(opts.publicUrl);
  r.get('/open-data/schema', {
    config: { access: 'public', rateLimit },
    schema: { operationId: 'getOpenDataSchema', tags, summary: 'The open data’s stable schema, as JSON Schema (2020-12), with its licence', response: { 200: JsonSchemaDocument } },
  }, async (_request, reply) =>
    reply.header('content-type', 'application/schema+json; charset=utf-8').header('cache-control', 'public, max-age=86400').header('link', LICENSE_LINK).send(schemaDocument),
  );
};

function pageLanguage(request: FastifyRequest): Language {
  const q = (request.query as Record<string, unknown>).lang;
  if (q === 'id' || q === 'en') return q;
  return languageFrom(request.headers['accept-language']);
}

/** The public page GET /open-data: licence, schema, downloads and yesterday per kecamatan, without JavaScript. */
export const openDataPageRoutes: FastifyPluginAsync<{ openData: OpenDataService; cityName: string; limitScale: number }> = async (app, opts) => {
  app.get('/open-data', { config: { access: 'public', rateLimit: { max: Math.round(OPEN_DATA_PER_ADDRESS * opts.limitScale), timeWindow: 60_000 } }, schema: { hide: true } }, async (request, reply) => {
    const lang = pageLanguage(request);
    const { date, rows } = await opts.openData.yesterdayPerKecamatan();
    const html = renderOpenDataPage(
      { cityName: opts.cityName, yesterday: date, from30: addDaysToDate(date, -29), from366: addDaysToDate(date, -(MAX_RANGE_DAYS - 1)), rows, zoneNames: texts(lang, 'rules').zoneColours },
      lang,
    );
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', PAGE_CSP)
      .header('cache-control', CACHE_CONTROL)
      .header('vary', 'accept-language')
      .header('content-language', lang)
      .send(html);
  });
};
