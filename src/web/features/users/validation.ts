import type { TFunction } from 'i18next';

/** Same rule as the server's password policy (the server remains the judge). */
export const PASSWORD_MIN_LENGTH = 10;

export function passwordProblem(password: string, t: TFunction): string | undefined {
  if (!password) return t('errors.required');
  if (password.length < PASSWORD_MIN_LENGTH) return t('errors.minLength', { count: PASSWORD_MIN_LENGTH });
  return undefined;
}

export function required(value: string, t: TFunction): string | undefined {
  return value.trim() ? undefined : t('errors.required');
}

export function hasErrors(errors: Record<string, string | undefined>): boolean {
  return Object.values(errors).some(Boolean);
}
