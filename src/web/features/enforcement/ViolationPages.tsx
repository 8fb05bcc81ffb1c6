import { parseRupiah } from '../../lib/rupiah';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Alert } from '../../components/Alert';
import { SelectField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RegionSelect } from '../../components/RegionSelect';
import { errorMessage, fieldError, formErrorMessage } from '../../lib/errors';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { usePaged } from '../../lib/usePaged';
import { useUrlState } from '../../lib/useUrlState';
import { usePermission } from '../auth/session';
import { usePublicConfig } from '../config/public-config';
import { regionName } from '../regions/region-index';
import { useRegions } from '../regions/regions-context';
import { LETTER_SANCTIONS, violationsApi, type ViolationDetail, type ViolationSanction, type ViolationSummary } from './violations-api';
import './violations.css';

/** The administrative sanctions a correction may turn one into (the adat ones are the desa adat's, applied on the phone). */
const CORRECTABLE = ['teguran_lisan', 'teguran_tertulis', 'wajib_masker', 'putar_balik', 'denda', 'kerja_sosial', 'penghentian_sementara', 'penutupan', 'rekomendasi_pencabutan_izin'] as const;

const offenceLabel = (t: TFunction, code: string) => t(`enforcement.offence.${code}`, { defaultValue: code });

/** "Denda administratif Rp100.000", "Penghentian sementara … (3 hari)". */
function sanctionLabel(t: TFunction, lng: string, s: { type: string; amountIdr?: number | null; days?: number | null }): string {
  const name = t(`enforcement.sanction.${s.type}`, { defaultValue: s.type });
  if (s.amountIdr) return `${name} Rp${formatNumber(s.amountIdr, lng)}`;
  if (s.days) return `${name} (${t('enforcementViolations.days', { count: s.days })})`;
  return name;
}

function useDateTime() {
  const { i18n } = useTranslation();
  const tz = usePublicConfig().config.timeZone;
  return (iso: string) => formatDateTime(iso, i18n.language, tz);
}

function subjectName(s: ViolationSummary['subject']): string {
  return s.kind === 'venue' ? s.venueName || s.venueId : s.name;
}

// ---------------------------------------------------------------- list

/** Violations in the caller's scope, newest first, filtered by region and local dates (kept in the URL). */
export function ViolationsListPage() {
  const { t, i18n } = useTranslation();
  const at = useDateTime();
  const { index } = useRegions();
  const [params, update] = useUrlState();
  const filter = { region: params.get('region') ?? '', from: params.get('from') ?? '', to: params.get('to') ?? '' };
  const list = usePaged((cursor, signal) => violationsApi.list(filter, cursor, signal), [filter.region, filter.from, filter.to]);

  return (
    <Page title={t('enforcementViolations.list.title')} intro={t('enforcementViolations.list.intro')} testId="page-enforcement-violations">
      <div className="filters ev-filters" data-testid="violations-filters">
        <RegionSelect id="ev-region" label={t('enforcementViolations.filters.region')} value={filter.region} onChange={(code) => update({ region: code })} testId="violations-region" />
        <TextField id="ev-from" type="date" label={t('enforcementViolations.filters.from')} value={filter.from} max={filter.to || undefined} onChange={(e) => update({ from: e.target.value })} testId="violations-from" />
        <TextField id="ev-to" type="date" label={t('enforcementViolations.filters.to')} value={filter.to} min={filter.from || undefined} onChange={(e) => update({ to: e.target.value })} testId="violations-to" />
      </div>
      {list.error !== undefined && <Alert kind="error">{errorMessage(list.error, t)}</Alert>}
      {list.loading && list.items.length === 0 && <Loading />}
      {!list.loading && list.error === undefined && list.items.length === 0 && <p className="muted">{t('enforcementViolations.list.none')}</p>}
      {list.items.length > 0 && (
        <div className="table-wrap">
          <table className="table ev-table" data-testid="violations-table">
            <thead>
              <tr>
                <th>{t('enforcementViolations.fields.occurredAt')}</th>
                <th>{t('enforcementViolations.fields.village')}</th>
                <th>{t('enforcementViolations.fields.subject')}</th>
                <th>{t('enforcementViolations.fields.offence')}</th>
                <th>{t('enforcementViolations.fields.sanctions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((v) => (
                <tr key={v.id} className={v.status === 'annulled' ? 'ev-annulled' : undefined} data-testid="violation-row">
                  <td data-label={t('enforcementViolations.fields.occurredAt')}><time dateTime={v.occurredAt}>{at(v.occurredAt)}</time></td>
                  <td data-label={t('enforcementViolations.fields.village')}>{regionName(index, v.regionCode)}</td>
                  <td data-label={t('enforcementViolations.fields.subject')}>
                    <Link to={`/enforcement/violations/${v.id}`} data-testid="violation-link">{subjectName(v.subject)}</Link>
                    {v.subject.kind === 'venue' && <span className="ev-chip">{t('enforcementViolations.venue')}</span>}
                  </td>
                  <td data-label={t('enforcementViolations.fields.offence')}>{offenceLabel(t, v.offence)}</td>
                  <td data-label={t('enforcementViolations.fields.sanctions')}>
                    {v.status === 'annulled' ? (
                      <span className="ev-chip ev-chip--annulled">{t('enforcementViolations.status.annulled')}</span>
                    ) : v.sanctions.length === 0 ? (
                      <span className="muted">{t('enforcementViolations.noSanction')}</span>
                    ) : (
                      v.sanctions.map((s) => <div key={s.id}>{sanctionLabel(t, i18n.language, s)}{s.type === 'denda' && !s.paid && <span className="ev-chip ev-chip--unpaid">{t('enforcementViolations.unpaid')}</span>}</div>)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.nextCursor && (
        <button type="button" className="btn ev-more" onClick={list.loadMore} disabled={list.loadingMore} data-testid="violations-more">
          {t('common.loadMore')}
        </button>
      )}
    </Page>
  );
}

// ---------------------------------------------------------------- detail

/** One violation: who, what, where, its photos, its sanctions with their letters, and the task force's corrections. */
export function ViolationDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const violation = useAsync((signal) => violationsApi.get(id, signal), [id]);
  const v = violation.data;
  return (
    <Page
      title={v ? `${offenceLabel(t, v.offence)} · ${subjectName(v.subject)}` : t('enforcementViolations.detail.title')}
      testId="page-enforcement-violation"
      actions={<Link className="btn btn--ghost" to="/enforcement/violations">{t('enforcementViolations.detail.back')}</Link>}
    >
      {violation.loading && !v && <Loading />}
      {violation.error !== undefined && <Alert kind="error">{errorMessage(violation.error, t)}</Alert>}
      {v && <ViolationBody violation={v} onChange={violation.reload} />}
    </Page>
  );
}

function ViolationBody({ violation: v, onChange }: { violation: ViolationDetail; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const at = useDateTime();
  const { index } = useRegions();
  const canCorrect = usePermission('enforcement:correct');
  const facts: [string, ReactNode][] = [
    [t('enforcementViolations.fields.occurredAt'), <time dateTime={v.occurredAt}>{at(v.occurredAt)}</time>],
    [t('enforcementViolations.fields.village'), regionName(index, v.regionCode)],
    ...(v.desaAdatCode ? [[t('enforcementViolations.fields.desaAdat'), regionName(index, v.desaAdatCode)] as [string, ReactNode]] : []),
    [
      t('enforcementViolations.fields.subject'),
      v.subject.kind === 'venue' ? (
        <Link to={`/venues/${v.subject.venueId}`}>{subjectName(v.subject)}</Link>
      ) : (
        <>
          {v.subject.name}
          {v.subject.nik && <div className="muted">{t('enforcementViolations.fields.nik')} {v.subject.nik}</div>}
          {v.subject.phone && <div className="muted">{v.subject.phone}</div>}
        </>
      ),
    ],
    [t('enforcementViolations.fields.offence'), offenceLabel(t, v.offence)],
    [t('enforcementViolations.fields.proposed'), sanctionLabel(t, i18n.language, v.proposedSanction)],
    [t('enforcementViolations.fields.ladder'), v.ladder.legalBasis],
    ...(v.team ? [[t('enforcementViolations.fields.team'), v.team] as [string, ReactNode]] : []),
    ...(v.note ? [[t('enforcementViolations.fields.note'), v.note] as [string, ReactNode]] : []),
  ];
  return (
    <div className="ev-grid">
      {v.status === 'annulled' && (
        <Alert kind="info" testId="violation-annulled">{t('enforcementViolations.detail.annulled', { reason: v.annulReason ?? '' })}</Alert>
      )}
      <section className="panel" aria-labelledby="ev-facts">
        <h2 id="ev-facts" className="panel-title">{t('enforcementViolations.detail.facts')}</h2>
        <dl className="ev-facts">
          {facts.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        {v.priorOffences.length > 0 && (
          <>
            <h3 className="ev-subtitle">{t('enforcementViolations.detail.prior', { count: v.priorOffences.length })}</h3>
            <ul className="ev-prior">
              {v.priorOffences.map((p) => (
                <li key={p.id}>
                  <Link to={`/enforcement/violations/${p.id}`}>{at(p.occurredAt)}</Link> · {offenceLabel(t, p.offence)}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="panel" aria-labelledby="ev-photos">
        <h2 id="ev-photos" className="panel-title">{t('enforcementViolations.detail.photos')}</h2>
        {v.photos.length === 0 ? (
          <p className="muted">{t('enforcementViolations.detail.noPhotos')}</p>
        ) : (
          <ul className="ev-photos" data-testid="violation-photos">
            {v.photos.map((p, i) => (
              <li key={p.id}>
                <a href={violationsApi.photoUrl(v.id, p.id)} target="_blank" rel="noreferrer">
                  <img src={violationsApi.photoUrl(v.id, p.id)} alt={t('enforcementViolations.detail.photoAlt', { n: i + 1, at: at(p.createdAt) })} loading="lazy" />
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel ev-wide" aria-labelledby="ev-sanctions">
        <h2 id="ev-sanctions" className="panel-title">{t('enforcementViolations.detail.sanctions')}</h2>
        {v.sanctions.length === 0 ? (
          <p className="muted">{t('enforcementViolations.noSanction')}</p>
        ) : (
          <ul className="ev-sanctions" data-testid="violation-sanctions">
            {v.sanctions.map((s) => (
              <SanctionItem key={s.id} sanction={s} canCorrect={canCorrect && v.status === 'recorded'} onChange={onChange} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function SanctionItem({ sanction: s, canCorrect, onChange }: { sanction: ViolationSanction; canCorrect: boolean; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const at = useDateTime();
  const [mode, setMode] = useState<'none' | 'annul' | 'correct'>('none');
  const active = s.status === 'active';
  return (
    <li className={`ev-sanction${active ? '' : ' ev-sanction--closed'}`} data-testid="sanction-item">
      <div className="ev-sanction-head">
        <strong>{sanctionLabel(t, i18n.language, s)}</strong>
        <span className={`ev-chip ev-chip--${s.status}`}>{t(`enforcementViolations.sanctionStatus.${s.status}`)}</span>
        {active && s.type === 'denda' && <span className="ev-chip">{s.paid ? t('enforcementViolations.paid', { receipt: s.receiptNumber ?? '' }) : t('enforcementViolations.unpaid')}</span>}
      </div>
      <div className="muted">
        <time dateTime={s.recordedAt}>{at(s.recordedAt)}</time>
        {!s.asProposed && s.reason && <> · {t('enforcementViolations.reasonNotProposed', { reason: s.reason })}</>}
      </div>
      {s.changeReason && <div className="muted">{t('enforcementViolations.changeReason', { reason: s.changeReason })}</div>}
      <div className="ev-actions">
        {active && LETTER_SANCTIONS.includes(s.type) && (
          <a className="btn btn--small" href={violationsApi.letterUrl(s.id)} download data-testid="sanction-letter">
            {t('enforcementViolations.letter')}
          </a>
        )}
        {active && canCorrect && mode === 'none' && (
          <>
            <button type="button" className="btn btn--small btn--ghost" onClick={() => setMode('correct')} data-testid="sanction-correct">{t('enforcementViolations.correct.open')}</button>
            <button type="button" className="btn btn--small btn--danger-ghost" onClick={() => setMode('annul')} data-testid="sanction-annul">{t('enforcementViolations.annul.open')}</button>
          </>
        )}
      </div>
      {mode !== 'none' && <SanctionChangeForm sanction={s} mode={mode} onCancel={() => setMode('none')} onDone={() => { setMode('none'); onChange(); }} />}
    </li>
  );
}

/** Annul a sanction, or replace it by a corrected one: both with a reason, which the record keeps (task force only). */
function SanctionChangeForm({ sanction, mode, onCancel, onDone }: { sanction: ViolationSanction; mode: 'annul' | 'correct'; onCancel: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [type, setType] = useState<string>(sanction.type);
  const [amount, setAmount] = useState(sanction.amountIdr ? String(sanction.amountIdr) : '');
  const [days, setDays] = useState(sanction.days ? String(sanction.days) : '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fe = (field: string) => fieldError(field, {}, error);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'annul') await violationsApi.annulSanction(sanction.id, reason);
      else await violationsApi.correctSanction(sanction.id, { type: type as (typeof CORRECTABLE)[number], reason, ...(type === 'denda' && amount ? { amountIdr: parseRupiah(amount) ?? Number.NaN } : {}), ...(type === 'penghentian_sementara' && days ? { days: Number(days) } : {}) });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const known = mode === 'annul' ? ['reason'] : ['type', 'amountIdr', 'days', 'reason'];
  return (
    <form className="ev-change" onSubmit={(e) => void submit(e)} noValidate data-testid={`sanction-${mode}-form`}>
      <h3 className="ev-subtitle">{t(mode === 'annul' ? 'enforcementViolations.annul.title' : 'enforcementViolations.correct.title')}</h3>
      {error !== null && <Alert kind="error">{formErrorMessage(error, known, t) ?? errorMessage(error, t)}</Alert>}
      {mode === 'correct' && (
        <div className="ev-change-grid">
          <SelectField id={`ev-type-${sanction.id}`} label={t('enforcementViolations.correct.type')} value={type} onChange={(e) => setType(e.target.value)} error={fe('type')} testId="correct-type">
            {CORRECTABLE.map((code) => <option key={code} value={code}>{t(`enforcement.sanction.${code}`)}</option>)}
          </SelectField>
          {type === 'denda' && <TextField id={`ev-amount-${sanction.id}`} inputMode="numeric" label={t('enforcementViolations.correct.amount')} value={amount} onChange={(e) => setAmount(e.target.value)} error={fe('amountIdr')} testId="correct-amount" />}
          {type === 'penghentian_sementara' && <TextField id={`ev-days-${sanction.id}`} type="number" inputMode="numeric" min={1} label={t('enforcementViolations.correct.days')} value={days} onChange={(e) => setDays(e.target.value)} error={fe('days')} testId="correct-days" />}
        </div>
      )}
      <TextField id={`ev-reason-${sanction.id}`} label={t('enforcementViolations.reason')} value={reason} onChange={(e) => setReason(e.target.value)} error={fe('reason')} required maxLength={1000} testId={`${mode}-reason`} />
      <div className="ev-actions">
        <button type="submit" className={mode === 'annul' ? 'btn btn--small btn--danger' : 'btn btn--small btn--primary'} disabled={busy || reason.trim() === ''} data-testid={`${mode}-submit`}>
          {t(mode === 'annul' ? 'enforcementViolations.annul.submit' : 'enforcementViolations.correct.submit')}
        </button>
        <button type="button" className="btn btn--small btn--ghost" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
