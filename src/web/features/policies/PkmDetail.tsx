import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/Alert';
import { SelectField, TextField } from '../../components/Field';
import { formatDateTime } from '../../lib/format';
import { formErrorMessage } from '../../lib/errors';
import { policiesApi } from './api';
import { addDays, formatDate, sectorLabel } from './labels';
import { PkmForm } from './PkmForm';
import type { PkmAction, PkmApplication, SectorInfo } from './types';

const PATHS: Record<Exclude<PkmAction, 'edit'>, string> = {
  submit: 'submit',
  start_review: 'review',
  recommend: 'recommend',
  return: 'return',
  reject: 'reject',
  approve: 'approve',
  extend: 'extend',
  end: 'end',
  evaluate: 'evaluations',
};
const NEEDS_COMMENT: PkmAction[] = ['return', 'reject', 'end'];

interface Props {
  app: PkmApplication;
  sectors: readonly SectorInfo[] | undefined;
  onChanged: (app: PkmApplication) => void;
}

/** One application: its content, letter, history and evaluations, and the workflow buttons this user may press. */
export function PkmDetail({ app, sectors, onChanged }: Props) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [action, setAction] = useState<PkmAction | null>(null);
  const [comment, setComment] = useState('');
  const [approve, setApprove] = useState({ letterNumber: '', approverName: '', startDate: '' });
  const [extendDays, setExtendDays] = useState('7');
  const [evaluation, setEvaluation] = useState({ recommendation: 'continue', notes: '' });
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = error instanceof ApiError ? error.fieldErrors : {};

  async function perform(a: Exclude<PkmAction, 'edit'>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      let body: Record<string, unknown> = {};
      if (a === 'approve') {
        body = {
          ...(approve.letterNumber.trim() ? { letterNumber: approve.letterNumber.trim() } : {}),
          ...(approve.approverName.trim() ? { approverName: approve.approverName.trim() } : {}),
          ...(approve.startDate ? { startDate: approve.startDate } : {}),
          ...(comment.trim() ? { comment: comment.trim() } : {}),
        };
      } else if (a === 'extend') body = { days: Number(extendDays), comment: comment.trim() || null };
      else if (a === 'evaluate') body = { recommendation: evaluation.recommendation, notes: evaluation.notes };
      else if (a !== 'submit') body = { comment: comment.trim() || null };
      const updated = await policiesApi.applicationAction(app.id, PATHS[a], body);
      setNotice(t('policies.pkm.done', { status: t(`policies.pkm.statuses.${updated.status}`) }));
      setAction(null);
      setComment('');
      onChanged(updated);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const buttons = app.allowedActions;
  return (
    <div data-testid="pkm-detail" data-status={app.status}>
      <p>
        <span className={`status-pill status-pill--${app.status}`} data-testid="pkm-status">
          {t(`policies.pkm.statuses.${app.status}`)}
        </span>{' '}
        <strong>{app.regionName}</strong> · {app.adatRegionName}
      </p>
      {notice && <Alert kind="success">{notice}</Alert>}
      {error !== null && <Alert kind="error">{formErrorMessage(error, ['comment', 'startDate', 'letterNumber', 'days', 'notes'], t)}</Alert>}
      <dl className="facts">
        <div>
          <dt>{t('policies.pkm.startDate')}</dt>
          <dd>{t('policies.pkm.period', { start: formatDate(app.startDate, lng), end: formatDate(addDays(app.endDate, -1), lng), days: app.lengthDays })}</dd>
        </div>
        <div>
          <dt>{t('policies.pkm.activeCases')}</dt>
          <dd>{app.activeCases === null ? t('common.none') : `${app.activeCases}${app.activeCasesDate ? ` (${formatDate(app.activeCasesDate, lng)})` : ''}`}</dd>
        </div>
        <div>
          <dt>{t('policies.pkm.grounds')}</dt>
          <dd>{app.grounds}</dd>
        </div>
        <div>
          <dt>{t('policies.pkm.measures')}</dt>
          <dd>
            <ul className="plain-list">
              {app.rules.map((r, i) => (
                <li key={i}>
                  {sectorLabel(sectors, r.venueType ?? r.sector, lng)}: {r.window ? t('policies.rules.windowValue', { from: r.window.from, until: r.window.until }) : t('policies.rules.noTimeLimit')}, {t('policies.rules.capacityValue', { value: r.capacityPercent })}
                  {r.dineIn === false ? `, ${t('policies.rules.dineInNotAllowed')}` : ''}
                </li>
              ))}
              <li>
                {t('policies.pkm.borderPosts')}: {app.borderPosts}
              </li>
              {app.maxGatheringSize !== null && (
                <li>
                  {t('policies.pkm.maxGathering')}: {app.maxGatheringSize}
                </li>
              )}
              {app.otherMeasures && <li>{app.otherMeasures}</li>}
            </ul>
          </dd>
        </div>
        {app.letter && (
          <div>
            <dt>{t('policies.pkm.letter')}</dt>
            <dd>
              {t('policies.pkm.letterLine', { number: app.letter.number, date: formatDate(app.letter.date, lng), name: app.letter.approverName })}{' '}
              <a href={policiesApi.letterUrl(app.id)} className="btn btn--small" data-testid="pkm-letter" download>
                {t('policies.pkm.downloadLetter')}
              </a>
            </dd>
          </div>
        )}
        {app.nextEvaluationDue && (
          <div>
            <dt>{t('policies.pkm.evaluations')}</dt>
            <dd className={app.evaluationOverdue ? 'overdue' : undefined}>
              {t('policies.pkm.nextDue', { date: formatDate(app.nextEvaluationDue, lng) })}
              {app.evaluationOverdue ? ` (${t('policies.pkm.overdue')})` : ''}
            </dd>
          </div>
        )}
      </dl>

      {buttons.length === 0 ? (
        <p className="muted small">{t('policies.pkm.noActions')}</p>
      ) : (
        <div className="workflow-actions" data-testid="pkm-actions">
          {buttons.map((a) => (
            <button
              key={a}
              type="button"
              className={a === 'reject' || a === 'end' ? 'btn btn--danger-ghost' : action === a ? 'btn btn--primary' : 'btn'}
              data-testid={`pkm-action-${a}`}
              onClick={() => {
                setError(null);
                setAction(action === a ? null : a);
              }}
            >
              {t(`policies.pkm.actions.${a}`)}
            </button>
          ))}
        </div>
      )}

      {action === 'edit' && (
        <PkmForm
          existing={app}
          onSaved={(updated) => {
            setAction(null);
            onChanged(updated);
          }}
        />
      )}
      {action !== null && action !== 'edit' && (
        <form
          className="form form--compact panel"
          data-testid="pkm-action-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void perform(action);
          }}
        >
          {action === 'approve' && (
            <>
              <TextField id="pkm-letter-number" testId="pkm-letter-number" label={t('policies.pkm.letterNumber')} hint={t('policies.pkm.letterNumberHint')} value={approve.letterNumber} onChange={(e) => setApprove({ ...approve, letterNumber: e.target.value })} error={errors['letterNumber']} />
              <TextField id="pkm-approver-name" testId="pkm-approver-name" label={t('policies.pkm.approverName')} value={approve.approverName} onChange={(e) => setApprove({ ...approve, approverName: e.target.value })} />
              <TextField id="pkm-approved-start" testId="pkm-approved-start" type="date" label={t('policies.pkm.approvedStart')} value={approve.startDate || app.startDate} onChange={(e) => setApprove({ ...approve, startDate: e.target.value })} error={errors['startDate']} />
            </>
          )}
          {action === 'extend' && (
            <TextField id="pkm-extend-days" type="number" min={1} max={90} label={t('policies.pkm.extendDays')} value={extendDays} onChange={(e) => setExtendDays(e.target.value)} error={errors['days']} />
          )}
          {action === 'evaluate' ? (
            <>
              <SelectField id="pkm-recommendation" label={t('policies.pkm.recommendation')} value={evaluation.recommendation} onChange={(e) => setEvaluation({ ...evaluation, recommendation: e.target.value })}>
                {(['continue', 'extend', 'end'] as const).map((r) => (
                  <option key={r} value={r}>
                    {t(`policies.pkm.recommendations.${r}`)}
                  </option>
                ))}
              </SelectField>
              <div className="field">
                <label htmlFor="pkm-notes">{t('policies.pkm.notes')}</label>
                <textarea id="pkm-notes" value={evaluation.notes} onChange={(e) => setEvaluation({ ...evaluation, notes: e.target.value })} />
                {errors['notes'] && <p className="field-error">{errors['notes']}</p>}
              </div>
            </>
          ) : (
            action !== 'submit' && (
              <div className="field">
                <label htmlFor="pkm-comment">
                  {t('policies.pkm.comment')} {NEEDS_COMMENT.includes(action) ? '' : t('common.optional')}
                </label>
                <textarea id="pkm-comment" data-testid="pkm-comment" value={comment} onChange={(e) => setComment(e.target.value)} />
                {errors['comment'] && <p className="field-error">{errors['comment']}</p>}
              </div>
            )
          )}
          <div className="form-actions">
            <button type="submit" className="btn btn--primary" disabled={busy} data-testid="pkm-confirm">
              {t(`policies.pkm.actions.${action}`)}
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => setAction(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}

      <h3>{t('policies.pkm.history')}</h3>
      <ol className="timeline" data-testid="pkm-history">
        {app.transitions.map((tr, i) => (
          <li key={i}>
            <strong>{t(`policies.pkm.transitionNames.${tr.action}`, { defaultValue: tr.action })}</strong> · {formatDateTime(tr.at, lng)} · {tr.actorUsername ?? 'Jaga Baya'}
            {tr.comment && <div className="muted small">{tr.comment}</div>}
          </li>
        ))}
      </ol>
      {app.evaluations.length > 0 && (
        <>
          <h3>{t('policies.pkm.evaluations')}</h3>
          <ol className="timeline">
            {app.evaluations.map((e) => (
              <li key={e.week}>
                <strong>{t('policies.pkm.week', { week: e.week, date: formatDate(e.dueDate, lng) })}</strong>: {t(`policies.pkm.recommendations.${e.recommendation === 'extend' ? 'extend' : e.recommendation === 'end' ? 'end' : 'continue'}`)} · {e.notes}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
