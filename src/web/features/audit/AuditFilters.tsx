import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS } from '../../../common/audit-actions';
import { SelectField, TextField } from '../../components/Field';
import { RegionSelect } from '../../components/RegionSelect';

export interface AuditFilter {
  action: string;
  user: string;
  region: string;
  from: string;
  to: string;
}

export const NO_AUDIT_FILTER: AuditFilter = { action: '', user: '', region: '', from: '', to: '' };
export const AUDIT_FILTER_KEYS = Object.keys(NO_AUDIT_FILTER) as (keyof AuditFilter)[];

/** Filter the log on the server: action (the known actions, in words), user, region and local date range (issue #18). */
export function AuditFilters({ value, onApply }: { value: AuditFilter; onApply: (filter: AuditFilter) => void }) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState(value);
  const { action, user, region, from, to } = value;
  useEffect(() => setDraft({ action, user, region, from, to }), [action, user, region, from, to]);

  const actions = useMemo(
    () => AUDIT_ACTIONS.map((code) => ({ code, label: t(`audit.actions.${code}`) })).sort((a, b) => a.label.localeCompare(b.label, i18n.language)),
    [t, i18n.language],
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply({ ...draft, user: draft.user.trim() });
  }

  const active = AUDIT_FILTER_KEYS.some((k) => value[k] !== '');
  return (
    <form className="form filters" onSubmit={onSubmit} role="search" aria-label={t('audit.filter.title')} data-testid="audit-filters">
      <SelectField id="audit-action" label={t('audit.action')} value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
        <option value="">{t('audit.filter.anyAction')}</option>
        {actions.map((a) => (
          <option key={a.code} value={a.code}>
            {a.label}
          </option>
        ))}
      </SelectField>
      <TextField
        id="audit-user"
        label={t('audit.filter.user')}
        hint={t('audit.filter.userHint')}
        value={draft.user}
        maxLength={80}
        type="search"
        autoCapitalize="none"
        spellCheck={false}
        onChange={(e) => setDraft({ ...draft, user: e.target.value })}
      />
      <RegionSelect
        id="audit-region"
        label={t('audit.filter.region')}
        value={draft.region}
        emptyLabel={t('audit.filter.anyRegion')}
        onChange={(next) => setDraft({ ...draft, region: next })}
      />
      <TextField id="audit-from" type="date" label={t('audit.filter.from')} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
      <TextField id="audit-to" type="date" label={t('audit.filter.to')} value={draft.to} min={draft.from || undefined} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
      <div className="form-actions">
        <button type="submit" className="btn btn--primary">
          {t('audit.filter.apply')}
        </button>
        {active && (
          <button type="button" className="btn btn--ghost" onClick={() => onApply(NO_AUDIT_FILTER)}>
            {t('audit.filter.clear')}
          </button>
        )}
      </div>
    </form>
  );
}
