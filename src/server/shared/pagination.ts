/**
 * Keyset pagination, one way for every list: the service asks its repository for `limit + 1` rows after the cursor's
 * key, `pageOf` keeps `limit` of them and, when there was one more, makes the next cursor from the last row kept.
 * A cursor is opaque to clients: the key's parts (a sort value, then the id that breaks ties) joined by NUL, base64url.
 * A cursor that does not decode answers 400 on the `cursor` field.
 */
import Type, { type TSchema } from 'typebox';
import { problems } from './errors.js';

const SEPARATOR = '\u0000';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The cursor for a key: its parts (at least one; none may contain NUL) in sort order. */
export function encodeCursor(...parts: (string | number)[]): string {
  return Buffer.from(parts.map(String).join(SEPARATOR)).toString('base64url');
}

/** The key's parts, undefined when there is no cursor; a 400 when it does not have `arity` parts. */
export function decodeCursor(cursor: string | undefined, arity: number): string[] | undefined {
  if (!cursor) return undefined;
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split(SEPARATOR);
  if (parts.length !== arity || parts.some((p) => p === '')) throw problems.validation([{ field: 'cursor', messageKey: 'validation.invalid' }]);
  return parts;
}

/** One page from `limit + 1` rows: at most `limit` items, and the next cursor if there was one more row. */
export function pageOf<R, T = R>(rows: readonly R[], limit: number, cursorOf: (last: R) => string, present?: (row: R) => T): Page<T> {
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  return {
    items: present ? kept.map(present) : (kept as unknown as T[]),
    nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null,
  };
}

/** Query-string fields of a paged list. */
export function pageQueryFields(options: { max: number; default: number; cursorMaxLength?: number }) {
  return {
    cursor: Type.Optional(Type.String({ maxLength: options.cursorMaxLength ?? 400 })),
    limit: Type.Integer({ minimum: 1, maximum: options.max, default: options.default }),
  };
}

/** The response of a paged list. */
export function PageSchema<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}
