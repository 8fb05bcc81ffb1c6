import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RegionSelect } from '../../components/RegionSelect';
import { errorMessage } from '../../lib/errors';
import { timeZoneAbbreviation } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { useMe } from '../auth/session';
import { usePublicConfig } from '../config/public-config';
import { checkinsApi } from './api';
import { attemptDetail, reasonLabel } from './labels';
import { dateOf, timeOf } from './time';
import './checkins.css';

/** Roles that grant checkins:oversee (server: accounts/permissions.ts); their region is the natural default. */
const OVERSEEING_ROLES = ['village_officer', 'task_force', 'adat_officer', 'enforcement_officer', 'admin'];
const REFRESH_SECONDS = 60;

/** For the village task force: the inspection leads that check-ins reveal in a desa. */
export function OversightPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? '';
  const home = me.assignments.find((a) => OVERSEEING_ROLES.includes(a.role))?.regionCode ?? '';

  useEffect(() => {
    if (!region && home) setParams({ region: home }, { replace: true });
  }, [region, home, setParams]);

  return (
    <Page title={t('checkins.oversight.title')} intro={t('checkins.oversight.intro')} testId="page-checkin-oversight">
      <div className="ck-picker">
        <RegionSelect id="ck-oversight-region" label={t('checkins.oversight.region')} value={region} testId="oversight-region" onChange={(code) => setParams(code ? { region: code } : {})} />
      </div>
      {region && <OversightLists key={region} region={region} />}
    </Page>
  );
}

function OversightLists({ region }: { region: string }) {
  const { t, i18n } = useTranslation();
  const zone = timeZoneAbbreviation(usePublicConfig().config.timeZone);
  const data = useAsync((signal) => checkinsApi.oversight(region, signal), [region]);
  const { reload } = data;
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, REFRESH_SECONDS * 1000);
    return () => window.clearInterval(timer);
  }, [reload]);

  if (data.loading && !data.data) return <Loading />;
  if (!data.data) return <Alert kind="error">{errorMessage(data.error, t)}</Alert>;
  const o = data.data;
  return (
    <div className="ck-oversight" aria-busy={data.loading}>
      <div className="ck-two">
        <section className="panel" aria-labelledby="ck-over" data-testid="oversight-over-capacity">
          <h2 id="ck-over" className="panel-title">
            {t('checkins.oversight.over')} <span className={`ck-pill${o.overCapacity.length > 0 ? ' ck-pill--red' : ''}`}>{o.overCapacity.length}</span>
          </h2>
          {o.overCapacity.length === 0 ? (
            <p className="muted">{t('checkins.oversight.noOver')}</p>
          ) : (
            <ul className="ck-events">
              {o.overCapacity.map((v) => (
                <li key={v.venueId}>
                  <strong>{v.name}</strong>
                  <span className="ck-reason ck-reason--venue_full">{t('checkins.oversight.overBy', { current: v.current, limit: v.limit })}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="ck-poor" data-testid="oversight-poor">
          <h2 id="ck-poor" className="panel-title">
            {t('checkins.oversight.poor')} <span className={`ck-pill${o.poorRatings.length > 0 ? ' ck-pill--amber' : ''}`}>{o.poorRatings.length}</span>
          </h2>
          {o.poorRatings.length === 0 ? (
            <p className="muted">{t('checkins.oversight.noPoor')}</p>
          ) : (
            <ul className="ck-events">
              {o.poorRatings.map((v) => (
                <li key={v.venueId}>
                  <strong>{v.name}</strong>
                  <span className="small muted">{t('checkins.oversight.mean', { mean: v.mean.toFixed(1), count: v.count })}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section className="panel" aria-labelledby="ck-attempts" data-testid="oversight-attempts">
        <h2 id="ck-attempts" className="panel-title">
          {t('checkins.oversight.attempts')} <span className="ck-pill">{o.refusedAttempts.length}</span>
        </h2>
        {o.refusedAttempts.length === 0 ? (
          <p className="muted">{t('checkins.oversight.noAttempts')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table table--stack ck-table">
              <thead>
                <tr>
                  <th scope="col">{t('checkins.oversight.time', { zone })}</th>
                  <th scope="col">{t('checkins.oversight.venue')}</th>
                  <th scope="col">{t('checkins.oversight.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {o.refusedAttempts.map((a, i) => (
                  <tr key={`${a.at}-${i}`}>
                    <td className="ck-nowrap">
                      {dateOf(a.at)} {timeOf(a.at)}
                    </td>
                    <td>{a.venueName ?? '—'}</td>
                    <td>
                      <span className={`ck-reason ck-reason--${a.reason}`}>{reasonLabel(a.reason, t)}</span>
                      {a.detail && <span className="small muted ck-detail">{attemptDetail(a.detail, t, i18n.language)}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
