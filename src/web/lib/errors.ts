import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';
import { fieldLabel } from './field-label';

/** The sentence to show for a failed request: the server's problem detail when there is one. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.isNetworkError) return t('errors.network');
    if (error.detail) return error.detail;
    if (error.status === 403) return t('errors.forbidden');
    if (error.status === 404) return t('errors.notFound');
    if (error.title) return error.title;
  }
  return t('errors.unexpected');
}

/** Field error for `field`: a client-side check first, then the server's answer. */
export function fieldError(
  field: string,
  client: Readonly<Record<string, string | undefined>>,
  server: unknown,
): string | undefined {
  return client[field] ?? (server instanceof ApiError ? server.fieldErrors[field] : undefined);
}

/**
 * Form-level message for an error: the problem detail, unless every piece of it is already shown
 * beside a field. Field errors for fields the form does not have are listed too.
 */
export function formErrorMessage(error: unknown, knownFields: readonly string[], t: TFunction): string | undefined {
  if (!error) return undefined;
  if (error instanceof ApiError && error.errors.length > 0) {
    const unmatched = error.unmatchedFieldErrors(knownFields, (field) => fieldLabel(field, t));
    if (unmatched.length === 0) return error.detail ?? t('errors.checkFields');
    return [error.detail ?? t('errors.checkFields'), ...unmatched].join(' ');
  }
  return errorMessage(error, t);
}
