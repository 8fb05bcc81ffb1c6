import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { languageFrom, type Language } from '../../shared/language.js';
import { renderFollowUpPage, type FollowUpView } from './follow-up-page.js';
import type { TracingService } from './tracing.service.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function pageLanguage(request: FastifyRequest, contactLang: string | null): Language {
  const q = (request.query as Record<string, unknown>).lang;
  if (q === 'id' || q === 'en') return q;
  if (contactLang === 'en' || contactLang === 'id') return contactLang;
  return languageFrom(request.headers['accept-language']);
}

/**
 * Requests to /k/ per client address and minute (GET and POST each). Tokens are 256-bit, so guessing one is hopeless,
 * but a guesser must still be slowed (issue #14, finding 4). A contact opens their own link about once a day; even
 * many contacts behind one carrier NAT address do not open 30 a minute.
 */
export const FOLLOW_UP_PER_ADDRESS = 30;

/** The contact's personal follow-up page (GET/POST /k/{token}): server-rendered, no script, a plain form. */
export const followUpPageRoutes: FastifyPluginAsync<{ tracing: TracingService; limitScale: number }> = async (app, opts) => {
  const { tracing } = opts;
  const rateLimit = () => ({ max: Math.round(FOLLOW_UP_PER_ADDRESS * opts.limitScale), timeWindow: 60_000 });
  // Only this plugin reads form posts (encapsulated: the API stays JSON-only).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => {
    const params = new URLSearchParams(String(body));
    done(null, { condition: params.get('condition'), symptoms: params.getAll('symptoms'), temperature: params.get('temperature') });
  });

  const send = (reply: FastifyReply, status: number, view: FollowUpView, lang: Language, path: string) =>
    reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', CSP)
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(renderFollowUpPage(view, lang, path));

  async function show(request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply, extra: { saved?: boolean; invalid?: boolean } = {}) {
    const found = await tracing.followUpByToken(request.params.token);
    const path = `/k/${encodeURIComponent(request.params.token)}`;
    if (found.kind === 'unknown') return send(reply, 404, { kind: 'unknown' }, pageLanguage(request, null), path);
    const lang = pageLanguage(request, found.contact.language);
    if (found.kind === 'expired') return send(reply, 410, { kind: 'expired', quarantineEnd: found.contact.quarantine_end }, lang, path);
    return send(reply, extra.invalid ? 400 : 200, { kind: 'form', quarantineEnd: found.contact.quarantine_end, today: found.today, reportedToday: found.reportedToday, saved: extra.saved === true, invalid: extra.invalid === true, byVillage: found.contact.case_id === null }, lang, path);
  }

  app.get<{ Params: { token: string } }>('/k/:token', { config: { access: 'public', rateLimit: rateLimit() }, schema: { hide: true } }, (request, reply) => show(request, reply));

  app.post<{ Params: { token: string }; Body: { condition?: unknown; symptoms?: unknown; temperature?: unknown } }>(
    '/k/:token',
    { config: { access: 'public', rateLimit: rateLimit() }, schema: { hide: true } },
    async (request, reply) => {
      const body = request.body ?? {};
      const symptoms = Array.isArray(body.symptoms) ? body.symptoms.filter((s): s is string => typeof s === 'string') : [];
      const rawTemp = typeof body.temperature === 'string' || typeof body.temperature === 'number' ? String(body.temperature).trim().replace(',', '.') : '';
      const temperatureC = rawTemp === '' ? null : Number(rawTemp);
      const result = await tracing.submitReport(request.params.token, {
        symptomatic: body.condition === 'symptoms',
        symptoms: body.condition === 'symptoms' ? symptoms : [],
        temperatureC: temperatureC !== null && Number.isNaN(temperatureC) ? -1 : temperatureC,
      });
      return show(request, reply, result.kind === 'ok' ? { saved: true } : result.kind === 'invalid' ? { invalid: true } : {});
    },
  );
};
