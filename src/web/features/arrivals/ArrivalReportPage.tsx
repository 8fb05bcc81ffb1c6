import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { RegionSummary } from '../../api/types';
import { Alert } from '../../components/Alert';
import { Brand } from '../../components/Brand';
import { SelectField, TextField } from '../../components/Field';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { fieldError, formErrorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import { arrivalsApi, type ArrivalReceipt } from './api';
import { KosBatchForm } from './KosBatchForm';
import './lapor-diri.css';

const FIELDS = ['name', 'nik', 'passport', 'phone', 'origin', 'arrivalDate', 'regionCode', 'address', 'purpose'] as const;
type Field = (typeof FIELDS)[number];

/** Today in the city (WITA): the form's default arrival date. */
function todayInCity(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Public: a newcomer (Indonesian or foreign) reports their arrival, as Perwali 32/2020 asks, without an account. The
 * answer is a reference and the end of the 14-day self-isolation; the village officer of the address follows up.
 */
export function ArrivalReportPage() {
  const { t } = useTranslation();
  const [receipt, setReceipt] = useState<ArrivalReceipt | null>(null);
  // Who reports: the newcomer themselves, or a kos owner for several tenants at once.
  const [mode, setMode] = useState<'self' | 'kos'>('self');
  const [idKind, setIdKind] = useState<'nik' | 'passport'>('nik');
  const [form, setForm] = useState<Record<Field, string>>({ name: '', nik: '', passport: '', phone: '', origin: '', arrivalDate: todayInCity(), regionCode: '', address: '', purpose: '' });
  const [clientErrors, setClientErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const regions = useAsync((signal) => api.regions({}, signal), []);
  const villages = useMemo(
    () => (regions.data ?? []).filter((r: RegionSummary) => r.type === 'desa' || r.type === 'kelurahan').sort((a, b) => a.name.localeCompare(b.name)),
    [regions.data],
  );

  useEffect(() => {
    document.title = `${t('arrivals.title')} · ${t('app.name')}`;
  }, [t]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const required: Field[] = ['name', idKind, 'phone', 'origin', 'arrivalDate', 'regionCode', 'address', 'purpose'];
    const errors: Record<string, string | undefined> = {};
    for (const f of required) if (!form[f].trim()) errors[f] = t('errors.required');
    setClientErrors(errors);
    setError(null);
    if (Object.values(errors).some(Boolean)) return;
    setBusy(true);
    try {
      const { nik, passport, ...rest } = form;
      const trimmed = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v.trim()])) as Omit<Record<Field, string>, 'nik' | 'passport'>;
      setReceipt(await arrivalsApi.report({ ...trimmed, ...(idKind === 'nik' ? { nik: nik.trim() } : { passport: passport.trim() }) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const set = (field: Field) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));
  const err = (field: Field) => fieldError(field, clientErrors, error);

  return (
    <div className="login-screen">
      <div className="login-top">
        <LanguageSwitch />
      </div>
      <main className="login-card" id="main">
        <Brand heading />
        {receipt === null && (
          <div className="ld-mode" role="group" aria-label={t('arrivals.kos.who')}>
            <button type="button" className={`btn btn--small${mode === 'self' ? ' btn--primary' : ''}`} aria-pressed={mode === 'self'} onClick={() => setMode('self')} data-testid="arrival-mode-self">
              {t('arrivals.kos.self')}
            </button>
            <button type="button" className={`btn btn--small${mode === 'kos' ? ' btn--primary' : ''}`} aria-pressed={mode === 'kos'} onClick={() => setMode('kos')} data-testid="arrival-mode-kos">
              {t('arrivals.kos.owner')}
            </button>
          </div>
        )}
        {mode === 'kos' && receipt === null ? (
          <KosBatchForm villages={villages} today={todayInCity()} loadingRegions={regions.loading} />
        ) : receipt !== null ? (
          <div className="form" data-testid="arrival-receipt">
            <h2 className="login-title">{t('arrivals.thanksTitle')}</h2>
            <Alert kind="success">{t('arrivals.thanks', { reference: receipt.reference, until: receipt.isolationUntil })}</Alert>
            <p className="muted">{t('arrivals.next')}</p>
          </div>
        ) : (
          <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="arrival-form" aria-labelledby="arrival-title">
            <h2 id="arrival-title" className="login-title">
              {t('arrivals.title')}
            </h2>
            <p className="muted">{t('arrivals.intro')}</p>
            {error !== null && <Alert kind="error" testId="arrival-error">{formErrorMessage(error, FIELDS, t)}</Alert>}
            <TextField id="arrival-name" testId="arrival-name" label={t('arrivals.name')} autoComplete="name" value={form.name} onChange={set('name')} error={err('name')} required />
            <SelectField id="arrival-id-kind" testId="arrival-id-kind" label={t('arrivals.idKind')} value={idKind} onChange={(e) => setIdKind(e.target.value === 'passport' ? 'passport' : 'nik')}>
              <option value="nik">{t('arrivals.idNik')}</option>
              <option value="passport">{t('arrivals.idPassport')}</option>
            </SelectField>
            {idKind === 'nik' ? (
              <TextField id="arrival-nik" testId="arrival-nik" label={t('arrivals.nik')} inputMode="numeric" hint={t('arrivals.nikHint')} value={form.nik} onChange={set('nik')} error={err('nik')} required />
            ) : (
              <TextField id="arrival-passport" testId="arrival-passport" label={t('arrivals.passport')} autoCapitalize="characters" value={form.passport} onChange={set('passport')} error={err('passport')} required />
            )}
            <TextField id="arrival-phone" testId="arrival-phone" label={t('arrivals.phone')} type="tel" inputMode="tel" autoComplete="tel" value={form.phone} onChange={set('phone')} error={err('phone')} required />
            <TextField id="arrival-origin" testId="arrival-origin" label={t('arrivals.origin')} hint={t('arrivals.originHint')} value={form.origin} onChange={set('origin')} error={err('origin')} required />
            <TextField id="arrival-date" testId="arrival-date" label={t('arrivals.arrivalDate')} type="date" value={form.arrivalDate} onChange={set('arrivalDate')} error={err('arrivalDate')} required />
            <SelectField id="arrival-region" testId="arrival-region" label={t('arrivals.region')} value={form.regionCode} onChange={set('regionCode')} error={err('regionCode')} required>
              <option value="">{regions.loading ? t('common.loading') : t('regions.choose')}</option>
              {villages.map((v) => (
                <option key={v.code} value={v.code}>
                  {v.name}
                </option>
              ))}
            </SelectField>
            <TextField id="arrival-address" testId="arrival-address" label={t('arrivals.address')} hint={t('arrivals.addressHint')} autoComplete="street-address" value={form.address} onChange={set('address')} error={err('address')} required />
            <TextField id="arrival-purpose" testId="arrival-purpose" label={t('arrivals.purpose')} value={form.purpose} onChange={set('purpose')} error={err('purpose')} required />
            <p className="muted">{t('arrivals.privacy')}</p>
            <button type="submit" className="btn btn--primary btn--block" disabled={busy} data-testid="arrival-submit">
              {busy ? t('arrivals.submitting') : t('arrivals.submit')}
            </button>
          </form>
        )}
      </main>
    </div>
  );
}
