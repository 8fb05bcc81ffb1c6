import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { addDaysToDate, localDate, localDateTimeToEpochMs } from '../../shared/local-time.js';
import { problems } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { WorkCount } from '../../shared/work.js';
import { countContactsMissingReport, countPendingCandidates } from './tracing.repository.js';

/*
 * The tracing module's part of the home page (GET /me/work), for whoever manages cases: exposure candidates waiting
 * for a decision (cases residing in the caller's scopes) and contacts who sent no daily report yesterday.
 */
export function createTracingWorkService(deps: { db: Db; clock: Clock; timeZone: string }) {
  const { db, clock, timeZone } = deps;
  return {
    async tracingWork(ctx: RequestContext): Promise<WorkCount[]> {
      if (!ctx.principal) throw problems.unauthenticated();
      if (!ctx.principal.can('cases:manage')) return [];
      const scopes = ctx.principal.scopesFor('cases:manage');
      const today = localDate(clock.now(), timeZone);
      const startOfToday = localDateTimeToEpochMs(today, '00:00', timeZone);
      return [
        { kind: 'exposures_to_review', count: await countPendingCandidates(db, scopes) },
        { kind: 'contacts_missed_report', count: await countContactsMissingReport(db, scopes, addDaysToDate(today, -1), startOfToday) },
      ];
    },
  };
}
