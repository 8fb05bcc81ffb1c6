import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { formErrorMessage } from '../../lib/errors';
import { policiesApi } from './api';
import { formatDate, todayInDenpasar } from './labels';

const FIELDS = ['effectiveFrom', 'yellowFrom', 'orangeFrom', 'redFrom', 'basis'] as const;

/** A new version of the zone thresholds (the smallest active-case count of each colour), from today or later. */
export function ThresholdsForm({ onSaved }: { onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const today = todayInDenpasar();
  const [form, setForm] = useState({ effectiveFrom: today, yellowFrom: '3', orangeFrom: '11', redFrom: '41', basis: '' });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const errors = error instanceof ApiError ? error.fieldErrors : {};
  const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    setSaved(null);
    try {
      await policiesApi.createThresholds({
        effectiveFrom: form.effectiveFrom,
        yellowFrom: num(form.yellowFrom),
        orangeFrom: num(form.orangeFrom),
        redFrom: num(form.redFrom),
        basis: form.basis.trim(),
      });
      setSaved(t('policies.zones.thresholdsSaved', { date: formatDate(form.effectiveFrom, i18n.language) }));
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="form form--compact" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="thresholds-form">
      <h3>{t('policies.zones.thresholdsNew')}</h3>
      <p className="muted small">{t('policies.zones.thresholdsHint')}</p>
      {saved && <Alert kind="success">{saved}</Alert>}
      {error !== null && <Alert kind="error">{formErrorMessage(error, FIELDS, t)}</Alert>}
      <TextField id="thr-from" type="date" min={today} label={t('policies.zones.thresholdsFrom')} value={form.effectiveFrom} onChange={(e) => setForm({ ...form, effectiveFrom: e.target.value })} error={errors['effectiveFrom']} />
      <div className="form-row">
        <TextField id="thr-yellow" type="number" min={1} label={t('policies.zones.yellowFrom')} value={form.yellowFrom} onChange={(e) => setForm({ ...form, yellowFrom: e.target.value })} error={errors['yellowFrom']} />
        <TextField id="thr-orange" type="number" min={2} label={t('policies.zones.orangeFrom')} value={form.orangeFrom} onChange={(e) => setForm({ ...form, orangeFrom: e.target.value })} error={errors['orangeFrom']} />
        <TextField id="thr-red" type="number" min={3} label={t('policies.zones.redFrom')} value={form.redFrom} onChange={(e) => setForm({ ...form, redFrom: e.target.value })} error={errors['redFrom']} />
      </div>
      <TextField id="thr-basis" label={t('policies.zones.basis')} value={form.basis} onChange={(e) => setForm({ ...form, basis: e.target.value })} error={errors['basis']} />
      <button type="submit" className="btn" disabled={saving}>
        {t('policies.zones.thresholdsSave')}
      </button>
    </form>
  );
}
