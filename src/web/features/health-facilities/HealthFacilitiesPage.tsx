import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Alert } from '../../components/Alert';
import { SelectField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RegionSelect } from '../../components/RegionSelect';
import { errorMessage, fieldError, formErrorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import { usePermission } from '../auth/session';
import { useRegions } from '../regions/regions-context';
import { regionName } from '../regions/region-index';
import { facilitiesApi, type DayHours, type FacilityBody, type HealthFacility } from './api';
import './health-facilities.css';
import { ConfirmButton } from '../../components/ConfirmButton';

const KINDS = ['puskesmas', 'puskesmas_pembantu', 'rumah_sakit', 'klinik', 'laboratorium'] as const;
type Kind = (typeof KINDS)[number];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** A new puskesmas: Monday to Saturday mornings, closed on Sunday. */
const NEW_HOURS: DayHours[] = [...Array.from({ length: 6 }, () => ({ from: '08:00', until: '14:00' })), null];
const EMPTY: FacilityBody = { name: '', kind: 'puskesmas', regionCode: '', address: '', phone: null, hours: NEW_HOURS };

/**
 * The health facilities residents are shown with their self-screening result (issue #16): every staff member reads
 * them; the administrators of a region add, change and remove its facilities (the server checks the region).
 */
export function HealthFacilitiesPage() {
  const { t } = useTranslation();
  const canManage = usePermission('facilities:manage');
  const list = useAsync((signal) => facilitiesApi.list(signal), []);
  const [editing, setEditing] = useState<HealthFacility | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [removeError, setRemoveError] = useState<unknown>(null);

  async function remove(f: HealthFacility) {
    setRemoveError(null);
    try {
      await facilitiesApi.remove(f.id);
      if (editing?.id === f.id) setEditing(null);
      list.reload();
    } catch (err) {
      setRemoveError(err);
    }
  }

  return (
    <Page title={t('healthFacilities.title')} intro={t('healthFacilities.intro')} testId="page-health-facilities">
      <div className={canManage ? 'hf-grid' : ''}>
        <section className="panel">
          {removeError !== null && <Alert kind="error">{errorMessage(removeError, t)}</Alert>}
          {list.loading && !list.data ? (
            <Loading />
          ) : !list.data ? (
            <Alert kind="error">{errorMessage(list.error, t)}</Alert>
          ) : list.data.length === 0 ? (
            <p className="muted" data-testid="facilities-empty">{t('healthFacilities.empty')}</p>
          ) : (
            <FacilityTable
              facilities={list.data}
              canManage={canManage}
              onEdit={(f) => {
                setEditing(f);
                setFormKey((k) => k + 1);
              }}
              onRemove={(f) => void remove(f)}
            />
          )}
        </section>
        {canManage && (
          <FacilityForm
            key={`${editing?.id ?? 'new'}-${formKey}`}
            facility={editing}
            onCancel={() => setEditing(null)}
            onSaved={() => {
              setEditing(null);
              setFormKey((k) => k + 1);
              list.reload();
            }}
          />
        )}
      </div>
    </Page>
  );
}

/** The week in few words: consecutive days with the same hours joined ("Sen–Sab 08:00–14:00 · Min tutup"). */
function weekText(hours: DayHours[], t: TFunction): string {
  const day = (i: number) => t(`healthFacilities.weekdays.${WEEKDAYS[i] ?? 'mon'}`);
  const window = (h: DayHours) => (h === null ? t('healthFacilities.closed') : h.from === '00:00' && h.until === '24:00' ? t('healthFacilities.allDay') : `${h.from}–${h.until}`);
  const runs: { first: number; last: number; text: string }[] = [];
  hours.forEach((h, i) => {
    const text = window(h);
    const last = runs.at(-1);
    if (last && last.text === text) last.last = i;
    else runs.push({ first: i, last: i, text });
  });
  return runs.map((r) => `${r.first === r.last ? day(r.first) : `${day(r.first)}–${day(r.last)}`} ${r.text}`).join(' · ');
}

function FacilityTable({ facilities, canManage, onEdit, onRemove }: { facilities: HealthFacility[]; canManage: boolean; onEdit: (f: HealthFacility) => void; onRemove: (f: HealthFacility) => void }) {
  const { t } = useTranslation();
  const { index } = useRegions();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="facilities-table">
        <thead>
          <tr>
            <th scope="col">{t('healthFacilities.name')}</th>
            <th scope="col">{t('healthFacilities.region')}</th>
            <th scope="col">{t('healthFacilities.hours')}</th>
            {canManage && <th scope="col"><span className="visually-hidden">{t('healthFacilities.edit')}</span></th>}
          </tr>
        </thead>
        <tbody>
          {facilities.map((f) => (
            <tr key={f.id} data-testid="facility-row" data-name={f.name}>
              <th scope="row">
                {f.name}
                <div className="muted small">{t(`healthFacilities.kinds.${(KINDS as readonly string[]).includes(f.kind) ? (f.kind as Kind) : 'klinik'}`)} · {f.address}</div>
                {f.phone && (
                  <div className="small">
                    {t('healthFacilities.phone')}: <a href={`tel:${f.phone.replace(/[^0-9+]/g, '')}`}>{f.phone}</a>
                  </div>
                )}
              </th>
              <td>{regionName(index, f.regionCode)}</td>
              <td className="hf-week">{weekText(f.hours, t)}</td>
              {canManage && (
                <td>
                  <div className="hf-actions">
                    <button type="button" className="btn btn--small" onClick={() => onEdit(f)} data-testid="facility-edit">{t('healthFacilities.edit')}</button>
                    <ConfirmButton className="btn btn--small btn--danger" testId="facility-remove" question={t('healthFacilities.confirmRemove', { name: f.name })} onConfirm={() => onRemove(f)}>
                      {t('healthFacilities.remove')}
                    </ConfirmButton>
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FacilityForm({ facility, onCancel, onSaved }: { facility: HealthFacility | null; onCancel: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState<FacilityBody>(facility ? { name: facility.name, kind: facility.kind as FacilityBody['kind'], regionCode: facility.regionCode, address: facility.address, phone: facility.phone, hours: facility.hours } : EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const setDay = (i: number, day: DayHours) => setBody((b) => ({ ...b, hours: b.hours.map((h, j) => (j === i ? day : h)) }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const payload = { ...body, name: body.name.trim(), address: body.address.trim(), phone: body.phone?.trim() ? body.phone.trim() : null };
      if (facility) await facilitiesApi.update(facility.id, payload);
      else await facilitiesApi.create(payload);
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const hoursError = error !== null ? body.hours.map((_, i) => fieldError(`hours[${i}].from`, {}, error) ?? fieldError(`hours[${i}].until`, {}, error)).find((e) => e) : undefined;
  return (
    <section className="panel" aria-labelledby="hf-form-title">
      <h2 id="hf-form-title" className="panel-title">{facility ? `${t('healthFacilities.edit')}: ${facility.name}` : t('healthFacilities.add')}</h2>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="facility-form">
        {error !== null && <Alert kind="error">{formErrorMessage(error, ['name', 'kind', 'regionCode', 'address', 'phone'], t) ?? errorMessage(error, t)}</Alert>}
        {saved && <Alert kind="success">{t('healthFacilities.saved')}</Alert>}
        <TextField id="hf-name" testId="facility-name" label={t('healthFacilities.name')} value={body.name} onChange={(e) => setBody({ ...body, name: e.target.value })} error={fieldError('name', {}, error)} required />
        <SelectField id="hf-kind" testId="facility-kind" label={t('healthFacilities.kind')} value={body.kind} onChange={(e) => setBody({ ...body, kind: e.target.value as FacilityBody['kind'] })} error={fieldError('kind', {}, error)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>{t(`healthFacilities.kinds.${k}`)}</option>
          ))}
        </SelectField>
        <RegionSelect id="hf-region" testId="facility-region" label={t('healthFacilities.region')} value={body.regionCode} onChange={(regionCode) => setBody({ ...body, regionCode })} error={fieldError('regionCode', {}, error)} required />
        <TextField id="hf-address" testId="facility-address" label={t('healthFacilities.address')} value={body.address} onChange={(e) => setBody({ ...body, address: e.target.value })} error={fieldError('address', {}, error)} required />
        <TextField id="hf-phone" testId="facility-phone" label={t('healthFacilities.phone')} type="tel" value={body.phone ?? ''} onChange={(e) => setBody({ ...body, phone: e.target.value })} error={fieldError('phone', {}, error)} />
        <fieldset className="hf-fieldset">
          <legend>{t('healthFacilities.hours')}</legend>
          <div className="hf-hours" data-testid="facility-hours">
            {body.hours.map((h, i) => {
              const day = WEEKDAYS[i] ?? 'mon';
              return (
                <div key={day} style={{ display: 'contents' }}>
                  <span>{t(`healthFacilities.weekdays.${day}`)}</span>
                  <label className="small hf-open">
                    <input type="checkbox" checked={h !== null} onChange={(e) => setDay(i, e.target.checked ? { from: '08:00', until: '14:00' } : null)} data-testid={`facility-open-${day}`} /> <span className="visually-hidden">{t('healthFacilities.open')}</span>
                  </label>
                  {h ? (
                    <>
                      <input type="time" aria-label={`${t(`healthFacilities.weekdays.${day}`)} ${t('healthFacilities.from')}`} value={h.from} onChange={(e) => setDay(i, { ...h, from: e.target.value })} />
                      <input type="time" aria-label={`${t(`healthFacilities.weekdays.${day}`)} ${t('healthFacilities.until')}`} value={h.until === '24:00' ? '23:59' : h.until} onChange={(e) => setDay(i, { ...h, until: e.target.value })} />
                    </>
                  ) : (
                    <span className="muted small" style={{ gridColumn: 'span 2' }}>{t('healthFacilities.closed')}</span>
                  )}
                </div>
              );
            })}
          </div>
          {hoursError && <p className="field-error">{hoursError}</p>}
        </fieldset>
        <div className="hf-actions">
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="facility-save">{t('healthFacilities.save')}</button>
          {facility && <button type="button" className="btn" onClick={onCancel}>{t('healthFacilities.cancel')}</button>}
        </div>
      </form>
    </section>
  );
}
