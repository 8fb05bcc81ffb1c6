import { lazy, Suspense, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { SelectField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { fieldError, formErrorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import { venuesApi } from './api';
import { useLang, useSectors, useVillages } from './common';

const LocationPicker = lazy(() => import('./LocationPicker'));

const FIELDS = ['name', 'sector', 'type', 'regionCode', 'desaAdatCode', 'address', 'lat', 'lon', 'positionConfirmed', 'capacity', 'openingHours.from', 'openingHours.until', 'indoor', 'contactName', 'contactPhone'] as const;

/** A venue manager (or an administrator) registers a venue; it waits for the village officer's verification. */
export function RegisterVenuePage() {
  const { t } = useTranslation();
  const lng = useLang();
  const navigate = useNavigate();
  const sectors = useSectors();
  const villages = useVillages();
  const desaAdat = useAsync((signal) => venuesApi.regionsOfType('desa_adat', signal), []);

  const [form, setForm] = useState({ name: '', sector: '', type: '', regionCode: '', desaAdatCode: '', address: '', capacity: '', opensAt: '', closesAt: '', indoor: 'indoor', contactName: '', contactPhone: '' });
  const [point, setPoint] = useState<{ lat: number; lon: number } | null>(null);
  const [located, setLocated] = useState<{ code: string; name: string }[] | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [clientErrors, setClientErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));
  const types = useMemo(() => sectors.data?.find((s) => s.code === form.sector)?.venueTypes ?? [], [sectors.data, form.sector]);

  // Where does the point fall? The server checks again on submit.
  useEffect(() => {
    if (!point) return;
    const controller = new AbortController();
    venuesApi.locate(point.lat, point.lon, controller.signal).then(
      (found) => {
        setLocated(found);
        setConfirmed(false);
        const first = found[0];
        if (first) setForm((f) => (f.regionCode ? f : { ...f, regionCode: first.code }));
      },
      () => setLocated(null),
    );
    return () => controller.abort();
  }, [point]);

  const outsideCity = located !== null && located.length === 0;
  const mismatch = located !== null && located.length > 0 && form.regionCode !== '' && !located.some((v) => v.code === form.regionCode);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: Record<string, string | undefined> = {};
    for (const f of ['name', 'sector', 'type', 'regionCode', 'address', 'capacity'] as const) if (!form[f].trim()) errors[f] = t('errors.required');
    if (!point) errors['lat'] = t('venues.form.pickPoint');
    if ((form.opensAt === '') !== (form.closesAt === '')) errors['openingHours.from'] = t('venues.form.bothTimes');
    if (mismatch && !confirmed) errors['positionConfirmed'] = t('venues.form.confirmNeeded');
    setClientErrors(errors);
    setError(null);
    if (Object.values(errors).some(Boolean) || !point) return;
    setBusy(true);
    try {
      const { id } = await venuesApi.register({
        name: form.name.trim(),
        sector: form.sector,
        type: form.type,
        regionCode: form.regionCode,
        desaAdatCode: form.desaAdatCode || null,
        address: form.address.trim(),
        lat: point.lat,
        lon: point.lon,
        positionConfirmed: mismatch && confirmed,
        capacity: Number(form.capacity),
        openingHours: form.opensAt && form.closesAt ? { from: form.opensAt, until: form.closesAt } : null,
        indoor: form.indoor === 'indoor',
        contactName: form.contactName.trim() || null,
        contactPhone: form.contactPhone.trim() || null,
      });
      void navigate(`/venues/${id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const err = (field: string) => fieldError(field, clientErrors, error);
  const pointName = located?.[0]?.name;

  return (
    <Page title={t('venues.form.title')} testId="page-register-venue" intro={t('venues.form.intro')}>
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="venue-form">
        {error !== null && <Alert kind="error" testId="venue-form-error">{formErrorMessage(error, FIELDS, t)}</Alert>}
        <TextField id="venue-name" testId="venue-name" label={t('venues.form.name')} value={form.name} onChange={set('name')} error={err('name')} maxLength={120} required />
        <div className="form-row">
          <SelectField id="venue-sector" testId="venue-sector" label={t('venues.form.sector')} value={form.sector} onChange={(e) => setForm((f) => ({ ...f, sector: e.target.value, type: '' }))} error={err('sector')} required>
            <option value="">{t('venues.form.choose')}</option>
            {(sectors.data ?? []).map((s) => (
              <option key={s.code} value={s.code}>
                {s.ordinal}. {lng === 'en' ? s.labelEn : s.labelId}
              </option>
            ))}
          </SelectField>
          <SelectField id="venue-type" testId="venue-type" label={t('venues.form.type')} value={form.type} onChange={set('type')} error={err('type')} disabled={types.length === 0} required>
            <option value="">{t('venues.form.choose')}</option>
            {types.map((v) => (
              <option key={v.code} value={v.code}>
                {lng === 'en' ? v.labelEn : v.labelId}
              </option>
            ))}
          </SelectField>
        </div>
        <TextField id="venue-address" testId="venue-address" label={t('venues.form.address')} value={form.address} onChange={set('address')} error={err('address')} maxLength={300} required />
        <div className="form-row">
          <SelectField id="venue-region" testId="venue-region" label={t('venues.form.region')} value={form.regionCode} onChange={(e) => { setForm((f) => ({ ...f, regionCode: e.target.value })); setConfirmed(false); }} error={err('regionCode')} required>
            <option value="">{t('venues.form.choose')}</option>
            {(villages.data ?? []).map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </SelectField>
          <SelectField id="venue-desa-adat" testId="venue-desa-adat" label={`${t('venues.form.desaAdat')} ${t('common.optional')}`} value={form.desaAdatCode} onChange={set('desaAdatCode')} error={err('desaAdatCode')}>
            <option value="">—</option>
            {(desaAdat.data ?? []).map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </SelectField>
        </div>
        <fieldset className="fieldset">
          <legend>{t('venues.form.position')}</legend>
          <p className="field-hint">{t('venues.form.positionHint')}</p>
          <Suspense fallback={<Loading />}>
            <LocationPicker point={point} regionCode={form.regionCode} onPick={(lat, lon) => setPoint({ lat, lon })} />
          </Suspense>
          <p className="location-note" data-testid="venue-point">
            {point ? t('venues.form.pointAt', { lat: point.lat.toFixed(5), lon: point.lon.toFixed(5) }) : t('venues.form.noPoint')}
            {point && pointName && ` · ${t('venues.form.pointIn', { name: pointName })}`}
          </p>
          {(err('lat') ?? err('lon')) && <p className="field-error">{err('lat') ?? err('lon')}</p>}
          {outsideCity && <Alert kind="error" testId="venue-outside-city">{t('venues.form.outsideCity')}</Alert>}
          {mismatch && (
            <div className="alert alert--info" data-testid="venue-mismatch">
              <p>{t('venues.form.mismatch', { name: pointName ?? '' })}</p>
              <label className="confirm-position">
                <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="venue-confirm-position" />
                <span>{t('venues.form.confirmPosition')}</span>
              </label>
              {err('positionConfirmed') && <p className="field-error">{err('positionConfirmed')}</p>}
            </div>
          )}
        </fieldset>
        <div className="form-row">
          <TextField id="venue-capacity" testId="venue-capacity" label={t('venues.form.capacity')} type="number" inputMode="numeric" min={1} max={50000} value={form.capacity} onChange={set('capacity')} error={err('capacity')} required />
          <SelectField id="venue-indoor" testId="venue-indoor" label={t('venues.form.setting')} value={form.indoor} onChange={set('indoor')} error={err('indoor')}>
            <option value="indoor">{t('venues.indoor')}</option>
            <option value="outdoor">{t('venues.outdoor')}</option>
          </SelectField>
        </div>
        <div className="form-row">
          <TextField id="venue-opens" testId="venue-opens" label={`${t('venues.form.opensAt')} ${t('common.optional')}`} type="time" value={form.opensAt} onChange={set('opensAt')} error={err('openingHours.from')} />
          <TextField id="venue-closes" testId="venue-closes" label={`${t('venues.form.closesAt')} ${t('common.optional')}`} type="time" value={form.closesAt} onChange={set('closesAt')} error={err('openingHours.until')} />
        </div>
        <div className="form-row">
          <TextField id="venue-contact-name" testId="venue-contact-name" label={`${t('venues.form.contactName')} ${t('common.optional')}`} value={form.contactName} onChange={set('contactName')} error={err('contactName')} hint={t('venues.form.contactHint')} />
          <TextField id="venue-contact-phone" testId="venue-contact-phone" label={`${t('venues.form.contactPhone')} ${t('common.optional')}`} type="tel" value={form.contactPhone} onChange={set('contactPhone')} error={err('contactPhone')} />
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="venue-submit">
            {t('venues.form.submit')}
          </button>
        </div>
      </form>
    </Page>
  );
}
