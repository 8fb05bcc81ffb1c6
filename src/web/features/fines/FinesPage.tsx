import { usePublicConfig } from '../config/public-config';
import { parseRupiah } from '../../lib/rupiah';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RegionSelect } from '../../components/RegionSelect';
import { errorMessage, fieldError, formErrorMessage } from '../../lib/errors';
import { formatDate, formatRupiah, todayIn } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { usePermission } from '../auth/session';
import { useRegions } from '../regions/regions-context';
import { regionName } from '../regions/region-index';
import { finesApi, type Ledger, type LedgerRow, type OutstandingFine } from './api';
import './fines.css';

/**
 * The fines of a day per team (issued, paid on the spot or later, outstanding, deposited, cash on hand), the fines
 * still due with their later payment, deposits to the kas daerah, and the day's cash report (CSV, PDF).
 */
export function FinesPage() {
  const { t, i18n } = useTranslation();
  const canRecord = usePermission('enforcement:record');
  const { timeZone } = usePublicConfig().config;
  const [date, setDate] = useState(todayIn(timeZone));
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const ledger = useAsync((signal) => finesApi.ledger(date, signal), [date]);
  const outstanding = useAsync((signal) => finesApi.outstanding(signal), []);
  const refresh = () => {
    ledger.reload();
    outstanding.reload();
  };
  return (
    <Page title={t('fines.title')} intro={t('fines.intro')} testId="page-fines">
      <section className="panel" aria-labelledby="fn-day">
        <div className="fn-dayhead">
          <h2 id="fn-day" className="panel-title">{t('fines.ledgerTitle', { date: formatDate(date, i18n.language, { weekday: true }) })}</h2>
          <div className="fn-tools">
            <TextField id="fn-date" testId="fines-date" label={t('fines.date')} type="date" value={date} max={todayIn(timeZone)} onChange={(e) => e.target.value && setDate(e.target.value)} />
            {(['csv', 'pdf'] as const).map((format) => (
              <a
                key={format}
                className="btn"
                href={finesApi.reportUrl(date, format)}
                download
                onClick={(e) => {
                  e.preventDefault();
                  setDownloadError(null);
                  finesApi.downloadReport(date, format).catch(setDownloadError);
                }}
                data-testid={`fines-${format}`}
              >
                {t(format === 'csv' ? 'fines.downloadCsv' : 'fines.downloadPdf')}
              </a>
            ))}
          </div>
        </div>
        {downloadError !== null && <Alert kind="error">{errorMessage(downloadError, t)}</Alert>}
        {ledger.loading && !ledger.data ? <Loading /> : !ledger.data ? <Alert kind="error">{errorMessage(ledger.error, t)}</Alert> : <LedgerTable ledger={ledger.data} />}
      </section>
      <div className="fn-grid">
        <section className="panel" aria-labelledby="fn-due">
          <h2 id="fn-due" className="panel-title">{t('fines.dueTitle')}</h2>
          {outstanding.loading && !outstanding.data ? (
            <Loading />
          ) : !outstanding.data ? (
            <Alert kind="error">{errorMessage(outstanding.error, t)}</Alert>
          ) : (
            <DueFines fines={outstanding.data} canRecord={canRecord} onPaid={refresh} />
          )}
        </section>
        {canRecord && (
          <section className="panel" aria-labelledby="fn-deposit">
            <h2 id="fn-deposit" className="panel-title">{t('fines.depositTitle')}</h2>
            <DepositForm date={date} teams={(ledger.data?.rows ?? []).map((r) => r.team).filter((x): x is string => x !== null)} onSaved={refresh} />
          </section>
        )}
      </div>
    </Page>
  );
}

function Tally({ count, amountIdr }: { count: number; amountIdr: number }) {
  const { t } = useTranslation();
  return (
    <span className="fn-tally">
      <span className="fn-amount">{formatRupiah(amountIdr)}</span>
      <span className="fn-count">{t('fines.count', { count })}</span>
    </span>
  );
}

function LedgerTable({ ledger }: { ledger: Ledger }) {
  const { t } = useTranslation();
  if (ledger.rows.length === 0) return <p className="muted" data-testid="fines-ledger-empty">{t('fines.noneThatDay')}</p>;
  const row = (r: LedgerRow, total = false) => (
    <tr key={total ? 'total' : (r.team ?? '')} data-testid={total ? 'fines-total-row' : 'fines-row'} data-team={r.team ?? ''}>
      <th scope="row" data-label={t('fines.team')}>{total ? t('fines.total') : (r.team ?? t('fines.noTeam'))}</th>
      <td className="num" data-label={t('fines.issued')}><Tally {...r.issued} /></td>
      <td className="num" data-label={t('fines.paidOnSpot')}><Tally {...r.paidOnSpot} /></td>
      <td className="num" data-label={t('fines.paidLater')}><Tally {...r.paidLater} /></td>
      <td className={`num${r.outstanding.amountIdr > 0 ? ' fn-due' : ''}`} data-label={t('fines.outstanding')}><Tally {...r.outstanding} /></td>
      <td className="num" data-label={t('fines.deposited')}>
        <span className="fn-tally">
          <span className="fn-amount">{formatRupiah(r.depositedIdr)}</span>
          {r.depositReferences.length > 0 && <span className="fn-count">{r.depositReferences.join(', ')}</span>}
        </span>
      </td>
      <td className="num" data-label={t('fines.cashOnHand')} data-testid="fines-cash-on-hand"><span className="fn-amount">{formatRupiah(r.cashOnHandIdr)}</span></td>
    </tr>
  );
  return (
    <div className="table-wrap">
      <table className="table fn-ledger" data-testid="fines-ledger">
        <thead>
          <tr>
            <th scope="col">{t('fines.team')}</th>
            <th scope="col" className="num">{t('fines.issued')}</th>
            <th scope="col" className="num">{t('fines.paidOnSpot')}</th>
            <th scope="col" className="num">{t('fines.paidLater')}</th>
            <th scope="col" className="num">{t('fines.outstanding')}</th>
            <th scope="col" className="num">{t('fines.deposited')}</th>
            <th scope="col" className="num">{t('fines.cashOnHand')}</th>
          </tr>
        </thead>
        <tbody>{ledger.rows.map((r) => row(r))}</tbody>
        <tfoot>{row(ledger.totals, true)}</tfoot>
      </table>
    </div>
  );
}

function DueFines({ fines, canRecord, onPaid }: { fines: OutstandingFine[]; canRecord: boolean; onPaid: () => void }) {
  const { t, i18n } = useTranslation();
  const { index } = useRegions();
  const offences = useAsync((signal) => finesApi.offences(signal), []);
  const offenceLabel = useMemo(() => new Map((offences.data ?? []).map((o) => [o.code, i18n.language === 'en' ? o.labelEn : o.labelId])), [offences.data, i18n.language]);
  if (fines.length === 0) return <p className="muted">{t('fines.noneDue')}</p>;
  return (
    <ul className="fn-due-list" data-testid="fines-due">
      {fines.map((f) => (
        <li key={f.sanctionId} className="fn-due-item" data-testid="fines-due-item" data-sanction={f.sanctionId}>
          <div className="fn-due-head">
            <strong>{f.subject.kind === 'person' ? f.subject.name : t('fines.venue')}</strong>
            <span className="fn-amount">{formatRupiah(f.amountIdr)}</span>
          </div>
          <div className="muted small">
            {offenceLabel.get(f.offence) ?? f.offence} · {formatDate(f.issuedOn, i18n.language)} · {regionName(index, f.regionCode)}
            {f.team ? ` · ${f.team}` : ''}
          </div>
          {canRecord && <PayForm fine={f} onPaid={onPaid} />}
        </li>
      ))}
    </ul>
  );
}

function PayForm({ fine, onPaid }: { fine: OutstandingFine; onPaid: () => void }) {
  const { t } = useTranslation();
  const [receipt, setReceipt] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await finesApi.pay(fine.sanctionId, receipt.trim());
      onPaid();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="fn-pay" onSubmit={(e) => void submit(e)} noValidate>
      <TextField id={`fn-receipt-${fine.sanctionId}`} testId="fines-receipt" label={t('fines.receipt')} value={receipt} onChange={(e) => setReceipt(e.target.value)} error={fieldError('receiptNumber', {}, error)} />
      <button type="submit" className="btn btn--primary btn--small" disabled={busy || !receipt.trim()} data-testid="fines-pay">
        {busy ? t('fines.saving') : t('fines.recordPayment')}
      </button>
      {error !== null && !fieldError('receiptNumber', {}, error) && <Alert kind="error">{errorMessage(error, t)}</Alert>}
    </form>
  );
}

const DEPOSIT_FIELDS = ['date', 'team', 'regionCode', 'amountIdr', 'reference'];

function DepositForm({ date, teams, onSaved }: { date: string; teams: string[]; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const [team, setTeam] = useState('');
  const [regionCode, setRegionCode] = useState('');
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // "250.000", "250000" or "Rp 250.000,00" (lib/rupiah.ts); what is no amount goes as NaN (null in JSON), and the server names the field.
  const amountIdr = parseRupiah(amount) ?? Number.NaN;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      await finesApi.deposit({ date, regionCode, amountIdr, reference: reference.trim(), ...(team.trim() ? { team: team.trim() } : {}) });
      setSaved(t('fines.depositSaved', { amount: formatRupiah(amountIdr), reference: reference.trim() }));
      setAmount('');
      setReference('');
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="fines-deposit-form">
      <p className="muted small">{t('fines.depositFor', { date: formatDate(date, i18n.language) })}</p>
      {error !== null && formErrorMessage(error, DEPOSIT_FIELDS, t) && <Alert kind="error">{formErrorMessage(error, DEPOSIT_FIELDS, t)}</Alert>}
      {saved && <Alert kind="success" testId="fines-deposit-saved">{saved}</Alert>}
      <TextField id="fn-team" testId="fines-deposit-team" label={t('fines.team')} list="fn-teams" value={team} onChange={(e) => setTeam(e.target.value)} error={fieldError('team', {}, error)} />
      <datalist id="fn-teams">
        {teams.map((x) => (
          <option key={x} value={x} />
        ))}
      </datalist>
      <RegionSelect id="fn-region" testId="fines-deposit-region" label={t('fines.region')} value={regionCode} onChange={setRegionCode} error={fieldError('regionCode', {}, error)} required />
      <TextField id="fn-amount" testId="fines-deposit-amount" label={t('fines.amount')} inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value)} hint={amountIdr > 0 ? formatRupiah(amountIdr) : undefined} error={fieldError('amountIdr', {}, error)} required />
      <TextField id="fn-reference" testId="fines-deposit-reference" label={t('fines.reference')} hint={t('fines.referenceHint')} value={reference} onChange={(e) => setReference(e.target.value)} error={fieldError('reference', {}, error)} required />
      <button type="submit" className="btn btn--primary" disabled={busy} data-testid="fines-deposit-submit">
        {busy ? t('fines.saving') : t('fines.recordDeposit')}
      </button>
    </form>
  );
}
