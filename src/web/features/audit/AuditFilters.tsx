import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/Field';

export interface AuditFilter {
  action: string;
  entityType: string;
}

interface AuditFiltersProps {
  value: AuditFilter;
  onApply: (filter: AuditFilter) => void;
  knownActions: readonly string[];
  knownEntityTypes: readonly string[];
}

/** Filter by action and entity type; suggestions come from the entries already loaded. */
export function AuditFilters({ value, onApply, knownActions, knownEntityTypes }: AuditFiltersProps) {
  const { t } = useTranslation();
  const [action, setAction] = useState(value.action);
  const [entityType, setEntityType] = useState(value.entityType);
  useEffect(() => {
    setAction(value.action);
    setEntityType(value.entityType);
  }, [value.action, value.entityType]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply({ action: action.trim(), entityType: entityType.trim() });
  }

  const active = value.action !== '' || value.entityType !== '';
  return (
    <form className="form filters" onSubmit={onSubmit} role="search" aria-label={t('audit.filter.title')} data-testid="audit-filters">
      <TextField
        id="audit-action"
        label={t('audit.action')}
        value={action}
        onChange={(e) => setAction(e.target.value)}
        list="audit-actions"
        autoCapitalize="none"
        spellCheck={false}
        placeholder={t('audit.filter.any')}
      />
      <datalist id="audit-actions">
        {knownActions.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <TextField
        id="audit-entity-type"
        label={t('audit.entityType')}
        value={entityType}
        onChange={(e) => setEntityType(e.target.value)}
        list="audit-entity-types"
        autoCapitalize="none"
        spellCheck={false}
        placeholder={t('audit.filter.any')}
      />
      <datalist id="audit-entity-types">
        {knownEntityTypes.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <div className="form-actions">
        <button type="submit" className="btn btn--primary">
          {t('audit.filter.apply')}
        </button>
        {active && (
          <button type="button" className="btn btn--ghost" onClick={() => onApply({ action: '', entityType: '' })}>
            {t('audit.filter.clear')}
          </button>
        )}
      </div>
    </form>
  );
}
