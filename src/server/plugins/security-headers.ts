import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { tileImageSource } from '../config.js';

/** Paths whose answers may carry personal data: the API, the check-in page (/c/) and the follow-up page (/k/). */
const PERSONAL_PATHS = /^\/(api\/|c\/|k\/)/;

/**
 * Security headers on every answer (helmet): a CSP the built web app passes (Vite emits no inline script or style
 * attribute; Leaflet styles elements through the DOM, which CSP allows), no framing, nosniff, a referrer policy,
 * HSTS only when PUBLIC_URL is https. The /c/ and /k/ pages and /docs set their own stricter CSP in their handlers;
 * the handler's header replaces helmet's.
 *
 * `Cache-Control: no-store` on every answer under /api/, /c/ and /k/ that does not choose its own: any of them may
 * carry personal data (a case's NIK, a visitor's phone, a contact's follow-up), and a rule by prefix cannot forget a
 * new route. The few that choose their own (sector catalogue, region boundaries, the check-in script) are public
 * reference data.
 */
export async function installSecurityHeaders(app: FastifyInstance, opts: { publicUrl: string; tileUrl: string | null }): Promise<void> {
  const https = opts.publicUrl.startsWith('https:');
  const tiles = opts.tileUrl ? tileImageSource(opts.tileUrl) : null;
  const headers = helmetHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', ...(tiles ? [tiles] : [])],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Same-origin-only subresource loading would block nothing we use; COEP would break tile images.
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' },
    // The origin (never the path, which may hold a record id) goes to other sites: tile servers such as
    // OpenStreetMap's refuse requests without it. /c/ and /k/ send no referrer at all.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });

  // JSON answers are no document: they need no script or image policy, only a refusal to be framed, sniffed or
  // stored (OWASP REST security cheat sheet). The shorter set costs a check-in less (bench/checkin-paired.bench.ts).
  const apiHeaders: Record<string, string> = {
    'content-security-policy': `default-src 'none'; frame-ancestors 'none'${https ? '; upgrade-insecure-requests' : ''}`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    ...(headers['strict-transport-security'] ? { 'strict-transport-security': headers['strict-transport-security'] } : {}),
  };
  // One synchronous hook with values computed once: it runs on every check-in. `no-store` is set first, so a route
  // that chooses its own Cache-Control (public reference data) simply replaces it.
  app.addHook('onRequest', (request, reply, done) => {
    const url = request.url;
    if (url.startsWith('/api/')) reply.headers(apiHeaders);
    else reply.headers(headers);
    if (PERSONAL_PATHS.test(url)) reply.header('cache-control', 'no-store');
    done();
  });
}

/**
 * The headers helmet sets for these options, computed once. Nothing in them varies per request (no nonces, no
 * directive functions), and helmet's middleware recomputed them for every answer: about 20 µs of a check-in's CPU,
 * measured as a 1.2x throughput difference in bench/checkin-paired.bench.ts.
 */
function helmetHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown = null;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (err?: unknown) => {
    failure = err ?? null;
  });
  if (failure instanceof Error) throw failure;
  if (failure !== null) throw new Error('helmet refused the security header options');
  return headers;
}
