import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../api/types';
import { SelectField, TextField } from '../../components/Field';
import { RegionSelect } from '../../components/RegionSelect';
import { roleLabel } from '../../lib/labels';

export interface UserFilter {
  q: string;
  role: string;
  region: string;
}

export const NO_USER_FILTER: UserFilter = { q: '', role: '', region: '' };

/** Search the user list on the server: part of the name or username, a role, a region (issue #18). */
export function UserFilters({ value, onApply }: { value: UserFilter; onApply: (filter: UserFilter) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(value);
  const { q, role, region } = value;
  useEffect(() => setDraft({ q, role, region }), [q, role, region]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply({ ...draft, q: draft.q.trim() });
  }

  const active = value.q !== '' || value.role !== '' || value.region !== '';
  return (
    <form className="form filters" onSubmit={onSubmit} role="search" aria-label={t('users.filter.title')} data-testid="user-filters">
      <TextField
        id="user-q"
        type="search"
        label={t('users.filter.q')}
        value={draft.q}
        maxLength={120}
        autoCapitalize="none"
        spellCheck={false}
        onChange={(e) => setDraft({ ...draft, q: e.target.value })}
      />
      <SelectField id="user-role" label={t('users.filter.role')} value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value })}>
        <option value="">{t('users.filter.anyRole')}</option>
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {roleLabel(role, t)}
          </option>
        ))}
      </SelectField>
      <RegionSelect
        id="user-region"
        label={t('users.filter.region')}
        value={draft.region}
        emptyLabel={t('users.filter.anyRegion')}
        onChange={(region) => setDraft({ ...draft, region })}
      />
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" data-testid="user-search">
          {t('users.filter.apply')}
        </button>
        {active && (
          <button type="button" className="btn btn--ghost" onClick={() => onApply(NO_USER_FILTER)}>
            {t('users.filter.clear')}
          </button>
        )}
      </div>
    </form>
  );
}
