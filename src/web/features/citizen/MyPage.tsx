import { useEffect, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { fieldError, formErrorMessage } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { usePublicConfig } from '../config/public-config';
import { citizenApi, type ResidentMe, type ResidentVisit } from './api';
import { ResidentInbox } from './ResidentInbox';
import { CardScreen } from '../../components/CardScreen';

type Step = { kind: 'loading' } | { kind: 'phone' } | { kind: 'code'; phone: string } | { kind: 'signed-in'; me: ResidentMe };

/**
 * Public: a resident signs in with their phone number (a 6-digit code by SMS) and sees their status colour and every
 * visit recorded under the number, whatever recorded it (issue #16). Phone first: one column, big targets.
 */
export function MyPage() {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: 'loading' });

  useEffect(() => {
    document.title = `${t('saya.title')} · ${t('app.name')}`;
  }, [t]);

  useEffect(() => {
    const controller = new AbortController();
    // The probe answers 200 either way (no 401 in the console of a visitor who has not signed in).
    citizenApi
      .session(controller.signal)
      .then((s) => setStep(s.signedIn && s.me ? { kind: 'signed-in', me: s.me } : { kind: 'phone' }))
      // No answer: the sign-in form.
      .catch(() => {
        if (!controller.signal.aborted) setStep({ kind: 'phone' });
      });
    return () => controller.abort();
  }, []);

  return (
    <CardScreen>
      {step.kind === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {step.kind === 'phone' && <PhoneStep onSent={(phone) => setStep({ kind: 'code', phone })} />}
      {step.kind === 'code' && <CodeStep phone={step.phone} onBack={() => setStep({ kind: 'phone' })} onSignedIn={(me) => setStep({ kind: 'signed-in', me })} />}
      {step.kind === 'signed-in' && <MySpace me={step.me} onSignedOut={() => setStep({ kind: 'phone' })} />}
    </CardScreen>
  );
}

function PhoneStep({ onSent }: { onSent: (phone: string) => void }) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setMissing(phone.trim() ? undefined : t('errors.required'));
    if (!phone.trim()) return;
    setBusy(true);
    try {
      await citizenApi.requestCode(phone.trim());
      onSent(phone.trim());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="saya-phone-form" aria-labelledby="saya-title">
      <h2 id="saya-title" className="login-title">
        {t('saya.title')}
      </h2>
      <p className="muted">{t('saya.intro')}</p>
      {error !== null && <Alert kind="error" testId="saya-error">{formErrorMessage(error, ['phone'], t)}</Alert>}
      <TextField id="saya-phone" testId="saya-phone" label={t('saya.phone')} type="tel" inputMode="tel" autoComplete="tel" hint={t('saya.phoneHint')} value={phone} onChange={(e) => setPhone(e.target.value)} error={missing ?? fieldError('phone', {}, error)} required />
      <button type="submit" className="btn btn--primary btn--block" disabled={busy} data-testid="saya-send-code">
        {busy ? t('saya.sending') : t('saya.sendCode')}
      </button>
    </form>
  );
}

function CodeStep({ phone, onBack, onSignedIn }: { phone: string; onBack: () => void; onSignedIn: (me: ResidentMe) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      onSignedIn(await citizenApi.signIn(phone, code.trim()));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="saya-code-form" aria-labelledby="saya-code-title">
      <h2 id="saya-code-title" className="login-title">
        {t('saya.codeTitle')}
      </h2>
      <Alert kind="success">{t('saya.codeSent', { phone })}</Alert>
      {error !== null && <Alert kind="error" testId="saya-error">{error instanceof ApiError && error.errors.length === 0 ? (error.detail ?? error.title) : formErrorMessage(error, ['code'], t)}</Alert>}
      <TextField id="saya-code" testId="saya-code" label={t('saya.code')} inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} error={fieldError('code', {}, error)} required />
      <button type="submit" className="btn btn--primary btn--block" disabled={busy} data-testid="saya-sign-in">
        {t('saya.signIn')}
      </button>
      <button type="button" className="btn btn--block" onClick={onBack} data-testid="saya-other-number">
        {t('saya.otherNumber')}
      </button>
    </form>
  );
}

function MySpace({ me, onSignedOut }: { me: ResidentMe; onSignedOut: () => void }) {
  const { t, i18n } = useTranslation();
  const timeZone = usePublicConfig().config.timeZone;
  const [visits, setVisits] = useState<ResidentVisit[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    citizenApi
      .visits(controller.signal)
      .then(setVisits)
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(err);
      });
    return () => controller.abort();
  }, []);

  const { colour, reason, until, changesAt, rule } = me.status;
  const reasonText = statusReasonText(t, reason, until === null ? null : formatDate(until, i18n.language), rule);

  return (
    <div className="form" data-testid="saya-space">
      <h2 className="login-title">{t('saya.title')}</h2>
      <p className="muted" data-testid="saya-number">{t('saya.signedInAs', { phone: me.phone })}</p>
      <section className={`status-card status-card--${colour}`} data-testid="saya-status" aria-label={t('saya.statusTitle')}>
        <p className="status-card__label">{t('saya.statusTitle')}</p>
        <p className="status-card__colour">{t(`saya.colour.${colour}`)}</p>
        <p className="status-card__reason" data-testid="saya-status-reason">{reasonText}</p>
        <p className="status-card__door">{t(`saya.door.${colour}`)}</p>
        {changesAt !== null && <p className="status-card__until" data-testid="saya-status-until">{t('saya.changesAt', { time: formatDateTime(changesAt, i18n.language, timeZone) })}</p>}
        {rule !== null && <p className="status-card__rule">{t('saya.ruleVersion', { rule: formatRule(rule, i18n.language) })}</p>}
      </section>
      <section className="saya-links" aria-labelledby="saya-screening-title" data-testid="saya-screening">
        <h3 id="saya-screening-title">{t('saya.screeningTitle')}</h3>
        <p className="muted">{t('saya.screeningIntro')}</p>
        <a className="btn btn--primary btn--block" href={`/skrining?lang=${i18n.language === 'en' ? 'en' : 'id'}`} data-testid="saya-screening-link">
          {t('saya.screeningLink')}
        </a>
      </section>
      <ResidentInbox />
      <h3>{t('saya.visitsTitle')}</h3>
      {error !== null && <Alert kind="error">{formErrorMessage(error, [], t)}</Alert>}
      {visits === null && error === null && <p className="muted">{t('common.loading')}</p>}
      {visits !== null && visits.length === 0 && <p className="muted" data-testid="saya-no-visits">{t('saya.noVisits')}</p>}
      {visits !== null && visits.length > 0 && (
        <ul className="visit-list" data-testid="saya-visits">
          {visits.map((v) => (
            <li key={v.visitId} className="visit-list__item" data-testid="saya-visit">
              <strong>{v.venue.name}</strong>
              <span>{t('saya.checkedIn', { time: formatDateTime(v.checkedInAt, i18n.language, timeZone) })}</span>
              <span className="muted">
                {v.checkedOutAt
                  ? t(v.checkoutEstimated ? 'saya.checkedOutEstimated' : 'saya.checkedOut', { time: formatDateTime(v.checkedOutAt, i18n.language, timeZone) })
                  : t('saya.stillInside')}
                {' · '}
                {t(`saya.source.${v.source === 'desk' || v.source === 'paper' || v.source === 'offline' ? v.source : 'qr'}`)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="muted">{t('saya.retention')}</p>
      <section aria-labelledby="saya-export-title" data-testid="saya-export">
        <h3 id="saya-export-title">{t('saya.exportTitle')}</h3>
        <p className="muted">{t('saya.exportIntro')}</p>
        <div style={{ display: 'grid', gap: '0.5rem' }}>
        <a className="btn btn--block" href="/api/v1/citizen/me/export.pdf" download data-testid="saya-export-pdf">
          {t('saya.exportPdf')}
        </a>
        <a className="btn btn--block" href="/api/v1/citizen/me/export" download="jaga-baya-data-saya.json" data-testid="saya-export-json">
          {t('saya.exportJson')}
        </a>
        </div>
      </section>
      <button
        type="button"
        className="btn btn--block"
        data-testid="saya-sign-out"
        onClick={() => {
          void citizenApi.signOut().finally(onSignedOut);
        }}
      >
        {t('saya.signOut')}
      </button>
    </div>
  );
}


/** The status reason in words (status-rule.ts's codes), with the last day it holds where one is known. */
function statusReasonText(t: TFunction, reason: string, until: string | null, rule: string | null): string {
  switch (reason) {
    case 'self_isolation':
      return t('saya.reason.selfIsolation', { until: until ?? '' });
    case 'isolation':
    case 'quarantine':
      return until ? t(`saya.reason.${reason}`, { until }) : t(`saya.reason.${reason}Open`);
    case 'positive_test':
      return t('saya.reason.positiveTest', { until: until ?? '' });
    case 'negative_test':
      return t('saya.reason.negativeTest', { until: until ?? '' });
    case 'fully_vaccinated':
      return t('saya.reason.fullyVaccinated');
    case 'partially_vaccinated':
      return t('saya.reason.partiallyVaccinated');
    case 'recovered':
      return t('saya.reason.recovered', { until: until ?? '' });
    case 'not_vaccinated':
      return t('saya.reason.notVaccinated');
    default:
      return rule === null ? t('saya.reason.noRule') : t('saya.reason.noRecord');
  }
}

/** "2022-07" → "Juli 2022" / "July 2022". */
function formatRule(rule: string, lng: string): string {
  const [year, month] = rule.split('-').map(Number);
  if (!year || !month) return rule;
  return new Intl.DateTimeFormat(lng === 'en' ? 'en-GB' : 'id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 1)));
}
