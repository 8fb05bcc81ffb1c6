import type { ErrorObject } from 'ajv';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { problemMessages } from '../../plugins/errors.js';
import { fieldErrorsFromAjv } from '../../plugins/validation.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, problems } from '../../shared/errors.js';
import { localDate } from '../../shared/local-time.js';
import { text } from '../../shared/texts.js';
import { otherLanguageHref, publicPageLanguage, sendPublicPage, type PageLanguage, type PublicPageSite } from '../../shared/public-page.js';
import { ARRIVAL_FORM_FIELDS, renderArrivalReportPage, type ArrivalFormField, type ArrivalPageView, type IdKind } from './arrival-report-page.js';
import { ARRIVAL_REPORTS_PER_TEN_MINUTES } from './arrivals.routes.js';
import { ArrivalBody } from './arrivals.schemas.js';
import type { ArrivalInput, ArrivalsService } from './arrivals.service.js';

/** The form's fields are a few hundred characters; 16 KiB leaves room for any script percent-encoded, and no more. */
export const ARRIVAL_FORM_LIMIT_BYTES = 16 * 1024;
/** The desa/kelurahan change only on a region import: the list is read again after this long. */
const VILLAGES_TTL_MS = 60_000;

export interface ArrivalReportPageOptions {
  arrivals: ArrivalsService;
  /** The desa and kelurahan by name (the regions module's `villages`), for the desa/kelurahan select. */
  villages: () => Promise<{ code: string; name: string }[]>;
  site: PublicPageSite;
  clock: Clock;
  timeZone: string;
  reportsPerTenMinutes?: number;
}

type FormBody = Record<string, unknown>;
const FIELD_NAMES = Object.keys(ARRIVAL_FORM_FIELDS) as ArrivalFormField[];

/**
 * The form post as the JSON API's body (ArrivalBody), so the route validates it with the very same schema: the ID kind
 * keeps the field it names and drops the other (hidden on the page), a repeated field becomes a list (the schema then
 * refuses it), and any other name stays for the schema to refuse as unknown.
 */
function formBody(raw: string): FormBody {
  const fields = new Map<string, string | string[]>();
  for (const [key, value] of new URLSearchParams(raw)) {
    const seen = fields.get(key);
    fields.set(key, seen === undefined ? value : [seen, value].flat());
  }
  const kind = fields.get('idKind') ?? 'nik';
  if (kind === 'nik' || kind === 'passport') {
    fields.delete('idKind');
    fields.delete(kind === 'nik' ? 'passport' : 'nik');
  }
  // fromEntries defines own properties: a field named __proto__ is a field (refused), not the object's prototype.
  return Object.fromEntries(fields);
}

/**
 * The newcomer's self-report drawn by the server (issue #17): GET /lapor-diri is the form, POST /lapor-diri (a plain
 * form post) stores the report through the same service call and validation as POST /api/v1/arrivals and answers
 * the receipt, or the form again with each wrong field's message (status 400, nothing stored). The kos owner's batch
 * (/lapor-diri/kos) stays in the web app.
 */
export const arrivalReportPageRoutes: FastifyPluginAsync<ArrivalReportPageOptions> = async (app, opts) => {
  const { arrivals, site } = opts;
  const perTenMinutes = opts.reportsPerTenMinutes ?? ARRIVAL_REPORTS_PER_TEN_MINUTES;

  // Only this plugin reads form posts, and reads nothing else (encapsulated: a JSON post here is 415).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: ARRIVAL_FORM_LIMIT_BYTES }, (_request, body, done) => {
    done(null, formBody(String(body)));
  });

  let villages: { at: number; list: Promise<{ code: string; name: string }[]> } | null = null;
  function villageList() {
    const now = opts.clock.now();
    if (!villages || now - villages.at > VILLAGES_TTL_MS) {
      const list = opts.villages();
      villages = { at: now, list };
      list.catch(() => (villages = null));
    }
    return villages.list;
  }

  const send = (request: FastifyRequest, reply: FastifyReply, language: PageLanguage, view: ArrivalPageView, status: number) => {
    sendPublicPage(reply, language, renderArrivalReportPage(site, language.lang, otherLanguageHref(request, language.lang), view), status);
    // An answer to a post holds what the person typed, or their reference: kept by no cache, named to no other site.
    if (request.method === 'POST') reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    return reply;
  };

  async function formAgain(request: FastifyRequest, reply: FastifyReply, language: PageLanguage, body: FormBody, err: AppError, status: number) {
    const messages = problemMessages(err, language.lang);
    const fieldErrors: Partial<Record<ArrivalFormField, string>> = {};
    const elsewhere: string[] = [];
    for (const e of messages.errors) {
      if ((FIELD_NAMES as string[]).includes(e.field)) fieldErrors[e.field as ArrivalFormField] ??= e.message;
      else elsewhere.push(`${e.field}: ${e.message}`);
    }
    const values: Partial<Record<ArrivalFormField, string>> = {};
    for (const name of FIELD_NAMES) {
      const value = [body[name]].flat()[0];
      if (typeof value === 'string') values[name] = value;
    }
    const idKind: IdKind = typeof body.passport === 'string' && body.nik === undefined ? 'passport' : 'nik';
    // A field left empty is told so as the web app's form told it ("Wajib diisi."), not by the schema's length rule.
    const required = text(language.lang, 'errors.required');
    const unread = idKind === 'nik' ? 'passport' : 'nik';
    for (const name of FIELD_NAMES) if (name !== unread && values[name]?.trim() === '' && typeof body[name] === 'string') fieldErrors[name] = required;
    // The summary says what to do; messages for fields this form does not have (a forged post's) are listed in it.
    const lead = err.status === 400 ? text(language.lang, 'errors.checkFields') : (messages.detail ?? messages.title);
    const summary = [lead, ...elsewhere].join(' ');
    return send(request, reply, language, { kind: 'form', villages: await villageList(), idKind, values, fieldErrors, error: summary }, status);
  }

  // A body over the limit: the form again (empty: the post was not read), with the limit said in the page's language.
  app.setErrorHandler(async (error: Error & { code?: string }, request, reply) => {
    if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error;
    const language = publicPageLanguage(request);
    return formAgain(request, reply, language, {}, new AppError(413, 'body-too-large', 'tooLarge.title', 'tooLarge.detail', { limit: ARRIVAL_FORM_LIMIT_BYTES }), 413);
  });

  app.get('/lapor-diri', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const language = publicPageLanguage(request);
    const today = localDate(opts.clock.now(), opts.timeZone);
    return send(request, reply, language, { kind: 'form', villages: await villageList(), idKind: 'nik', values: { arrivalDate: today }, fieldErrors: {}, error: null }, 200);
  });

  app.post<{ Body: FormBody }>(
    '/lapor-diri',
    {
      config: { access: 'public', rateLimit: { max: perTenMinutes, timeWindow: 10 * 60 * 1000 } },
      schema: { hide: true, body: ArrivalBody },
      // The schema's answer is drawn on the form rather than sent as problem+json.
      attachValidation: true,
      bodyLimit: ARRIVAL_FORM_LIMIT_BYTES,
    },
    async (request, reply) => {
      const language = publicPageLanguage(request);
      const body = request.body ?? {};
      if (request.validationError) {
        const fieldErrors = fieldErrorsFromAjv(request.validationError.validation as ErrorObject[], request.validationError.validationContext);
        return formAgain(request, reply, language, body, problems.validation(fieldErrors), 400);
      }
      try {
        const receipt = await arrivals.report({ ...request.ctx, lang: language.lang }, body as unknown as ArrivalInput);
        return send(request, reply, language, { kind: 'receipt', ...receipt }, 201);
      } catch (err) {
        if (!(err instanceof AppError) || err.status !== 400) throw err;
        return formAgain(request, reply, language, body, err, 400);
      }
    },
  );
};
