import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { SelectField, TextField } from '../../components/Field';
import { Page } from '../../components/Page';
import { errorMessage, fieldError, formErrorMessage } from '../../lib/errors';
import { healthRecordsApi, type ImportInput, type ImportPreview } from './api';

const VACCINES = ['sinovac', 'astrazeneca', 'pfizer', 'moderna', 'sinopharm', 'janssen', 'novavax', 'sputnik', 'zifivax', 'indovac', 'inavac', 'other'] as const;
const NO_CLIENT_ERRORS: Record<string, string | undefined> = {};

/**
 * A puskesmas health worker's (or a tracer's) screen: one vaccination or test result by phone or NIK, or a CSV file
 * checked row by row (nothing stored) and then imported (the same rows twice are stored once).
 */
export function HealthRecordsPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('healthRecords.title')} intro={t('healthRecords.intro')} testId="page-health-records">
      <div className="health-records">
        <OneRecordForm />
        <CsvImport />
      </div>
    </Page>
  );
}

function OneRecordForm() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'vaccination' | 'test'>('vaccination');
  const [by, setBy] = useState<'phone' | 'nik'>('phone');
  const [who, setWho] = useState('');
  const [dose, setDose] = useState('1');
  const [vaccine, setVaccine] = useState<string>('sinovac');
  const [date, setDate] = useState('');
  const [testKind, setTestKind] = useState<'antigen' | 'pcr'>('antigen');
  const [result, setResult] = useState<'negative' | 'positive'>('negative');
  const [at, setAt] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    const subject = by === 'phone' ? { phone: who } : { nik: who };
    try {
      if (kind === 'vaccination') await healthRecordsApi.vaccination({ ...subject, dose: Number(dose), vaccine, date });
      else await healthRecordsApi.testResult({ ...subject, kind: testKind, result, at: at ? new Date(at).toISOString() : '' });
      setSaved(kind === 'vaccination' ? t('healthRecords.savedVaccination') : t('healthRecords.savedTest'));
      setWho('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const known = ['phone', 'nik', 'dose', 'vaccine', 'date', 'kind', 'result', 'at', 'regionCode'];
  const err = (field: string) => fieldError(field, NO_CLIENT_ERRORS, error);
  return (
    <section className="panel" aria-labelledby="hr-one">
      <h2 id="hr-one">{t('healthRecords.oneTitle')}</h2>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="health-record-form">
        <div className="form-row">
          <SelectField id="hr-kind" label={t('healthRecords.kind')} value={kind} onChange={(e) => setKind(e.target.value === 'test' ? 'test' : 'vaccination')}>
            <option value="vaccination">{t('healthRecords.vaccination')}</option>
            <option value="test">{t('healthRecords.test')}</option>
          </SelectField>
          <SelectField id="hr-by" label={t('healthRecords.by')} value={by} onChange={(e) => setBy(e.target.value === 'nik' ? 'nik' : 'phone')}>
            <option value="phone">{t('healthRecords.byPhone')}</option>
            <option value="nik">{t('healthRecords.byNik')}</option>
          </SelectField>
        </div>
        <TextField id="hr-who" testId="hr-who" label={by === 'phone' ? t('healthRecords.phone') : t('healthRecords.nik')} value={who} onChange={(e) => setWho(e.target.value)} error={err(by)} inputMode={by === 'phone' ? 'tel' : 'numeric'} />
        {kind === 'vaccination' ? (
          <div className="form-row">
            <SelectField id="hr-dose" label={t('healthRecords.dose')} value={dose} onChange={(e) => setDose(e.target.value)} error={err('dose')}>
              {([1, 2, 3, 4] as const).map((d) => (
                <option key={d} value={String(d)}>{t(`healthRecords.doses.d${d}`)}</option>
              ))}
            </SelectField>
            <SelectField id="hr-vaccine" label={t('healthRecords.vaccine')} value={vaccine} onChange={(e) => setVaccine(e.target.value)} error={err('vaccine')}>
              {VACCINES.map((v) => (
                <option key={v} value={v}>{t(`healthRecords.vaccines.${v}`)}</option>
              ))}
            </SelectField>
            <TextField id="hr-date" testId="hr-date" type="date" label={t('healthRecords.date')} value={date} onChange={(e) => setDate(e.target.value)} error={err('date')} />
          </div>
        ) : (
          <div className="form-row">
            <SelectField id="hr-test-kind" label={t('healthRecords.testKind')} value={testKind} onChange={(e) => setTestKind(e.target.value === 'pcr' ? 'pcr' : 'antigen')} error={err('kind')}>
              <option value="antigen">{t('healthRecords.antigen')}</option>
              <option value="pcr">{t('healthRecords.pcr')}</option>
            </SelectField>
            <SelectField id="hr-result" label={t('healthRecords.result')} value={result} onChange={(e) => setResult(e.target.value === 'positive' ? 'positive' : 'negative')} error={err('result')}>
              <option value="negative">{t('healthRecords.negative')}</option>
              <option value="positive">{t('healthRecords.positive')}</option>
            </SelectField>
            <TextField id="hr-at" testId="hr-at" type="datetime-local" label={t('healthRecords.at')} value={at} onChange={(e) => setAt(e.target.value)} error={err('at')} />
          </div>
        )}
        {error !== null && <Alert kind="error">{formErrorMessage(error, known, t)}</Alert>}
        {saved !== null && <Alert kind="success" testId="hr-saved">{saved}</Alert>}
        <button className="btn btn--primary" type="submit" disabled={busy} data-testid="hr-save">{t('healthRecords.save')}</button>
      </form>
    </section>
  );
}

function CsvImport() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ImportInput['kind']>('vaccinations');
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setPreview(null);
    setDone(null);
    setError(null);
    if (!file) return;
    setFileName(file.name);
    setCsv(await file.text());
  }

  async function run(action: 'preview' | 'import') {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      if (action === 'preview') setPreview(await healthRecordsApi.preview({ kind, csv }));
      else {
        const result = await healthRecordsApi.import({ kind, csv });
        setDone(t('healthRecords.imported', { stored: result.stored, duplicate: result.duplicate }));
        setPreview(null);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="hr-csv">
      <h2 id="hr-csv">{t('healthRecords.csvTitle')}</h2>
      <p className="muted">{kind === 'vaccinations' ? t('healthRecords.csvColumnsVaccinations') : t('healthRecords.csvColumnsTests')}</p>
      <div className="form-row">
        <SelectField id="hr-csv-kind" label={t('healthRecords.csvKind')} value={kind} onChange={(e) => { setKind(e.target.value === 'tests' ? 'tests' : 'vaccinations'); setPreview(null); }}>
          <option value="vaccinations">{t('healthRecords.vaccinations')}</option>
          <option value="tests">{t('healthRecords.tests')}</option>
        </SelectField>
        <div className="field">
          <label htmlFor="hr-file">{t('healthRecords.file')}</label>
          <input id="hr-file" type="file" accept=".csv,text/csv" onChange={(e) => void choose(e)} data-testid="hr-file" />
          {fileName && <p className="muted">{fileName}</p>}
        </div>
      </div>
      <button className="btn" type="button" disabled={busy || csv === ''} onClick={() => void run('preview')} data-testid="hr-preview">{t('healthRecords.preview')}</button>
      {error !== null && <Alert kind="error">{errorMessage(error, t)}</Alert>}
      {done !== null && <Alert kind="success" testId="hr-imported">{done}</Alert>}
      {preview !== null && (
        <div data-testid="hr-preview-table">
          <p>{t('healthRecords.previewCounts', preview.counts)}</p>
          <table className="table">
            <thead>
              <tr><th>{t('healthRecords.line')}</th><th>{t('healthRecords.status')}</th><th>{t('healthRecords.problems')}</th></tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr key={r.line} className={r.status === 'error' ? 'row--error' : undefined}>
                  <td>{r.line}</td>
                  <td>{t(`healthRecords.rowStatus.${r.status}`)}</td>
                  <td>{r.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.counts.error > 0 ? (
            <Alert kind="error">{t('healthRecords.fixFirst')}</Alert>
          ) : (
            <button className="btn btn--primary" type="button" disabled={busy || preview.counts.new === 0} onClick={() => void run('import')} data-testid="hr-import">{t('healthRecords.confirmImport', { count: preview.counts.new })}</button>
          )}
        </div>
      )}
    </section>
  );
}
