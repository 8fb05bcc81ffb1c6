import { useMemo, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { errorMessage } from '../../lib/errors';
import { useMe } from '../auth/session';
import { isWithinScope } from '../regions/region-scope';
import { policiesApi } from './api';
import { formatDate, todayInDenpasar } from './labels';
import type { ZoneEntry } from './types';

/**
 * Two columns of a CSV (regionCode or desa name, active cases), comma or semicolon separated, quotes allowed; a first
 * line whose count is not a number is a header. Returns the rows with their line numbers.
 */
export function parseCountsCsv(text: string): { line: number; key: string; count: string }[] {
  const rows: { line: number; key: string; count: string }[] = [];
  const unquote = (cell: string) => cell.trim().replace(/^"(.*)"$/s, '$1').replace(/""/g, '"').trim();
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const cells = raw.split(/[,;\t](?=(?:[^"]*"[^"]*")*[^"]*$)/).map(unquote);
    const key = cells[0] ?? '';
    const count = cells[1] ?? '';
    if (i === 0 && !/^\d/.test(count)) return;
    rows.push({ line: i + 1, key, count });
  });
  return rows;
}

/** Issue #18: the active-case counts of every desa in the user's area for one date, typed or from a CSV, checked then saved at once. */
export function BulkCountsPanel({ zones, onSaved }: { zones: ZoneEntry[]; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const today = todayInDenpasar();
  const [date, setDate] = useState(today);
  const [values, setValues] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, string[]>>({});
  const [csvProblems, setCsvProblems] = useState<string[]>([]);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // The desa of the user's assignments (the same rule as the region pickers; the server checks it again).
  const scopeKey = me.assignments.map((a) => a.regionCode).join('|');
  const desa = useMemo(() => zones.filter((z) => scopeKey.split('|').some((scope) => isWithinScope(z.regionCode, scope))), [zones, scopeKey]);

  /** The filled rows; a value that is not a whole number is caught here (JSON cannot carry it) and never sent. */
  function filled(): { counts: { regionCode: string; activeCases: number }[]; local: Record<string, string[]> } {
    const counts: { regionCode: string; activeCases: number }[] = [];
    const local: Record<string, string[]> = {};
    for (const z of desa) {
      const v = (values[z.regionCode] ?? '').trim();
      if (v === '') continue;
      if (!/^\d+$/.test(v)) local[z.regionCode] = [t('problems.validation.wholeNumber')];
      else counts.push({ regionCode: z.regionCode, activeCases: Number(v) });
    }
    return { counts, local };
  }

  async function send(commit: boolean) {
    setNotice(null);
    const { counts, local } = filled();
    setProblems(local);
    if (Object.keys(local).length > 0) {
      setNotice({ kind: 'error', text: t('policies.zones.bulk.fixRows') });
      return;
    }
    if (counts.length === 0) {
      setNotice({ kind: 'error', text: t('policies.zones.bulk.nothing') });
      return;
    }
    setBusy(true);
    try {
      const result = await policiesApi.recordActiveCasesBulk({ date, counts, commit });
      const found: Record<string, string[]> = {};
      for (const row of result.rows) if (row.problems.length > 0) found[row.regionCode] = row.problems.map((p) => p.message);
      setProblems(found);
      if (Object.keys(found).length > 0) setNotice({ kind: 'error', text: t('policies.zones.bulk.fixRows') });
      else if (!commit) setNotice({ kind: 'success', text: t('policies.zones.bulk.checked', { count: result.rows.length }) });
      else {
        setNotice({ kind: 'success', text: t('policies.zones.bulk.saved', { count: result.rows.length, date: formatDate(date, i18n.language) }) });
        setValues({});
        setCsvProblems([]);
        onSaved();
      }
    } catch (err) {
      if (err instanceof ApiError && err.errors.length > 0) {
        const found: Record<string, string[]> = {};
        for (const e of err.errors) {
          const index = /^counts\[(\d+)\]/.exec(e.field)?.[1];
          const code = index === undefined ? undefined : counts[Number(index)]?.regionCode;
          if (code) (found[code] ??= []).push(e.message);
        }
        setProblems(found);
      }
      setNotice({ kind: 'error', text: errorMessage(err, t) });
    } finally {
      setBusy(false);
    }
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const byName = new Map(desa.map((z) => [z.name.toLocaleLowerCase('id'), z.regionCode]));
    const codes = new Set(desa.map((z) => z.regionCode));
    const next: Record<string, string> = {};
    const unknown: string[] = [];
    for (const row of parseCountsCsv(await file.text())) {
      const code = codes.has(row.key) ? row.key : byName.get(row.key.toLocaleLowerCase('id'));
      if (code) next[code] = row.count;
      else unknown.push(t('policies.zones.bulk.csvUnknown', { line: row.line, key: row.key }));
    }
    setValues(next);
    setProblems({});
    setCsvProblems(unknown);
    setNotice({ kind: 'success', text: t('policies.zones.bulk.csvLoaded', { count: Object.keys(next).length }) });
  }

  return (
    <section className="panel" aria-labelledby="zones-bulk-title" data-testid="zones-bulk">
      <h2 id="zones-bulk-title" className="panel-title">
        {t('policies.zones.bulk.title')}
      </h2>
      <p className="muted">{t('policies.zones.bulk.intro')}</p>
      <div className="filters">
        <TextField id="bulk-date" testId="bulk-date" type="date" max={today} label={t('policies.zones.entryDate')} value={date} onChange={(e) => setDate(e.target.value || today)} />
        <TextField id="bulk-csv" testId="bulk-csv" type="file" accept=".csv,text/csv,text/plain" label={t('policies.zones.bulk.csv')} hint={t('policies.zones.bulk.csvHint')} onChange={(e) => void onFile(e)} />
      </div>
      {notice && <Alert kind={notice.kind}>{notice.text}</Alert>}
      {csvProblems.length > 0 && (
        <Alert kind="error">
          <ul data-testid="bulk-csv-problems">
            {csvProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Alert>
      )}
      <div className="table-wrap">
        <table className="table" data-testid="bulk-table">
          <thead>
            <tr>
              <th>{t('policies.zones.desa')}</th>
              <th>{t('policies.zones.bulk.current')}</th>
              <th>{t('policies.zones.entryCount')}</th>
              <th>{t('policies.zones.bulk.problems')}</th>
            </tr>
          </thead>
          <tbody>
            {desa.map((z) => (
              <tr key={z.regionCode} data-code={z.regionCode} className={problems[z.regionCode] ? 'is-invalid' : undefined}>
                <td>{z.name}</td>
                <td>{z.activeCases}</td>
                <td>
                  <input
                    type="number"
                    min={0}
                    inputMode="numeric"
                    aria-label={t('policies.zones.bulk.countOf', { name: z.name })}
                    aria-invalid={problems[z.regionCode] ? true : undefined}
                    value={values[z.regionCode] ?? ''}
                    onChange={(e) => setValues({ ...values, [z.regionCode]: e.target.value })}
                    style={{ width: '7em' }}
                  />
                </td>
                <td>{problems[z.regionCode] && <span className="field-error">{problems[z.regionCode]?.join(' ')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="button" className="btn" disabled={busy} onClick={() => void send(false)} data-testid="bulk-check">
          {t('policies.zones.bulk.check')}
        </button>{' '}
        <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void send(true)} data-testid="bulk-save">
          {t('policies.zones.bulk.save')}
        </button>
      </div>
    </section>
  );
}
