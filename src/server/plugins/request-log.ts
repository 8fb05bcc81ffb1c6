import type { FastifyRequest, FastifyServerOptions } from 'fastify';

/**
 * A poster token (/c/<token>) opens a venue's check-in and a follow-up token (/k/<token>) opens a contact's health
 * reports: both are bearer secrets in the path, so the log names the route and never the token.
 */
export function redactUrl(url: string): string {
  return url.replace(/^\/([ck])\/[^/?#]+/, '/$1/[redacted]').replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

/** Fastify's request serializer with the URL redacted. */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

type LoggerOption = FastifyServerOptions['logger'];

/** The logger option with the redacting request serializer (whatever other options the caller gave). */
export function loggerWithRedactedUrls(logger: LoggerOption): LoggerOption {
  if (logger === false || logger === undefined) return false;
  const options = logger === true ? {} : logger;
  return { ...options, serializers: { ...options.serializers, req: serializeRequest } };
}
