import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { SelectField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { venuesApi, type VenueSummary } from './api';
import { ComplianceBadge, labelOf, StatusBadge, useLang, useVillages } from './common';

function VenueCard({ venue, children }: { venue: VenueSummary; children?: ReactNode }) {
  const { t } = useTranslation();
  const lng = useLang();
  return (
    <li className="venue-card" data-testid="venue-card" data-venue-id={venue.id}>
      <div className="venue-card-head">
        <h2>
          <Link to={`/venues/${venue.id}`} data-testid="venue-link">
            {venue.name}
          </Link>
        </h2>
        <StatusBadge status={venue.status} />
      </div>
      <p className="venue-meta">
        {labelOf(venue.typeLabel, lng)} · {venue.regionName} · {t('venues.capacityValue', { count: venue.capacity })}
      </p>
      <p className="venue-meta">{venue.address}</p>
      {venue.status === 'verified' && <ComplianceBadge badge={venue.compliance.badge} score={venue.compliance.score} />}
      {children}
    </li>
  );
}

/** A venue manager's own venues. */
export function MyVenuesPage() {
  const { t } = useTranslation();
  const venues = useAsync((signal) => venuesApi.mine(signal), []);
  return (
    <Page
      title={t('venues.mine.title')}
      testId="page-my-venues"
      actions={
        <Link to="/venues/new" className="btn btn--primary" data-testid="register-venue-link">
          {t('venues.mine.register')}
        </Link>
      }
      intro={t('venues.mine.intro')}
    >
      {venues.loading && !venues.data && <Loading />}
      {venues.error !== undefined && <Alert kind="error">{errorMessage(venues.error, t)}</Alert>}
      {venues.data && venues.data.length === 0 && <p className="muted">{t('venues.mine.empty')}</p>}
      {venues.data && venues.data.length > 0 && (
        <ul className="venue-list">
          {venues.data.map((v) => (
            <VenueCard key={v.id} venue={v} />
          ))}
        </ul>
      )}
    </Page>
  );
}

function RegionFilter({ value, onChange, testId }: { value: string; onChange: (code: string) => void; testId: string }) {
  const { t } = useTranslation();
  const villages = useVillages();
  return (
    <div className="filters">
      <SelectField id={testId} testId={testId} label={t('venues.filter.region')} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('venues.filter.allMyRegions')}</option>
        {(villages.data ?? []).map((r) => (
          <option key={r.code} value={r.code}>
            {r.name}
          </option>
        ))}
      </SelectField>
    </div>
  );
}

/** Pending venues of the officer's desa (or the administrator's region), oldest first. */
export function VerificationQueuePage() {
  const { t, i18n } = useTranslation();
  const [region, setRegion] = useState('');
  const queue = useAsync((signal) => venuesApi.queue(region || undefined, signal), [region]);
  return (
    <Page title={t('venues.queue.title')} testId="page-venue-queue" intro={t('venues.queue.intro')}>
      <RegionFilter value={region} onChange={setRegion} testId="queue-region" />
      {queue.loading && !queue.data && <Loading />}
      {queue.error !== undefined && <Alert kind="error">{errorMessage(queue.error, t)}</Alert>}
      {queue.data && queue.data.length === 0 && <p className="muted" data-testid="queue-empty">{t('venues.queue.empty')}</p>}
      {queue.data && queue.data.length > 0 && (
        <ul className="venue-list" data-testid="venue-queue">
          {queue.data.map((v) => (
            <VenueCard key={v.id} venue={v}>
              <p className="venue-meta">{t('venues.queue.registeredAt', { at: formatDateTime(v.createdAt, i18n.language) })}</p>
            </VenueCard>
          ))}
        </ul>
      )}
    </Page>
  );
}

const TODO_REASONS = ['poor_ratings', 'badge_red', 'badge_yellow', 'follow_up_due', 'last_inspection_non_compliant', 'last_inspection_partial', 'never_inspected', 'inspection_stale', 'self_assessment_gaps'] as const;

/** Venues of the officer's desa that need an inspection, most urgent first, each with its reasons. */
export function InspectionTodoPage() {
  const { t } = useTranslation();
  const [region, setRegion] = useState('');
  const todo = useAsync((signal) => venuesApi.todo(region || undefined, signal), [region]);
  return (
    <Page title={t('venues.todo.title')} testId="page-inspection-todo" intro={t('venues.todo.intro')}>
      <RegionFilter value={region} onChange={setRegion} testId="todo-region" />
      {todo.loading && !todo.data && <Loading />}
      {todo.error !== undefined && <Alert kind="error">{errorMessage(todo.error, t)}</Alert>}
      {todo.data && todo.data.length === 0 && <p className="muted">{t('venues.todo.empty')}</p>}
      {todo.data && todo.data.length > 0 && (
        <ul className="venue-list" data-testid="inspection-todo">
          {todo.data.map((item) => (
            <VenueCard key={item.venue.id} venue={item.venue}>
              <ul className="todo-reasons">
                {item.reasons.map((r) => (
                  <li key={r.code}>{(TODO_REASONS as readonly string[]).includes(r.code) ? t(`venues.todo.reason.${r.code as (typeof TODO_REASONS)[number]}`, r.params) : r.code}</li>
                ))}
              </ul>
            </VenueCard>
          ))}
        </ul>
      )}
    </Page>
  );
}
