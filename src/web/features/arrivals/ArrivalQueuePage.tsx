import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { errorMessage } from '../../lib/errors';
import { formatDateTime, formatDate } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { useRegions } from '../regions/regions-context';
import { regionName } from '../regions/region-index';
import { FEVER_THRESHOLD_C } from '../../../common/reference/fever';
import { arrivalsApi, type QueuedArrival } from './api';
import './arrival-queue.css';

const STAGES = ['reported', 'isolating', 'visited', 'ended'] as const;
type Stage = (typeof STAGES)[number];

/**
 * The village officer's newcomers (lapor diri): the reports of their desa, the visit that explains the 14-day
 * self-isolation (and sends the daily self-report link by SMS), and the daily reports that come back through it.
 */
export function ArrivalQueuePage() {
  const { t } = useTranslation();
  const list = useAsync((signal) => arrivalsApi.queue(signal), []);
  const [filter, setFilter] = useState<Stage | 'all'>('all');
  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const a of list.data ?? []) c[a.stage] = (c[a.stage] ?? 0) + 1;
    return c;
  }, [list.data]);
  const shown = (list.data ?? []).filter((a) => filter === 'all' || a.stage === filter);
  return (
    <Page title={t('arrivalQueue.title')} intro={t('arrivalQueue.intro')} testId="page-arrival-queue">
      <section className="panel">
        <div className="aq-filters" role="group" aria-label={t('arrivalQueue.filter')}>
          {(['all', ...STAGES] as const).map((s) => (
            <button key={s} type="button" className={`btn btn--small ${filter === s ? 'btn--primary' : ''}`} aria-pressed={filter === s} onClick={() => setFilter(s)} data-testid={`aq-filter-${s}`}>
              {s === 'all' ? t('arrivalQueue.all') : t(`arrivalQueue.stage.${s}`)} ({s === 'all' ? (list.data?.length ?? 0) : (counts[s] ?? 0)})
            </button>
          ))}
        </div>
        {list.loading && !list.data ? (
          <Loading />
        ) : !list.data ? (
          <Alert kind="error">{errorMessage(list.error, t)}</Alert>
        ) : shown.length === 0 ? (
          <p className="muted">{t('arrivalQueue.none')}</p>
        ) : (
          <ul className="aq-list" data-testid="arrival-queue">
            {shown.map((a) => (
              <ArrivalCard key={a.id} arrival={a} onChange={list.reload} />
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}

function ArrivalCard({ arrival: a, onChange }: { arrival: QueuedArrival; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const { index } = useRegions();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const date = (ymd: string) => formatDate(ymd, i18n.language);
  const f = a.followUp;
  const fever = f?.highestTemperature && f.highestTemperature.temperatureC >= FEVER_THRESHOLD_C ? f.highestTemperature : null;
  const missed = (f?.missedDays ?? 0) > 0;

  async function visit() {
    setBusy(true);
    setError(null);
    try {
      await arrivalsApi.visit(a.id, note);
      onChange();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={`aq-card aq-card--${a.stage}${fever || missed ? ' aq-card--alert' : ''}`} data-testid="arrival-row" data-name={a.name} data-stage={a.stage}>
      <div className="aq-head">
        <strong className="aq-name">{a.name}</strong>
        <span className={`aq-stage aq-stage--${a.stage}`} data-testid="arrival-stage">
          {a.stage === 'isolating' ? t('arrivalQueue.stage.isolatingUntil', { date: date(a.isolationUntil) }) : t(`arrivalQueue.stage.${a.stage}`)}
        </span>
      </div>
      <dl className="aq-facts">
        <dt>{t('arrivalQueue.arrived')}</dt>
        <dd>{t('arrivalQueue.arrivedFrom', { date: date(a.arrivalDate), origin: a.origin })}</dd>
        <dt>{t('arrivalQueue.address')}</dt>
        <dd>
          {a.address} · {regionName(index, a.regionCode)}
        </dd>
        <dt>{t('arrivalQueue.contact')}</dt>
        <dd>
          <a href={`tel:${a.phone}`}>{a.phone}</a> · {a.nik ? `NIK ${a.nik}` : t('arrivalQueue.passport', { number: a.passport ?? '' })}
        </dd>
        <dt>{t('arrivalQueue.purpose')}</dt>
        <dd>{a.purpose}</dd>
        {a.reporter && (
          <>
            <dt>{t('arrivalQueue.reporter')}</dt>
            <dd>
              {a.reporter.name} · <a href={`tel:${a.reporter.phone}`}>{a.reporter.phone}</a>
            </dd>
          </>
        )}
        <dt>{t('arrivalQueue.isolation')}</dt>
        <dd>{t('arrivalQueue.isolationSpan', { from: date(a.arrivalDate), until: date(a.isolationUntil) })}</dd>
        {a.visitedAt && (
          <>
            <dt>{t('arrivalQueue.visited')}</dt>
            <dd>
              {formatDateTime(a.visitedAt, i18n.language)}
              {a.visitNote ? ` · ${a.visitNote}` : ''}
            </dd>
          </>
        )}
      </dl>
      {f && (
        <div className="aq-followup" data-testid="arrival-followup">
          <div>
            <strong>{t('arrivalQueue.lastReport')}</strong>{' '}
            {f.lastReport ? (
              <span data-testid="arrival-last-report">
                {date(f.lastReport.date)}: {f.lastReport.symptomatic ? t('arrivalQueue.symptoms', { list: f.lastReport.symptoms.map((s) => t(`tracing.symptoms.${s}`, { defaultValue: s })).join(', ') || '—' }) : t('arrivalQueue.noSymptoms')}
                {f.lastReport.temperatureC !== null && ` · ${f.lastReport.temperatureC.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'id-ID')}\u00a0°C`}
              </span>
            ) : (
              <span className="muted">{t('arrivalQueue.noReportYet')}</span>
            )}
            {f.reportedToday && <span className="aq-chip aq-chip--ok">{t('arrivalQueue.reportedToday')}</span>}
          </div>
          {missed && (
            <div className="aq-chip aq-chip--warn" data-testid="arrival-missed">
              {t('arrivalQueue.missed', { count: f.missedDays })}
            </div>
          )}
          {fever && (
            <div className="aq-chip aq-chip--danger" role="status" data-testid="arrival-fever">
              {t('arrivalQueue.fever', { temperature: fever.temperatureC.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'id-ID'), date: date(fever.date) })}
            </div>
          )}
        </div>
      )}
      {a.status === 'reported' && (
        <div className="aq-visit">
          {error !== null && <Alert kind="error">{errorMessage(error, t)}</Alert>}
          <label className="aq-note">
            <span>{t('arrivalQueue.visitNote')}</span>
            <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} data-testid="arrival-visit-note" />
          </label>
          <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void visit()} data-testid="arrival-visit">
            {busy ? t('arrivalQueue.saving') : a.stage === 'ended' ? t('arrivalQueue.recordVisitLate') : t('arrivalQueue.recordVisit')}
          </button>
          <p className="muted small">{a.stage === 'ended' ? t('arrivalQueue.visitHintEnded') : t('arrivalQueue.visitHint')}</p>
        </div>
      )}
    </li>
  );
}
