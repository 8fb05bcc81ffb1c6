import type { Db } from '../../db/kysely.js';
import { visitsOfPerson } from './checkins.read-model.js';
import { forgetVisitsOfPerson, ratingsOfPerson } from './checkins.repository.js';

/*
 * A person's own visits and ratings, for the resident's space (issue #16), found by the check-in person key (the
 * keyed hash of the E.164 number: a desk entry typed "0812-3456-789" and a QR check-in with "+62 812 3456 789" share
 * it); and their erasure on the person's request.
 */

export interface PersonVisit {
  visitId: string;
  venue: { id: string; name: string };
  checkedInAt: number;
  checkedOutAt: number | null;
  checkoutEstimated: boolean;
  source: string;
}

export interface PersonRating {
  visitId: string;
  venueId: string;
  scores: { masks: number; handwashing: number; distancing: number; temperature: number; cleanliness: number };
  comment: string | null;
  at: number;
}

export function createCheckinPersonRecords(deps: { db: Db }) {
  return {
    async visits(personKey: string, since: number): Promise<PersonVisit[]> {
      const rows = await visitsOfPerson(deps.db, personKey, since);
      return rows.map((v) => ({
        visitId: v.id,
        venue: { id: v.venue_id, name: v.venue_name },
        checkedInAt: Number(v.t_in),
        checkedOutAt: v.t_out === null ? null : Number(v.t_out),
        checkoutEstimated: Number(v.estimated) === 1,
        source: v.source,
      }));
    },
    async ratings(personKey: string): Promise<PersonRating[]> {
      const rows = await ratingsOfPerson(deps.db, personKey);
      return rows.map((r) => ({
        visitId: r.visit_id,
        venueId: r.venue_id,
        scores: { masks: r.masks, handwashing: r.handwashing, distancing: r.distancing, temperature: r.temperature, cleanliness: r.cleanliness },
        comment: r.comment,
        at: Number(r.at),
      }));
    },
    /** In the caller's transaction. */
    forget: (trx: Db, personKey: string, at: number, options: { keepVisits?: boolean } = {}) => forgetVisitsOfPerson(trx, personKey, at, options),
  };
}
export type CheckinPersonRecords = ReturnType<typeof createCheckinPersonRecords>;
