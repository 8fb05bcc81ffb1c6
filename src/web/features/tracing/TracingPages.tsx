import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { FEVER_THRESHOLD_C } from '../../../common/reference/fever';
import { Alert } from '../../components/Alert';
import { ConfirmButton } from '../../components/ConfirmButton';
import { SelectField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RegionSelect } from '../../components/RegionSelect';
import { ApiError } from '../../api/client';
import { errorMessage, fieldError } from '../../lib/errors';
import { formatDate, formatDateTime, formatNumber, formatTime, todayIn } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { usePublicConfig } from '../config/public-config';
import { regionName } from '../regions/region-index';
import { useRegions } from '../regions/regions-context';
import { tracingApi, type CaseDetail, type CaseInput, type ContactItem } from './api';
import './tracing.css';

type LabelGroup = 'categories' | 'status' | 'symptoms' | 'contactStatus' | 'test';
/** A code the server sends, in the user's language (the code itself when the catalogue does not know it). */
function label(t: TFunction, group: LabelGroup, code: string): string {
  return t(`tracing.${group}.${code}`, { defaultValue: code });
}

const CATEGORIES = ['suspek', 'probable', 'konfirmasi_simptomatik', 'konfirmasi_asimptomatik'] as const;
const LATER = ['selesai_isolasi', 'discarded', 'meninggal'] as const;

function useDateTime() {
  const { i18n } = useTranslation();
  const tz = usePublicConfig().config.timeZone;
  return (iso: string) => formatDateTime(iso, i18n.language, tz);
}

/** Calendar dates and region names as people read them, not as the API stores them. */
function useReadable() {
  const { i18n } = useTranslation();
  const regions = useRegions();
  const tz = usePublicConfig().config.timeZone;
  return {
    date: (value: string | null | undefined) => (value ? formatDate(value, i18n.language) : '—'),
    region: (code: string) => regionName(regions.index, code),
    number: (value: number) => formatNumber(value, i18n.language),
    time: (iso: string) => formatTime(iso, i18n.language, tz),
  };
}

// ---------------------------------------------------------------- cases

export function CasesPage() {
  const { t } = useTranslation();
  const list = useAsync((signal) => tracingApi.cases(signal), []);
  const readable = useReadable();
  return (
    <Page title={t('tracing.cases.title')} intro={t('tracing.cases.intro')} testId="page-cases">
      <RegisterCaseForm onCreated={list.reload} />
      <section className="panel" aria-labelledby="tr-cases">
        <h2 id="tr-cases" className="panel-title">{t('tracing.cases.list')}</h2>
        {list.loading && !list.data ? (
          <Loading />
        ) : !list.data ? (
          <Alert kind="error">{errorMessage(list.error, t)}</Alert>
        ) : list.data.length === 0 ? (
          <p className="muted">{t('tracing.cases.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="cases-table">
              <thead>
                <tr>
                  <th>{t('tracing.fields.name')}</th>
                  <th>{t('tracing.fields.category')}</th>
                  <th>{t('tracing.fields.residence')}</th>
                  <th>{t('tracing.fields.episode')}</th>
                  <th>{t('tracing.fields.isolationEnd')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/cases/${c.id}`} data-testid="case-link">{c.name}</Link>
                      {c.sourceCaseId && <span className="tr-chip">{t('tracing.cases.linked')}</span>}
                    </td>
                    <td><span className={`tr-cat tr-cat--${c.category}`}>{label(t, 'categories', c.category)}</span></td>
                    <td>{readable.region(c.residenceCode)}</td>
                    <td>{readable.date(c.episodeDate)}</td>
                    <td>{readable.date(c.isolationEnd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Page>
  );
}

function RegisterCaseForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form, setForm] = useState<CaseInput>({ name: '', phone: '', nik: '', residenceCode: '', category: 'konfirmasi_simptomatik', onsetDate: '', specimenDate: '', isolationStart: '', testReference: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof CaseInput) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const fe = (field: string) => fieldError(field, {}, error);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: CaseInput = { name: form.name, phone: form.phone, residenceCode: form.residenceCode, category: form.category };
    for (const k of ['nik', 'onsetDate', 'specimenDate', 'isolationStart', 'testReference'] as const) if (form[k]) body[k] = form[k];
    try {
      const { id } = await tracingApi.register(body);
      onCreated();
      void navigate(`/cases/${id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel tr-form" onSubmit={(e) => void submit(e)} data-testid="case-form" noValidate>
      <h2 className="panel-title">{t('tracing.cases.register')}</h2>
      {error !== null && (
        <Alert kind="error" testId="case-error">
          {errorMessage(error, t)}
          {error instanceof ApiError && error.status === 409 && <> {t('tracing.cases.openExisting')}</>}
        </Alert>
      )}
      <div className="tr-grid">
        <TextField id="tr-name" label={t('tracing.fields.name')} value={form.name} onChange={set('name')} error={fe('name')} testId="case-name" required />
        <TextField id="tr-phone" label={t('tracing.fields.phone')} value={form.phone} onChange={set('phone')} error={fe('phone')} testId="case-phone" required inputMode="tel" />
        <TextField id="tr-nik" label={t('tracing.fields.nik')} value={form.nik ?? ''} onChange={set('nik')} error={fe('nik')} testId="case-nik" inputMode="numeric" />
        <RegionSelect id="tr-residence" label={t('tracing.fields.residence')} value={form.residenceCode} onChange={(code) => setForm((f) => ({ ...f, residenceCode: code }))} error={fe('residenceCode')} testId="case-residence" required />
        <SelectField id="tr-category" label={t('tracing.fields.category')} value={form.category} onChange={set('category')} error={fe('category')} testId="case-category">
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>{label(t, 'categories', c)}</option>
          ))}
        </SelectField>
        <TextField id="tr-onset" type="date" label={t('tracing.fields.onsetDate')} value={form.onsetDate ?? ''} onChange={set('onsetDate')} error={fe('onsetDate')} testId="case-onset" />
        <TextField id="tr-specimen" type="date" label={t('tracing.fields.specimenDate')} value={form.specimenDate ?? ''} onChange={set('specimenDate')} error={fe('specimenDate')} testId="case-specimen" />
        <TextField id="tr-isolation" type="date" label={t('tracing.fields.isolationStart')} value={form.isolationStart ?? ''} onChange={set('isolationStart')} error={fe('isolationStart')} testId="case-isolation" />
        <TextField id="tr-test-reference" label={t('tracing.fields.testReference')} value={form.testReference ?? ''} onChange={set('testReference')} error={fe('testReference')} testId="case-test-reference" />
      </div>
      <button type="submit" className="btn btn--primary" disabled={busy} data-testid="case-submit">{t('tracing.cases.submit')}</button>
    </form>
  );
}

// ---------------------------------------------------------------- case detail and exposures

export function CaseDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const dt = useDateTime();
  const readable = useReadable();
  const detail = useAsync((signal) => tracingApi.case(id, signal), [id]);
  // Need-to-know: the exposures are searched (and the search logged) only once the case has a ground for it.
  const ground = detail.data?.exposureSearch.basis ?? null;
  const exposures = useAsync((signal) => (ground ? tracingApi.exposures(id, signal) : Promise.resolve(undefined)), [id, ground]);
  const [error, setError] = useState<unknown>(null);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  // The language of the contact's SMS and follow-up page: the one the tracer and the person speak (Indonesian unless chosen).
  const [languages, setLanguages] = useState<Record<string, 'id' | 'en'>>({});

  async function decide(candidateId: string, decision: 'confirm' | 'dismiss') {
    setError(null);
    try {
      await tracingApi.decide(id, candidateId, decision === 'dismiss' ? { decision, reason: reasons[candidateId] ?? '' } : { decision, language: languages[candidateId] ?? 'id' });
      exposures.reload();
      detail.reload();
    } catch (err) {
      setError(err);
    }
  }
  async function setStatus(category: string) {
    setError(null);
    try {
      await tracingApi.status(id, category);
      detail.reload();
    } catch (err) {
      setError(err);
    }
  }

  if (detail.loading && !detail.data) return <Loading />;
  if (!detail.data) return <Alert kind="error">{errorMessage(detail.error, t)}</Alert>;
  const c = detail.data;
  return (
    <Page title={`${t('tracing.case.title')}: ${c.name}`} testId="page-case" actions={<><a className="btn" href={tracingApi.csvUrl(c.id)} data-testid="case-csv">{t('tracing.case.csv')}</a> <a className="btn" href={tracingApi.fhirUrl(c.id)} download={`case-${c.id}.fhir.json`} title={t('tracing.case.fhirHint')} data-testid="case-fhir">{t('tracing.case.fhir')}</a></>}>
      {error !== null && <Alert kind="error">{errorMessage(error, t)}</Alert>}
      <section className="panel tr-facts" data-testid="case-facts">
        <dl>
          <dt>{t('tracing.fields.category')}</dt><dd><span className={`tr-cat tr-cat--${c.category}`}>{label(t, 'categories', c.category)}</span></dd>
          <dt>{t('tracing.fields.phone')}</dt><dd>{c.phone}</dd>
          <dt>{t('tracing.fields.residence')}</dt><dd>{readable.region(c.residenceCode)}</dd>
          <dt>{t('tracing.fields.onsetDate')}</dt><dd>{readable.date(c.onsetDate ?? c.specimenDate)}</dd>
          <dt>{t('tracing.fields.isolationEnd')}</dt><dd>{readable.date(c.isolationEnd)}</dd>
          <dt>{t('tracing.case.window')}</dt><dd>{dt(c.window.start)} – {dt(c.window.end)}</dd>
          {c.sourceCaseId && (<><dt>{t('tracing.case.source')}</dt><dd><Link to={`/cases/${c.sourceCaseId}`}>{t('tracing.case.openSource')}</Link></dd></>)}
        </dl>
        <div className="tr-actions">
          {LATER.map((cat) => (
            <ConfirmButton
              key={cat}
              className={cat === 'meninggal' ? 'btn btn--small btn--danger-ghost' : 'btn btn--small'}
              testId={`case-status-${cat}`}
              question={t(`tracing.case.statusQuestion.${cat}`, { name: c.name })}
              onConfirm={() => void setStatus(cat)}
            >
              {label(t, 'categories', cat)}
            </ConfirmButton>
          ))}
        </div>
      </section>
      <SearchGroundPanel caseItem={c} onChange={detail.reload} />
      <section className="panel" aria-labelledby="tr-venues-told" data-testid="case-venues-told">
        <h2 id="tr-venues-told" className="panel-title">{t('tracing.case.venuesTold.title')}</h2>
        <p className="muted">{t('tracing.case.venuesTold.intro')}</p>
        {c.venueNotices.length === 0 ? (
          <p>{t('tracing.case.venuesTold.none')}</p>
        ) : (
          <ul className="tr-venues-told">
            {c.venueNotices.map((n) => (
              <li key={`${n.venueId}|${n.date}`} data-testid="case-venue-told">
                <strong>{n.venueName}</strong> · {dt(n.from)} – {readable.time(n.until)}{' '}
                <span className="muted small">({t('tracing.case.venuesTold.told', { at: dt(n.notifiedAt) })})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="tr-exp">
        <h2 id="tr-exp" className="panel-title">{t('tracing.case.exposures')}</h2>
        <p className="muted">{t('tracing.case.exposuresIntro')}</p>
        {!ground ? null : exposures.loading && !exposures.data ? (
          <Loading />
        ) : !exposures.data ? (
          <Alert kind="error">{errorMessage(exposures.error, t)}</Alert>
        ) : exposures.data.length === 0 ? (
          <p className="muted" data-testid="no-exposures">{t('tracing.case.noExposures')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="exposures-table">
              <thead>
                <tr>
                  <th>{t('tracing.fields.name')}</th>
                  <th>{t('tracing.case.risk')}</th>
                  <th>{t('tracing.case.overlap')}</th>
                  <th>{t('tracing.case.venues')}</th>
                  <th>{t('tracing.case.lastExposure')}</th>
                  <th>{t('tracing.case.decision')}</th>
                </tr>
              </thead>
              <tbody>
                {exposures.data.map((x) => (
                  <tr key={x.candidateId} data-testid="exposure-row" data-name={x.name}>
                    <td>{x.name}<div className="muted small">{x.phone}</div></td>
                    <td><span className={`tr-risk tr-risk--${x.classification}`}>{t(`tracing.risk.${x.classification}`)}</span></td>
                    <td>{t('tracing.case.minutes', { count: x.totalOverlapMinutes })}</td>
                    <td>
                      {x.venues.map((v) => (
                        <div key={v.venueId}>{v.venueName} · {t('tracing.case.minutes', { count: v.overlapMinutes })}{v.estimated && <span className="tr-chip" title={t('tracing.case.estimatedHint')}>{t('tracing.case.estimated')}</span>}</div>
                      ))}
                    </td>
                    <td>{dt(x.lastExposureAt)}</td>
                    <td>
                      {x.status === 'pending' ? (
                        <div className="tr-decide">
                          <select aria-label={t('tracing.case.smsLanguage')} title={t('tracing.case.smsLanguage')} value={languages[x.candidateId] ?? 'id'} onChange={(e) => setLanguages((l) => ({ ...l, [x.candidateId]: e.target.value === 'en' ? 'en' : 'id' }))} data-testid="exposure-language">
                            <option value="id">{t('tracing.case.smsLanguages.id')}</option>
                            <option value="en">{t('tracing.case.smsLanguages.en')}</option>
                          </select>
                          <button type="button" className="btn btn--primary btn--small" onClick={() => void decide(x.candidateId, 'confirm')} data-testid="exposure-confirm">{t('tracing.case.confirm')}</button>
                          <input aria-label={t('tracing.case.reason')} placeholder={t('tracing.case.reason')} value={reasons[x.candidateId] ?? ''} onChange={(e) => setReasons((r) => ({ ...r, [x.candidateId]: e.target.value }))} data-testid="exposure-reason" />
                          <button type="button" className="btn btn--small btn--ghost" onClick={() => void decide(x.candidateId, 'dismiss')} data-testid="exposure-dismiss">{t('tracing.case.dismiss')}</button>
                        </div>
                      ) : (
                        <span className={`tr-status tr-status--${x.status}`} data-testid="exposure-status">{label(t, 'status', x.status)}{x.reason ? `: ${x.reason}` : ''}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="tr-contacts">
        <h2 id="tr-contacts" className="panel-title">{t('tracing.contacts.ofCase')}</h2>
        <ContactsTable contacts={c.contacts} onChange={detail.reload} />
      </section>
    </Page>
  );
}

// ---------------------------------------------------------------- need-to-know: test reference and four eyes

function SearchGroundPanel({ caseItem: c, onChange }: { caseItem: CaseDetail; onChange: () => void }) {
  const { t } = useTranslation();
  const dt = useDateTime();
  const [reference, setReference] = useState(c.testReference ?? '');
  const [purpose, setPurpose] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const s = c.exposureSearch;
  async function act(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      onChange();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const status = s.basis === 'test' ? 'byTest' : s.basis === 'four_eyes' ? 'byApproval' : s.missing === 'testReference' ? 'missingTestReference' : s.missing === 'approval' ? 'missingApproval' : 'missingCategory';
  return (
    <section className="panel" aria-labelledby="tr-ntk" data-testid="search-ground" data-basis={s.basis ?? ''} data-missing={s.missing ?? ''}>
      <h2 id="tr-ntk" className="panel-title">{t('tracing.search.title')}</h2>
      <p data-testid="search-status">{t(`tracing.search.${status}`)} <span className="muted">{t('tracing.search.logged')}</span></p>
      {error !== null && <Alert kind="error" testId="search-error">{errorMessage(error, t)}</Alert>}
      {c.testReference && <p>{t('tracing.fields.testReference')}: <strong data-testid="search-test-reference-value">{c.testReference}</strong></p>}
      {s.missing === 'testReference' && (
        <form className="tr-decide" onSubmit={(e) => { e.preventDefault(); void act(() => tracingApi.testReference(c.id, reference)); }}>
          <TextField id="tr-ntk-ref" label={t('tracing.fields.testReference')} value={reference} onChange={(e) => setReference(e.target.value)} error={fieldError('testReference', {}, error)} testId="search-test-reference" />
          <button type="submit" className="btn btn--primary btn--small" disabled={busy} data-testid="search-save-reference">{t('tracing.search.saveReference')}</button>
        </form>
      )}
      {s.missing === 'approval' && s.request && (
        <p data-testid="search-request">{t('tracing.search.requested', { at: dt(s.request.requestedAt), purpose: s.request.purpose })}</p>
      )}
      {s.missing === 'approval' && s.request && !s.request.requestedByMe && (
        <button type="button" className="btn btn--primary btn--small" disabled={busy} onClick={() => void act(() => tracingApi.approveSearch(c.id))} data-testid="search-approve">{t('tracing.search.approve')}</button>
      )}
      {s.missing === 'approval' && s.request?.requestedByMe && <p className="muted" data-testid="search-waiting">{t('tracing.search.waiting')}</p>}
      {s.missing === 'approval' && !s.request && (
        <form className="tr-decide" onSubmit={(e) => { e.preventDefault(); void act(() => tracingApi.requestSearch(c.id, purpose)); }}>
          <TextField id="tr-ntk-purpose" label={t('tracing.search.purpose')} value={purpose} onChange={(e) => setPurpose(e.target.value)} error={fieldError('purpose', {}, error)} testId="search-purpose" />
          <button type="submit" className="btn btn--primary btn--small" disabled={busy} data-testid="search-request-submit">{t('tracing.search.request')}</button>
        </form>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- contacts follow-up

function ContactsTable({ contacts, onChange }: { contacts: ContactItem[]; onChange: () => void }) {
  const { t } = useTranslation();
  const dt = useDateTime();
  const [error, setError] = useState<unknown>(null);
  const readable = useReadable();
  const today = todayIn(usePublicConfig().config.timeZone);
  async function act(fn: () => Promise<unknown>) {
    setError(null);
    try {
      await fn();
      onChange();
    } catch (err) {
      setError(err);
    }
  }
  if (contacts.length === 0) return <p className="muted">{t('tracing.contacts.none')}</p>;
  return (
    <>
      {error !== null && <Alert kind="error">{errorMessage(error, t)}</Alert>}
      <div className="table-wrap">
        <table className="table" data-testid="contacts-table">
          <thead>
            <tr>
              <th>{t('tracing.fields.name')}</th>
              <th>{t('tracing.contacts.lastExposure')}</th>
              <th>{t('tracing.contacts.quarantineEnd')}</th>
              <th>{t('tracing.contacts.report')}</th>
              <th>{t('tracing.contacts.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {contacts.map((k) => (
              <tr key={k.id} data-testid="contact-row" data-name={k.name} className={k.missedReport ? 'tr-missed' : undefined}>
                <td>{k.name}<div className="muted small">{k.phone}</div></td>
                <td>{dt(k.lastExposureAt)}</td>
                <td>{readable.date(k.quarantineEnd)}</td>
                <td data-testid="contact-report">
                  {k.lastReport ? (
                    <>
                      {readable.date(k.lastReport.date)}: {k.lastReport.symptomatic ? t('tracing.contacts.symptoms', { list: k.lastReport.symptoms.map((s) => label(t, 'symptoms', s)).join(', ') }) : t('tracing.contacts.noSymptoms')}
                      {k.lastReport.temperatureC !== null && ` · ${readable.number(k.lastReport.temperatureC)} °C`}
                      {k.lastReport.temperatureC !== null && k.lastReport.temperatureC >= FEVER_THRESHOLD_C && (
                        <span className="tr-chip tr-chip--danger" data-testid="contact-fever">{t('tracing.contacts.fever')}</span>
                      )}
                    </>
                  ) : (
                    <span className="muted">{t('tracing.contacts.noReport')}</span>
                  )}
                  {k.missedReport && <span className="tr-chip tr-chip--warn">{t('tracing.contacts.missed', { count: k.missedDays })}</span>}
                </td>
                <td>{label(t, 'contactStatus', k.status)}{k.testResult ? ` · ${label(t, 'test', k.testResult)}` : ''}</td>
                <td>
                  {k.status === 'quarantine' && (
                    <div className="tr-decide">
                      <button type="button" className="btn btn--small" onClick={() => void act(() => tracingApi.test(k.id, { result: 'negative', date: today }))}>{t('tracing.contacts.negative')}</button>
                      <button type="button" className="btn btn--small" onClick={() => void act(() => tracingApi.test(k.id, { result: 'positive', date: today }))} data-testid="contact-positive">{t('tracing.contacts.positive')}</button>
                      <button type="button" className="btn btn--small btn--ghost" onClick={() => void act(() => tracingApi.discharge(k.id))}>{t('tracing.contacts.discharge')}</button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function ContactsPage() {
  const { t } = useTranslation();
  const list = useAsync((signal) => tracingApi.contacts(signal), []);
  return (
    <Page title={t('tracing.contacts.title')} intro={t('tracing.contacts.intro')} testId="page-contacts">
      <section className="panel">
        {list.loading && !list.data ? <Loading /> : !list.data ? <Alert kind="error">{errorMessage(list.error, t)}</Alert> : <ContactsTable contacts={list.data} onChange={list.reload} />}
      </section>
    </Page>
  );
}

// ---------------------------------------------------------------- clusters

export function ClustersPage() {
  const { t } = useTranslation();
  const data = useAsync((signal) => tracingApi.clusters(signal), []);
  if (data.loading && !data.data) return <Loading />;
  if (!data.data) return <Alert kind="error">{errorMessage(data.error, t)}</Alert>;
  const { clusters, cases, links } = data.data;
  const name = new Map(cases.map((c) => [c.id, c.name]));
  return (
    <Page title={t('tracing.clusters.title')} intro={t('tracing.clusters.intro')} testId="page-clusters">
      <section className="panel">
        {clusters.length === 0 ? (
          <p className="muted">{t('tracing.clusters.none')}</p>
        ) : (
          <ul className="tr-clusters" data-testid="clusters-list">
            {clusters.map((c) => (
              <li key={`${c.kind}-${c.key}-${c.from}`} data-testid="cluster">
                <strong>{c.name}</strong> <span className="tr-chip">{t(`tracing.clusters.${c.kind === 'venue' ? 'venue' : 'desa'}`)}</span>
                <div>{t('tracing.clusters.size', { count: c.size })} · {c.from} – {c.to}</div>
                <div className="muted">{c.caseIds.map((id) => name.get(id) ?? id).join(', ')}</div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="tr-chain">
        <h2 id="tr-chain" className="panel-title">{t('tracing.clusters.chains')}</h2>
        {links.length === 0 ? (
          <p className="muted">{t('tracing.clusters.noChains')}</p>
        ) : (
          <ul className="tr-chain" data-testid="chains">
            {links.map((l) => (
              <li key={l.caseId}>
                <Link to={`/cases/${l.sourceCaseId}`}>{name.get(l.sourceCaseId) ?? l.sourceCaseId}</Link> → <Link to={`/cases/${l.caseId}`}>{name.get(l.caseId) ?? l.caseId}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}
