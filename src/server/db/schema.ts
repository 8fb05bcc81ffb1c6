import type { JobRunsTable } from '../modules/operations/operations.table.js';
import type { AuditLogTable } from '../modules/audit/audit.table.js';
import type {
  LoginChallengesTable,
  RoleAssignmentsTable,
  SessionsTable,
  TwoFactorPolicyTable,
  UserRecoveryCodesTable,
  UsersTable,
  UserPreferencesTable,
  UserTotpTable,
} from '../modules/accounts/accounts.table.js';
import type { RegionOverlapsTable, RegionsTable } from '../modules/regions/regions.table.js';
import type { CaseDailyDesaTable, CasesTable, ContactReportsTable, ContactsTable, ExposureCandidatesTable, ExposureSearchesTable, TracingVolumeAlertsTable, VenueNoticesTable } from '../modules/tracing/tracing.table.js';
import type { CheckinAttemptsTable, CheckinDailyDesaTable, CheckinDailyVenueTable, CheckinHourlyDesaTable, VenueOccupancyTable, VisitRatingsTable, VisitsTable } from '../modules/checkins/checkins.table.js';
import type { NotificationsTable } from '../modules/notifications/notifications.table.js';
import type { ArrivalsTable } from '../modules/arrivals/arrivals.table.js';
import type { HealthFacilitiesTable, ScreeningReferralsTable } from '../modules/screening/screening.table.js';
import type { TestResultsTable, VaccinationsTable } from '../modules/health-records/health-records.table.js';
import type { WeeklyReportSubscriptionsTable } from '../modules/reports/reports.table.js';
import type { OpenDataDaysTable } from '../modules/open-data/open-data.table.js';
import type { ResidentAccountsTable, ResidentCodesTable, ResidentGuessesTable, ResidentMessageReadsTable, ResidentSessionsTable } from '../modules/citizen/citizen.table.js';
import type { CheckpointChecksTable, CheckpointsTable, FineDepositsTable, SanctionLaddersTable, SanctionsTable, ViolationDailyDesaTable, ViolationPhotosTable, ViolationsTable } from '../modules/enforcement/enforcement.table.js';
import type {
  PkmApplicationsTable,
  PkmApprovalLettersTable,
  PkmEvaluationsTable,
  PkmTransitionsTable,
  PolicyStateTable,
  RuleSetsTable,
  ZoneActiveCasesTable,
  ZoneHistoryTable,
  ZoneThresholdVersionsTable,
} from '../modules/policies/policies.table.js';
import type {
  VenueAssessmentPhotosTable,
  VenueAssessmentsTable,
  VenueBandDailyDesaTable,
  VenueComplianceScoresTable,
  VenueManagerProfilesTable,
  VenueManagersTable,
  VenuePostersTable,
  VenueRulesNoticesTable,
  VenuesTable,
  VenueStatusEventsTable,
  VenueViolationsTable,
} from '../modules/venues/venues.table.js';

/** Every table, typed once in its module's *.table.ts. */
export interface Database {
  regions: RegionsTable;
  region_overlaps: RegionOverlapsTable;
  users: UsersTable;
  user_preferences: UserPreferencesTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  user_totp: UserTotpTable;
  user_recovery_codes: UserRecoveryCodesTable;
  login_challenges: LoginChallengesTable;
  two_factor_policy: TwoFactorPolicyTable;
  audit_log: AuditLogTable;
  rule_sets: RuleSetsTable;
  zone_threshold_versions: ZoneThresholdVersionsTable;
  zone_active_cases: ZoneActiveCasesTable;
  zone_history: ZoneHistoryTable;
  pkm_applications: PkmApplicationsTable;
  pkm_transitions: PkmTransitionsTable;
  pkm_evaluations: PkmEvaluationsTable;
  pkm_approval_letters: PkmApprovalLettersTable;
  policy_state: PolicyStateTable;
  venues: VenuesTable;
  venue_managers: VenueManagersTable;
  venue_manager_profiles: VenueManagerProfilesTable;
  venue_status_events: VenueStatusEventsTable;
  venue_posters: VenuePostersTable;
  venue_assessments: VenueAssessmentsTable;
  venue_assessment_photos: VenueAssessmentPhotosTable;
  venue_violations: VenueViolationsTable;
  venue_compliance_scores: VenueComplianceScoresTable;
  venue_band_daily_desa: VenueBandDailyDesaTable;
  open_data_days: OpenDataDaysTable;
  venue_rules_notices: VenueRulesNoticesTable;
  visits: VisitsTable;
  venue_occupancy: VenueOccupancyTable;
  checkin_attempts: CheckinAttemptsTable;
  visit_ratings: VisitRatingsTable;
  checkin_daily_venue: CheckinDailyVenueTable;
  checkin_daily_desa: CheckinDailyDesaTable;
  checkin_hourly_desa: CheckinHourlyDesaTable;
  notifications: NotificationsTable;
  sanction_ladders: SanctionLaddersTable;
  violations: ViolationsTable;
  violation_daily_desa: ViolationDailyDesaTable;
  violation_photos: ViolationPhotosTable;
  sanctions: SanctionsTable;
  health_facilities: HealthFacilitiesTable;
  screening_referrals: ScreeningReferralsTable;
  weekly_report_subscriptions: WeeklyReportSubscriptionsTable;
  fine_deposits: FineDepositsTable;
  checkpoints: CheckpointsTable;
  checkpoint_checks: CheckpointChecksTable;
  arrivals: ArrivalsTable;
  cases: CasesTable;
  case_daily_desa: CaseDailyDesaTable;
  exposure_candidates: ExposureCandidatesTable;
  contacts: ContactsTable;
  contact_reports: ContactReportsTable;
  venue_notices: VenueNoticesTable;
  exposure_searches: ExposureSearchesTable;
  tracing_volume_alerts: TracingVolumeAlertsTable;
  resident_codes: ResidentCodesTable;
  resident_guesses: ResidentGuessesTable;
  resident_accounts: ResidentAccountsTable;
  resident_sessions: ResidentSessionsTable;
  job_runs: JobRunsTable;
  resident_message_reads: ResidentMessageReadsTable;
  vaccinations: VaccinationsTable;
  test_results: TestResultsTable;
}
