import { lazy, Suspense, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { ConfirmButton } from '../../components/ConfirmButton';
import { TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { errorMessage, fieldError, formErrorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { venuesApi, type Assessment, type VenueDetail } from './api';
import { ChecklistForm, ComplianceBadge, knownBadge, labelOf, StatusBadge, useChecklist, useLang } from './common';
import { PublicUrlWarning } from '../config/PublicUrlWarning';
import { VenueCaseNotices } from '../tracing/VenueCaseNotices';

const VenueLocationMap = lazy(() => import('./VenueLocationMap'));

const ACTIONS = ['registered', 'approved', 'rejected', 'suspended', 'reactivated', 'corrected', 'resubmitted'] as const;
const RESULTS = ['compliant', 'partially_compliant', 'non_compliant'] as const;

/** One venue: status and history, the poster, the self-assessment, inspections and the compliance score. */
export function VenueDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const venue = useAsync((signal) => venuesApi.get(id, signal), [id]);
  const v = venue.data;
  return (
    <Page title={v?.name ?? t('venues.detail.title')} testId="page-venue" actions={v ? <StatusBadge status={v.status} /> : undefined}>
      {venue.loading && !v && <Loading />}
      {venue.error !== undefined && <Alert kind="error">{errorMessage(venue.error, t)}</Alert>}
      {v && <VenueBody venue={v} onChange={(next) => (next ? venue.setData(() => next) : venue.reload())} />}
    </Page>
  );
}

function VenueBody({ venue: v, onChange }: { venue: VenueDetail; onChange: (next?: VenueDetail) => void }) {
  const { t, i18n } = useTranslation();
  const lng = useLang();
  return (
    <div className="venue-grid">
      <section className="panel" aria-labelledby="venue-facts">
        <h2 className="panel-title" id="venue-facts">{t('venues.detail.facts')}</h2>
        {v.statusReason && <Alert kind={v.status === 'verified' ? 'info' : 'error'} testId="venue-status-reason">{t('venues.detail.reason')}: {v.statusReason}</Alert>}
        <dl className="facts">
          <div><dt>{t('venues.detail.number')}</dt><dd>{v.venueNumber}</dd></div>
          <div><dt>{t('venues.form.sector')}</dt><dd>{labelOf(v.sectorLabel, lng)}</dd></div>
          <div><dt>{t('venues.form.type')}</dt><dd>{labelOf(v.typeLabel, lng)}</dd></div>
          <div><dt>{t('venues.form.region')}</dt><dd>{v.regionName}</dd></div>
          {v.desaAdatName && <div><dt>{t('venues.form.desaAdat')}</dt><dd>{v.desaAdatName}</dd></div>}
          <div><dt>{t('venues.form.address')}</dt><dd>{v.address}</dd></div>
          <div>
            <dt>{t('venues.form.position')}</dt>
            <dd>
              {v.lat.toFixed(5)}, {v.lon.toFixed(5)}
              {v.positionConfirmed && v.pointRegionName && <span className="muted"> · {t('venues.detail.confirmedIn', { name: v.pointRegionName })}</span>}
            </dd>
          </div>
          <div><dt>{t('venues.form.capacity')}</dt><dd>{t('venues.capacityValue', { count: v.capacity })}</dd></div>
          <div><dt>{t('venues.detail.hours')}</dt><dd>{v.openingHours ? `${v.openingHours.from}–${v.openingHours.until}` : t('common.none')}</dd></div>
          <div><dt>{t('venues.form.setting')}</dt><dd>{v.indoor ? t('venues.indoor') : t('venues.outdoor')}</dd></div>
          <div><dt>{t('venues.detail.contact')}</dt><dd>{[v.contactName, v.contactPhone].filter(Boolean).join(' · ') || t('common.none')}</dd></div>
          {v.managers.length > 0 && <div><dt>{t('venues.detail.managers')}</dt><dd>{v.managers.map((m) => m.displayName).join(', ')}</dd></div>}
        </dl>
        {/* The officer who verifies sees the point inside the desa boundary; Leaflet loads only here. */}
        {v.permissions.verify && (
          <Suspense fallback={<Loading />}>
            <VenueLocationMap lat={v.lat} lon={v.lon} regionCode={v.regionCode} regionName={v.regionName} />
          </Suspense>
        )}
      </section>

      <section className="panel" aria-labelledby="venue-compliance">
        <h2 className="panel-title" id="venue-compliance">{t('venues.compliance.title')}</h2>
        <ComplianceBadge badge={v.complianceDetail.badge} score={v.complianceDetail.score} reasons={v.complianceDetail.reasons} />
        <ComplianceHistory venueId={v.id} version={v.inspections.length} />
      </section>

      <VenueCaseNotices venueId={v.id} />

      {v.permissions.verify && v.status === 'pending' && <VerificationPanel venue={v} onChange={onChange} />}
      {v.status === 'verified' && (v.permissions.poster || v.permissions.manage) && <PosterPanel venue={v} onChange={onChange} />}
      {v.permissions.verify && (v.status === 'verified' || v.status === 'suspended') && <SuspensionPanel venue={v} onChange={onChange} />}
      {v.permissions.correct && <EditPanel venue={v} onChange={onChange} />}
      {v.permissions.selfAssess && <SelfAssessmentPanel venue={v} onChange={onChange} />}
      {v.permissions.inspect && <InspectionPanel venue={v} onChange={onChange} />}

      <section className="panel" aria-labelledby="venue-inspections">
        <h2 className="panel-title" id="venue-inspections">{t('venues.inspection.list')}</h2>
        {v.inspections.length === 0 ? <p className="muted">{t('venues.inspection.none')}</p> : (
          <ul className="history-list" data-testid="venue-inspections">
            {v.inspections.map((i) => <InspectionItem key={i.id} venueId={v.id} inspection={i} />)}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="venue-history">
        <h2 className="panel-title" id="venue-history">{t('venues.detail.history')}</h2>
        <ol className="history-list" data-testid="venue-history">
          {v.history.map((h) => (
            <li key={h.id} data-action={h.action}>
              <strong>{(ACTIONS as readonly string[]).includes(h.action) ? t(`venues.history.${h.action as (typeof ACTIONS)[number]}`) : h.action}</strong>
              {' · '}
              <span className="muted">{formatDateTime(h.at, i18n.language)}{h.actorName ? ` · ${h.actorName}` : ''}</span>
              {h.reason && <div>{h.reason}</div>}
              <ChangedFields details={h.details} />
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

const FIELDS = ['name', 'sector', 'type', 'regionCode', 'banjarCode', 'desaAdatCode', 'address', 'lat', 'lon', 'positionConfirmed', 'capacity', 'openingHours', 'indoor', 'contactName', 'contactPhone'] as const;

/**
 * The fields a correction changed, by name. A personal field (the contact person's name and phone) is recorded
 * without its old and new values (issue #14, finding 11), and the line says so.
 */
function ChangedFields({ details }: { details: VenueDetail['history'][number]['details'] }) {
  const { t } = useTranslation();
  const changes = details?.changes;
  if (typeof changes !== 'object' || changes === null) return null;
  const labels: string[] = [];
  for (const [field, change] of Object.entries(changes as Record<string, unknown>)) {
    const label = (FIELDS as readonly string[]).includes(field) ? t(`venues.history.fields.${field as (typeof FIELDS)[number]}`) : field;
    const personal = typeof change === 'object' && change !== null && !('from' in change) && !('to' in change);
    const text = personal ? t('venues.history.personal', { field: label }) : label;
    if (!labels.includes(text)) labels.push(text);
  }
  return <div className="muted small" data-testid="venue-history-changes">{t('venues.history.changed', { fields: labels.join(', ') })}</div>;
}

function InspectionItem({ venueId, inspection: i }: { venueId: string; inspection: Assessment }) {
  const { t, i18n } = useTranslation();
  const notMet = i.answers.filter((a) => a.answer === 'not_met').length;
  return (
    <li data-testid="inspection-item">
      <strong>{i.overallResult && (RESULTS as readonly string[]).includes(i.overallResult) ? t(`venues.inspection.result.${i.overallResult as (typeof RESULTS)[number]}`) : i.overallResult}</strong>
      {' · '}
      <span className="muted">{formatDateTime(i.at, i18n.language)}{i.authorName ? ` · ${i.authorName}` : ''}</span>
      <div>{t('venues.inspection.notMetCount', { count: notMet })}{i.followUpDate ? ` · ${t('venues.inspection.followUpOn', { date: i.followUpDate })}` : ''}</div>
      {i.notes && <div>{i.notes}</div>}
      {i.hasPhoto && <a href={venuesApi.photoUrl(venueId, i.id)} target="_blank" rel="noreferrer">{t('venues.inspection.photo')}</a>}
    </li>
  );
}

function useAction(onChange: (next?: VenueDetail) => void) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function run(action: () => Promise<VenueDetail | undefined>) {
    setError(null);
    setBusy(true);
    try {
      onChange(await action());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, run };
}

function VerificationPanel({ venue, onChange }: { venue: VenueDetail; onChange: (next?: VenueDetail) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const { error, busy, run } = useAction(onChange);
  return (
    <section className="panel decision" aria-labelledby="venue-verify" data-testid="verification-panel">
      <h2 className="panel-title" id="venue-verify">{t('venues.verify.title')}</h2>
      <p className="muted">{t('venues.verify.intro')}</p>
      <div className="field">
        <label htmlFor="verify-reason">{t('venues.verify.reason')}</label>
        <textarea id="verify-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="verify-reason" />
      </div>
      {error !== null && <Alert kind="error">{formErrorMessage(error, [], t)}</Alert>}
      <div className="form-actions">
        <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void run(() => venuesApi.decide(venue.id, 'approve', reason))} data-testid="verify-approve">{t('venues.verify.approve')}</button>
        <button type="button" className="btn btn--danger-ghost" disabled={busy} onClick={() => void run(() => venuesApi.decide(venue.id, 'reject', reason))} data-testid="verify-reject">{t('venues.verify.reject')}</button>
      </div>
    </section>
  );
}

function SuspensionPanel({ venue, onChange }: { venue: VenueDetail; onChange: (next?: VenueDetail) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const { error, busy, run } = useAction(onChange);
  const suspending = venue.status === 'verified';
  return (
    <section className="panel decision" aria-labelledby="venue-suspension">
      <h2 className="panel-title" id="venue-suspension">{suspending ? t('venues.suspend.title') : t('venues.suspend.reactivateTitle')}</h2>
      <div className="field">
        <label htmlFor="suspend-reason">{t('venues.verify.reason')}</label>
        <textarea id="suspend-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="suspend-reason" />
      </div>
      {error !== null && <Alert kind="error">{formErrorMessage(error, [], t)}</Alert>}
      <div className="form-actions">
        {suspending ? (
          <ConfirmButton disabled={busy} testId="suspend" question={t('venues.suspend.question', { name: venue.name })} onConfirm={() => void run(() => venuesApi.suspend(venue.id, reason))}>{t('venues.suspend.suspend')}</ConfirmButton>
        ) : (
          <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void run(() => venuesApi.reactivate(venue.id, reason))} data-testid="reactivate">{t('venues.suspend.reactivate')}</button>
        )}
      </div>
    </section>
  );
}

function PosterPanel({ venue, onChange }: { venue: VenueDetail; onChange: (next?: VenueDetail) => void }) {
  const { t, i18n } = useTranslation();
  const current = venue.posters.find((p) => p.current);
  const { error, busy, run } = useAction(onChange);
  return (
    <section className="panel" aria-labelledby="venue-poster" data-testid="poster-panel">
      <h2 className="panel-title" id="venue-poster">{t('venues.poster.title')}</h2>
      <p className="muted">{t('venues.poster.intro')}</p>
      <PublicUrlWarning />
      {current && <p data-testid="poster-number">{t('venues.poster.number', { number: current.posterNumber, at: formatDateTime(current.issuedAt, i18n.language) })}</p>}
      <div className="poster-actions">
        <a className="btn btn--primary" href={venuesApi.posterUrl(venue.id, 'pdf')} download data-testid="poster-pdf">{t('venues.poster.pdf')}</a>
        <a className="btn" href={venuesApi.posterUrl(venue.id, 'png')} download data-testid="poster-png">{t('venues.poster.png')}</a>
        <ConfirmButton disabled={busy} testId="poster-reissue" question={t('venues.poster.reissueQuestion')} className="btn btn--small btn--ghost" onConfirm={() => void run(async () => { await venuesApi.reissuePoster(venue.id); return undefined; })}>{t('venues.poster.reissue')}</ConfirmButton>
      </div>
      <p className="field-hint">{t('venues.poster.reissueHint')}</p>
      {error !== null && <Alert kind="error">{formErrorMessage(error, [], t)}</Alert>}
    </section>
  );
}

function EditPanel({ venue, onChange }: { venue: VenueDetail; onChange: (next?: VenueDetail) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ name: venue.name, address: venue.address, capacity: String(venue.capacity), contactName: venue.contactName ?? '', contactPhone: venue.contactPhone ?? '', reason: '' });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));
  const fields = ['name', 'address', 'capacity', 'contactName', 'contactPhone', 'reason'];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const patch: Record<string, unknown> = {};
    if (form.name.trim() !== venue.name) patch['name'] = form.name.trim();
    if (form.address.trim() !== venue.address) patch['address'] = form.address.trim();
    if (Number(form.capacity) !== venue.capacity) patch['capacity'] = Number(form.capacity);
    if (form.contactName.trim() !== (venue.contactName ?? '')) patch['contactName'] = form.contactName.trim() || null;
    if (form.contactPhone.trim() !== (venue.contactPhone ?? '')) patch['contactPhone'] = form.contactPhone.trim() || null;
    if (form.reason.trim()) patch['reason'] = form.reason.trim();
    try {
      onChange(await venuesApi.update(venue.id, patch));
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="panel" aria-labelledby="venue-edit">
      <h2 className="panel-title" id="venue-edit">{venue.permissions.manage ? t('venues.edit.title') : t('venues.edit.correctTitle')}</h2>
      {!open ? (
        <button type="button" className="btn btn--small" onClick={() => setOpen(true)} data-testid="venue-edit-open">{t('venues.edit.open')}</button>
      ) : (
        <form className="form form--compact" onSubmit={(e) => void submit(e)} noValidate data-testid="venue-edit-form">
          {venue.permissions.manage && venue.status !== 'pending' && venue.status !== 'rejected' && <p className="field-hint">{t('venues.edit.lockedHint')}</p>}
          <TextField id="edit-name" label={t('venues.form.name')} value={form.name} onChange={set('name')} error={fieldError('name', {}, error)} />
          <TextField id="edit-address" label={t('venues.form.address')} value={form.address} onChange={set('address')} error={fieldError('address', {}, error)} />
          <TextField id="edit-capacity" label={t('venues.form.capacity')} type="number" value={form.capacity} onChange={set('capacity')} error={fieldError('capacity', {}, error)} />
          <TextField id="edit-contact-name" label={t('venues.form.contactName')} value={form.contactName} onChange={set('contactName')} error={fieldError('contactName', {}, error)} />
          <TextField id="edit-contact-phone" label={t('venues.form.contactPhone')} value={form.contactPhone} onChange={set('contactPhone')} error={fieldError('contactPhone', {}, error)} />
          {!venue.permissions.manage && <TextField id="edit-reason" label={t('venues.verify.reason')} value={form.reason} onChange={set('reason')} />}
          {error !== null && <Alert kind="error">{formErrorMessage(error, fields, t)}</Alert>}
          {saved && <Alert kind="success">{t('venues.edit.saved')}</Alert>}
          <div className="form-actions">
            <button type="submit" className="btn btn--primary" data-testid="venue-edit-submit">{t('venues.edit.save')}</button>
          </div>
        </form>
      )}
    </section>
  );
}

function SelfAssessmentPanel({ venue, onChange }: { venue: VenueDetail; onChange: (next?: VenueDetail) => void }) {
  const { t, i18n } = useTranslation();
  const checklist = useChecklist();
  return (
    <section className="panel panel--wide" aria-labelledby="venue-self">
      <h2 className="panel-title" id="venue-self">{t('venues.self.title')}</h2>
      <p className="muted">{venue.selfAssessment ? t('venues.self.last', { at: formatDateTime(venue.selfAssessment.at, i18n.language) }) : t('venues.self.intro')}</p>
      {checklist.data && (
        <ChecklistForm checklist={checklist.data} mode="self" initial={venue.selfAssessment} submitLabel={t('venues.self.submit')} testId="self-assessment" onSubmit={async (body) => { await venuesApi.selfAssess(venue.id, { answers: body.answers, notes: body.notes }); onChange(); }} />
      )}
    </section>
  );
}

function ComplianceHistory({ venueId, version }: { venueId: string; version: number }) {
  const { t, i18n } = useTranslation();
  const data = useAsync((signal) => venuesApi.compliance(venueId, signal), [venueId, version]);
  const history = data.data?.history ?? [];
  if (history.length === 0) return null;
  return (
    <details className="compliance-history">
      <summary>{t('venues.compliance.history')}</summary>
      <ol className="history-list" data-testid="compliance-history">
        {history.map((h) => (
          <li key={h.computedAt + h.trigger}>
            {formatDateTime(h.computedAt, i18n.language)}: <strong>{h.score ?? '—'}</strong> ({t(`venues.badge.${knownBadge(h.badge)}`)})
          </li>
        ))}
      </ol>
    </details>
  );
}

function InspectionPanel({ venue, onChange }: { venue: VenueDetail; onChange: (next?: VenueDetail) => void }) {
  const { t } = useTranslation();
  const checklist = useChecklist();
  const [photo, setPhoto] = useState<File | null>(null);
  const [photoError, setPhotoError] = useState<string | null>(null);
  return (
    <section className="panel panel--wide" aria-labelledby="venue-inspect">
      <h2 className="panel-title" id="venue-inspect">{t('venues.inspection.title')}</h2>
      <p className="muted">{t('venues.inspection.intro')} <Link to="/inspections">{t('venues.todo.title')}</Link></p>
      {checklist.data && (
        <ChecklistForm checklist={checklist.data} mode="inspection" submitLabel={t('venues.inspection.submit')} testId="inspection" onSubmit={async (body) => {
          const { id } = await venuesApi.inspect(venue.id, { answers: body.answers, notes: body.notes, overallResult: body.overallResult ?? '', followUpDate: body.followUpDate ?? null });
          setPhotoError(null);
          if (photo) await venuesApi.uploadPhoto(venue.id, id, photo).catch(() => setPhotoError(t('venues.inspection.photoFailed')));
          onChange();
        }} extra={
          <div className="field">
            <label htmlFor="inspection-photo">{t('venues.inspection.photoInput')}</label>
            <input id="inspection-photo" type="file" accept="image/jpeg,image/png,image/webp" onChange={(e) => setPhoto(e.target.files?.[0] ?? null)} data-testid="inspection-photo" />
            <p className="field-hint">{t('venues.inspection.photoHint')}</p>
            {photoError && <p className="field-error">{photoError}</p>}
          </div>
        } />
      )}
    </section>
  );
}
