import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
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
  await app.register(helmet, {
    global: true,
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

  app.addHook('onSend', async (request, reply) => {
    if (!reply.hasHeader('cache-control') && PERSONAL_PATHS.test(request.url)) reply.header('cache-control', 'no-store');
  });
}
