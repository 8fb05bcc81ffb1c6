/**
 * What a text field may hold, checked by the validator on every string of every request (plugins/validation.ts):
 * - `line` (the default of every body string): one line of text a person reads, such as a name, an address or a
 *   title: no control character (C0, DEL, C1), no line break or tab, no bidirectional override or isolate (which make
 *   a name display as something else), not made of spaces and invisible characters only;
 * - `multiline` (notes, reasons, comments): free text that may hold TAB, LF and CR, never another control character;
 * - `secret` (passwords): anything a person can type, never a control character other than TAB.
 * Query strings and path parameters follow `line` except the invisible-only rule (a search for " " is harmless).
 * NUL in particular never reaches the database (PostgreSQL refuses it in text and would answer 500).
 */
export type TextKind = 'line' | 'multiline' | 'secret' | 'query';

export const TEXT_KIND_KEYWORD = 'x-text';

/** Schema options of a multi-line free-text field: `Type.String({ maxLength: 2000, ...MULTILINE })`. */
export const MULTILINE = { [TEXT_KIND_KEYWORD]: 'multiline' } as const;
/** Schema options of a password field. */
export const SECRET = { [TEXT_KIND_KEYWORD]: 'secret' } as const;

export type TextProblem = 'controlCharacters' | 'lineBreak' | 'bidiControl' | 'invisibleOnly';

const CONTROL_EXCEPT_TAB_LF_CR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/;
const CONTROL_EXCEPT_TAB = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/;
const LINE_BREAK_OR_TAB = /[\t\n\r\u0085\u2028\u2029]/;
/** Embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069). */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
/** Whitespace and the invisible format characters (zero-width space/joiners, word joiner, BOM, Mongolian vowel separator). */
const INVISIBLE_ONLY = /^[\s\u180E\u200B-\u200F\u2060-\u2064\uFEFF]+$/;

/** The first rule `value` breaks for a field of this kind, or null. */
export function textProblem(kind: TextKind, value: string): TextProblem | null {
  if (kind === 'secret') return CONTROL_EXCEPT_TAB.test(value) ? 'controlCharacters' : null;
  if (CONTROL_EXCEPT_TAB_LF_CR.test(value)) return 'controlCharacters';
  if (kind === 'multiline') return null;
  if (LINE_BREAK_OR_TAB.test(value)) return 'lineBreak';
  if (BIDI_CONTROL.test(value)) return 'bidiControl';
  if (kind === 'line' && INVISIBLE_ONLY.test(value)) return 'invisibleOnly';
  return null;
}
