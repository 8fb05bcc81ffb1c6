import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { RegionSummary } from '../../api/types';
import { Alert } from '../../components/Alert';
import { SelectField, TextField } from '../../components/Field';
import { formErrorMessage } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { arrivalsApi, type ArrivalBatchReceipt } from './api';

const MAX_TENANTS = 30;
const TENANT_FIELDS = ['name', 'identity', 'phone', 'origin', 'arrivalDate', 'room', 'purpose'] as const;
type TenantField = (typeof TENANT_FIELDS)[number];
type Tenant = Record<TenantField, string>;

/** A NIK is 16 digits (typed with spaces or dots); anything else is a passport number. */
const looksLikeNik = (value: string) => /^[\d\s.-]+$/.test(value.trim());

/**
 * A kos (boarding house) owner reports several tenants at once: the desa and the kos's address once, then each tenant.
 * The server stores all of them or none, and names a wrong field by its tenant (`arrivals[1].nik`).
 */
export function KosBatchForm({ villages, today, loadingRegions }: { villages: RegionSummary[]; today: string; loadingRegions: boolean }) {
  const { t, i18n } = useTranslation();
  const empty = (): Tenant => ({ name: '', identity: '', phone: '', origin: '', arrivalDate: today, room: '', purpose: '' });
  const [owner, setOwner] = useState({ name: '', phone: '', regionCode: '', address: '' });
  const [tenants, setTenants] = useState<Tenant[]>([empty()]);
  const [clientErrors, setClientErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<{ names: string[]; result: ArrivalBatchReceipt } | null>(null);

  // The server's field names, shown where this form asks for them: a tenant's NIK or passport on its identity field,
  // the shared desa and address on the shared fields.
  const serverField = useMemo(() => {
    const map: Record<string, string> = {};
    if (error instanceof ApiError) {
      for (const [field, message] of Object.entries(error.fieldErrors)) {
        const m = /^arrivals\.(\d+)\.(\w+)$/.exec(field);
        if (!m) map[field] = message;
        else if (m[2] === 'regionCode') map.regionCode = message;
        else if (m[2] === 'address') map.address = message;
        else map[`arrivals.${m[1]}.${m[2] === 'nik' || m[2] === 'passport' ? 'identity' : m[2]}`] = message;
      }
    }
    return map;
  }, [error]);
  const err = (field: string) => clientErrors[field] ?? serverField[field];
  const knownFields = ['reporter.name', 'reporter.phone', ...tenants.flatMap((_, i) => ['nik', 'passport', 'name', 'phone', 'origin', 'arrivalDate', 'regionCode', 'address', 'purpose'].map((f) => `arrivals.${i}.${f}`))];

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: Record<string, string | undefined> = {};
    const required = t('errors.required');
    if (!owner.name.trim()) errors['reporter.name'] = required;
    if (!owner.phone.trim()) errors['reporter.phone'] = required;
    if (!owner.regionCode) errors.regionCode = required;
    if (!owner.address.trim()) errors.address = required;
    tenants.forEach((tenant, i) => {
      for (const f of TENANT_FIELDS) if (f !== 'room' && !tenant[f].trim()) errors[`arrivals.${i}.${f}`] = required;
    });
    setClientErrors(errors);
    setError(null);
    if (Object.values(errors).some(Boolean)) return;
    setBusy(true);
    try {
      const result = await arrivalsApi.reportMany({
        reporter: { name: owner.name.trim(), phone: owner.phone.trim() },
        arrivals: tenants.map((tenant) => ({
          name: tenant.name.trim(),
          ...(looksLikeNik(tenant.identity) ? { nik: tenant.identity.trim() } : { passport: tenant.identity.trim() }),
          phone: tenant.phone.trim(),
          origin: tenant.origin.trim(),
          arrivalDate: tenant.arrivalDate,
          regionCode: owner.regionCode,
          address: tenant.room.trim() ? `${owner.address.trim()}, ${tenant.room.trim()}` : owner.address.trim(),
          purpose: tenant.purpose.trim(),
        })),
      });
      setReceipt({ names: tenants.map((x) => x.name.trim()), result });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (receipt) {
    return (
      <div className="form" data-testid="kos-receipt">
        <h2 className="login-title">{t('arrivals.kos.thanksTitle')}</h2>
        <Alert kind="success">{t('arrivals.kos.thanks', { count: receipt.result.arrivals.length })}</Alert>
        <ul className="kos-receipts">
          {receipt.result.arrivals.map((r, i) => (
            <li key={r.reference}>
              <strong>{receipt.names[i]}</strong>: {r.reference} · {t('arrivals.kos.until', { date: formatDate(r.isolationUntil, i18n.language) })}
            </li>
          ))}
        </ul>
        <p className="muted">{t('arrivals.next')}</p>
      </div>
    );
  }

  const setTenant = (i: number, field: TenantField) => (e: { target: { value: string } }) => setTenants((all) => all.map((x, j) => (j === i ? { ...x, [field]: e.target.value } : x)));
  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="kos-form" aria-labelledby="kos-title">
      <h2 id="kos-title" className="login-title">{t('arrivals.kos.title')}</h2>
      <p className="muted">{t('arrivals.kos.intro')}</p>
      {error !== null && <Alert kind="error" testId="kos-error">{formErrorMessage(error, knownFields, t)}</Alert>}
      <TextField id="kos-owner-name" testId="kos-owner-name" label={t('arrivals.kos.ownerName')} autoComplete="name" value={owner.name} onChange={(e) => setOwner((o) => ({ ...o, name: e.target.value }))} error={err('reporter.name')} required />
      <TextField id="kos-owner-phone" testId="kos-owner-phone" label={t('arrivals.kos.ownerPhone')} type="tel" inputMode="tel" autoComplete="tel" value={owner.phone} onChange={(e) => setOwner((o) => ({ ...o, phone: e.target.value }))} error={err('reporter.phone')} required />
      <SelectField id="kos-region" testId="kos-region" label={t('arrivals.region')} value={owner.regionCode} onChange={(e) => setOwner((o) => ({ ...o, regionCode: e.target.value }))} error={err('regionCode')} required>
        <option value="">{loadingRegions ? t('common.loading') : t('regions.choose')}</option>
        {villages.map((v) => (
          <option key={v.code} value={v.code}>
            {v.name}
          </option>
        ))}
      </SelectField>
      <TextField id="kos-address" testId="kos-address" label={t('arrivals.kos.address')} autoComplete="street-address" value={owner.address} onChange={(e) => setOwner((o) => ({ ...o, address: e.target.value }))} error={err('address')} required />
      {tenants.map((tenant, i) => (
        <fieldset key={i} className="kos-tenant" data-testid="kos-tenant">
          <legend>{t('arrivals.kos.tenant', { n: i + 1 })}</legend>
          <TextField id={`kos-${i}-name`} testId="kos-tenant-name" label={t('arrivals.name')} value={tenant.name} onChange={setTenant(i, 'name')} error={err(`arrivals.${i}.name`)} required />
          <TextField id={`kos-${i}-identity`} testId="kos-tenant-identity" label={t('arrivals.kos.identity')} hint={t('arrivals.kos.identityHint')} value={tenant.identity} onChange={setTenant(i, 'identity')} error={err(`arrivals.${i}.identity`)} required />
          <TextField id={`kos-${i}-phone`} testId="kos-tenant-phone" label={t('arrivals.phone')} type="tel" inputMode="tel" value={tenant.phone} onChange={setTenant(i, 'phone')} error={err(`arrivals.${i}.phone`)} required />
          <TextField id={`kos-${i}-origin`} testId="kos-tenant-origin" label={t('arrivals.origin')} value={tenant.origin} onChange={setTenant(i, 'origin')} error={err(`arrivals.${i}.origin`)} required />
          <TextField id={`kos-${i}-date`} testId="kos-tenant-date" label={t('arrivals.arrivalDate')} type="date" value={tenant.arrivalDate} onChange={setTenant(i, 'arrivalDate')} error={err(`arrivals.${i}.arrivalDate`)} required />
          <TextField id={`kos-${i}-room`} testId="kos-tenant-room" label={t('arrivals.kos.room')} value={tenant.room} onChange={setTenant(i, 'room')} />
          <TextField id={`kos-${i}-purpose`} testId="kos-tenant-purpose" label={t('arrivals.purpose')} value={tenant.purpose} onChange={setTenant(i, 'purpose')} error={err(`arrivals.${i}.purpose`)} required />
          {tenants.length > 1 && (
            <button type="button" className="btn btn--small" onClick={() => setTenants((all) => all.filter((_, j) => j !== i))}>
              {t('arrivals.kos.remove')}
            </button>
          )}
        </fieldset>
      ))}
      {tenants.length < MAX_TENANTS && (
        <button type="button" className="btn btn--block" onClick={() => setTenants((all) => [...all, empty()])} data-testid="kos-add-tenant">
          {t('arrivals.kos.add')}
        </button>
      )}
      <p className="muted">{t('arrivals.privacy')}</p>
      <button type="submit" className="btn btn--primary btn--block" disabled={busy} data-testid="kos-submit">
        {busy ? t('arrivals.submitting') : t('arrivals.kos.submit', { count: tenants.length })}
      </button>
    </form>
  );
}
