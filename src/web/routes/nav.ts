import type { ComponentType } from 'react';
import type id from '../../i18n/id.json';
import { AccountPage } from './AccountPage';
import { AuditPage } from './AuditPage';
import { RegionsPage } from './RegionsPage';
import { UsersPage } from './UsersPage';
import { InspectionTodoPage, MyVenuesPage, VerificationQueuePage } from '../features/venues/VenueListPages';
import { PkmPage } from '../features/policies/PkmPage';
import { RuleSetsPage } from '../features/policies/RuleSetsPage';
import { ZonesPage } from '../features/policies/ZonesPage';
import { DeskPage } from '../features/checkins/DeskPage';
import { LivePage } from '../features/checkins/LivePage';
import { OversightPage } from '../features/checkins/OversightPage';
import { CasesPage, ClustersPage, ContactsPage } from '../features/tracing/TracingPages';
import { RecordViolationPage } from '../features/enforcement-field/RecordViolationPage';
import { CheckpointCheckPage } from '../features/enforcement-field/CheckpointCheckPage';
import { ArrivalQueuePage } from '../features/arrivals/ArrivalQueuePage';
import { BorderPostsPage } from '../features/border-posts/BorderPostsPage';
import { FinesPage } from '../features/fines/FinesPage';
import { ViolationsListPage } from '../features/enforcement/ViolationPages';

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
  { path: '/regions', label: 'regions', testId: 'nav-regions', Component: RegionsPage },
  { path: '/zones', label: 'zones', permission: 'zones:manage', testId: 'nav-zones', Component: ZonesPage },
  { path: '/rule-sets', label: 'ruleSets', permission: 'rules:read', testId: 'nav-rule-sets', Component: RuleSetsPage },
  { path: '/pkm', label: 'pkm', permission: 'pkm:read', testId: 'nav-pkm', Component: PkmPage },
  { path: '/venues/mine', label: 'myVenues', permission: 'venues:register', testId: 'nav-my-venues', Component: MyVenuesPage },
  { path: '/venues/queue', label: 'venueQueue', permission: 'venues:verify', testId: 'nav-venue-queue', Component: VerificationQueuePage },
  { path: '/inspections', label: 'inspections', permission: 'venues:inspect', testId: 'nav-inspections', Component: InspectionTodoPage },
  { path: '/checkins/desk', label: 'checkinDesk', permission: 'visits:record', roles: ['venue_manager'], testId: 'nav-checkin-desk', Component: DeskPage },
  { path: '/checkins/live', label: 'checkinLive', permission: 'venues:read', roles: ['venue_manager'], testId: 'nav-checkin-live', Component: LivePage },
  { path: '/checkins/oversight', label: 'checkinOversight', permission: 'checkins:oversee', testId: 'nav-checkin-oversight', Component: OversightPage },
  { path: '/enforcement/record', label: 'recordViolation', permission: 'enforcement:record', testId: 'nav-record-violation', Component: RecordViolationPage },
  { path: '/checkpoints/check', label: 'borderCheck', permission: 'checkpoints:check', testId: 'nav-border-check', Component: CheckpointCheckPage },
  { path: '/cases', label: 'cases', permission: 'cases:read', testId: 'nav-cases', Component: CasesPage },
  { path: '/contacts', label: 'contacts', permission: 'cases:read', testId: 'nav-contacts', Component: ContactsPage },
  { path: '/clusters', label: 'clusters', permission: 'cases:read', testId: 'nav-clusters', Component: ClustersPage },
  { path: '/arrivals', label: 'arrivalQueue', permission: 'arrivals:read', testId: 'nav-arrival-queue', Component: ArrivalQueuePage },
  { path: '/checkpoints', label: 'borderPosts', permission: 'checkpoints:manage', testId: 'nav-border-posts', Component: BorderPostsPage },
  { path: '/fines', label: 'fines', permission: 'enforcement:read', testId: 'nav-fines', Component: FinesPage },
  { path: '/enforcement/violations', label: 'enforcementViolations', permission: 'enforcement:read', testId: 'nav-enforcement-violations', Component: ViolationsListPage },
  { path: '/users', label: 'users', permission: 'users:manage', testId: 'nav-users', Component: UsersPage },
  { path: '/audit', label: 'audit', permission: 'audit:read', testId: 'nav-audit', Component: AuditPage },
  { path: '/account', label: 'account', testId: 'nav-account', Component: AccountPage },
];

export const HOME_PATH = '/regions';
export const ACCOUNT_PATH = '/account';

export function visibleRoutes(permissions: readonly string[], roles: readonly string[] = []): AppRoute[] {
  return APP_ROUTES.filter(
    (r) => r.permission === undefined || permissions.includes(r.permission) || (r.roles ?? []).some((role) => roles.includes(role)),
  );
}
