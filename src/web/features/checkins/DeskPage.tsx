import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { errorMessage, fieldError, formErrorMessage } from '../../lib/errors';
import { timeZoneAbbreviation } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { usePublicConfig } from '../config/public-config';
import { checkinsApi, type VenueChoice } from './api';
import { sourceLabel } from './labels';
import { localNow, timeOf, zonedIso } from './time';
import { useVenueChoice } from './useVenueChoice';
import { VenuePicker } from './VenuePicker';
import './checkins.css';

const PERSON_FIELDS = ['name', 'phone'] as const;

/** Desk mode and the paper guest book: venue staff and village officers record visits for people without a phone. */
export function DeskPage() {
  const { t } = useTranslation();
  const choice = useVenueChoice();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'paper' ? 'paper' : 'desk';
  const setTab = (next: 'desk' | 'paper') =>
    setParams((p) => {
      const n = new URLSearchParams(p);
      if (next === 'paper') n.set('tab', 'paper');
      else n.delete('tab');
      return n;
    });

  return (
    <Page title={t('checkins.desk.title')} intro={t('checkins.desk.intro')} testId="page-checkin-desk">
      <VenuePicker choice={choice} />
      {choice.venue && (
        <>
          <div className="ck-tabs" role="tablist" aria-label={t('checkins.desk.title')}>
            <button type="button" role="tab" id="ck-tab-desk" aria-selected={tab === 'desk'} aria-controls="ck-tabpanel" className="ck-tab" data-testid="tab-desk" onClick={() => setTab('desk')}>
              {t('checkins.desk.tabDesk')}
            </button>
            <button type="button" role="tab" id="ck-tab-paper" aria-selected={tab === 'paper'} aria-controls="ck-tabpanel" className="ck-tab" data-testid="tab-paper" onClick={() => setTab('paper')}>
              {t('checkins.desk.tabPaper')}
            </button>
          </div>
          <div id="ck-tabpanel" role="tabpanel" aria-labelledby={tab === 'desk' ? 'ck-tab-desk' : 'ck-tab-paper'}>
            {tab === 'desk' ? <DeskTab key={choice.venue.id} venue={choice.venue} /> : <PaperTab key={choice.venue.id} venue={choice.venue} />}
          </div>
        </>
      )}
    </Page>
  );
}

function DeskTab({ venue }: { venue: VenueChoice }) {
  const { t } = useTranslation();
  const { timeZone } = usePublicConfig().config;
  const zone = timeZoneAbbreviation(timeZone);
  const inside = useAsync((signal) => checkinsApi.openVisits(venue.id, signal), [venue.id]);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [clientErrors, setClientErrors] = useState<Record<string, string | undefined>>({});
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<string | null>(null);
  const [leaving, setLeaving] = useState<string | null>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const errors = { name: name.trim() ? undefined : t('errors.required'), phone: phone.trim() ? undefined : t('errors.required') };
    setClientErrors(errors);
    setDone(null);
    if (errors.name || errors.phone) return;
    setSubmitting(true);
    setError(undefined);
    try {
      await checkinsApi.recordVisit(venue.id, { name: name.trim(), phone: phone.trim(), checkedInAt: new Date().toISOString(), source: 'desk' });
      setDone(t('checkins.desk.checkedIn', { name: name.trim(), time: `${localNow(timeZone).time} ${zone}` }));
      setName('');
      setPhone('');
      inside.reload();
    } catch (err) {
      setError(err);
    } finally {
      setSubmitting(false);
    }
  }

  async function checkOut(visitId: string, who: string) {
    setLeaving(visitId);
    setError(undefined);
    setDone(null);
    try {
      const out = await checkinsApi.checkOut(venue.id, visitId);
      setDone(t('checkins.desk.checkedOut', { name: who, time: `${timeOf(out.checkedOutAt)} ${zone}` }));
      inside.reload();
    } catch (err) {
      setError(err);
      inside.reload();
    } finally {
      setLeaving(null);
    }
  }

  const occupancy = inside.data?.occupancy;
  const refused = error instanceof ApiError && error.status === 409 && error.errors.length === 0;

  return (
    <div className="ck-desk">
      <section className="panel ck-desk-form" aria-labelledby="ck-desk-form-title">
        <h2 id="ck-desk-form-title" className="panel-title">
          {t('checkins.desk.formTitle')}
        </h2>
        <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
          <TextField
            id="ck-desk-name"
            label={t('checkins.desk.name')}
            value={name}
            autoComplete="off"
            maxLength={100}
            required
            testId="desk-name"
            error={fieldError('name', clientErrors, error)}
            onChange={(e) => setName(e.target.value)}
          />
          <TextField
            id="ck-desk-phone"
            label={t('checkins.desk.phone')}
            hint={t('checkins.desk.phoneHint')}
            type="tel"
            inputMode="tel"
            autoComplete="off"
            maxLength={30}
            required
            value={phone}
            testId="desk-phone"
            error={fieldError('phone', clientErrors, error)}
            onChange={(e) => setPhone(e.target.value)}
          />
          {done && (
            <Alert kind="success" testId="desk-done">
              {done}
            </Alert>
          )}
          {error !== undefined && (
            <div className={refused ? 'ck-refused' : undefined} data-testid="desk-error">
              <Alert kind="error">{formErrorMessage(error, PERSON_FIELDS, t)}</Alert>
            </div>
          )}
          <div className="form-actions">
            <button type="submit" className="btn btn--primary ck-big-btn" disabled={submitting} data-testid="desk-submit">
              {submitting ? t('checkins.desk.checkingIn') : t('checkins.desk.checkIn')}
            </button>
          </div>
        </form>
      </section>

      <section className="panel ck-inside" aria-labelledby="ck-inside-title" data-testid="desk-inside">
        <div className="ck-inside-head">
          <h2 id="ck-inside-title" className="panel-title">
            {t('checkins.desk.insideTitle')}
          </h2>
          {occupancy && (
            <p className={`ck-count${occupancy.current >= occupancy.limit ? ' ck-count--full' : ''}`} data-testid="desk-occupancy">
              <strong>{occupancy.current}</strong> / {occupancy.limit}
            </p>
          )}
          <button type="button" className="btn btn--small btn--ghost" onClick={inside.reload} disabled={inside.loading}>
            {t('checkins.refresh')}
          </button>
        </div>
        {inside.data && inside.data.bursts.length > 0 && (
          <div className="ck-burst" role="alert" data-testid="desk-bursts">
            <strong>{t('checkins.desk.bursts.title')}</strong>
            <ul>
              {inside.data.bursts.map((b) => (
                <li key={b.at} data-testid="desk-burst">
                  {t(`checkins.desk.bursts.${b.reason}`, { time: `${timeOf(b.at)} ${zone}`, count: b.checkins, perMinute: b.perMinute })}
                </li>
              ))}
            </ul>
            <p className="small">{t('checkins.desk.bursts.advice')}</p>
          </div>
        )}
        {inside.error !== undefined && <Alert kind="error">{errorMessage(inside.error, t)}</Alert>}
        {inside.loading && !inside.data ? (
          <Loading />
        ) : inside.data && inside.data.items.length === 0 ? (
          <p className="muted">{t('checkins.desk.nobody')}</p>
        ) : (
          <ul className="ck-people" aria-busy={inside.loading}>
            {inside.data?.items.map((v) => (
              <li key={v.visitId} className="ck-person" data-testid="desk-person">
                <div className="ck-person-main">
                  <strong>{v.name}</strong>
                  <span className="muted small">
                    {v.phone} · {t('checkins.desk.since', { time: `${timeOf(v.checkedInAt)} ${zone}` })} · <span className="ck-source">{sourceLabel(v.source, t)}</span>
                  </span>
                </div>
                <button
                  type="button"
                  className="btn ck-out-btn"
                  disabled={leaving !== null}
                  onClick={() => void checkOut(v.visitId, v.name)}
                  data-testid="desk-checkout"
                  aria-label={t('checkins.desk.checkOutWho', { name: v.name })}
                >
                  {leaving === v.visitId ? t('checkins.desk.checkingOut') : t('checkins.desk.checkOut')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <p className="small muted">{t('checkins.desk.privacy')}</p>
      </section>
    </div>
  );
}

interface PaperLine {
  visitId: string;
  name: string;
  date: string;
  timeIn: string;
  timeOut: string;
}

function PaperTab({ venue }: { venue: VenueChoice }) {
  const { t } = useTranslation();
  const { timeZone } = usePublicConfig().config;
  const [date, setDate] = useState(() => localNow(timeZone).date);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [timeIn, setTimeIn] = useState('');
  const [timeOut, setTimeOut] = useState('');
  const [clientErrors, setClientErrors] = useState<Record<string, string | undefined>>({});
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [lines, setLines] = useState<PaperLine[]>([]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const errors: Record<string, string | undefined> = {
      name: name.trim() ? undefined : t('errors.required'),
      phone: phone.trim() ? undefined : t('errors.required'),
      checkedInAt: date && timeIn ? undefined : t('errors.required'),
      checkedOutAt: timeOut && timeIn && timeOut <= timeIn ? t('checkins.paper.outBeforeIn') : undefined,
    };
    setClientErrors(errors);
    if (Object.values(errors).some(Boolean)) return;
    setSubmitting(true);
    setError(undefined);
    try {
      const res = await checkinsApi.recordVisit(venue.id, {
        name: name.trim(),
        phone: phone.trim(),
        checkedInAt: zonedIso(date, timeIn, timeZone),
        checkedOutAt: timeOut ? zonedIso(date, timeOut, timeZone) : null,
        source: 'paper',
      });
      setLines((l) => [{ visitId: res.visitId, name: name.trim(), date, timeIn, timeOut }, ...l]);
      // The next line of the same page of the book: keep the date, clear the rest.
      setName('');
      setPhone('');
      setTimeIn('');
      setTimeOut('');
      document.getElementById('ck-paper-name')?.focus();
    } catch (err) {
      setError(err);
    } finally {
      setSubmitting(false);
    }
  }

  const known = ['name', 'phone', 'checkedInAt', 'checkedOutAt'] as const;
  return (
    <div className="ck-desk">
      <section className="panel" aria-labelledby="ck-paper-title">
        <h2 id="ck-paper-title" className="panel-title">
          {t('checkins.paper.title')}
        </h2>
        <p className="muted small">{t('checkins.paper.intro')}</p>
        <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="paper-form">
          <TextField id="ck-paper-date" label={t('checkins.paper.date')} type="date" value={date} required max={localNow(timeZone).date} testId="paper-date" onChange={(e) => setDate(e.target.value)} />
          <TextField id="ck-paper-name" label={t('checkins.desk.name')} value={name} maxLength={100} autoComplete="off" required testId="paper-name" error={fieldError('name', clientErrors, error)} onChange={(e) => setName(e.target.value)} />
          <TextField id="ck-paper-phone" label={t('checkins.desk.phone')} type="tel" inputMode="tel" value={phone} maxLength={30} autoComplete="off" required testId="paper-phone" error={fieldError('phone', clientErrors, error)} onChange={(e) => setPhone(e.target.value)} />
          <div className="ck-times">
            <TextField id="ck-paper-in" label={t('checkins.paper.timeIn')} type="time" value={timeIn} required testId="paper-in" error={fieldError('checkedInAt', clientErrors, error)} onChange={(e) => setTimeIn(e.target.value)} />
            <TextField id="ck-paper-out" label={t('checkins.paper.timeOut')} type="time" value={timeOut} testId="paper-out" error={fieldError('checkedOutAt', clientErrors, error)} onChange={(e) => setTimeOut(e.target.value)} />
          </div>
          <p className="field-hint">{t('checkins.paper.timeOutHint')}</p>
          {error !== undefined && <Alert kind="error">{formErrorMessage(error, known, t)}</Alert>}
          <div className="form-actions">
            <button type="submit" className="btn btn--primary ck-big-btn" disabled={submitting} data-testid="paper-submit">
              {submitting ? t('checkins.paper.saving') : t('checkins.paper.save')}
            </button>
          </div>
        </form>
      </section>
      <section className="panel" aria-labelledby="ck-paper-lines" data-testid="paper-lines">
        <h2 id="ck-paper-lines" className="panel-title">
          {t('checkins.paper.entered', { count: lines.length })}
        </h2>
        {lines.length === 0 ? (
          <p className="muted">{t('checkins.paper.none')}</p>
        ) : (
          <ul className="ck-people">
            {lines.map((l) => (
              <li key={l.visitId} className="ck-person" data-testid="paper-line">
                <div className="ck-person-main">
                  <strong>{l.name}</strong>
                  <span className="muted small">
                    {l.date} · {l.timeIn}–{l.timeOut || `? (${t('checkins.paper.estimated')})`} · <span className="ck-source">{sourceLabel('paper', t)}</span>
                  </span>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
