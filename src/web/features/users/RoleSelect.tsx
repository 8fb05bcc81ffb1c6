import { useTranslation } from 'react-i18next';
import { ROLES } from '../../api/types';
import { SelectField } from '../../components/Field';
import { roleLabel } from '../../lib/labels';

interface RoleSelectProps {
  id: string;
  label: string;
  value: string;
  onChange: (role: string) => void;
  error?: string | undefined;
  testId?: string;
  fieldClassName?: string;
}

export function RoleSelect({ id, label, value, onChange, error, testId, fieldClassName }: RoleSelectProps) {
  const { t } = useTranslation();
  return (
    <SelectField
      id={id}
      label={label}
      value={value}
      error={error}
      required
      aria-required
      testId={testId}
      fieldClassName={fieldClassName}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">{t('users.chooseRole')}</option>
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {roleLabel(role, t)}
        </option>
      ))}
    </SelectField>
  );
}
