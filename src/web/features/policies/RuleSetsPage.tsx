import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/Alert';
import { ConfirmButton } from '../../components/ConfirmButton';
import { SelectField, TextField } from '../../components/Field';
import { RegionSelect } from '../../components/RegionSelect';
import { StatusFilter } from './StatusFilter';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { usePermission } from '../auth/session';
import { regionName } from '../regions/region-index';
import { useRegions } from '../regions/regions-context';
import { errorMessage, formErrorMessage } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { policiesApi } from './api';
import { addDays, todayInDenpasar } from './labels';
import { FirstRunRulesBanner } from './FirstRunRulesBanner';
import { RuleEditor } from './RuleEditor';
import { RulesTable } from './RulesTable';
import type { RuleSet, RuleSetInput } from './types';
import './policies.css';
import { useUrlState } from '../../lib/useUrlState';

const NEW = 'new';

/** ISO instant with offset → the local date when it is a local midnight, else the text as given. */
function toFormInstant(iso: string | null): string {
  if (!iso) return '';
  return iso.endsWith('T00:00:00.000+08:00') ? iso.slice(0, 10) : iso;
}

function formOf(rs: RuleSet | undefined): RuleSetInput {
  if (!rs) {
    return { kind: 'city', scopeRegionCode: '51.71', legalBasis: '', titleId: '', titleEn: '', effectiveFrom: addDays(todayInDenpasar(), 1), effectiveTo: null, rules: [], statusCheck: false };
  }
  return {
    kind: rs.kind,
    scopeRegionCode: rs.scopeRegionCode,
    legalBasis: rs.legalBasis,
    titleId: rs.titleId ?? '',
    titleEn: rs.titleEn ?? '',
    effectiveFrom: toFormInstant(rs.effectiveFrom),
    effectiveTo: rs.effectiveTo ? toFormInstant(rs.effectiveTo) : null,
    rules: rs.rules,
    statusCheck: rs.statusCheck,
  };
}

export function RuleSetsPage() {
  const { t, i18n } = useTranslation();
  const canManage = usePermission('rules:manage');
  const regions = useRegions();
  const [params, update] = useUrlState();
  const selectedId = params.get('id');
  const status = params.get('status') ?? '';
  const list = useAsync((signal) => policiesApi.ruleSets({ status: status || undefined }, signal), [status]);
  const sectors = useAsync((signal) => policiesApi.sectors(signal), []);
  const selected = useAsync(
    (signal) => (selectedId && selectedId !== NEW ? policiesApi.ruleSet(selectedId, signal) : Promise.resolve(undefined)),
    [selectedId],
  );
  const [form, setForm] = useState<RuleSetInput>(formOf(undefined));
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setForm(formOf(selected.data));
    setError(null);
  }, [selected.data, selectedId]);

  const select = (id: string | null) => {
    setNotice(null);
    update({ id });
  };

  const current = selectedId === NEW ? undefined : selected.data;
  const readOnly = !canManage || (current !== undefined && current.status !== 'draft');
  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};

  async function run(action: () => Promise<RuleSet | void>, message: string, after?: (rs: RuleSet | void) => void) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const result = await action();
      setNotice(message);
      list.reload();
      if (after) after(result);
      else selected.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const payload = (): RuleSetInput => ({
    ...form,
    titleId: form.titleId || null,
    titleEn: form.titleEn || null,
    effectiveTo: form.effectiveTo || null,
  });

  const known = ['legalBasis', 'titleId', 'titleEn', 'statusCheck', 'scopeRegionCode', 'kind', 'effectiveFrom', 'effectiveTo', 'status', ...form.rules.flatMap((_, i) => [`rules.${i}`, `rules.${i}.capacityPercent`, `rules.${i}.window.from`, `rules.${i}.window.until`, `rules.${i}.maxVisitMinutes`, `rules.${i}.sector`, `rules.${i}.venueType`])];

  return (
    <Page
      title={t('policies.ruleSets.title')}
      intro={t('policies.ruleSets.intro')}
      testId="page-rule-sets"
      actions={
        canManage ? (
          <button type="button" className="btn btn--primary" onClick={() => select(NEW)} data-testid="rule-set-new">
            {t('policies.ruleSets.new')}
          </button>
        ) : undefined
      }
    >
      <FirstRunRulesBanner refresh={list.data} />
      {params.get('adopted') === '1' && selectedId && <Alert kind="success" testId="first-run-adopted">{t('policies.firstRun.adopted')}</Alert>}
      <div className="policy-layout">
        <section className="panel" aria-labelledby="rule-set-list-title">
          <h2 id="rule-set-list-title" className="panel-title">
            {t('policies.ruleSets.title')}
          </h2>
          <div className="filters">
            <StatusFilter
              id="rule-set-status"
              value={status}
              statuses={['draft', 'published', 'retired'] as const}
              labelOf={(s) => t(`policies.ruleSets.statuses.${s}`)}
              onChange={(value) => update({ status: value })}
            />
          </div>
          {list.error !== undefined && <Alert kind="error">{errorMessage(list.error, t)}</Alert>}
          {list.loading && !list.data && <Loading />}
          {list.data && list.data.length === 0 && <p className="muted">{t('policies.ruleSets.none')}</p>}
          <div className="table-wrap">
            <table className="table" data-testid="rule-set-list">
              <thead>
                <tr>
                  <th>{t('policies.ruleSets.legalBasis')}</th>
                  <th>{t('policies.ruleSets.effectiveFrom')}</th>
                  <th>{t('policies.ruleSets.version')}</th>
                  <th>{t('policies.ruleSets.status')}</th>
                </tr>
              </thead>
              <tbody>
                {(list.data ?? []).map((rs) => (
                  <tr key={rs.id} className={rs.id === selectedId ? 'is-selected is-clickable' : 'is-clickable'} onClick={() => select(rs.id)}>
                    <td>
                      <button type="button" className="link-button" onClick={() => select(rs.id)}>
                        {rs.legalBasis}
                      </button>
                      <div className="muted small">
                        {(i18n.language === 'en' ? rs.titleEn : rs.titleId) ?? ''} · {rs.scopeRegionName ?? rs.scopeRegionCode}
                      </div>
                    </td>
                    <td>
                      {formatDate(rs.effectiveFrom.slice(0, 10), i18n.language)} – {rs.effectiveTo ? formatDate(rs.effectiveTo.slice(0, 10), i18n.language) : t('policies.ruleSets.openEnded')}
                    </td>
                    <td>{rs.version}</td>
                    <td>
                      <span className={`status-pill status-pill--${rs.status}`}>{t(`policies.ruleSets.statuses.${rs.status}`)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="panel" aria-labelledby="rule-set-editor-title" data-testid="rule-set-editor">
          <h2 id="rule-set-editor-title" className="panel-title">
            {current ? `${current.legalBasis} · ${t('policies.ruleSets.version')} ${current.version}` : selectedId === NEW ? t('policies.ruleSets.new') : t('policies.ruleSets.title')}
          </h2>
          {!selectedId && <p className="muted">{t('policies.ruleSets.noSelection')}</p>}
          {selectedId && (selectedId === NEW || current) && (
            <form className="form form--compact" onSubmit={(e) => e.preventDefault()} noValidate>
              {notice && <Alert kind="success">{notice}</Alert>}
              {error !== null && <Alert kind="error">{formErrorMessage(error, known, t)}</Alert>}
              {current && current.status !== 'draft' && (
                <Alert kind="info">{t('policies.ruleSets.readOnly', { status: t(`policies.ruleSets.statuses.${current.status}`) })}</Alert>
              )}
              <fieldset className="fieldset" disabled={readOnly}>
                <TextField id="rs-legal-basis" testId="rs-legal-basis" label={t('policies.ruleSets.legalBasis')} value={form.legalBasis} onChange={(e) => setForm({ ...form, legalBasis: e.target.value })} error={fieldErrors['legalBasis']} />
                <TextField id="rs-title-id" label={t('policies.ruleSets.titleId')} value={form.titleId ?? ''} onChange={(e) => setForm({ ...form, titleId: e.target.value })} />
                <TextField id="rs-title-en" label={t('policies.ruleSets.titleEn')} value={form.titleEn ?? ''} onChange={(e) => setForm({ ...form, titleEn: e.target.value })} />
                <div className="form-row">
                  {readOnly ? (
                    // A version that can no longer change may be of a region above the reader's scope: its name, as text.
                    <TextField id="rs-scope" testId="rs-scope" label={t('policies.ruleSets.scope')} value={regionName(regions.index, form.scopeRegionCode)} readOnly />
                  ) : (
                    <RegionSelect id="rs-scope" testId="rs-scope" label={t('policies.ruleSets.scope')} value={form.scopeRegionCode} onChange={(code) => setForm({ ...form, scopeRegionCode: code })} error={fieldErrors['scopeRegionCode']} required />
                  )}
                  <SelectField id="rs-kind" label={t('policies.ruleSets.kind')} value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value === 'village_pkm' ? 'village_pkm' : 'city' })}>
                    <option value="city">{t('policies.rules.kinds.city')}</option>
                    <option value="village_pkm">{t('policies.rules.kinds.village_pkm')}</option>
                  </SelectField>
                </div>
                <div className="form-row">
                  <TextField id="rs-from" testId="rs-from" label={t('policies.ruleSets.effectiveFrom')} value={form.effectiveFrom} onChange={(e) => setForm({ ...form, effectiveFrom: e.target.value })} error={fieldErrors['effectiveFrom']} placeholder="YYYY-MM-DD" />
                  <TextField id="rs-to" label={t('policies.ruleSets.effectiveTo')} hint={t('policies.ruleSets.effectiveToHint')} value={form.effectiveTo ?? ''} onChange={(e) => setForm({ ...form, effectiveTo: e.target.value || null })} error={fieldErrors['effectiveTo']} placeholder="YYYY-MM-DD" />
                </div>
                <label className="check">
                  <input type="checkbox" checked={form.statusCheck === true} onChange={(e) => setForm({ ...form, statusCheck: e.target.checked })} data-testid="rs-status-check" />
                  <span>{t('policies.ruleSets.statusCheck')}</span>
                </label>
                <p className="muted">{t('policies.ruleSets.statusCheckHint')}</p>
              </fieldset>
              <h3>{t('policies.ruleSets.rules')}</h3>
              {readOnly && <RulesTable rules={form.rules} sectors={sectors.data} />}
              {!readOnly && form.rules.map((rule, i) => (
                <RuleEditor
                  key={i}
                  index={i}
                  rule={rule}
                  sectors={sectors.data ?? []}
                  readOnly={readOnly}
                  errors={fieldErrors}
                  onChange={(next) => setForm({ ...form, rules: form.rules.map((r, j) => (j === i ? next : r)) })}
                  onRemove={() => setForm({ ...form, rules: form.rules.filter((_, j) => j !== i) })}
                />
              ))}
              {!readOnly && (
                <button
                  type="button"
                  className="btn btn--small"
                  data-testid="rule-add"
                  onClick={() => setForm({ ...form, rules: [...form.rules, { sector: 'trade', zoneColours: 'all', window: { from: '00:00', until: '21:00' }, capacityPercent: 100, dineIn: null, maxVisitMinutes: null, capacityMode: 'warn' }] })}
                >
                  {t('policies.ruleSets.addRule')}
                </button>
              )}
              {canManage && (
                <div className="form-actions">
                  {selectedId === NEW && (
                    <button type="button" className="btn btn--primary" disabled={busy} data-testid="rs-save" onClick={() => void run(() => policiesApi.createRuleSet(payload()), t('policies.ruleSets.saved'), (rs) => rs && select(rs.id))}>
                      {t('policies.ruleSets.save')}
                    </button>
                  )}
                  {current?.status === 'draft' && (
                    <>
                      <button type="button" className="btn" disabled={busy} data-testid="rs-save" onClick={() => void run(() => policiesApi.updateRuleSet(current.id, payload()), t('policies.ruleSets.saved'))}>
                        {t('policies.ruleSets.save')}
                      </button>
                      <ConfirmButton
                        className="btn btn--primary"
                        disabled={busy}
                        testId="rs-publish"
                        question={t('policies.ruleSets.publishQuestion', { region: regionName(regions.index, current.scopeRegionCode), from: formatDateTime(current.effectiveFrom, i18n.language) })}
                        onConfirm={() => void run(() => policiesApi.ruleSetAction(current.id, 'publish'), t('policies.ruleSets.published'))}
                      >
                        {t('policies.ruleSets.publish')}
                      </ConfirmButton>
                      <button type="button" className="btn btn--danger-ghost" disabled={busy} onClick={() => void run(() => policiesApi.deleteRuleSet(current.id), t('policies.ruleSets.deleted'), () => select(null))}>
                        {t('policies.ruleSets.delete')}
                      </button>
                    </>
                  )}
                  {current && current.status !== 'draft' && !current.pkmApplicationId && (
                    <button type="button" className="btn btn--primary" disabled={busy} data-testid="rs-copy" onClick={() => void run(() => policiesApi.ruleSetAction(current.id, 'copy'), t('policies.ruleSets.copied'), (rs) => rs && select(rs.id))}>
                      {t('policies.ruleSets.copy')}
                    </button>
                  )}
                  {current?.status === 'published' && !current.pkmApplicationId && (
                    <ConfirmButton
                      className="btn btn--danger-ghost"
                      disabled={busy}
                      testId="rs-retire"
                      question={t('policies.ruleSets.retireQuestion', { legalBasis: current.legalBasis, region: regionName(regions.index, current.scopeRegionCode) })}
                      onConfirm={() => void run(() => policiesApi.ruleSetAction(current.id, 'retire'), t('policies.ruleSets.retired'))}
                    >
                      {t('policies.ruleSets.retire')}
                    </ConfirmButton>
                  )}
                </div>
              )}
            </form>
          )}
        </section>
      </div>
    </Page>
  );
}
