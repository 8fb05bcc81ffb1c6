import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, problems, type MessageKey } from '../shared/errors.js';
import { languageFrom, type Language } from '../shared/language.js';
import { text as catalogueText, type TextParams } from '../shared/texts.js';
import { fieldErrorsFromAjv } from './validation.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** `${PUBLIC_URL}/problems/`: problem `type` URIs live under the deployment's own address, whatever the city. */
    problemTypeBase: string;
  }
}

/** The `type` URI of a problem slug: `${publicUrl}/problems/<slug>`; the slugs are stable, the host is the deployment's. */
export function problemTypeUri(publicUrl: string, slug: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/problems/${slug}`;
}

function text(key: MessageKey, lang: Language, params: TextParams = {}): string {
  return catalogueText(lang, `problems.${key}`, params);
}

/** A problem's title, detail and field messages in one language. */
export function problemMessages(err: AppError, lang: Language): { title: string; detail: string | undefined; errors: { field: string; message: string }[] } {
  return {
    title: text(err.titleKey, lang, err.params),
    detail: err.detailKey ? text(err.detailKey, lang, err.params) : undefined,
    errors: err.fieldErrors.map((f) => ({ field: f.field, message: text(f.messageKey, lang, f.params) })),
  };
}

/** `typeBase` is `problemTypeUri(publicUrl, '')` (the app holds it as `problemTypeBase`). */
export function problemBody(err: AppError, lang: Language, instance: string, typeBase: string) {
  const messages = problemMessages(err, lang);
  const body: Record<string, unknown> = {
    type: typeBase + err.type,
    title: messages.title,
    status: err.status,
    detail: messages.detail,
    instance,
    ...err.extra,
  };
  if (messages.errors.length > 0) body.errors = messages.errors;
  return body;
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, err: AppError) {
  const lang = languageFrom(request.headers['accept-language']);
  return reply
    .status(err.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .header('content-language', lang)
    .send(JSON.stringify(problemBody(err, lang, request.url.split('?')[0] ?? request.url, request.server.problemTypeBase)));
}

/** Maps Fastify's own client errors (bad JSON, too large, wrong media type …) onto problem types. */
function fromFastifyError(err: FastifyError, bodyLimit: number): AppError | null {
  if (err.validation) {
    return problems.validation(fieldErrorsFromAjv(err.validation, err.validationContext));
  }
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(400, 'malformed-json', 'malformedJson.title', 'malformedJson.detail');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(413, 'body-too-large', 'tooLarge.title', 'tooLarge.detail', { limit: bodyLimit });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(415, 'unsupported-media-type', 'unsupportedMediaType.title', 'unsupportedMediaType.detail');
    default:
      break;
  }
  if (err instanceof SyntaxError) return new AppError(400, 'malformed-json', 'malformedJson.title', 'malformedJson.detail');
  const status = err.statusCode ?? 500;
  if (status === 429) return new AppError(429, 'rate-limited', 'rateLimited.title');
  if (status >= 400 && status < 500) return new AppError(status, 'bad-request', 'badRequest.title');
  return null;
}

/** `publicUrl` is config.publicUrl: the problem `type` URIs are derived from it. */
export function installErrorHandling(app: FastifyInstance, bodyLimit: number, publicUrl: string): void {
  app.decorate('problemTypeBase', problemTypeUri(publicUrl, ''));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = error instanceof AppError ? error : fromFastifyError(error, bodyLimit);
    if (appError) {
      if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
      return sendProblem(request, reply, appError);
    }
    // Unknown failure: log everything, tell the client nothing about internals.
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, new AppError(500, 'internal', 'internal.title', 'internal.detail', { requestId: String(request.id) }));
  });
}
