import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './kysely.js';
import * as foundation from './migrations/2026-11-29-01-foundation.js';
import * as policies from './migrations/2026-11-29-02-policies.js';
import * as venues from './migrations/2026-11-29-03-venues.js';
import * as checkins from './migrations/2026-11-29-04-checkins.js';
import * as tracing from './migrations/2026-11-29-05-tracing.js';
import * as notifications from './migrations/2026-11-29-06-notifications.js';
import * as checkinBatchSetBased from './migrations/2026-11-29-07-checkin-batch-set-based.js';
import * as visitPersonSealedOnce from './migrations/2026-11-29-08-visit-person-sealed-once.js';
import * as tracingNeedToKnow from './migrations/2026-12-03-01-tracing-need-to-know.js';
import * as checkinBoundToDevice from './migrations/2026-12-03-02-checkin-bound-to-device.js';
import * as ratingReview from './migrations/2026-12-03-03-rating-review.js';
import { encryptVenueContacts } from './migrations/2026-12-03-04-encrypt-venue-contacts.js';
import * as twoFactor from './migrations/2026-12-03-05-two-factor.js';
import * as notificationRegions from './migrations/2026-12-03-06-notification-regions.js';
import * as enforcement from './migrations/2026-12-03-07-enforcement.js';
import * as checkpoints from './migrations/2026-12-03-08-checkpoints.js';
import * as arrivals from './migrations/2026-12-03-09-arrivals.js';
import * as violationPhotos from './migrations/2026-12-03-10-violation-photos.js';
import * as arrivalFollowUp from './migrations/2026-12-03-11-arrival-follow-up.js';
import * as sanctionClientKey from './migrations/2026-12-03-12-sanction-client-key.js';
import * as citizen from './migrations/2026-12-03-20-citizen.js';
import * as offlineCheckins from './migrations/2026-12-04-05-offline-checkins.js';
import * as jobRuns from './migrations/2026-12-04-40-job-runs.js';
import * as healthRecords from './migrations/2026-12-05-01-health-records.js';
import * as healthFacilitiesScreening from './migrations/2026-12-05-10-health-facilities-screening.js';
import * as staffNotifications from './migrations/2026-12-05-20-staff-notifications.js';
import * as dailyRollups from './migrations/2026-12-06-01-daily-rollups.js';
import * as venueRulesNotices from './migrations/2026-12-06-30-venue-rules-notices.js';
import * as checkinHourlyRollup from './migrations/2026-12-07-40-checkin-hourly-rollup.js';
import * as weeklyReportSubscriptions from './migrations/2026-12-06-10-weekly-report-subscriptions.js';
import * as venueBandDays from './migrations/2026-12-07-20-venue-band-days.js';
import * as openDataDays from './migrations/2026-12-09-01-open-data-days.js';
import * as visitsVenueCoveringIndex from './migrations/2026-12-10-01-visits-venue-covering-index.js';
import * as visitsPartitioned from './migrations/2026-12-07-01-visits-partitioned.js';
import * as dashboardCaseIndexes from './migrations/2026-12-08-01-dashboard-case-indexes.js';

/**
 * Listed explicitly (not read from disk) so the compiled server and the tests run the same set. A migration that
 * encrypts rows written before it needs the instance key (config.secretKey), hence a set per key.
 */
const migrationsFor = (secretKey: Buffer): Record<string, Migration> => ({
  '2026-11-29-01-foundation': foundation,
  '2026-11-29-02-policies': policies,
  '2026-11-29-03-venues': venues,
  '2026-11-29-04-checkins': checkins,
  '2026-11-29-05-tracing': tracing,
  '2026-11-29-06-notifications': notifications,
  '2026-11-29-07-checkin-batch-set-based': checkinBatchSetBased,
  '2026-11-29-08-visit-person-sealed-once': visitPersonSealedOnce,
  '2026-12-03-01-tracing-need-to-know': tracingNeedToKnow,
  '2026-12-03-02-checkin-bound-to-device': checkinBoundToDevice,
  '2026-12-03-03-rating-review': ratingReview,
  '2026-12-03-04-encrypt-venue-contacts': encryptVenueContacts(secretKey),
  '2026-12-03-05-two-factor': twoFactor,
  '2026-12-03-06-notification-regions': notificationRegions,
  '2026-12-03-07-enforcement': enforcement,
  '2026-12-03-08-checkpoints': checkpoints,
  '2026-12-03-09-arrivals': arrivals,
  '2026-12-03-10-violation-photos': violationPhotos,
  '2026-12-03-11-arrival-follow-up': arrivalFollowUp,
  '2026-12-03-12-sanction-client-key': sanctionClientKey,
  '2026-12-03-20-citizen': citizen,
  '2026-12-04-05-offline-checkins': offlineCheckins,
  '2026-12-04-40-job-runs': jobRuns,
  '2026-12-05-01-health-records': healthRecords,
  '2026-12-05-10-health-facilities-screening': healthFacilitiesScreening,
  '2026-12-05-20-staff-notifications': staffNotifications,
  '2026-12-06-01-daily-rollups': dailyRollups,
  '2026-12-06-30-venue-rules-notices': venueRulesNotices,
  '2026-12-06-10-weekly-report-subscriptions': weeklyReportSubscriptions,
  '2026-12-07-20-venue-band-days': venueBandDays,
  '2026-12-07-40-checkin-hourly-rollup': checkinHourlyRollup,
  '2026-12-07-01-visits-partitioned': visitsPartitioned,
  '2026-12-08-01-dashboard-case-indexes': dashboardCaseIndexes,
  '2026-12-09-01-open-data-days': openDataDays,
  '2026-12-10-01-visits-venue-covering-index': visitsVenueCoveringIndex,
});

const providerFor = (secretKey: Buffer): MigrationProvider => ({ getMigrations: () => Promise.resolve(migrationsFor(secretKey)) });

/** Applies every pending migration; `secretKey` is the instance key the server runs with (personal data is encrypted with it). */
export async function migrateToLatest(db: Db, secretKey: Buffer): Promise<string[]> {
  const migrator = new Migrator({ db, provider: providerFor(secretKey) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Up (or down) to the named migration: for tests of a migration against data written before it. */
export async function migrateTo(db: Db, name: string, secretKey: Buffer): Promise<void> {
  const { error } = await new Migrator({ db, provider: providerFor(secretKey) }).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
}

/** The migrations this build has that the database has not applied (/readyz: a node on an old schema takes no traffic). */
export async function pendingMigrations(db: Db, secretKey: Buffer): Promise<string[]> {
  const migrations = await new Migrator({ db, provider: providerFor(secretKey) }).getMigrations();
  return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
