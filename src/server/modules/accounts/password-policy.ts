import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FieldError } from '../../shared/errors.js';
import { PROJECT_ROOT } from '../../shared/paths.js';
import { PASSWORD_MIN_LENGTH } from './passwords.js';

/*
 * The password policy (OWASP ASVS 2.1): at least PASSWORD_MIN_LENGTH characters, no composition rules, and no password
 * that an online guesser tries first. Checked offline, wherever a password is set (an administrator creating or
 * resetting an account, one's own change, venue managers' sign-up, the first administrator from ADMIN_PASSWORD):
 * - the 10,000 most common passwords (data/common-passwords.txt, from breach corpora, see data/NOTICE), compared
 *   case-insensitively, and also the password's letters alone ("Dragon!2024" is "dragon" with decoration);
 * - fewer than three different characters ("aaaaaaaaaa", "abababababab");
 * - the account's own name, the e-mail's local part or the city's name, alone or decorated with digits and symbols
 *   ("kotadenpasar2021", "Komang.Sari!!").
 */

const COMMON_PASSWORDS_FILE = path.join(PROJECT_ROOT, 'data', 'common-passwords.txt');
/** Letters shorter than this are not matched against the list on their own ("x7#q9!k2$m" has letters "xqkm"). */
const MIN_LETTERS_MATCHED = 4;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(readFileSync(COMMON_PASSWORDS_FILE, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== ''));
  return common;
}

/** Lower-case letters only (any script): what is left when digits, symbols and spaces are taken away. */
function lettersOf(value: string): string {
  return value.toLowerCase().replace(/[^\p{L}]/gu, '');
}

export interface PasswordContext {
  /** The account's username (for venue managers, their e-mail address). */
  username: string;
  /** The e-mail address, when the account has one. */
  email?: string;
  /** The city's name (CITY_NAME), e.g. "Kota Denpasar". */
  cityName: string;
}

/** The problems of a new password, as field errors of `field`; empty when it may be used. */
export function passwordProblems(field: string, password: string, context: PasswordContext): FieldError[] {
  if (password.length < PASSWORD_MIN_LENGTH) return [{ field, messageKey: 'validation.passwordTooShort', params: { limit: PASSWORD_MIN_LENGTH } }];
  const lower = password.toLowerCase();
  const letters = lettersOf(password);
  if (lower === context.username.toLowerCase()) return [{ field, messageKey: 'validation.passwordSameAsUsername' }];
  const names = [context.username, context.email?.split('@')[0] ?? '', context.cityName, ...context.cityName.split(/\s+/)]
    .map(lettersOf)
    .filter((n) => n.length >= MIN_LETTERS_MATCHED);
  if (letters !== '' && names.includes(letters)) return [{ field, messageKey: 'validation.passwordPersonal', params: { city: context.cityName } }];
  if (new Set(lower).size < 3) return [{ field, messageKey: 'validation.passwordTooSimple' }];
  const list = commonPasswords();
  if (list.has(lower) || (letters.length >= MIN_LETTERS_MATCHED && list.has(letters))) return [{ field, messageKey: 'validation.passwordCommon' }];
  return [];
}
