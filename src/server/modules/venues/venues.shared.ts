import { AppError, problems } from '../../shared/errors.js';
import type { VenueListRow } from './venues.read-model.js';
import type { VenueStatus, VenuesTable } from './venues.table.js';

/* Small helpers the venues use-case services share. */

export const MS_PER_DAY = 86_400_000;

export function wrongStatus(status: string): AppError {
  return problems.conflict('venue-wrong-status', 'venueWrongStatus.detail', { status });
}

export function requireStatus(venue: VenuesTable, allowed: readonly VenueStatus[]): void {
  if (!(allowed as readonly string[]).includes(venue.status)) throw wrongStatus(venue.status);
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e.code === '23505' || (typeof e.message === 'string' && e.message.includes('UNIQUE constraint failed'));
}

export function decodeCursor(cursor: string | undefined): { name: string; id: string } | undefined {
  if (!cursor) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const split = text.lastIndexOf('\u0000');
  if (split < 0) throw problems.validation([{ field: 'cursor', messageKey: 'validation.invalid' }]);
  return { name: text.slice(0, split), id: text.slice(split + 1) };
}

export function pageOf<T>(rows: VenueListRow[], limit: number, present: (row: VenueListRow) => T): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(present),
    nextCursor: rows.length > limit && last ? Buffer.from(`${last.name}\u0000${last.id}`).toString('base64url') : null,
  };
}
