import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { isRole, type Assignment } from '../../api/types';
import { Alert } from '../../components/Alert';
import { RegionSelect } from '../../components/RegionSelect';
import { fieldError, formErrorMessage } from '../../lib/errors';
import { regionName } from '../regions/region-index';
import { useRegions } from '../regions/regions-context';
import { RoleSelect } from './RoleSelect';
import { hasErrors } from './validation';

interface AddAssignmentFormProps {
  userId: string;
  onAdded: (assignment: Assignment) => void;
  onCancel: () => void;
}

const FIELDS = ['role', 'regionCode'] as const;

export function AddAssignmentForm({ userId, onAdded, onCancel }: AddAssignmentFormProps) {
  const { t } = useTranslation();
  const { index } = useRegions();
  const [role, setRole] = useState('');
  const [regionCode, setRegionCode] = useState('');
  const [clientErrors, setClientErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors = {
      role: role ? undefined : t('errors.required'),
      regionCode: regionCode ? undefined : t('errors.required'),
    };
    setClientErrors(errors);
    setError(null);
    // The role picker offers only the server's roles: a chosen role always passes.
    if (hasErrors(errors) || !isRole(role)) return;
    setBusy(true);
    try {
      const { id } = await api.addAssignment(userId, { role, regionCode });
      onAdded({ id, role, regionCode, regionName: regionName(index, regionCode) });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const formError = formErrorMessage(error, FIELDS, t);
  return (
    <form className="form form--compact inline-form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="add-assignment-form">
      {formError && <Alert kind="error">{formError}</Alert>}
      <div className="form-row">
        <RoleSelect
          id={`assign-${userId}-role`}
          label={t('users.role')}
          value={role}
          onChange={setRole}
          error={fieldError('role', clientErrors, error)}
        />
        <RegionSelect
          id={`assign-${userId}-region`}
          label={t('users.region')}
          value={regionCode}
          onChange={setRegionCode}
          error={fieldError('regionCode', clientErrors, error)}
          required
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn--primary btn--small" disabled={busy}>
          {t('users.addAssignment')}
        </button>
        <button type="button" className="btn btn--ghost btn--small" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
