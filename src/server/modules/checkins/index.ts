/*
 * The check-ins module's front door: everything other modules, app.ts, main.ts and cli.ts may use. Nothing outside
 * this folder imports another file of it.
 */
import { personKeyOf, sealVisitPerson, visitKeys } from './visit-person.js';

export { createCheckinsService, type CheckinsService, type DoorStatus } from './checkins.service.js';
export { createCheckinWork, LOW_RATING_MAX_AVERAGE, MANAGER_WORK_DAYS } from './checkin-work.service.js';
export { createCheckinInsights, createRatingsSource } from './checkins.insights.js';
export { checkinsRoutes } from './checkins.routes.js';
export { checkinPageRoutes } from './checkin-page.routes.js';
export { createCheckinLimits, type CheckinLimits } from './checkin-limits.js';
export { closeOverdueVisits, purgeExpiredVisits, registerCheckinJobs } from './checkins.jobs.js';
// Tracing reads visits' sealed contact details and opens them through checkins.decryptPerson.
export type { SealedVisitPerson } from './visit-person.js';
export { createCheckinPersonRecords, type CheckinPersonRecords, type PersonRating, type PersonVisit } from './person-records.js';

// The synthetic city (modules/synth): visits written in bulk, the person keyed and sealed as a check-in does it.
export { insertVisitsBulk, loadVisitsWithoutIndexes, prepareVisitDays, settleVisitsAfterBulkWrite, visitSecondaryIndexes, visitsHoldRows, type VisitIndex } from './checkins.bulk.repository.js';
export function visitSealer(secretKey: Buffer): { personKey: (e164: string) => string; seal: (person: { name: string; phone: string }) => string } {
  const keys = visitKeys(secretKey);
  return { personKey: (e164) => personKeyOf(keys, e164), seal: (person) => sealVisitPerson(keys.dataKey, person) };
}
export type { VisitsTable as VisitRow } from './checkins.table.js';
// The daily roll-ups (issue #17): check-ins per desa or venue and day.
export { createCheckinRollups, rebuildCheckinRollups, type CheckinRollups, type DayCount } from './checkin-rollups.js';
// Dashboards (issue #17): check-in counts per day and hour of the day in a region, read from the roll-ups.
export { checkinStats, type CheckinStats } from './checkin-stats.repository.js';
