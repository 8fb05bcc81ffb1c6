import { openingViewOf } from '../../shared/opening-text.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { problemMessages } from '../../plugins/errors.js';
import { toIso } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { ID_PATTERN } from '../../shared/ids.js';
import { languageFrom, type Language } from '../../shared/language.js';
import { maskPhone } from '../../shared/phone.js';
import { localMoment, timeZoneAbbreviation } from '../../shared/local-time.js';
import { text, texts } from '../../shared/texts.js';
import { iconPng, manifest, serviceWorker } from './checkin-pwa.js';
import { plainFormTexts, renderCheckinPage, renderOfflinePage, renderPlainResult, type CheckinPageOptions, type CheckinPageView, type DoorColour, type PlainForm, type PlainResult } from './checkin-page.js';
import type { CheckinLimits } from './checkin-limits.js';
import type { CheckinsService } from './checkins.service.js';
import { capacityLimit, RATING_ITEMS, sanctionOf, type RatingScores, type RefusalReason } from './checkins.shared.js';

export interface CheckinPageRoutesOptions {
  checkins: CheckinsService;
  timeZone: string;
  /** config.cityName, in the page's header. */
  cityName: string;
  retentionDays: number;
  /** Folder holding the built check-in script (`npm run build:checkin` → dist/checkin/checkin.js). */
  assetsDir: string;
  /** The same limits as the JSON routes (checkin-limits.ts): a form post counts like the script's call. */
  limits: CheckinLimits;
  /** The person key of the resident signed in on this browser, for the door's status check (see CheckinsRoutesOptions). */
  residentKeyOf?: (request: FastifyRequest) => Promise<string | null>;
}

const LANG_COOKIE = 'jb_lang';
const YEAR_SECONDS = 365 * 24 * 60 * 60;
/**
 * Without the script, the browser is the device: this cookie holds its open visit (id and check-out secret, as the
 * script keeps them in localStorage), so that the next check-in can prove it. A reload of the form is then the
 * repeated scan and a check-in elsewhere closes the visit; a form sent with the same phone number from another
 * browser is a new visit (issue #14). HttpOnly, only under /c, no longer than a visit stays open.
 */
const VISIT_COOKIE = 'jb_visit';
const VISIT_COOKIE_SECONDS = 12 * 60 * 60;
const ASSET_PREFIX = '/checkin-assets/';
/** A form without the script sends two short fields. */
const PLAIN_FORM_LIMIT_BYTES = 2048;
const VISIT_ID = new RegExp(ID_PATTERN);
const SECRET = /^[A-Za-z0-9_-]{16,64}$/;
type PlainPost = { Params: { token: string }; Querystring: Record<string, unknown>; Body: unknown };
/** Options of the plain-form routes (fresh per route: Fastify keeps a route's options), with their limit per address. */
const plainRoute = (rateLimit: { max: number; timeWindow: number }) => ({ config: { access: 'public' as const, rateLimit: { ...rateLimit } }, schema: { hide: true }, bodyLimit: PLAIN_FORM_LIMIT_BYTES });

// The page is small and is served on every scan: the CSS is inline, the script is a separate file named by its
// content hash (cached for a year), so a returning visitor downloads only the HTML. Scripts only from this origin.
const CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; manifest-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

interface Asset {
  name: string;
  body: Buffer;
  gzipped: Buffer;
}

function loadAsset(assetsDir: string): Asset | null {
  const file = path.join(assetsDir, 'checkin.js');
  if (!existsSync(file)) return null;
  const body = readFileSync(file);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { name: `checkin.${hash}.js`, body, gzipped: gzipSync(body, { level: 9 }) };
}

function acceptsGzip(request: FastifyRequest): boolean {
  const header = request.headers['accept-encoding'];
  return typeof header === 'string' && /\bgzip\b/.test(header);
}

function pageLanguage(request: FastifyRequest<{ Querystring: Record<string, unknown> }>): { lang: Language; chosen: boolean } {
  const requested = request.query.lang;
  if (requested === 'id' || requested === 'en') return { lang: requested, chosen: true };
  const remembered = request.cookies[LANG_COOKIE];
  if (remembered === 'id' || remembered === 'en') return { lang: remembered, chosen: false };
  return { lang: languageFrom(request.headers['accept-language']), chosen: false };
}

/** The visit id and check-out secret a plain form carries as hidden fields, when both are well-formed. */
function visitProof(body: unknown): { visitId: string; secret: string } | null {
  const visitId = formField(body, 'visitId', 64);
  const secret = formField(body, 'checkoutSecret', 64);
  return VISIT_ID.test(visitId) && SECRET.test(secret) ? { visitId, secret } : null;
}

/** The open visit this browser holds, from its cookie (`<visit id>.<secret>`), when well-formed. */
function visitCookie(request: FastifyRequest): { visitId: string; checkoutSecret: string } | undefined {
  const value = request.cookies[VISIT_COOKIE] ?? '';
  const cut = value.indexOf('.');
  const visitId = value.slice(0, cut);
  const checkoutSecret = value.slice(cut + 1);
  return cut > 0 && VISIT_ID.test(visitId) && SECRET.test(checkoutSecret) ? { visitId, checkoutSecret } : undefined;
}

/** A refusal's detail and its per-field messages, in the page's language. */
function problemTexts(err: AppError, lang: Language): { detail: string; fields: Map<string, string> } {
  const messages = problemMessages(err, lang);
  const fields = new Map(messages.errors.map((e) => [e.field, e.message]));
  return { detail: messages.detail ?? '', fields };
}

/** One text field of a posted form, '' when missing or not text; cut to the longest value that field accepts plus one. */
function formField(body: unknown, name: string, maxLength: number): string {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.slice(0, maxLength + 1) : '';
}

/** The rules engine writes reasons as clauses ("outside the venue's own opening hours …"); the page shows sentences. */
function sentence(text: string | null): string | null {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : null;
}

/** A refused token → which page the visitor sees. */
function refusalView(reason: RefusalReason, venueName: string | null, sanction?: { label: string; until: string | null } | null): CheckinPageView {
  switch (reason) {
    case 'poster_replaced':
      return venueName === null ? { kind: 'unknown' } : { kind: 'replaced', venueName };
    case 'venue_suspended':
      return venueName === null ? { kind: 'unknown' } : { kind: 'suspended', venueName, ...(sanction ? { sanction } : {}) };
    case 'venue_not_verified':
      return venueName === null ? { kind: 'unknown' } : { kind: 'unverified', venueName };
    case 'unknown_poster':
    case 'venue_full':
    case 'outside_hours':
    case 'closed_by_rule':
    case 'rate_limited':
    case 'status_check':
      return { kind: 'unknown' };
  }
}

/**
 * GET /c/{token}: the address printed in every poster's QR (outside /api: a page for people, not JSON), and
 * GET /checkin-assets/checkin.{hash}.js: its script.
 */
export const checkinPageRoutes: FastifyPluginAsync<CheckinPageRoutesOptions> = async (app, opts) => {
  const { checkins, limits } = opts;
  const asset = loadAsset(opts.assetsDir);
  const zoneLabel = timeZoneAbbreviation(opts.timeZone);

  async function viewFor(token: string, lang: Language): Promise<CheckinPageView> {
    const state = await checkins.pageState(token);
    if ('refusal' in state) {
      // A venue suspended by an enforcement sanction: which one and until when, in the page's language.
      const sanction = state.venue ? sanctionOf(state.venue) : null;
      const view = sanction ? { label: text(lang, `enforcement.sanction.${sanction.type}`), until: sanction.until === null ? null : localMoment(sanction.until, opts.timeZone) } : null;
      return refusalView(state.refusal.extra.reason as RefusalReason, state.venue?.name ?? null, view);
    }
    const { venue, rules, current } = state;
    return {
      kind: 'venue',
      token,
      venue: { id: venue.venue_id, name: venue.name, address: venue.address, badge: venue.compliance_badge },
      rules: {
        open: rules.open,
        restricted: rules.restricted,
        closed: rules.closed,
        capacityPercent: rules.capacityPercent,
        closesAtLocal: rules.closesAtLocal ?? null,
        opensAtLocal: rules.opensAtLocal ?? null,
        opening: openingViewOf(rules, venue.opens_at !== null),
        zoneColour: rules.zoneColour,
        reason: rules.open ? null : sentence((lang === 'en' ? rules.reasonEn : rules.reasonId) ?? null),
      },
      occupancy: { current, limit: capacityLimit(venue.capacity, rules) },
    };
  }

  function send(request: FastifyRequest, reply: FastifyReply, status: number, html: string) {
    reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('vary', 'Accept-Language, Cookie, Accept-Encoding')
      .header('x-content-type-options', 'nosniff')
      // The token is in the URL: never hand it to another site.
      .header('referrer-policy', 'no-referrer')
      .header('content-security-policy', CSP);
    if (acceptsGzip(request)) return reply.header('content-encoding', 'gzip').send(gzipSync(html));
    return reply.send(html);
  }

  function pageOptions(token: string, lang: Language): CheckinPageOptions {
    return {
      lang,
      otherLangHref: `/c/${encodeURIComponent(token)}?lang=${lang === 'id' ? 'en' : 'id'}`,
      cityName: opts.cityName,
      zoneLabel,
      retentionDays: opts.retentionDays,
      scriptSrc: asset ? ASSET_PREFIX + asset.name : null,
    };
  }

  const localTime = (ms: number) => toIso(ms, opts.timeZone).slice(11, 16);

  // ---- the installable app and its service worker (checkin-pwa.ts) ----------------------------------------------
  const icons = new Map([192, 512].map((size) => [`icon-${size}.png`, iconPng(size)]));
  const cachedFiles = [...(asset ? [ASSET_PREFIX + asset.name] : []), ...[...icons.keys()].map((name) => ASSET_PREFIX + name)];
  const workers = new Map((['id', 'en'] as const).map((lang) => [lang, serviceWorker(cachedFiles, lang)]));

  app.get<{ Querystring: Record<string, unknown> }>('/c/manifest.webmanifest', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const lang = request.query.lang === 'en' ? 'en' : 'id';
    const t = texts(lang, 'offlineCheckin').page;
    return reply.header('content-type', 'application/manifest+json; charset=utf-8').header('cache-control', 'public, max-age=86400').send(manifest(t.manifestName, t.manifestShort, lang, ASSET_PREFIX));
  });

  // The worker's own address is under /c/, so its scope is the check-in pages; never cached, so a new version arrives.
  app.get<{ Querystring: Record<string, unknown> }>('/c/sw.js', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const lang = request.query.lang === 'en' ? 'en' : 'id';
    return reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff').send(workers.get(lang));
  });

  app.get<{ Querystring: Record<string, unknown> }>('/c/offline', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const lang: Language = request.query.lang === 'en' ? 'en' : request.query.lang === 'id' ? 'id' : pageLanguage(request).lang;
    const o = { ...pageOptions('offline', lang), otherLangHref: `?lang=${lang === 'id' ? 'en' : 'id'}` };
    reply.header('content-language', lang);
    return send(request, reply, 200, renderOfflinePage(o));
  });

  app.get<{ Params: { token: string }; Querystring: Record<string, unknown> }>('/c/:token', {
    config: { access: 'public' },
    schema: { hide: true },
  }, async (request, reply) => {
    const { lang, chosen } = pageLanguage(request);
    if (chosen) reply.setCookie(LANG_COOKIE, lang, { path: '/c', maxAge: YEAR_SECONDS, sameSite: 'lax', httpOnly: true });
    const token = request.params.token.slice(0, 100);
    const view = await viewFor(token, lang);
    const { status, html } = renderCheckinPage(view, pageOptions(token, lang));
    reply.header('content-language', lang);
    return send(request, reply, status, html);
  });

  /** What each post of the plain forms starts from: the page's language (sent as a header too), the token, the page options. */
  function plainPost(request: FastifyRequest<PlainPost>, reply: FastifyReply) {
    const { lang } = pageLanguage(request);
    reply.header('content-language', lang);
    const token = request.params.token.slice(0, 100);
    return { lang, token, o: pageOptions(token, lang) };
  }

  // The check-in form without the script posts here (application/x-www-form-urlencoded, parsed in this plugin only).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: PLAIN_FORM_LIMIT_BYTES }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.post<PlainPost>('/c/:token', plainRoute(limits.perAddress.checkin), async (request, reply) => {
    const { lang, token, o } = plainPost(request, reply);
    const poster = await checkins.posterOf(token);
    await limits.checkin(request, reply, { device: visitCookie(request) ?? null, poster, onBurst: (kind) => (poster ? checkins.noteBurst(poster, kind) : undefined) });
    const view = await viewFor(token, lang);
    if (view.kind !== 'venue') {
      const { status, html } = renderCheckinPage(view, o);
      return send(request, reply, status, html);
    }
    const values = { name: formField(request.body, 'name', 100), phone: formField(request.body, 'phone', 30) };
    try {
      const currentVisit = visitCookie(request);
      const result = await checkins.checkIn({ ...request.ctx, lang }, { token, ...values, ...(currentVisit ? { currentVisit } : {}), residentKey: async () => (await opts.residentKeyOf?.(request)) ?? null });
      if (result.checkoutSecret) {
        reply.setCookie(VISIT_COOKIE, `${result.visitId}.${result.checkoutSecret}`, { path: '/c', maxAge: VISIT_COOKIE_SECONDS, sameSite: 'strict', httpOnly: true });
      }
      const page: PlainResult = {
        kind: 'checked-in',
        token,
        venueName: result.venue.name,
        who: `${result.person.name} (${maskPhone(result.person.phone)})`,
        atLocal: localTime(result.checkedInAt),
        occupancy: result.occupancy,
        closesAtLocal: result.closesAtLocal,
        checkout: result.checkoutSecret ? { visitId: result.visitId, secret: result.checkoutSecret } : null,
        status: result.status,
      };
      return send(request, reply, result.created ? 201 : 200, renderPlainResult(page, o));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const problem = problemTexts(err, lang);
      if (err.status === 400) {
        const form: PlainForm = { values, errors: { name: problem.fields.get('name'), phone: problem.fields.get('phone') } };
        return send(request, reply, 400, renderCheckinPage(view, o, form).html);
      }
      if (err.status === 409) {
        if (err.extra.reason === 'status_check') {
          const status = err.extra.doorStatus as DoorColour;
          return send(request, reply, 409, renderPlainResult({ kind: 'refused', token, venueName: view.venue.name, headline: texts(lang, 'checkinPage').page.statusRefusedTitle, detail: problem.detail, status }, o));
        }
        const headline = plainFormTexts(lang)[err.extra.reason === 'venue_full' ? 'full' : err.extra.reason === 'closed_by_rule' ? 'closed' : 'outsideHours'];
        return send(request, reply, 409, renderPlainResult({ kind: 'refused', token, venueName: view.venue.name, headline, detail: problem.detail }, o));
      }
      // The poster changed between the page and the check-in: show the page as it is now.
      const now = renderCheckinPage(await viewFor(token, lang), o);
      return send(request, reply, now.status, now.html);
    }
  });

  app.post<PlainPost>('/c/:token/checkout', plainRoute(limits.perAddress.visitAction), async (request, reply) => {
    const { lang, token, o } = plainPost(request, reply);
    const proof = visitProof(request.body);
    if (!proof) return send(request, reply, 400, renderPlainResult({ kind: 'failed', token, title: 'checkout', detail: plainFormTexts(lang).proofBroken }, o));
    await limits.visitAction(request, reply, proof.visitId);
    const { visitId, secret } = proof;
    try {
      await checkins.checkOut(visitId, secret);
      return send(request, reply, 200, await checkedOutPage(token, visitId, secret, o));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return send(request, reply, err.status, renderPlainResult({ kind: 'failed', token, title: 'checkout', detail: problemTexts(err, lang).detail }, o));
    }
  });

  /** The checked-out page of a visit the form proved (its venue and time from the visit), with the rating form. */
  async function checkedOutPage(token: string, visitId: string, secret: string, o: CheckinPageOptions, error?: string): Promise<string> {
    const [visit] = await checkins.deviceVisits([{ visitId, checkoutSecret: secret }]);
    const atLocal = visit?.checkedOutAt ? localTime(visit.checkedOutAt) : '';
    return renderPlainResult({ kind: 'checked-out', token, venueName: visit?.venue.name ?? '', atLocal, rating: { visitId, secret, error } }, o);
  }

  app.post<PlainPost>('/c/:token/rating', plainRoute(limits.perAddress.visitAction), async (request, reply) => {
    const { lang, token, o } = plainPost(request, reply);
    const proof = visitProof(request.body);
    if (!proof) return send(request, reply, 400, renderPlainResult({ kind: 'failed', token, title: 'rating', detail: plainFormTexts(lang).proofBroken }, o));
    await limits.visitAction(request, reply, proof.visitId);
    const { visitId, secret } = proof;
    const scores = Object.fromEntries(RATING_ITEMS.map((item) => [item, Number(formField(request.body, item, 8))])) as RatingScores;
    if (!RATING_ITEMS.every((item) => Number.isInteger(scores[item]) && scores[item] >= 1 && scores[item] <= 5)) {
      return send(request, reply, 400, await checkedOutPage(token, visitId, secret, o, plainFormTexts(lang).ratingMissing));
    }
    const comment = formField(request.body, 'comment', 500);
    if (comment.length > 500) return send(request, reply, 400, await checkedOutPage(token, visitId, secret, o, plainFormTexts(lang).commentTooLong));
    try {
      await checkins.rate({ ...request.ctx, lang }, visitId, { checkoutSecret: secret, scores, ...(comment ? { comment } : {}) });
      return send(request, reply, 201, renderPlainResult({ kind: 'rated', token }, o));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return send(request, reply, err.status, renderPlainResult({ kind: 'failed', token, title: 'rating', detail: problemTexts(err, lang).detail }, o));
    }
  });

  app.get<{ Params: { file: string } }>(`${ASSET_PREFIX}:file`, {
    config: { access: 'public' },
    schema: { hide: true },
  }, async (request, reply) => {
    const icon = icons.get(request.params.file);
    if (icon) return reply.header('content-type', 'image/png').header('cache-control', `public, max-age=${YEAR_SECONDS}`).header('x-content-type-options', 'nosniff').send(icon);
    if (!asset || request.params.file !== asset.name) return reply.status(404).header('content-type', 'text/plain; charset=utf-8').send('Not found');
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', `public, max-age=${YEAR_SECONDS}, immutable`)
      .header('vary', 'Accept-Encoding')
      .header('x-content-type-options', 'nosniff');
    if (acceptsGzip(request)) return reply.header('content-encoding', 'gzip').send(asset.gzipped);
    return reply.send(asset.body);
  });
};
