import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { normaliseField } from '../../api/client';
import { Alert } from '../../components/Alert';
import { SelectField, TextField } from '../../components/Field';
import { Page } from '../../components/Page';
import { useMe } from '../auth/session';
import { fieldApi, type Offence } from './api';
import { downscalePhoto } from './photos';
import { newClientKey, type QueueEntry, type QueueFailure, type QueueStep, type ViolationResult } from './queue';
import { QueuePanel } from './QueuePanel';
import { SanctionForm } from './SanctionForm';
import { emptyDraft, sanctionBody, type SanctionDraft } from './sanctions';
import { offenceLabel, sanctionLabel } from './labels';
import { recall, remember, removeEntry, updateEntry } from './store';
import { enqueueAndSend, finishedEntry } from './sync';
import { RECORDING_ROLES, useCachedList, villagesInScope } from './useFieldLists';
import { useQueue } from './useQueue';
import { VenueFinder, type ChosenVenue } from './VenueFinder';
import './field.css';

const MAX_PHOTOS = 3;
const FORM_FIELDS = ['offence', 'regionCode', 'occurredAt', 'subject.nik', 'subject.name', 'subject.phone', 'subject.venueId', 'team', 'note', 'lat', 'lon'];

/** The phone's local time as a datetime-local value (the officer's clock is the city's). */
function nowLocal(): string {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

function failureByField(failure: QueueFailure | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of failure?.fields ?? []) {
    const key = normaliseField(f.field);
    if (!(key in out)) out[key] = f.message;
  }
  return out;
}

interface Form {
  kind: 'person' | 'venue';
  nik: string;
  name: string;
  phone: string;
  venue: ChosenVenue | null;
  offence: string;
  regionCode: string;
  occurredAt: string;
  gps: { lat: number; lon: number } | null;
  team: string;
  note: string;
  photos: File[];
}

const freshForm = (previous?: Form): Form => ({
  kind: previous?.kind ?? 'person',
  nik: '',
  name: '',
  phone: '',
  venue: null,
  offence: '',
  regionCode: previous?.regionCode ?? '',
  occurredAt: nowLocal(),
  gps: null,
  team: previous?.team ?? recall('team') ?? '',
  note: '',
  photos: [],
});

/**
 * Record a violation on a phone, in under a minute, with or without signal (issue #15). Saving puts the entry in the
 * offline queue and sends it at once when there is signal; the server's answer (earlier offences, proposed sanction)
 * then shows, and the officer applies the proposal or another sanction with a reason.
 */
export function RecordViolationPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queue = useQueue();
  const adatOfficer = me.assignments.some((a) => a.role === 'adat_officer');
  const offences = useCachedList('offences', fieldApi.offences);
  const villages = useCachedList(`villages:${me.id}`, () => villagesInScope(me, RECORDING_ROLES));
  const venues = useCachedList(`venues:${me.id}`, async () => (await fieldApi.venues()).items);
  const oversightRegions = useMemo(() => [...new Set(me.assignments.filter((a) => RECORDING_ROLES.includes(a.role) && !a.regionCode.includes('.DA')).map((a) => a.regionCode))], [me]);

  const [form, setForm] = useState<Form>(() => freshForm());
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<QueueFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const [gpsState, setGpsState] = useState<'idle' | 'busy' | 'failed'>('idle');
  const [saved, setSaved] = useState<QueueEntry | null>(null);
  const [savedKind, setSavedKind] = useState<'person' | 'venue'>('person');

  // An entry saved without signal that a later sync sent: show the server's answer.
  useEffect(() => {
    if (!saved || saved.steps[0]?.id) return;
    const sent = queue.lastReport?.finished.find((e) => e.id === saved.id) ?? finishedEntry(saved.id);
    if (sent) setSaved(sent);
  }, [queue.lastReport, saved]);

  const offenceChoices = (offences.data ?? []).filter((o: Offence) => o.subject === form.kind);
  const serverErrors = failureByField(failure);
  const err = (field: string) => clientErrors[field] ?? serverErrors[field];
  const set = (key: keyof Form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  function pickVenue(venue: ChosenVenue, evidence?: { offence: string; note: string }) {
    setForm((f) => ({
      ...f,
      venue,
      regionCode: venue.regionCode && villages.data?.some((v) => v.code === venue.regionCode) ? venue.regionCode : f.regionCode,
      ...(evidence ? { offence: evidence.offence, note: f.note.trim() ? `${f.note.trim()}\n${evidence.note}` : evidence.note } : {}),
    }));
  }

  function locate() {
    if (!('geolocation' in navigator)) {
      setGpsState('failed');
      return;
    }
    setGpsState('busy');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setForm((f) => ({ ...f, gps: { lat: Number(pos.coords.latitude.toFixed(6)), lon: Number(pos.coords.longitude.toFixed(6)) } }));
        setGpsState('idle');
      },
      () => setGpsState('failed'),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }

  function addPhotos(files: FileList | null) {
    const list = [...(files ?? [])].filter((f) => f.type.startsWith('image/'));
    setForm((f) => ({ ...f, photos: [...f.photos, ...list].slice(0, MAX_PHOTOS) }));
    setClientErrors((e) => ({ ...e, photos: form.photos.length + list.length > MAX_PHOTOS ? t('field.record.photosTooMany') : '' }));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    const required = t('errors.required');
    if (!form.offence) errors['offence'] = required;
    if (!form.regionCode) errors['regionCode'] = required;
    if (!form.occurredAt) errors['occurredAt'] = required;
    if (form.kind === 'person') {
      if (!form.name.trim()) errors['subject.name'] = required;
      if (!form.nik.trim() && !form.phone.trim()) errors['subject.nik'] = required;
    } else if (!form.venue) errors['subject.venueId'] = required;
    setClientErrors(errors);
    setFailure(null);
    if (Object.keys(errors).length > 0) return;

    setBusy(true);
    try {
      const subject =
        form.kind === 'person'
          ? { kind: 'person', name: form.name.trim(), ...(form.nik.trim() ? { nik: form.nik.trim() } : {}), ...(form.phone.trim() ? { phone: form.phone.trim() } : {}) }
          : { kind: 'venue', venueId: (form.venue as ChosenVenue).id };
      const body = {
        offence: form.offence,
        regionCode: form.regionCode,
        occurredAt: new Date(form.occurredAt).toISOString(),
        subject,
        ...(form.team.trim() ? { team: form.team.trim() } : {}),
        ...(form.note.trim() ? { note: form.note.trim() } : {}),
        ...(form.gps ? { lat: form.gps.lat, lon: form.gps.lon } : {}),
      };
      const photos: QueueStep[] = [];
      for (const file of form.photos) photos.push({ kind: 'photo', clientKey: newClientKey(), blob: await downscalePhoto(file) });
      const clientKey = newClientKey();
      const offence = offences.data?.find((o) => o.code === form.offence);
      const who = form.kind === 'person' ? form.name.trim() : (form.venue as ChosenVenue).name;
      const entry: QueueEntry = {
        id: clientKey,
        ownerId: me.id,
        createdAt: Date.now(),
        summary: `${who} · ${offence ? (i18n.language === 'en' ? offence.labelEn : offence.labelId) : form.offence}`,
        steps: [{ kind: 'violation', clientKey, body }, ...photos],
        status: 'pending',
      };
      if (form.team.trim()) remember('team', form.team.trim());
      const after = await enqueueAndSend(entry);
      if (after.status === 'failed' && !after.steps[0]?.id) {
        // Refused while the officer is still here: the errors go beside the fields and the entry leaves the queue.
        await removeEntry(after.id);
        setFailure(after.failure ?? null);
        return;
      }
      setSavedKind(form.kind);
      setSaved(after);
      window.scrollTo(0, 0);
    } finally {
      setBusy(false);
    }
  }

  function next() {
    setSaved(null);
    setFailure(null);
    setClientErrors({});
    setForm((f) => freshForm(f));
    window.scrollTo(0, 0);
  }

  const listsMissing = Boolean(offences.error || villages.error) && !offences.data;

  return (
    <Page title={t('field.record.title')} intro={t('field.record.intro')} testId="page-record-violation">
      <div className="fld">
        <QueuePanel queue={queue} />
        {(offences.fromCache || villages.fromCache) && <p className="muted">{t('field.queue.cachedLists')}</p>}
        {listsMissing && <Alert kind="error">{t('field.queue.noLists')}</Alert>}
        {saved ? (
          <AfterSave entry={saved} subject={savedKind} adatOfficer={adatOfficer} offences={offences.data ?? []} onEntry={setSaved} onNext={next} />
        ) : (
          <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="violation-form">
            {failure && (
              <Alert kind="error" testId="violation-error">
                {t('field.record.failed')} {failure.message}
                {failure.fields.filter((f) => !FORM_FIELDS.includes(normaliseField(f.field))).map((f) => ` ${f.message}`)}
              </Alert>
            )}
            <p className="fld-legend">{t('field.record.subjectKind')}</p>
            <div className="fld-segmented" role="group" aria-label={t('field.record.subjectKind')}>
              {(['person', 'venue'] as const).map((kind) => (
                <button key={kind} type="button" aria-pressed={form.kind === kind} onClick={() => setForm((f) => ({ ...f, kind, offence: '' }))} data-testid={`subject-${kind}`}>
                  {t(`field.record.${kind}`)}
                </button>
              ))}
            </div>
            {form.kind === 'person' ? (
              <>
                <TextField id="v-nik" testId="v-nik" label={t('field.record.nik')} hint={t('field.record.nikHint')} inputMode="numeric" autoComplete="off" value={form.nik} onChange={set('nik')} error={err('subject.nik')} />
                <TextField id="v-name" testId="v-name" label={t('field.record.name')} autoComplete="off" value={form.name} onChange={set('name')} error={err('subject.name')} required />
                <TextField id="v-phone" testId="v-phone" label={t('field.record.phone')} type="tel" inputMode="tel" autoComplete="off" value={form.phone} onChange={set('phone')} error={err('subject.phone')} />
              </>
            ) : form.venue ? (
              <div className="fld-card fld-chosen" data-testid="venue-chosen">
                <div>
                  <span className="muted">{t('field.record.chosenVenue')}</span>
                  <br />
                  <strong>{form.venue.name}</strong>
                  {form.venue.regionName && <span className="muted"> · {form.venue.regionName}</span>}
                </div>
                <button type="button" className="btn btn--small" onClick={() => setForm((f) => ({ ...f, venue: null }))}>
                  {t('field.record.change')}
                </button>
              </div>
            ) : (
              <>
                <VenueFinder venues={venues.data ?? []} oversightRegions={oversightRegions} onPick={pickVenue} />
                {err('subject.venueId') && <p className="field-error">{err('subject.venueId')}</p>}
              </>
            )}
            <SelectField id="v-offence" testId="v-offence" label={t('field.record.offence')} value={form.offence} onChange={set('offence')} error={err('offence')} required>
              <option value="">{t('field.record.chooseOffence')}</option>
              {offenceChoices.map((o) => (
                <option key={o.code} value={o.code}>
                  {offenceLabel(o.code, t)}
                </option>
              ))}
            </SelectField>
            <SelectField id="v-region" testId="v-region" label={t('field.record.region')} value={form.regionCode} onChange={set('regionCode')} error={err('regionCode')} required>
              <option value="">{villages.data ? t('field.record.chooseRegion') : t('common.loading')}</option>
              {(villages.data ?? []).map((v) => (
                <option key={v.code} value={v.code}>
                  {v.name}
                </option>
              ))}
            </SelectField>
            <TextField id="v-time" testId="v-time" label={t('field.record.occurredAt')} type="datetime-local" value={form.occurredAt} onChange={set('occurredAt')} error={err('occurredAt')} required />
            <div className="field">
              {form.gps ? (
                <div className="fld-chosen">
                  <span data-testid="v-gps">{t('field.record.gpsSet', { lat: form.gps.lat, lon: form.gps.lon })}</span>
                  <button type="button" className="btn btn--small" onClick={() => setForm((f) => ({ ...f, gps: null }))}>
                    {t('field.record.gpsRemove')}
                  </button>
                </div>
              ) : (
                <button type="button" className="btn btn--block" onClick={locate} disabled={gpsState === 'busy'} data-testid="v-gps-add">
                  {gpsState === 'busy' ? t('field.record.gpsBusy') : t('field.record.gps')}
                </button>
              )}
              {gpsState === 'failed' && <p className="muted">{t('field.record.gpsFailed')}</p>}
            </div>
            <TextField id="v-team" testId="v-team" label={t('field.record.team')} hint={t('field.record.teamHint')} value={form.team} onChange={set('team')} error={err('team')} />
            <div className="field">
              <label htmlFor="v-note">{t('field.record.note')}</label>
              <textarea id="v-note" data-testid="v-note" rows={3} value={form.note} onChange={set('note')} />
              {err('note') && <p className="field-error">{err('note')}</p>}
            </div>
            <div className="field fld-file">
              <p className="fld-legend">{t('field.record.photos')}</p>
              <input id="v-photos" data-testid="v-photos" type="file" accept="image/*" capture="environment" multiple disabled={form.photos.length >= MAX_PHOTOS} onChange={(e) => addPhotos(e.target.files)} />
              <label htmlFor="v-photos" className="btn btn--block" aria-disabled={form.photos.length >= MAX_PHOTOS}>
                {t('field.record.addPhoto', { count: form.photos.length, max: MAX_PHOTOS })}
              </label>
              {clientErrors['photos'] && <p className="field-error">{clientErrors['photos']}</p>}
              <PhotoThumbs photos={form.photos} onRemove={(i) => setForm((f) => ({ ...f, photos: f.photos.filter((_, j) => j !== i) }))} />
            </div>
            <button type="submit" className="btn btn--primary btn--block" disabled={busy} data-testid="violation-save">
              {busy ? t('field.record.saving') : t('field.record.save')}
            </button>
          </form>
        )}
      </div>
    </Page>
  );
}

function PhotoThumbs({ photos, onRemove }: { photos: File[]; onRemove: (index: number) => void }) {
  const { t } = useTranslation();
  const urls = useMemo(() => photos.map((p) => URL.createObjectURL(p)), [photos]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);
  if (photos.length === 0) return null;
  return (
    <div className="fld-photos">
      {urls.map((url, i) => (
        <div className="fld-photo" key={url}>
          <img src={url} alt="" />
          <button type="button" aria-label={t('field.record.photoRemove', { n: i + 1 })} onClick={() => onRemove(i)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

const rupiah = (n: number) => new Intl.NumberFormat('id-ID').format(n);

/** After saving: the server's proposal and the sanction, or (without signal) the queued entry and an optional sanction. */
function AfterSave({ entry, subject, adatOfficer, offences, onEntry, onNext }: { entry: QueueEntry; subject: 'person' | 'venue'; adatOfficer: boolean; offences: Offence[]; onEntry: (e: QueueEntry) => void; onNext: () => void }) {
  const { t, i18n } = useTranslation();
  const violation = entry.steps[0];
  const result = violation?.kind === 'violation' ? violation.result : undefined;
  const violationId = violation?.id;
  const [mode, setMode] = useState<'proposal' | 'other' | 'done'>('proposal');
  const [applied, setApplied] = useState<{ type: string; queued: boolean } | null>(null);
  const [failure, setFailure] = useState<QueueFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const date = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(new Date(iso));
  const priorLabel = (code: string) => {
    const o = offences.find((x) => x.code === code);
    return o ? (i18n.language === 'en' ? o.labelEn : o.labelId) : code;
  };

  async function apply(body: Record<string, unknown>) {
    setBusy(true);
    setFailure(null);
    try {
      const step = { kind: 'sanction' as const, clientKey: newClientKey(), body };
      // No signal yet: the sanction joins its violation's entry, sent after it and before the photos. Appended under the
      // queue's lock to the entry as stored now, so a sync running meanwhile keeps it (store.ts updateEntry).
      const updated = violationId
        ? undefined
        : await updateEntry(entry.id, (pending) => pending && { ...pending, steps: [pending.steps[0] as QueueStep, step, ...pending.steps.slice(1).filter((s) => s.kind !== 'sanction')] });
      if (updated) {
        onEntry(updated);
        setApplied({ type: body.type as string, queued: true });
        setMode('done');
        return;
      }
      const parentId = violationId ?? finishedEntry(entry.id)?.steps[0]?.id;
      if (!parentId) return;
      const own: QueueEntry = { id: step.clientKey, ownerId: entry.ownerId, createdAt: Date.now(), summary: entry.summary, steps: [{ ...step, violationId: parentId }], status: 'pending' };
      const after = await enqueueAndSend(own);
      if (after.status === 'failed') {
        await removeEntry(after.id);
        setFailure(after.failure ?? null);
        return;
      }
      setApplied({ type: body.type as string, queued: !after.steps[0]?.id });
      setMode('done');
    } finally {
      setBusy(false);
    }
  }

  const errors = failureByField(failure);
  const proposal = result?.proposedSanction;
  const proposalDraft: SanctionDraft = { ...emptyDraft(proposal?.type ?? ''), amountIdr: proposal?.amountIdr ? String(proposal.amountIdr) : '', days: proposal?.days ? String(proposal.days) : '' };

  return (
    <div data-testid="after-save">
      {result && proposal ? (
        <>
          <div className="fld-result fld-result--proposal" data-testid="proposal">
            <p className="fld-legend">{t('field.record.proposalTitle')}</p>
            <h2 data-testid="proposal-type">{sanctionLabel(proposal.type, t)}</h2>
            {proposal.amountIdr !== undefined && <p>{t('field.record.amountRp', { amount: rupiah(proposal.amountIdr) })}</p>}
            {proposal.days !== undefined && <p>{t('field.record.daysN', { days: proposal.days })}</p>}
            {proposal.alsoRecommended && <p>{t('field.record.alsoRecommended', { type: sanctionLabel(proposal.alsoRecommended, t) })}</p>}
            <p>{proposal.basis === 'grace_period' ? t('field.record.grace') : t('field.record.step', { step: proposal.step })}</p>
          </div>
          <div className="fld-card" data-testid="prior-offences">
            <p className="fld-legend">{t('field.record.prior')}</p>
            {result.priorOffences.length === 0 ? (
              <p className="muted">{t('field.record.noPrior')}</p>
            ) : (
              <ul>
                {result.priorOffences.map((p: ViolationResult['priorOffences'][number]) => (
                  <li key={p.id}>
                    {t('field.record.priorLine', { date: date(p.occurredAt), offence: priorLabel(p.offence) })}
                    {p.sanctions.length > 0 && <span className="muted"> · {p.sanctions.map((s) => sanctionLabel(s, t)).join(', ')}</span>}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </>
      ) : (
        <Alert kind="info" testId="saved-offline">
          {t('field.record.savedOffline')}
        </Alert>
      )}
      {failure && (
        <Alert kind="error" testId="sanction-error">
          {failure.message}
          {failure.fields.map((f) => ` ${f.message}`)}
        </Alert>
      )}
      {mode === 'done' && applied && (
        <Alert kind="success" testId="sanction-applied">
          {applied.queued ? t('field.record.appliedQueued', { type: sanctionLabel(applied.type, t) }) : t('field.record.applied', { type: sanctionLabel(applied.type, t) })}
        </Alert>
      )}
      {mode === 'proposal' && proposal && (
        <>
          <SanctionForm
            key="proposal"
            testId="apply-proposal"
            subject={subject}
            adatOfficer={adatOfficer}
            initial={proposalDraft}
            fixedType
            errors={errors}
            busy={busy}
            submitLabel={t('field.record.applyProposed')}
            onSubmit={(draft) => void apply(sanctionBody(draft))}
          />
          <button type="button" className="btn btn--block fld-gap" onClick={() => setMode('other')} data-testid="sanction-other">
            {t('field.record.other')}
          </button>
        </>
      )}
      {((mode === 'proposal' && !proposal) || mode === 'other') && (
        <>
          {!proposal && <p className="muted" data-testid="offline-sanction-note">{t('field.record.offlineNoProposal')}</p>}
          <SanctionForm
            key="other"
            testId="sanction-form"
            subject={subject}
            adatOfficer={adatOfficer}
            initial={emptyDraft()}
            reasonHint={t('field.record.reasonHint')}
            errors={errors}
            busy={busy}
            submitLabel={t('field.record.applySanction')}
            onSubmit={(draft) => void apply(sanctionBody(draft, proposal ? undefined : t('field.record.autoReason')))}
          />
        </>
      )}
      <div className="fld-actions">
        <button type="button" className={mode === 'done' ? 'btn btn--primary' : 'btn'} onClick={onNext} data-testid="record-next">
          {mode !== 'done' && !proposal ? t('field.record.later') : t('field.record.next')}
        </button>
      </div>
    </div>
  );
}
