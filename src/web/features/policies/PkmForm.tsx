import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { Alert } from '../../components/Alert';
import { SelectField, TextField } from '../../components/Field';
import { useMe } from '../auth/session';
import { formErrorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import { policiesApi } from './api';
import { addDays, todayInDenpasar } from './labels';
import type { PkmApplication, PkmInput, Rule } from './types';

interface Props {
  existing?: PkmApplication | undefined;
  onSaved: (app: PkmApplication) => void;
}

const within = (code: string, scope: string) => code === scope || code.startsWith(`${scope}.`);

/** Draft or edit a village PKM application: grounds, extra restrictions, border posts, gatherings, start and length. */
export function PkmForm({ existing, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const zones = useAsync((signal) => policiesApi.zones(undefined, signal), []);
  const sectors = useAsync((signal) => policiesApi.sectors(signal), []);
  const scopes = me.assignments.filter((a) => a.role === 'village_officer' || a.role === 'adat_officer').map((a) => a.regionCode);
  const villages = useMemo(() => {
    const all = [...(zones.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'id'));
    const mine = all.filter((z) => scopes.some((s) => within(z.regionCode, s)));
    return mine.length > 0 ? mine : all;
  }, [zones.data, scopes]);

  const [form, setForm] = useState<PkmInput>(
    existing
      ? { regionCode: existing.regionCode, adatRegionCode: existing.adatRegionCode, grounds: existing.grounds, rules: existing.rules, borderPosts: existing.borderPosts, maxGatheringSize: existing.maxGatheringSize, otherMeasures: existing.otherMeasures, startDate: existing.startDate, lengthDays: existing.lengthDays }
      : { regionCode: '', adatRegionCode: '', grounds: '', rules: [{ sector: 'trade', zoneColours: 'all', window: { from: '00:00', until: '20:00' }, capacityPercent: 50, dineIn: null, maxVisitMinutes: null, capacityMode: 'enforce' }], borderPosts: 0, maxGatheringSize: null, otherMeasures: '', startDate: addDays(todayInDenpasar(), 2), lengthDays: 14 },
  );
  const regionCode = form.regionCode || (villages.length === 1 ? (villages[0]?.regionCode ?? '') : '');
  // Only the desa adat the region import records as lying (wholly or partly) in the chosen desa: the server accepts no other.
  const village = useAsync((signal) => (regionCode ? api.region(regionCode, signal) : Promise.resolve(undefined)), [regionCode]);
  const adatChoices = useMemo(
    () => (village.data?.overlaps ?? []).filter((o) => o.type === 'desa_adat').sort((a, b) => a.name.localeCompare(b.name, 'id')),
    [village.data],
  );
  const adatRegionCode = form.adatRegionCode || (adatChoices.length === 1 ? (adatChoices[0]?.code ?? '') : '');
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const errors = error instanceof ApiError ? error.fieldErrors : {};
  const setRule = (i: number, patch: Partial<Rule>) => setForm({ ...form, rules: form.rules.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const body = { ...form, regionCode, adatRegionCode };
      onSaved(existing ? await policiesApi.updateApplication(existing.id, body) : await policiesApi.createApplication(body));
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  const known = ['regionCode', 'adatRegionCode', 'grounds', 'borderPosts', 'maxGatheringSize', 'otherMeasures', 'startDate', 'lengthDays', ...form.rules.flatMap((_, i) => [`rules.${i}.window.until`, `rules.${i}.capacityPercent`])];
  return (
    <form className="form form--compact" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="pkm-form">
      {error !== null && <Alert kind="error">{formErrorMessage(error, known, t)}</Alert>}
      <div className="form-row">
        <SelectField id="pkm-region" testId="pkm-region" label={t('policies.pkm.region')} value={regionCode} disabled={!!existing} onChange={(e) => setForm({ ...form, regionCode: e.target.value, adatRegionCode: '' })} error={errors['regionCode']}>
          <option value="">{t('policies.public.chooseDesa')}</option>
          {villages.map((z) => (
            <option key={z.regionCode} value={z.regionCode}>
              {z.name}
            </option>
          ))}
        </SelectField>
        <SelectField id="pkm-adat" testId="pkm-adat" label={t('policies.pkm.adat')} value={adatRegionCode} disabled={!regionCode} hint={regionCode && village.data && adatChoices.length === 0 ? t('policies.pkm.adatNone') : undefined} onChange={(e) => setForm({ ...form, adatRegionCode: e.target.value })} error={errors['adatRegionCode']}>
          <option value="">{regionCode ? '—' : t('policies.pkm.adatChooseDesaFirst')}</option>
          {adatChoices.map((a) => (
            <option key={a.code} value={a.code}>
              {a.name}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="field">
        <label htmlFor="pkm-grounds">{t('policies.pkm.grounds')}</label>
        <textarea id="pkm-grounds" data-testid="pkm-grounds" value={form.grounds} onChange={(e) => setForm({ ...form, grounds: e.target.value })} aria-describedby="pkm-grounds-hint" />
        <p className="field-hint" id="pkm-grounds-hint">
          {t('policies.pkm.groundsHint')}
        </p>
        {errors['grounds'] && <p className="field-error">{errors['grounds']}</p>}
      </div>
      <h3>{t('policies.pkm.rules')}</h3>
      {form.rules.map((rule, i) => (
        <div className="rule-row" key={i}>
          <SelectField id={`pkm-rule-${i}-sector`} label={t('policies.public.sector')} value={rule.venueType ? `type:${rule.venueType}` : `sector:${rule.sector ?? ''}`} onChange={(e) => {
            const [kind, code] = e.target.value.split(':');
            const { sector: _s, venueType: _v, ...rest } = rule;
            setForm({ ...form, rules: form.rules.map((r, j) => (j === i ? (kind === 'type' ? { ...rest, venueType: code } : { ...rest, sector: code }) : r)) });
          }} fieldClassName="field--wide">
            {(sectors.data ?? []).map((s) => (
              <optgroup key={s.code} label={i18n.language === 'en' ? s.labelEn : s.labelId}>
                <option value={`sector:${s.code}`}>{i18n.language === 'en' ? s.labelEn : s.labelId}</option>
                {s.venueTypes.map((v) => (
                  <option key={v.code} value={`type:${v.code}`}>
                    — {i18n.language === 'en' ? v.labelEn : v.labelId}
                  </option>
                ))}
              </optgroup>
            ))}
          </SelectField>
          <TextField id={`pkm-rule-${i}-until`} testId={`pkm-rule-${i}-until`} label={t('policies.pkm.until')} value={rule.window?.until ?? ''} placeholder="20:00" onChange={(e) => setRule(i, { window: e.target.value ? { from: '00:00', until: e.target.value } : null })} error={errors[`rules.${i}.window.until`]} />
          <TextField id={`pkm-rule-${i}-capacity`} testId={`pkm-rule-${i}-capacity`} type="number" label={t('policies.ruleSets.capacity')} value={Number.isFinite(rule.capacityPercent) ? String(rule.capacityPercent) : ''} onChange={(e) => setRule(i, { capacityPercent: num(e.target.value), capacityMode: 'enforce' })} error={errors[`rules.${i}.capacityPercent`]} />
          <SelectField id={`pkm-rule-${i}-dinein`} label={t('policies.ruleSets.dineIn')} value={rule.dineIn === null ? '' : String(rule.dineIn)} onChange={(e) => setRule(i, { dineIn: e.target.value === '' ? null : e.target.value === 'true' })}>
            <option value="">{t('policies.rules.dineInUnspecified')}</option>
            <option value="true">{t('policies.rules.dineInAllowed')}</option>
            <option value="false">{t('policies.rules.dineInNotAllowed')}</option>
          </SelectField>
          <button type="button" className="btn btn--danger-ghost btn--small" onClick={() => setForm({ ...form, rules: form.rules.filter((_, j) => j !== i) })}>
            {t('policies.ruleSets.removeRule')}
          </button>
        </div>
      ))}
      <button type="button" className="btn btn--small" onClick={() => setForm({ ...form, rules: [...form.rules, { sector: 'trade', zoneColours: 'all', window: { from: '00:00', until: '20:00' }, capacityPercent: 100, dineIn: null, maxVisitMinutes: null, capacityMode: 'warn' }] })}>
        {t('policies.pkm.addRule')}
      </button>
      <div className="form-row">
        <TextField id="pkm-border-posts" testId="pkm-border-posts" type="number" min={0} label={t('policies.pkm.borderPosts')} value={Number.isFinite(form.borderPosts) ? String(form.borderPosts) : ''} onChange={(e) => setForm({ ...form, borderPosts: num(e.target.value) })} error={errors['borderPosts']} />
        <TextField id="pkm-gathering" type="number" min={0} label={t('policies.pkm.maxGathering')} hint={t('policies.pkm.maxGatheringHint')} value={form.maxGatheringSize === null ? '' : String(form.maxGatheringSize)} onChange={(e) => setForm({ ...form, maxGatheringSize: e.target.value === '' ? null : num(e.target.value) })} error={errors['maxGatheringSize']} />
      </div>
      <TextField id="pkm-other" label={t('policies.pkm.otherMeasures')} value={form.otherMeasures} onChange={(e) => setForm({ ...form, otherMeasures: e.target.value })} error={errors['otherMeasures']} />
      <div className="form-row">
        <TextField id="pkm-start" testId="pkm-start" type="date" label={t('policies.pkm.startDate')} value={form.startDate} min={todayInDenpasar()} onChange={(e) => setForm({ ...form, startDate: e.target.value })} error={errors['startDate']} />
        <TextField id="pkm-length" testId="pkm-length" type="number" min={1} max={90} label={t('policies.pkm.lengthDays')} value={Number.isFinite(form.lengthDays) ? String(form.lengthDays) : ''} onChange={(e) => setForm({ ...form, lengthDays: num(e.target.value) })} error={errors['lengthDays']} />
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={saving} data-testid="pkm-save">
          {existing ? t('policies.pkm.save') : t('policies.pkm.create')}
        </button>
      </div>
    </form>
  );
}
