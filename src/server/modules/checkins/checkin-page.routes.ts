import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { languageFrom, type Language } from '../../shared/language.js';
import { renderCheckinPage, type CheckinPageView } from './checkin-page.js';
import { currentOccupancy } from './checkins.repository.js';
import { capacityLimit, type CheckinsService, type RefusalReason } from './checkins.service.js';

export interface CheckinPageRoutesOptions {
  db: Db;
  clock: Clock;
  checkins: CheckinsService;
  timeZone: string;
  retentionDays: number;
  /** Folder holding the built check-in script (`npm run build:checkin` → dist/checkin/checkin.js). */
  assetsDir: string;
}

const ZONE_LABELS: Record<string, string> = { 'Asia/Makassar': 'WITA', 'Asia/Jakarta': 'WIB', 'Asia/Pontianak': 'WIB', 'Asia/Jayapura': 'WIT' };
const LANG_COOKIE = 'jb_lang';
const YEAR_SECONDS = 365 * 24 * 60 * 60;
const ASSET_PREFIX = '/checkin-assets/';

// The page is small and is served on every scan: the CSS is inline, the script is a separate file named by its
// content hash (cached for a year), so a returning visitor downloads only the HTML. Scripts only from this origin.
const CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

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

/** The rules engine writes reasons as clauses ("outside the venue's own opening hours …"); the page shows sentences. */
function sentence(text: string | null): string | null {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : null;
}

/** A refused token → which page the visitor sees. */
function refusalView(reason: RefusalReason, venueName: string | null): CheckinPageView {
  switch (reason) {
    case 'poster_replaced':
      return venueName === null ? { kind: 'unknown' } : { kind: 'replaced', venueName };
    case 'venue_suspended':
      return venueName === null ? { kind: 'unknown' } : { kind: 'suspended', venueName };
    case 'venue_not_verified':
      return venueName === null ? { kind: 'unknown' } : { kind: 'unverified', venueName };
    case 'unknown_poster':
    case 'venue_full':
    case 'outside_hours':
    case 'closed_by_rule':
      return { kind: 'unknown' };
  }
}

/**
 * GET /c/{token}: the address printed in every poster's QR (outside /api: a page for people, not JSON), and
 * GET /checkin-assets/checkin.{hash}.js: its script.
 */
export const checkinPageRoutes: FastifyPluginAsync<CheckinPageRoutesOptions> = async (app, opts) => {
  const { checkins, db, clock } = opts;
  const asset = loadAsset(opts.assetsDir);
  const zoneLabel = ZONE_LABELS[opts.timeZone] ?? opts.timeZone;

  async function viewFor(token: string, lang: Language): Promise<CheckinPageView> {
    const resolved = await checkins.resolveToken(token, { fresh: true });
    if ('refusal' in resolved) return refusalView(resolved.refusal.extra.reason as RefusalReason, resolved.venue?.name ?? null);
    const venue = resolved.venue;
    const [rules, current] = await Promise.all([checkins.rulesFor(venue, clock.now()), currentOccupancy(db, venue.venue_id)]);
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

  app.get<{ Params: { token: string }; Querystring: Record<string, unknown> }>('/c/:token', {
    config: { access: 'public' },
    schema: { hide: true },
  }, async (request, reply) => {
    const { lang, chosen } = pageLanguage(request);
    if (chosen) reply.setCookie(LANG_COOKIE, lang, { path: '/c', maxAge: YEAR_SECONDS, sameSite: 'lax', httpOnly: true });
    const token = request.params.token.slice(0, 100);
    const view = await viewFor(token, lang);
    const { status, html } = renderCheckinPage(view, {
      lang,
      otherLangHref: `/c/${encodeURIComponent(token)}?lang=${lang === 'id' ? 'en' : 'id'}`,
      zoneLabel,
      retentionDays: opts.retentionDays,
      scriptSrc: asset ? ASSET_PREFIX + asset.name : null,
    });
    reply.header('content-language', lang);
    return send(request, reply, status, html);
  });

  app.get<{ Params: { file: string } }>(`${ASSET_PREFIX}:file`, {
    config: { access: 'public' },
    schema: { hide: true },
  }, async (request, reply) => {
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
