import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { timeZoneLabel } from '../../../common/time-zone-label.js';
import { languageFrom, type Language } from '../../shared/language.js';
import { renderScreeningPage, type ScreeningView } from './screening-page.js';
import { isScreeningSymptom, type ScreeningAnswers } from './screening-rule.js';
import type { ScreeningService } from './screening.service.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Requests to /skrining per client address and minute: a person answers a few times, a family behind one address too. */
export const SCREENING_PER_ADDRESS = 30;

interface FormFields {
  kecamatan: string | null;
  symptoms: string[];
  severe: string | null;
  contact: string | null;
  travel: string | null;
}

function pageLanguage(request: FastifyRequest): Language {
  const q = (request.query as Record<string, unknown>).lang;
  if (q === 'id' || q === 'en') return q;
  return languageFrom(request.headers['accept-language']);
}

/**
 * The resident's self-screening page (issue #16): GET the questions, POST them for the advice and the kecamatan's
 * health facilities, POST /skrining/kirim to send them to the puskesmas (only a resident signed in on /saya; the
 * resident cookie is SameSite=Lax, so another site cannot post it). Nothing is stored unless sent.
 */
export const screeningPageRoutes: FastifyPluginAsync<{
  screening: ScreeningService;
  timeZone: string;
  limitScale: number;
  /** The signed-in resident of the request's resident cookie, if any (the citizen module's session). */
  residentOf: (request: FastifyRequest) => Promise<{ personKey: string; phone: string } | null>;
}> = async (app, opts) => {
  const { screening } = opts;
  const rateLimit = () => ({ max: Math.round(SCREENING_PER_ADDRESS * opts.limitScale), timeWindow: 60_000 });
  // Only this plugin reads form posts (encapsulated: the API stays JSON-only).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => {
    const params = new URLSearchParams(String(body));
    done(null, { kecamatan: params.get('kecamatan'), symptoms: params.getAll('symptoms'), severe: params.get('severe'), contact: params.get('contact'), travel: params.get('travel') } satisfies FormFields);
  });

  const send = (reply: FastifyReply, status: number, view: ScreeningView, lang: Language) =>
    reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', CSP)
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(renderScreeningPage(view, lang));

  const kecamatanList = async () => (await screening.kecamatan()).map((k) => ({ code: k.code, name: k.name }));

  /** The answers of a form post, or the names of the fields that are missing or wrong. */
  async function readForm(body: Partial<FormFields> | undefined) {
    const fields = body ?? {};
    const invalid: string[] = [];
    const kecamatan = (await kecamatanList()).find((k) => k.code === fields.kecamatan);
    if (!kecamatan) invalid.push('kecamatan');
    const yesNo = (value: string | null | undefined, name: string) => {
      if (value === 'yes') return true;
      if (value === 'no') return false;
      invalid.push(name);
      return undefined;
    };
    const symptoms = [...new Set((fields.symptoms ?? []).filter(isScreeningSymptom))];
    if ((fields.symptoms ?? []).some((s) => !isScreeningSymptom(s))) invalid.push('symptoms');
    const contact = yesNo(fields.contact, 'contact');
    const travel = yesNo(fields.travel, 'travel');
    const severe = fields.severe === 'yes';
    const values = { kecamatan: fields.kecamatan ?? undefined, symptoms, severe, contact, travel };
    if (invalid.length > 0 || !kecamatan || contact === undefined || travel === undefined) return { ok: false as const, invalid, values };
    const answers: ScreeningAnswers = { symptoms, severe, contact, travel };
    return { ok: true as const, answers, kecamatan };
  }

  app.get('/skrining', { config: { access: 'public', rateLimit: rateLimit() }, schema: { hide: true } }, async (request, reply) =>
    send(reply, 200, { kind: 'form', kecamatan: await kecamatanList(), invalid: [] }, pageLanguage(request)),
  );

  app.post<{ Body: Partial<FormFields> }>('/skrining', { config: { access: 'public', rateLimit: rateLimit() }, schema: { hide: true } }, async (request, reply) => {
    const lang = pageLanguage(request);
    const form = await readForm(request.body);
    if (!form.ok) return send(reply, 400, { kind: 'form', kecamatan: await kecamatanList(), values: form.values, invalid: form.invalid }, lang);
    const { result, facilities } = await screening.screen(form.answers, form.kecamatan.code);
    const signedIn = (await opts.residentOf(request)) !== null;
    return send(reply, 200, { kind: 'result', answers: form.answers, kecamatan: form.kecamatan, result, facilities, signedIn, zone: timeZoneLabel(opts.timeZone) }, lang);
  });

  app.post<{ Body: Partial<FormFields> }>('/skrining/kirim', { config: { access: 'public', rateLimit: rateLimit() }, schema: { hide: true } }, async (request, reply) => {
    const lang = pageLanguage(request);
    const form = await readForm(request.body);
    if (!form.ok) return send(reply, 400, { kind: 'form', kecamatan: await kecamatanList(), values: form.values, invalid: form.invalid }, lang);
    const resident = await opts.residentOf(request);
    if (!resident) {
      // Signed out meanwhile: the result again, with the sign-in link instead of the button; nothing stored.
      const { result, facilities } = await screening.screen(form.answers, form.kecamatan.code);
      return send(reply, 401, { kind: 'result', answers: form.answers, kecamatan: form.kecamatan, result, facilities, signedIn: false, zone: timeZoneLabel(opts.timeZone) }, lang);
    }
    await screening.refer(request.ctx, resident, form.answers, form.kecamatan.code);
    return send(reply, 200, { kind: 'sent', kecamatan: form.kecamatan }, lang);
  });
};
