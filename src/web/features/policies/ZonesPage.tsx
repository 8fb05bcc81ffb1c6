import { lazy, Suspense, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { SelectField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { errorMessage, fieldError, formErrorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import { policiesApi } from './api';
import { addDays, formatDate, todayInDenpasar, ZONE_FILL, zoneLabel } from './labels';
import { ZoneBadge } from './ZoneBadge';
import { FirstRunRulesBanner } from './FirstRunRulesBanner';
import { ThresholdsForm } from './ThresholdsForm';
import { BulkCountsPanel } from './BulkCountsPanel';
import { ZoneLegend } from './ZoneLegend';
import './policies.css';

const ZoneMap = lazy(() => import('./ZoneMap'));

/** Task force and administrators: zones of a day with their counts, a desa's history, and the manual count entry. */
export function ZonesPage() {
  const { t, i18n } = useTranslation();
  const today = todayInDenpasar();
  const [date, setDate] = useState(today);
  const [selected, setSelected] = useState<string | null>(null);
  const zones = useAsync((signal) => policiesApi.zones(date, signal), [date]);
  const thresholds = useAsync((signal) => policiesApi.thresholds(signal), []);
  const history = useAsync(
    (signal) => (selected ? policiesApi.zoneHistory(selected, { from: addDays(date, -29), to: date }, signal) : Promise.resolve(undefined)),
    [selected, date, zones.data],
  );
  const sorted = useMemo(() => [...(zones.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'id')), [zones.data]);

  const [entry, setEntry] = useState({ regionCode: '', date: today, activeCases: '' });
  const [entryError, setEntryError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setEntryError(null);
    setSaved(null);
    try {
      const count = entry.activeCases.trim() === '' ? Number.NaN : Number(entry.activeCases);
      const result = await policiesApi.recordActiveCases({ regionCode: entry.regionCode, date: entry.date, activeCases: count });
      setSaved(t('policies.zones.entrySaved', { name: result.name, date: formatDate(result.date, i18n.language), count: result.activeCases, colour: zoneLabel(result.colour, t) }));
      setSelected(result.regionCode);
      zones.reload();
    } catch (err) {
      setEntryError(err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Page title={t('policies.zones.title')} intro={t('policies.zones.intro')} testId="page-zones">
      <FirstRunRulesBanner />
      <div className="policy-layout">
        <section className="panel" aria-labelledby="zones-table-title">
          <h2 id="zones-table-title" className="panel-title">
            {t('policies.public.zonesOf', { date: formatDate(date, i18n.language) })}
          </h2>
          <div className="filters">
            <TextField id="zones-date" testId="zones-date" type="date" label={t('policies.zones.date')} value={date} max={today} onChange={(e) => setDate(e.target.value || today)} />
          </div>
          {zones.error !== undefined && <Alert kind="error">{errorMessage(zones.error, t)}</Alert>}
          {zones.loading && !zones.data && <Loading />}
          <div className="table-wrap">
            <table className="table" data-testid="zones-table">
              <thead>
                <tr>
                  <th>{t('policies.zones.desa')}</th>
                  <th>{t('policies.zones.colour')}</th>
                  <th>{t('policies.zones.activeCases')}</th>
                  <th>{t('policies.zones.countDate')}</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((z) => (
                  <tr
                    key={z.regionCode}
                    className={z.regionCode === selected ? 'is-selected is-clickable' : 'is-clickable'}
                    onClick={() => setSelected(z.regionCode)}
                    data-code={z.regionCode}
                  >
                    <td>
                      <button type="button" className="link-button" onClick={() => setSelected(z.regionCode)}>
                        {z.name}
                      </button>
                    </td>
                    <td>
                      <ZoneBadge colour={z.colour} />
                    </td>
                    <td>{z.activeCases}</td>
                    <td>{z.countDate ? formatDate(z.countDate, i18n.language) : t('common.none')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <div>
          <section className="panel" aria-label={t('policies.public.map')}>
            <Suspense fallback={<div className="zone-map" aria-hidden="true" />}>
              <ZoneMap zones={zones.data} selectedCode={selected} onSelect={setSelected} />
            </Suspense>
          </section>
          <section className="panel" aria-labelledby="zones-entry-title">
            <h2 id="zones-entry-title" className="panel-title">
              {t('policies.zones.entryTitle')}
            </h2>
            <form className="form form--compact" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="zones-entry">
              {saved && <Alert kind="success">{saved}</Alert>}
              {entryError !== null && formErrorMessage(entryError, ['regionCode', 'date', 'activeCases'], t) && (
                <Alert kind="error">{formErrorMessage(entryError, ['regionCode', 'date', 'activeCases'], t)}</Alert>
              )}
              <SelectField
                id="entry-desa"
                testId="entry-desa"
                label={t('policies.zones.entryDesa')}
                value={entry.regionCode}
                onChange={(e) => setEntry({ ...entry, regionCode: e.target.value })}
                error={fieldError('regionCode', {}, entryError)}
              >
                <option value="">{t('policies.public.chooseDesa')}</option>
                {sorted.map((z) => (
                  <option key={z.regionCode} value={z.regionCode}>
                    {z.name}
                  </option>
                ))}
              </SelectField>
              <TextField id="entry-date" testId="entry-date" type="date" max={today} label={t('policies.zones.entryDate')} value={entry.date} onChange={(e) => setEntry({ ...entry, date: e.target.value })} error={fieldError('date', {}, entryError)} />
              <TextField
                id="entry-count"
                testId="entry-count"
                type="number"
                min={0}
                inputMode="numeric"
                label={t('policies.zones.entryCount')}
                value={entry.activeCases}
                onChange={(e) => setEntry({ ...entry, activeCases: e.target.value })}
                error={fieldError('activeCases', {}, entryError)}
              />
              <button type="submit" className="btn btn--primary" disabled={saving} data-testid="entry-submit">
                {t('policies.zones.entrySubmit')}
              </button>
            </form>
          </section>
          <section className="panel" aria-labelledby="zones-history-title">
            <h2 id="zones-history-title" className="panel-title">
              {history.data ? t('policies.zones.history', { name: history.data.name }) : t('policies.zones.history', { name: '' })}
            </h2>
            {!selected && <p className="muted">{t('policies.zones.historyHint')}</p>}
            {history.data && history.data.days.length === 0 && <p className="muted">{t('policies.zones.noHistory')}</p>}
            {history.data && history.data.days.length > 0 && (
              <ul className="history-strip" data-testid="zones-history">
                {history.data.days.map((d) => (
                  <li key={d.date} style={{ background: ZONE_FILL[d.colour] }} title={`${formatDate(d.date, i18n.language)}: ${zoneLabel(d.colour, t)}, ${d.activeCases}`}>
                    {d.activeCases}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="panel" aria-labelledby="zones-thresholds-title">
            <h2 id="zones-thresholds-title" className="panel-title">
              {t('policies.zones.thresholds')}
            </h2>
            <ZoneLegend thresholds={thresholds.data} />
            <ThresholdsForm
              onSaved={() => {
                thresholds.reload();
                zones.reload();
              }}
            />
          </section>
        </div>
      </div>
      <BulkCountsPanel zones={sorted} onSaved={() => zones.reload()} />
    </Page>
  );
}
