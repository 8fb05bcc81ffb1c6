import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { API_BASE, request } from '../../api/client';
import type { ApiResponse } from '../../api/types';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { fieldError, formErrorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';

type Subscription = ApiResponse<'getMyWeeklyReportSubscription'>;

/** The ISO week before the current one ("2026-W48"), in the browser's calendar: the link to last week's report. */
function lastWeek(now = new Date()): string {
  const d = new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate() - 7));
  const weekday = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() + 3 - weekday);
  const year = d.getUTCFullYear();
  const week = 1 + Math.floor((d.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The account page's weekly-report subscription (task force): every Monday 08:00 WITA by e-mail (issue #17). */
export function WeeklyReportSection({ canSubscribe }: { canSubscribe: boolean }) {
  const { t } = useTranslation();
  const current = useAsync((signal) => request<Subscription>('/me/weekly-report', { signal }), []);
  const [subscribed, setSubscribed] = useState(false);
  const [email, setEmail] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!current.data) return;
    setSubscribed(current.data.subscribed);
    setEmail(current.data.email ?? '');
  }, [current.data]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await request<Subscription>('/me/weekly-report', { method: 'PUT', body: subscribed ? { subscribed, email } : { subscribed } });
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="panel narrow" aria-labelledby="weekly-title" data-testid="weekly-report">
      <h2 id="weekly-title" className="panel-title">{t('dashboards.weeklyTitle')}</h2>
      <p>
        <a href={`${API_BASE}/reports/weekly.pdf?week=${lastWeek()}`} data-testid="weekly-download">{t('dashboards.weeklyDownload')}</a>
      </p>
      {canSubscribe && (
        <form onSubmit={(e) => void onSubmit(e)} noValidate>
          <p className="hint">{t('dashboards.weeklyHint')}</p>
          <label className="check">
            <input type="checkbox" checked={subscribed} onChange={(e) => setSubscribed(e.target.checked)} data-testid="weekly-subscribe" />
            {t('dashboards.weeklySubscribe')}
          </label>
          {subscribed && (
            <TextField id="weekly-email" testId="weekly-email" type="email" autoComplete="email" label={t('dashboards.weeklyEmail')} value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError('email', {}, error)} />
          )}
          {error !== null && formErrorMessage(error, ['email'], t) && <Alert kind="error">{formErrorMessage(error, ['email'], t)}</Alert>}
          {saved && <Alert kind="success">{t('dashboards.weeklySaved')}</Alert>}
          <button type="submit" className="btn btn--primary" data-testid="weekly-save">{t('dashboards.weeklySave')}</button>
        </form>
      )}
    </section>
  );
}
