import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { WorkCount } from '../../shared/work.js';
import { countAttempts, countLowRatings } from './checkins.repository.js';

/** The window of a manager's home page counts, and what counts as a low rating (average of the five items). */
export const MANAGER_WORK_DAYS = 7;
export const LOW_RATING_MAX_AVERAGE = 2;

/*
 * The check-ins module's part of the home page (GET /me/work), for a venue manager: check-ins refused at their venues
 * and low ratings there in the last 7 days. Which venues are theirs is the venues module's answer.
 */
export function createCheckinWork(deps: { db: Db; clock: Clock; managedVenueIds: (userId: string) => Promise<string[]> }) {
  const { db, clock } = deps;
  return {
    async managerWork(ctx: RequestContext): Promise<WorkCount[]> {
      if (!ctx.principal) throw problems.unauthenticated();
      if (!ctx.principal.assignments.some((a) => a.role === 'venue_manager')) return [];
      const ids = await deps.managedVenueIds(ctx.principal.userId);
      const since = clock.now() - MANAGER_WORK_DAYS * 86_400_000;
      return [
        { kind: 'refused_checkins', count: await countAttempts(db, ids, since) },
        { kind: 'low_ratings', count: await countLowRatings(db, ids, since, LOW_RATING_MAX_AVERAGE) },
      ];
    },
  };
}
