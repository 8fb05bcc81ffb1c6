import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegions } from '../features/regions/regions-context';
import { treeOrder } from '../features/regions/region-index';
import { regionTypeLabel } from '../lib/labels';
import { SelectField } from './Field';

interface RegionSelectProps {
  id: string;
  label: string;
  value: string;
  onChange: (code: string) => void;
  error?: string | undefined;
  required?: boolean;
  testId?: string;
  fieldClassName?: string;
  /** Text of the empty choice (a filter says "all regions"); default "choose a region". */
  emptyLabel?: string;
}

const INDENT = '\u00a0\u00a0\u00a0';

/**
 * Native select (fast and familiar on phones) with the region tree indented, desa adat in their own group. Offers only
 * the regions within the signed-in user's assignments (an officer of one desa sees that desa), so every filter and
 * picker built on it is scoped in one place; the server enforces the same scope.
 */
export function RegionSelect({ id, label, value, onChange, error, required, testId, fieldClassName, emptyLabel }: RegionSelectProps) {
  const { t } = useTranslation();
  const { scoped: index, loading } = useRegions();
  const ordered = useMemo(() => (index ? treeOrder(index) : []), [index]);

  return (
    <SelectField
      id={id}
      label={label}
      value={value}
      error={error}
      required={required}
      aria-required={required}
      testId={testId}
      fieldClassName={fieldClassName}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">{loading && !index ? t('common.loading') : (emptyLabel ?? t('regions.choose'))}</option>
      {ordered.length > 0 && (
        <optgroup label={t('regions.administrative')}>
          {ordered.map(({ region, depth }) => (
            <option key={region.code} value={region.code}>
              {INDENT.repeat(depth)}
              {region.name} ({regionTypeLabel(region.type, t)})
            </option>
          ))}
        </optgroup>
      )}
      {index && index.desaAdat.length > 0 && (
        <optgroup label={t('regions.desaAdat')}>
          {index.desaAdat.map((region) => (
            <option key={region.code} value={region.code}>
              {region.name}
            </option>
          ))}
        </optgroup>
      )}
    </SelectField>
  );
}
