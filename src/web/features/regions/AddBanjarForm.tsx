import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { fieldError, formErrorMessage } from '../../lib/errors';

interface AddBanjarFormProps {
  parentCode: string;
  parentName: string;
  onCreated: (code: string) => void;
}

const FIELDS = ['name', 'code'] as const;

/** For regions:manage: add a banjar/lingkungan under a desa/kelurahan. */
export function AddBanjarForm({ parentCode, parentName, onCreated }: AddBanjarFormProps) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [clientErrors, setClientErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<{ name: string; code: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = name.trim();
    const errors = { name: trimmed ? undefined : t('errors.required') };
    setClientErrors(errors);
    setError(null);
    setCreated(null);
    if (errors.name) return;
    setBusy(true);
    try {
      const result = await api.createRegion({
        name: trimmed,
        type: 'banjar',
        parentCode,
        ...(code.trim() ? { code: code.trim() } : {}),
      });
      setCreated({ name: trimmed, code: result.code });
      setName('');
      setCode('');
      onCreated(result.code);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const formError = formErrorMessage(error, FIELDS, t);
  return (
    <form className="form form--compact add-banjar" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="add-banjar-form">
      <h4>{t('regions.addBanjar.title', { name: parentName })}</h4>
      {formError && <Alert kind="error">{formError}</Alert>}
      {created && <Alert kind="success">{t('regions.addBanjar.success', created)}</Alert>}
      <div className="form-row">
        <TextField
          id="banjar-name"
          label={t('regions.addBanjar.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldError('name', clientErrors, error)}
          required
          maxLength={120}
        />
        <TextField
          id="banjar-code"
          label={`${t('regions.addBanjar.code')} ${t('common.optional')}`}
          hint={t('regions.addBanjar.codeHint')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={fieldError('code', clientErrors, error)}
          autoCapitalize="none"
          spellCheck={false}
          maxLength={40}
        />
      </div>
      <button type="submit" className="btn btn--primary" disabled={busy}>
        {t('regions.addBanjar.submit')}
      </button>
    </form>
  );
}
