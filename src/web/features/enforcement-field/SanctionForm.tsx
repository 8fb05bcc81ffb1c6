import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../components/Field';
import { sanctionLabel } from './labels';
import { fieldsOf, RICE_MAX_KG, sanctionChoices, type SanctionDraft } from './sanctions';

interface SanctionFormProps {
  subject: 'person' | 'venue';
  adatOfficer: boolean;
  initial: SanctionDraft;
  /** The type is fixed (applying the proposal): only its fields are asked. */
  fixedType?: boolean;
  reasonHint?: string | undefined;
  /** Errors by field, from the server's answer. */
  errors?: Readonly<Record<string, string>>;
  submitLabel: string;
  busy?: boolean;
  onSubmit: (draft: SanctionDraft) => void;
  testId: string;
}

/** The fields of one sanction: those its type takes (a fine's amount and receipt, a suspension's days, adat ones). */
export function SanctionForm({ subject, adatOfficer, initial, fixedType, reasonHint, errors = {}, submitLabel, busy, onSubmit, testId }: SanctionFormProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<SanctionDraft>(initial);
  const fields = fieldsOf(draft.type);
  const set = (key: keyof SanctionDraft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit(draft);
  }

  return (
    <form className="form" onSubmit={submit} noValidate data-testid={testId}>
      {!fixedType && (
        <SelectField id={`${testId}-type`} testId={`${testId}-type`} label={t('field.record.sanctionType')} value={draft.type} onChange={set('type')} error={errors['type']} required>
          <option value="">{t('field.record.chooseSanction')}</option>
          {sanctionChoices(subject, adatOfficer).map((type) => (
            <option key={type} value={type}>
              {sanctionLabel(type, t)}
            </option>
          ))}
        </SelectField>
      )}
      {fields.includes('amountIdr') && (
        <TextField id={`${testId}-amount`} testId={`${testId}-amount`} label={t('field.record.amount')} inputMode="numeric" value={draft.amountIdr} onChange={set('amountIdr')} error={errors['amountIdr']} />
      )}
      {fields.includes('paid') && (
        <label className="fld-check-row">
          <input type="checkbox" checked={draft.paid} onChange={(e) => setDraft((d) => ({ ...d, paid: e.target.checked }))} data-testid={`${testId}-paid`} />
          {t('field.record.paid')}
        </label>
      )}
      {fields.includes('receiptNumber') && draft.paid && (
        <TextField id={`${testId}-receipt`} testId={`${testId}-receipt`} label={t('field.record.receipt')} value={draft.receiptNumber} onChange={set('receiptNumber')} error={errors['receiptNumber']} />
      )}
      {fields.includes('days') && (
        <TextField id={`${testId}-days`} testId={`${testId}-days`} label={t('field.record.days')} inputMode="numeric" value={draft.days} onChange={set('days')} error={errors['days']} />
      )}
      {fields.includes('riceKg') && (
        <TextField id={`${testId}-rice`} testId={`${testId}-rice`} label={t('field.record.riceKg')} type="number" inputMode="decimal" min={0.5} max={RICE_MAX_KG} step={0.5} value={draft.riceKg} onChange={set('riceKg')} error={errors['riceKg']} />
      )}
      {fields.includes('assembly') && (
        <TextField id={`${testId}-assembly`} testId={`${testId}-assembly`} label={t('field.record.assembly')} value={draft.assembly} onChange={set('assembly')} error={errors['assembly']} />
      )}
      {!fixedType && (
        <TextField id={`${testId}-reason`} testId={`${testId}-reason`} label={t('field.record.reason')} hint={reasonHint} value={draft.reason} onChange={set('reason')} error={errors['reason']} />
      )}
      <button type="submit" className="btn btn--primary btn--block" disabled={busy === true || !draft.type} data-testid={`${testId}-submit`}>
        {submitLabel}
      </button>
    </form>
  );
}
