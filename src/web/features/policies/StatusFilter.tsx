import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/Field';

/** "Status: all / …" filter above the rule-set and PKM lists; the value is kept in the page's URL by the caller. */
export function StatusFilter<S extends string>(props: { id: string; value: string; statuses: readonly S[]; labelOf: (status: S) => string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <SelectField id={props.id} label={t('policies.ruleSets.status')} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      <option value="">{t('policies.ruleSets.allStatuses')}</option>
      {props.statuses.map((s) => (
        <option key={s} value={s}>
          {props.labelOf(s)}
        </option>
      ))}
    </SelectField>
  );
}
