import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { formErrorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import { venuesApi, type AnswerInput, type Assessment, type Badge, type Checklist, type ComplianceReason, type Label } from './api';
import './venues.css';

export type Lang = 'id' | 'en';

export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'id';
}

export function labelOf(pair: Label, lng: Lang): string {
  return lng === 'en' ? pair.en : pair.id;
}

const STATUSES = ['pending', 'verified', 'rejected', 'suspended'] as const;

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const known = (STATUSES as readonly string[]).includes(status) ? (status as (typeof STATUSES)[number]) : null;
  return (
    <span className={`venue-status venue-status--${status}`} data-testid="venue-status" data-status={status}>
      {known ? t(`venues.status.${known}`) : status}
    </span>
  );
}

const BADGES = ['green', 'yellow', 'red', 'grey'] as const;

/** The server sends the badge as a string: one it does not know of yet shows as grey. */
export function knownBadge(badge: Badge): (typeof BADGES)[number] {
  return (BADGES as readonly string[]).includes(badge) ? (badge as (typeof BADGES)[number]) : 'grey';
}

/** The colour badge of the compliance score; with reasons when given (their texts come from the server in both languages). */
export function ComplianceBadge({ badge, score, reasons }: { badge: Badge; score: number | null; reasons?: ComplianceReason[] }) {
  const { t } = useTranslation();
  const lng = useLang();
  const known = knownBadge(badge);
  return (
    <div className="compliance" data-testid="compliance">
      <span className={`compliance-badge compliance-badge--${known}`} data-badge={known}>
        {t(`venues.badge.${known}`)}
        {score !== null && <span className="compliance-score"> · {score}/100</span>}
      </span>
      {reasons && reasons.length > 0 && (
        <ul className="compliance-reasons" aria-label={t('venues.compliance.reasons')}>
          {reasons.map((r, i) => (
            <li key={`${r.code}-${i}`}>
              {lng === 'en' ? r.en : r.id}
              {r.weight !== 0 && <span className="muted"> ({r.weight > 0 ? '+' : ''}{r.weight})</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Desa and kelurahan (the 43 villages), sorted by name, for venue forms and filters. */
export function useVillages() {
  return useAsync(async (signal) => {
    const [desa, kelurahan] = await Promise.all([venuesApi.regionsOfType('desa', signal), venuesApi.regionsOfType('kelurahan', signal)]);
    return [...desa, ...kelurahan].sort((a, b) => a.name.localeCompare(b.name, 'id'));
  }, []);
}

export function useChecklist() {
  return useAsync((signal) => venuesApi.checklist(signal), []);
}

export function useSectors() {
  return useAsync((signal) => venuesApi.sectors(signal), []);
}

const ANSWERS = ['met', 'not_met', 'not_applicable'] as const;
type Answer = (typeof ANSWERS)[number];

interface ChecklistFormProps {
  checklist: Checklist;
  mode: 'self' | 'inspection';
  initial?: Assessment | null;
  submitLabel: string;
  onSubmit: (body: { answers: AnswerInput[]; notes: string | null; overallResult?: string; followUpDate?: string | null }) => Promise<void>;
  testId: string;
  /** More fields shown just above the submit button (the inspection photo). */
  extra?: ReactNode;
}

/** The prokes checklist (Pergub Bali 46/2020, Perwali Denpasar 48/2020): met / not met / not applicable per item. */
export function ChecklistForm({ checklist, mode, initial, submitLabel, onSubmit, testId, extra }: ChecklistFormProps) {
  const { t } = useTranslation();
  const lng = useLang();
  const [answers, setAnswers] = useState<Record<string, Answer | undefined>>(() =>
    Object.fromEntries((initial?.answers ?? []).map((a) => [a.item, (ANSWERS as readonly string[]).includes(a.answer) ? (a.answer as Answer) : undefined])),
  );
  const [notes, setNotes] = useState('');
  const [overall, setOverall] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    const unanswered = checklist.items.filter((i) => !answers[i.code]);
    if (unanswered.length > 0 || (mode === 'inspection' && !overall)) {
      setMissing(t('venues.checklist.answerAll'));
      return;
    }
    setMissing(null);
    setError(null);
    setBusy(true);
    try {
      await onSubmit({
        answers: checklist.items.map((i) => ({ item: i.code, answer: answers[i.code] ?? 'met' })),
        notes: notes.trim() || null,
        ...(mode === 'inspection' ? { overallResult: overall, followUpDate: followUp || null } : {}),
      });
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form checklist" onSubmit={(e) => void submit(e)} noValidate data-testid={testId}>
      <div className="table-wrap">
      <table className="table checklist-table">
        <thead>
          <tr>
            <th scope="col">{t('venues.checklist.item')}</th>
            {ANSWERS.map((a) => (
              <th scope="col" key={a}>
                {t(`venues.checklist.answer.${a}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {checklist.items.map((item) => (
            <tr key={item.code} data-item={item.code}>
              <th scope="row">
                <span className="checklist-label">{lng === 'en' ? item.labelEn : item.labelId}</span>
                {item.rules.length > 0 && <span className="muted small"> {item.rules.join(', ')}</span>}
              </th>
              {ANSWERS.map((a) => (
                <td key={a}>
                  <input
                    type="radio"
                    name={`${testId}-${item.code}`}
                    value={a}
                    aria-label={`${lng === 'en' ? item.shortLabelEn : item.shortLabelId}: ${t(`venues.checklist.answer.${a}`)}`}
                    disabled={a === 'not_applicable' && !item.mayBeNotApplicable}
                    checked={answers[item.code] === a}
                    onChange={() => setAnswers((s) => ({ ...s, [item.code]: a }))}
                    data-testid={`${testId}-${item.code}-${a}`}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <div className="form-row">
        <button type="button" className="btn btn--small btn--ghost" onClick={() => setAnswers(Object.fromEntries(checklist.items.map((i) => [i.code, 'met'])))} data-testid={`${testId}-all-met`}>
          {t('venues.checklist.allMet')}
        </button>
      </div>
      {mode === 'inspection' && (
        <div className="form-row">
          <div className="field">
            <label htmlFor={`${testId}-overall`}>{t('venues.inspection.overall')}</label>
            <select id={`${testId}-overall`} value={overall} onChange={(e) => setOverall(e.target.value)} data-testid={`${testId}-overall`} required>
              <option value="">{t('venues.inspection.chooseOverall')}</option>
              {checklist.overallResults.map((r) => (
                <option key={r} value={r}>
                  {r === 'compliant' || r === 'partially_compliant' || r === 'non_compliant' ? t(`venues.inspection.result.${r}`) : r}
                </option>
              ))}
            </select>
          </div>
          <TextField id={`${testId}-follow-up`} label={t('venues.inspection.followUp')} type="date" value={followUp} onChange={(e) => setFollowUp(e.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${testId}-notes`}>{t('venues.checklist.notes')}</label>
        <textarea id={`${testId}-notes`} rows={2} maxLength={2000} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </div>
      {extra}
      {missing && <Alert kind="error">{missing}</Alert>}
      {error !== null && <Alert kind="error">{formErrorMessage(error, [], t)}</Alert>}
      {done && <Alert kind="success" testId={`${testId}-saved`}>{t('venues.checklist.saved')}</Alert>}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={busy} data-testid={`${testId}-submit`}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
