import type { TextKey, TextParams } from './texts.js';

/** A key of the catalogue's `problems` namespace: titles, details and field messages of problem+json answers. */
export type MessageKey = TextKey extends infer K ? (K extends `problems.${infer M}` ? M : never) : never;

export interface FieldError {
  /** JSON path of the offending field, e.g. "assignments/0/regionCode" written as "assignments[0].regionCode". */
  field: string;
  messageKey: MessageKey;
  params?: TextParams;
}

/**
 * A failure the client can act on. Rendered as RFC 9457 problem+json by the errors plugin, in the caller's language.
 * `type` is a stable slug, published as `${PUBLIC_URL}/problems/<type>` URIs (see problemTypeUri in plugins/errors.ts).
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly titleKey: MessageKey,
    readonly detailKey?: MessageKey,
    /** A parameter may be a text in both languages ({ id, en }), chosen by the caller's language. */
    readonly params: TextParams = {},
    readonly fieldErrors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(type);
  }
}

export const problems = {
  validation: (fieldErrors: FieldError[]) =>
    new AppError(400, 'validation', 'validation.title', 'validation.detail', {}, fieldErrors),
  unauthenticated: () => new AppError(401, 'unauthenticated', 'unauthenticated.title', 'unauthenticated.detail'),
  forbidden: () => new AppError(403, 'forbidden', 'forbidden.title', 'forbidden.detail'),
  /** A region the caller named (a filter, a new record's region) lies outside their scope: the answer may name it. */
  outOfScope: (region: string) => new AppError(403, 'out-of-scope', 'forbidden.title', 'forbiddenScope.detail', { region }),
  /**
   * A record that exists lies outside the caller's scope: 403 without the record's region, which the caller did not
   * give and may not learn (issue #14); the access layer audits the refusal under that region.
   */
  recordOutOfScope: () => new AppError(403, 'out-of-scope', 'forbidden.title', 'recordOutOfScope.detail'),
  notFound: (detailKey: MessageKey = 'notFound.detail', params: Record<string, string | number> = {}) =>
    new AppError(404, 'not-found', 'notFound.title', detailKey, params),
  conflict: (type: string, detailKey: MessageKey, params: Record<string, string | number> = {}) =>
    new AppError(409, type, 'conflict.title', detailKey, params),
};
