import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, normaliseField } from '../../api/client';
import { Alert } from '../../components/Alert';
import { SelectField, TextField } from '../../components/Field';
import { Page } from '../../components/Page';
import { LETTER_TYPES, proposeCheckResult, shiftAt, type LetterType } from '../../../common/checkpoint-rules';
import { useMe } from '../auth/session';
import { usePublicConfig } from '../config/public-config';
import { fieldApi } from './api';
import { checkReasonLabel, checkResultLabel, letterLabel } from './labels';
import { newClientKey, type CheckResult, type QueueEntry, type QueueFailure } from './queue';
import { QueuePanel } from './QueuePanel';
import { recall, remember, removeEntry, updateEntry } from './store';
import { enqueueAndSend, finishedEntry } from './sync';
import { useCachedList } from './useFieldLists';
import { useQueue } from './useQueue';
import './field.css';

/** Minutes since midnight in the city's time zone (a post's shifts are in local time). */
function localMinutes(timeZone: string, at = new Date()): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

interface CheckForm {
  masked: boolean | null;
  nik: string;
  purpose: string;
  letter: LetterType | '';
  temperature: string;
}
const emptyCheck = (): CheckForm => ({ masked: null, nik: '', purpose: '', letter: '', temperature: '' });

const byField = (failure: QueueFailure | null) => Object.fromEntries((failure?.fields ?? []).map((f) => [normaliseField(f.field), f.message]));

/**
 * A border-post check on a phone (issue #15): the post is remembered, the shift follows the clock, and the result
 * shows at once: the server's when there is signal, else the same rule's estimate on the phone until the entry is sent.
 */
export function CheckpointCheckPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queue = useQueue();
  const { timeZone } = usePublicConfig().config;
  const posts = useCachedList('checkpoints', fieldApi.checkpoints);
  const [postId, setPostId] = useState(() => recall('checkpoint') ?? '');
  const [form, setForm] = useState<CheckForm>(emptyCheck);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<QueueFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<{ entry: QueueEntry; estimate: ReturnType<typeof proposeCheckResult> } | null>(null);
  const [minutes, setMinutes] = useState(() => localMinutes(timeZone));

  useEffect(() => {
    const timer = window.setInterval(() => setMinutes(localMinutes(timeZone)), 30_000);
    setMinutes(localMinutes(timeZone));
    return () => window.clearInterval(timer);
  }, [timeZone]);

  // The remembered post may be gone (or not in this officer's scope): then the officer chooses again.
  const post = posts.data?.find((p) => p.id === postId);
  useEffect(() => {
    if (posts.data && postId && !post) setPostId('');
    if (posts.data?.length === 1 && !postId) setPostId(posts.data[0]!.id);
  }, [posts.data, postId, post]);

  // An entry saved without signal that a later sync sent: show the server's answer.
  useEffect(() => {
    if (!saved || saved.entry.steps[0]?.id) return;
    const sent = queue.lastReport?.finished.find((e) => e.id === saved.entry.id) ?? finishedEntry(saved.entry.id);
    if (sent) setSaved({ ...saved, entry: sent });
  }, [queue.lastReport, saved]);

  const shiftIndex = post ? shiftAt(post.shifts, minutes) : null;
  const shift = post && shiftIndex !== null ? post.shifts[shiftIndex] : undefined;
  const serverErrors = byField(failure);
  const err = (field: string) => clientErrors[field] ?? serverErrors[field];

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const required = t('errors.required');
    const errors: Record<string, string> = {};
    if (!post) errors['post'] = required;
    if (form.masked === null) errors['masked'] = required;
    if (!form.purpose.trim()) errors['purpose'] = required;
    if (!form.letter) errors['letter'] = required;
    const temperatureC = Number(form.temperature.replace(',', '.'));
    if (!form.temperature.trim() || !Number.isFinite(temperatureC)) errors['temperatureC'] = required;
    setClientErrors(errors);
    setFailure(null);
    if (Object.keys(errors).length > 0 || !post) return;
    setBusy(true);
    try {
      const body = {
        at: new Date().toISOString(),
        masked: form.masked === true,
        ...(form.nik.trim() ? { nik: form.nik.trim() } : {}),
        temperatureC,
        purpose: form.purpose.trim(),
        letter: form.letter,
      };
      const clientKey = newClientKey();
      const entry: QueueEntry = {
        id: clientKey,
        ownerId: me.id,
        createdAt: Date.now(),
        summary: `${post.name} · ${form.purpose.trim()} · ${temperatureC.toFixed(1)} °C`,
        steps: [{ kind: 'check', clientKey, checkpointId: post.id, body }],
        status: 'pending',
      };
      const after = await enqueueAndSend(entry);
      if (after.status === 'failed' && !after.steps[0]?.id) {
        await removeEntry(after.id);
        setFailure(after.failure ?? null);
        return;
      }
      setSaved({ entry: after, estimate: proposeCheckResult({ masked: form.masked === true, letter: form.letter as LetterType, temperatureC }) });
      window.scrollTo(0, 0);
    } finally {
      setBusy(false);
    }
  }

  function next() {
    setSaved(null);
    setFailure(null);
    setClientErrors({});
    setForm(emptyCheck());
    window.scrollTo(0, 0);
  }

  return (
    <Page title={t('field.check.title')} intro={t('field.check.intro')} testId="page-border-check">
      <div className="fld">
        <QueuePanel queue={queue} />
        {posts.fromCache && <p className="muted">{t('field.queue.cachedLists')}</p>}
        {posts.error !== null && !posts.data && <Alert kind="error">{t('field.queue.noLists')}</Alert>}
        <SelectField
          id="c-post"
          testId="c-post"
          label={t('field.check.post')}
          value={postId}
          onChange={(e) => {
            setPostId(e.target.value);
            remember('checkpoint', e.target.value);
          }}
          error={err('post')}
          hint={post ? (shift ? t('field.check.shift', { from: shift.from, until: shift.until }) : t('field.check.noShift')) : undefined}
        >
          <option value="">{posts.data ? t('field.check.choosePost') : t('common.loading')}</option>
          {(posts.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        {posts.data?.length === 0 && <p className="muted">{t('field.check.noPosts')}</p>}
        {saved ? (
          <CheckOutcome entry={saved.entry} estimate={saved.estimate} onEntry={(entry) => setSaved({ ...saved, entry })} onNext={next} />
        ) : (
          <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="check-form">
            {failure && (
              <Alert kind="error" testId="check-error">
                {t('field.record.failed')} {failure.message}
              </Alert>
            )}
            <p className="fld-legend">{t('field.check.masked')}</p>
            <div className="fld-segmented" role="group" aria-label={t('field.check.masked')}>
              {([true, false] as const).map((value) => (
                <button key={String(value)} type="button" aria-pressed={form.masked === value} onClick={() => setForm((f) => ({ ...f, masked: value }))} data-testid={`c-masked-${value ? 'yes' : 'no'}`}>
                  {value ? t('field.check.yes') : t('field.check.no')}
                </button>
              ))}
            </div>
            {err('masked') && <p className="field-error">{err('masked')}</p>}
            <TextField id="c-nik" testId="c-nik" label={t('field.check.nik')} inputMode="numeric" autoComplete="off" value={form.nik} onChange={(e) => setForm((f) => ({ ...f, nik: e.target.value }))} error={err('nik')} />
            <TextField id="c-purpose" testId="c-purpose" label={t('field.check.purpose')} value={form.purpose} onChange={(e) => setForm((f) => ({ ...f, purpose: e.target.value }))} error={err('purpose')} required />
            <SelectField id="c-letter" testId="c-letter" label={t('field.check.letter')} value={form.letter} onChange={(e) => setForm((f) => ({ ...f, letter: e.target.value as LetterType }))} error={err('letter')} required>
              <option value="">—</option>
              {LETTER_TYPES.map((l) => (
                <option key={l} value={l}>
                  {letterLabel(l, t)}
                </option>
              ))}
            </SelectField>
            <TextField id="c-temp" testId="c-temp" label={t('field.check.temperature')} inputMode="decimal" value={form.temperature} onChange={(e) => setForm((f) => ({ ...f, temperature: e.target.value }))} error={err('temperatureC')} required />
            <button type="submit" className="btn btn--primary btn--block" disabled={busy} data-testid="check-save">
              {busy ? t('field.record.saving') : t('field.check.save')}
            </button>
          </form>
        )}
      </div>
    </Page>
  );
}

function CheckOutcome({ entry, estimate, onEntry, onNext }: { entry: QueueEntry; estimate: ReturnType<typeof proposeCheckResult>; onEntry: (e: QueueEntry) => void; onNext: () => void }) {
  const { t } = useTranslation();
  const step = entry.steps[0];
  const server: CheckResult | undefined = step?.kind === 'check' ? step.result : undefined;
  const result = server?.result ?? estimate.result;
  const reasons = server?.reasons ?? estimate.reasons;
  const rapid = entry.steps.find((s) => s.kind === 'rapidTest');
  return (
    <div data-testid="check-outcome">
      <div className={`fld-result fld-result--${result}`} data-testid="check-result" data-result={result} data-estimate={server ? 'no' : 'yes'}>
        <p className="fld-legend">{t('field.check.resultTitle')}</p>
        <h2>{checkResultLabel(result, t)}</h2>
        {reasons.length > 0 && (
          <ul>
            {reasons.map((r) => (
              <li key={r}>{checkReasonLabel(r, t)}</li>
            ))}
          </ul>
        )}
        {server?.origin && <p data-testid="check-origin">{t('field.check.origin', { province: server.origin.provinceCode, regency: server.origin.regencyCode })}</p>}
        {!server && <p>{t('field.check.estimate')}</p>}
      </div>
      {result === 'referred' && !rapid && <RapidTestForm entry={entry} checkId={server?.id} onEntry={onEntry} />}
      {rapid?.kind === 'rapidTest' &&
        (rapid.id ? (
          <Alert kind="success" testId="rapid-saved">
            {t('field.check.rapidSaved')} {rapid.result?.caseOpened ? t('field.check.caseOpened') : ''}
          </Alert>
        ) : (
          <Alert kind="info" testId="rapid-queued">
            {t('field.check.rapidQueued')}
          </Alert>
        ))}
      <button type="button" className="btn btn--primary btn--block" onClick={onNext} data-testid="check-next">
        {t('field.check.next')}
      </button>
    </div>
  );
}

function RapidTestForm({ entry, checkId, onEntry }: { entry: QueueEntry; checkId: string | undefined; onEntry: (e: QueueEntry) => void }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<'negative' | 'positive' | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [residence, setResidence] = useState('');
  const [done, setDone] = useState<{ caseOpened: boolean } | null>(null);
  const [failure, setFailure] = useState<QueueFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const regions = useCachedList('regions', () => api.regions({}));
  const villages = useMemo(() => (regions.data ?? []).filter((r) => r.type === 'desa' || r.type === 'kelurahan').sort((a, b) => a.name.localeCompare(b.name)), [regions.data]);
  const errors = byField(failure);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!result) return;
    setBusy(true);
    setFailure(null);
    try {
      const body = { result, ...(result === 'positive' ? { ...(name.trim() ? { name: name.trim() } : {}), ...(phone.trim() ? { phone: phone.trim() } : {}), ...(residence ? { residenceCode: residence } : {}) } : {}) };
      // No signal: the test follows its check in the same entry, appended under the queue's lock to the entry as stored
      // now, so a sync running meanwhile keeps it (store.ts updateEntry).
      const updated = checkId ? undefined : await updateEntry(entry.id, (pending) => pending && { ...pending, steps: [...pending.steps, { kind: 'rapidTest', body }] });
      if (updated) {
        onEntry(updated);
        return;
      }
      const parent = checkId ?? finishedEntry(entry.id)?.steps[0]?.id;
      if (!parent) return;
      const own: QueueEntry = { id: newClientKey(), ownerId: entry.ownerId, createdAt: Date.now(), summary: entry.summary, steps: [{ kind: 'rapidTest', body, checkId: parent }], status: 'pending' };
      const after = await enqueueAndSend(own);
      if (after.status === 'failed') {
        await removeEntry(after.id);
        setFailure(after.failure ?? null);
        return;
      }
      const answer = after.steps[0];
      setDone({ caseOpened: answer?.kind === 'rapidTest' && answer.result?.caseOpened === true });
      if (!answer?.id) onEntry({ ...entry, steps: [...entry.steps, { kind: 'rapidTest', body, checkId: parent }] });
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <Alert kind="success" testId="rapid-saved">
        {t('field.check.rapidSaved')} {done.caseOpened ? t('field.check.caseOpened') : ''}
      </Alert>
    );
  }
  return (
    <form className="form fld-card" onSubmit={(e) => void save(e)} noValidate data-testid="rapid-form">
      <p className="fld-legend">{t('field.check.rapidTitle')}</p>
      {failure && <Alert kind="error">{failure.message}</Alert>}
      <div className="fld-segmented" role="group" aria-label={t('field.check.rapidTitle')}>
        {(['negative', 'positive'] as const).map((r) => (
          <button key={r} type="button" aria-pressed={result === r} onClick={() => setResult(r)} data-testid={`rapid-${r}`}>
            {t(`field.check.${r}`)}
          </button>
        ))}
      </div>
      {result === 'positive' && (
        <>
          <TextField id="r-name" testId="rapid-name" label={t('field.check.rapidName')} value={name} onChange={(e) => setName(e.target.value)} error={errors['name']} />
          <TextField id="r-phone" testId="rapid-phone" label={t('field.check.rapidPhone')} type="tel" inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value)} error={errors['phone']} />
          <SelectField id="r-residence" testId="rapid-residence" label={t('field.check.residence')} value={residence} onChange={(e) => setResidence(e.target.value)} error={errors['residenceCode']}>
            <option value="">—</option>
            {villages.map((v) => (
              <option key={v.code} value={v.code}>
                {v.name}
              </option>
            ))}
          </SelectField>
        </>
      )}
      <button type="submit" className="btn btn--primary btn--block" disabled={busy || !result} data-testid="rapid-save">
        {t('field.check.saveRapid')}
      </button>
    </form>
  );
}
