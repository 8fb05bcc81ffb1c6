import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { SelectField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RegionSelect } from '../../components/RegionSelect';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { useRegions } from '../regions/regions-context';
import { regionName } from '../regions/region-index';
import './screening.css';
import { referralsApi, type ReferralStatus, type ScreeningReferral } from './api';

/** Self-screening answers residents sent to the puskesmas of the tracer's kecamatan: call them back, mark handled. */
export function ScreeningReferralsPage() {
  const { t, i18n } = useTranslation();
  const { index } = useRegions();
  const [region, setRegion] = useState('');
  const [status, setStatus] = useState<ReferralStatus>('open');
  const list = useAsync((signal) => referralsApi.list({ ...(region ? { region } : {}), status }, signal), [region, status]);
  const [error, setError] = useState<unknown>(null);

  async function markHandled(referral: ScreeningReferral) {
    setError(null);
    try {
      const updated = await referralsApi.markHandled(referral.id);
      list.setData((rows) => (status === 'open' ? (rows ?? []).filter((r) => r.id !== updated.id) : (rows ?? []).map((r) => (r.id === updated.id ? updated : r))));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <Page title={t('screeningReferrals.title')} intro={t('screeningReferrals.intro')} testId="page-screening-referrals">
      <div className="form-row">
        <RegionSelect id="sr-region" testId="referrals-region" label={t('screeningReferrals.region')} value={region} onChange={setRegion} />
        <SelectField id="sr-status" testId="referrals-status" label={t('screeningReferrals.status')} value={status} onChange={(e) => setStatus(e.target.value as ReferralStatus)}>
          <option value="open">{t('screeningReferrals.statusOpen')}</option>
          <option value="handled">{t('screeningReferrals.statusHandled')}</option>
          <option value="all">{t('screeningReferrals.statusAll')}</option>
        </SelectField>
      </div>
      {error !== null && <Alert kind="error">{errorMessage(error, t)}</Alert>}
      {list.error !== undefined && <Alert kind="error">{errorMessage(list.error, t)}</Alert>}
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.length === 0 && <p className="muted" data-testid="referrals-empty">{t('screeningReferrals.empty')}</p>}
      {list.data && list.data.length > 0 && (
        <ul className="referral-list" data-testid="referrals">
          {list.data.map((r) => (
            <li key={r.id} className="panel" data-testid="referral" data-id={r.id} data-handled={r.handledAt ? 'true' : 'false'}>
              <p>
                <strong>{t(`screeningPage.advice.${r.advice}`, { defaultValue: r.advice })}</strong>
                {r.suspect && <span className="badge badge--suspect">{t('screeningReferrals.suspect')}</span>}
              </p>
              <p>
                <a href={`tel:${r.phone}`}>{r.phone}</a> · {regionName(index, r.regionCode)} · {formatDateTime(r.createdAt, i18n.language)}
              </p>
              <p className="muted">
                {r.answers.symptoms.length > 0 ? r.answers.symptoms.map((s) => t(`screeningPage.symptoms.${s}`)).join(', ') : t('screeningReferrals.noSymptoms')}
                {r.answers.severe && ` · ${t('screeningReferrals.severe')}`}
                {r.answers.contact && ` · ${t('screeningReferrals.contact')}`}
                {r.answers.travel && ` · ${t('screeningReferrals.travel')}`}
              </p>
              {r.handledAt ? (
                <p className="muted">{t('screeningReferrals.handledAt', { when: formatDateTime(r.handledAt, i18n.language) })}</p>
              ) : (
                <button type="button" className="btn btn--primary btn--small" data-testid="referral-handled" onClick={() => void markHandled(r)}>
                  {t('screeningReferrals.markHandled')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
