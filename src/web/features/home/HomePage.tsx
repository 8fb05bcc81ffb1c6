import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { FirstRunRulesBanner } from '../policies/FirstRunRulesBanner';
import { errorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import { homeApi, type WorkKind } from './api';

/** Where each kind of work is done: the screen a count links to. */
const WORK_SCREENS: Record<WorkKind, string> = {
  venues_to_verify: '/venues/queue',
  inspections_due: '/inspections',
  pkm_to_review: '/pkm',
  pkm_to_approve: '/pkm',
  pkm_revision: '/pkm',
  evaluations_overdue: '/pkm',
  exposures_to_review: '/cases',
  contacts_missed_report: '/contacts',
  refused_checkins: '/checkins/live',
  low_ratings: '/venues/mine',
};

/** The landing page after sign-in: each kind of work waiting for the caller's roles, with its count and a link. */
export function HomePage() {
  const { t } = useTranslation();
  const work = useAsync((signal) => homeApi.work(signal), []);
  return (
    <Page title={t('home.title')} testId="page-home" intro={t('home.intro')}>
      <FirstRunRulesBanner />
      {work.loading && !work.data && <Loading />}
      {work.error !== undefined && <Alert kind="error">{errorMessage(work.error, t)}</Alert>}
      {work.data && work.data.length === 0 && <p className="muted" data-testid="home-empty">{t('home.empty')}</p>}
      {work.data && work.data.length > 0 && (
        <ul className="work-list" data-testid="work-list">
          {work.data.map((item) => (
            <li key={item.kind} className={item.count > 0 ? 'work-item work-item--waiting' : 'work-item'} data-testid="work-item" data-kind={item.kind} data-count={item.count}>
              <Link to={WORK_SCREENS[item.kind]} className="work-link">
                <span className="work-count" aria-hidden="true">{item.count}</span>
                <span className="work-label">
                  {t(`home.kinds.${item.kind}`)}
                  <span className="visually-hidden">: {item.count}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
