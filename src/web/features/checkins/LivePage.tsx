import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { errorMessage } from '../../lib/errors';
import { formatNumber, timeZoneAbbreviation } from '../../lib/format';
import { openingLine, reopensLine } from '../../lib/opening';
import { useAsync } from '../../lib/useAsync';
import { usePublicConfig } from '../config/public-config';
import { checkinsApi, RATING_ITEMS, type CheckinSummary, type VenueChoice } from './api';
import { attemptDetail, reasonLabel } from './labels';
import { dateOf, localNow, timeOf } from './time';
import { useVenueChoice } from './useVenueChoice';
import { VenuePicker } from './VenuePicker';
import './checkins.css';

export const LIVE_REFRESH_SECONDS = 20;

/** What a venue manager watches during the day; refreshes itself while the tab is visible. */
export function LivePage() {
  const { t } = useTranslation();
  const choice = useVenueChoice();
  return (
    <Page title={t('checkins.live.title')} intro={t('checkins.live.intro', { seconds: LIVE_REFRESH_SECONDS })} testId="page-checkin-live">
      <VenuePicker choice={choice} />
      {choice.venue && <LiveSummary key={choice.venue.id} venue={choice.venue} />}
    </Page>
  );
}

function LiveSummary({ venue }: { venue: VenueChoice }) {
  const { t, i18n } = useTranslation();
  const { timeZone } = usePublicConfig().config;
  const zone = timeZoneAbbreviation(timeZone);
  const summary = useAsync((signal) => checkinsApi.summary(venue.id, signal), [venue.id]);
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const { reload } = summary;

  useEffect(() => {
    if (summary.data) setUpdatedAt(localNow(timeZone).time);
  }, [summary.data, timeZone]);

  // Refresh on a timer, but not while the tab is hidden (a phone in a pocket) and once more when it comes back.
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, LIVE_REFRESH_SECONDS * 1000);
    const onVisible = () => {
      if (document.visibilityState === 'visible') reload();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [reload]);

  if (summary.loading && !summary.data) return <Loading />;
  if (!summary.data) return <Alert kind="error">{errorMessage(summary.error, t)}</Alert>;
  const s = summary.data;
  const lng = i18n.language;

  return (
    <div className="ck-live" aria-busy={summary.loading}>
      <p className="small muted ck-updated" data-testid="live-updated" aria-live="polite">
        {updatedAt && t('checkins.live.updated', { time: `${updatedAt} ${zone}` })}
        {summary.error !== undefined && <span className="ck-stale"> · {errorMessage(summary.error, t)}</span>}
      </p>
      <div className="ck-cards">
        <OccupancyCard s={s} />
        <section className="panel ck-card" aria-labelledby="ck-rules">
          <h2 id="ck-rules" className="ck-card-title">
            {t('checkins.live.rulesNow')}
          </h2>
          <p className={`ck-state ${s.rules.open ? 'ck-state--open' : 'ck-state--closed'}`} data-testid="live-rules">
            {s.rules.open ? openingLine(t, s.rules.opening, zone) : t('checkins.live.closed')}
          </p>
          {!s.rules.open && (
            <p className="small" data-testid="live-reopens">
              {reopensLine(t, s.rules.opening, zone)}
            </p>
          )}
          {!s.rules.open && (lng === 'en' ? s.rules.reasonEn : s.rules.reasonId) && <p className="small muted">{lng === 'en' ? s.rules.reasonEn : s.rules.reasonId}</p>}
          <p className="small muted">{t('checkins.live.capacityRule', { percent: s.occupancy.capacityPercent })}</p>
        </section>
        <section className="panel ck-card" aria-labelledby="ck-today">
          <h2 id="ck-today" className="ck-card-title">
            {t('checkins.live.visitsToday')}
          </h2>
          <p className="ck-big-number" data-testid="live-visits-today">
            {formatNumber(s.visitsToday, lng)}
          </p>
          <p className="small muted">{t('checkins.live.refusedCount', { count: s.refusedToday.length })}</p>
        </section>
      </div>

      <section className="panel" aria-labelledby="ck-hours">
        <h2 id="ck-hours" className="panel-title">
          {t('checkins.live.byHour')}
        </h2>
        <HourChart byHour={s.todayByHour} />
      </section>

      <div className="ck-two">
        <section className="panel" aria-labelledby="ck-ratings" data-testid="live-ratings">
          <h2 id="ck-ratings" className="panel-title">
            {t('checkins.live.ratings')}
          </h2>
          {s.ratings.count === 0 ? (
            <p className="muted">{t('checkins.live.noRatings')}</p>
          ) : (
            <>
              <p className="small muted">{t('checkins.live.ratingsCount', { count: s.ratings.count })}</p>
              <dl className="ck-scores">
                {RATING_ITEMS.map((item) => {
                  const avg = s.ratings.averages[item] ?? null;
                  return (
                    <div key={item} className="ck-score">
                      <dt>{t(`ratingItems.${item}`)}</dt>
                      <dd>
                        <span className="ck-score-bar" aria-hidden="true">
                          <span className={`ck-score-fill${avg !== null && avg < 3 ? ' ck-score-fill--poor' : ''}`} style={{ width: `${((avg ?? 0) / 5) * 100}%` }} />
                        </span>
                        <span className="ck-score-value">{avg === null ? '—' : `${avg.toFixed(1)} / 5`}</span>
                      </dd>
                    </div>
                  );
                })}
              </dl>
              <h3 className="ck-sub">{t('checkins.live.comments')}</h3>
              {s.ratings.comments.length === 0 ? (
                <p className="muted small">{t('checkins.live.noComments')}</p>
              ) : (
                <ul className="ck-comments">
                  {s.ratings.comments.map((c) => (
                    <li key={`${c.at}-${c.comment}`}>
                      <q>{c.comment}</q>
                      <span className="small muted">
                        {' '}
                        — {dateOf(c.at)} {timeOf(c.at)} {zone} · {t('checkins.live.commentMean', { mean: c.mean.toFixed(1) })}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </section>
        <section className="panel" aria-labelledby="ck-refused" data-testid="live-refused">
          <h2 id="ck-refused" className="panel-title">
            {t('checkins.live.refused')}
          </h2>
          {s.refusedToday.length === 0 ? (
            <p className="muted">{t('checkins.live.noRefused')}</p>
          ) : (
            <ul className="ck-events">
              {s.refusedToday.map((a, i) => (
                <li key={`${a.at}-${i}`}>
                  <span className="ck-event-time">
                    {timeOf(a.at)} {zone}
                  </span>
                  <span className={`ck-reason ck-reason--${a.reason}`}>{reasonLabel(a.reason, t)}</span>
                  {a.detail && <span className="small muted">{attemptDetail(a.detail, t, i18n.language)}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

function OccupancyCard({ s }: { s: CheckinSummary }) {
  const { t } = useTranslation();
  const { current, limit } = s.occupancy;
  const share = limit > 0 ? Math.min(100, Math.round((current / limit) * 100)) : 100;
  const level = current >= limit ? 'full' : share >= 80 ? 'high' : 'ok';
  return (
    <section className={`panel ck-card ck-occ ck-occ--${level}`} aria-labelledby="ck-occ">
      <h2 id="ck-occ" className="ck-card-title">
        {t('checkins.live.occupancy')}
      </h2>
      <p className="ck-big-number" data-testid="live-occupancy">
        {current}
        <span className="ck-of"> / {limit}</span>
      </p>
      <div className="ck-meter" role="meter" aria-valuemin={0} aria-valuemax={limit} aria-valuenow={current} aria-label={t('checkins.live.occupancy')}>
        <span style={{ width: `${share}%` }} />
      </div>
      {/* Closed: no room to offer, whatever the count (never "Tutup" beside "room for 17"). */}
      <p className="small muted" data-testid="live-room">
        {!s.rules.open ? t('opening.closedNoEntry') : level === 'full' ? t('checkins.live.full') : t('checkins.live.free', { count: Math.max(0, limit - current) })}
      </p>
    </section>
  );
}

/** Simple CSS bars (no chart library is installed, and none is needed for 24 columns). */
function HourChart({ byHour }: { byHour: number[] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...byHour);
  // Only the hours of the day that matter: from the first to the last hour with visits, at least 07–22.
  const firstUsed = byHour.findIndex((n) => n > 0);
  const lastUsed = byHour.length - 1 - [...byHour].reverse().findIndex((n) => n > 0);
  const from = Math.min(7, firstUsed < 0 ? 7 : firstUsed);
  const to = Math.max(22, firstUsed < 0 ? 22 : lastUsed);
  const hours = byHour.slice(from, to + 1).map((count, i) => ({ hour: from + i, count }));
  return (
    <ol className="ck-chart" data-testid="live-chart">
      {hours.map(({ hour, count }) => {
        const label = t('checkins.live.hourLabel', { count, hour: String(hour).padStart(2, '0') });
        return (
          <li key={hour} className="ck-col" title={label} aria-label={label}>
            <span className="ck-col-value" aria-hidden="true">
              {count > 0 ? count : ''}
            </span>
            <span className="ck-col-bar" style={{ height: `${(count / max) * 100}%` }} aria-hidden="true" />
            <span className="ck-col-hour" aria-hidden="true">
              {hour % 3 === 0 ? String(hour).padStart(2, '0') : ''}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
