import { AppError, problems } from '../../shared/errors.js';
import { decodeCursor as decodeKey, encodeCursor, pageOf as pageRows, type Page } from '../../shared/pagination.js';
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

/** Venue lists are keyed by (name, id): shared/pagination.ts cursors of two parts. */
export function decodeCursor(cursor: string | undefined): { name: string; id: string } | undefined {
  const key = decodeKey(cursor, 2);
  return key && { name: key[0] as string, id: key[1] as string };
}

export function pageOf<T>(rows: VenueListRow[], limit: number, present: (row: VenueListRow) => T): Page<T> {
  return pageRows(rows, limit, (last) => encodeCursor(last.name, last.id), present);
}
