import type { ComponentType } from 'react';
import { lazyPage } from '../lib/lazy-page';
import type id from '../../i18n/id.json';

/**
 * The pages of the signed-in shell, in navigation order. One entry per feature: a path, a label key
 * under `nav.` in the catalogues, the permission that shows the entry (none = every signed-in user)
 * and the page component. The same permission guards the route itself; the server checks it again.
 */
export interface AppRoute {
  path: string;
  label: keyof typeof id.nav;
  permission?: string;
  /** Roles that see the entry without holding the permission (venue managers reach their own venues by ownership). */
  roles?: readonly string[];
  testId: string;
  Component: ComponentType;
}

export const APP_ROUTES: readonly AppRoute[] = [
  { path: '/home', label: 'home', testId: 'nav-home', Component: lazyPage(() => import('../features/home/HomePage'), 'HomePage') },
  { path: '/dashboards', label: 'dashboards', permission: 'dashboards:read', testId: 'nav-dashboards', Component: lazyPage(() => import('../features/dashboards/DashboardPage'), 'DashboardPage') },
  { path: '/regions', label: 'regions', testId: 'nav-regions', Component: lazyPage(() => import('./RegionsPage'), 'RegionsPage') },
  { path: '/zones', label: 'zones', permission: 'zones:manage', testId: 'nav-zones', Component: lazyPage(() => import('../features/policies/ZonesPage'), 'ZonesPage') },
  { path: '/rule-sets', label: 'ruleSets', permission: 'rules:read', testId: 'nav-rule-sets', Component: lazyPage(() => import('../features/policies/RuleSetsPage'), 'RuleSetsPage') },
  { path: '/pkm', label: 'pkm', permission: 'pkm:read', testId: 'nav-pkm', Component: lazyPage(() => import('../features/policies/PkmPage'), 'PkmPage') },
  { path: '/venues/mine', label: 'myVenues', permission: 'venues:register', testId: 'nav-my-venues', Component: lazyPage(() => import('../features/venues/VenueListPages'), 'MyVenuesPage') },
  { path: '/venues/queue', label: 'venueQueue', permission: 'venues:verify', testId: 'nav-venue-queue', Component: lazyPage(() => import('../features/venues/VenueListPages'), 'VerificationQueuePage') },
  { path: '/inspections', label: 'inspections', permission: 'venues:inspect', testId: 'nav-inspections', Component: lazyPage(() => import('../features/venues/VenueListPages'), 'InspectionTodoPage') },
  { path: '/checkins/desk', label: 'checkinDesk', permission: 'visits:record', roles: ['venue_manager'], testId: 'nav-checkin-desk', Component: lazyPage(() => import('../features/checkins/DeskPage'), 'DeskPage') },
  { path: '/checkins/live', label: 'checkinLive', permission: 'venues:read', roles: ['venue_manager'], testId: 'nav-checkin-live', Component: lazyPage(() => import('../features/checkins/LivePage'), 'LivePage') },
  { path: '/checkins/oversight', label: 'checkinOversight', permission: 'checkins:oversee', testId: 'nav-checkin-oversight', Component: lazyPage(() => import('../features/checkins/OversightPage'), 'OversightPage') },
  { path: '/enforcement/record', label: 'recordViolation', permission: 'enforcement:record', testId: 'nav-record-violation', Component: lazyPage(() => import('../features/enforcement-field/RecordViolationPage'), 'RecordViolationPage') },
  { path: '/checkpoints/check', label: 'borderCheck', permission: 'checkpoints:check', testId: 'nav-border-check', Component: lazyPage(() => import('../features/enforcement-field/CheckpointCheckPage'), 'CheckpointCheckPage') },
  { path: '/cases', label: 'cases', permission: 'cases:read', testId: 'nav-cases', Component: lazyPage(() => import('../features/tracing/TracingPages'), 'CasesPage') },
  { path: '/contacts', label: 'contacts', permission: 'cases:read', testId: 'nav-contacts', Component: lazyPage(() => import('../features/tracing/TracingPages'), 'ContactsPage') },
  { path: '/clusters', label: 'clusters', permission: 'cases:read', testId: 'nav-clusters', Component: lazyPage(() => import('../features/tracing/TracingPages'), 'ClustersPage') },
  { path: '/health-facilities', label: 'healthFacilities', permission: 'facilities:read', testId: 'nav-health-facilities', Component: lazyPage(() => import('../features/health-facilities/HealthFacilitiesPage'), 'HealthFacilitiesPage') },
  { path: '/screening-referrals', label: 'screeningReferrals', permission: 'screening:referrals', testId: 'nav-screening-referrals', Component: lazyPage(() => import('../features/screening/ScreeningReferralsPage'), 'ScreeningReferralsPage') },
  { path: '/arrivals', label: 'arrivalQueue', permission: 'arrivals:read', testId: 'nav-arrival-queue', Component: lazyPage(() => import('../features/arrivals/ArrivalQueuePage'), 'ArrivalQueuePage') },
  { path: '/health-records', label: 'healthRecords', permission: 'health:record', testId: 'nav-health-records', Component: lazyPage(() => import('../features/health-records/HealthRecordsPage'), 'HealthRecordsPage') },
  { path: '/checkpoints', label: 'borderPosts', permission: 'checkpoints:manage', testId: 'nav-border-posts', Component: lazyPage(() => import('../features/border-posts/BorderPostsPage'), 'BorderPostsPage') },
  { path: '/fines', label: 'fines', permission: 'enforcement:read', testId: 'nav-fines', Component: lazyPage(() => import('../features/fines/FinesPage'), 'FinesPage') },
  { path: '/enforcement/violations', label: 'enforcementViolations', permission: 'enforcement:read', testId: 'nav-enforcement-violations', Component: lazyPage(() => import('../features/enforcement/ViolationPages'), 'ViolationsListPage') },
  { path: '/users', label: 'users', permission: 'users:manage', testId: 'nav-users', Component: lazyPage(() => import('./UsersPage'), 'UsersPage') },
  { path: '/outbox', label: 'outbox', permission: 'notifications:manage', testId: 'nav-outbox', Component: lazyPage(() => import('../features/notifications/OutboxPage'), 'OutboxPage') },
  { path: '/audit', label: 'audit', permission: 'audit:read', testId: 'nav-audit', Component: lazyPage(() => import('./AuditPage'), 'AuditPage') },
  { path: '/notifications', label: 'notifications', testId: 'nav-notifications', Component: lazyPage(() => import('../features/notifications/NotificationsPage'), 'NotificationsPage') },
  { path: '/account', label: 'account', testId: 'nav-account', Component: lazyPage(() => import('./AccountPage'), 'AccountPage') },
];

/** The landing page after sign-in: the work waiting for the caller's roles (issue #18). */
export const HOME_PATH = '/home';
export const ACCOUNT_PATH = '/account';

export function visibleRoutes(permissions: readonly string[], roles: readonly string[] = []): AppRoute[] {
  return APP_ROUTES.filter(
    (r) => r.permission === undefined || permissions.includes(r.permission) || (r.roles ?? []).some((role) => roles.includes(role)),
  );
}
