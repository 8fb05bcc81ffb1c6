import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../components/Field';
import type { Rule, SectorInfo, ZoneColour } from './types';
import { ZONE_COLOURS } from './types';
import { zoneLabel } from './labels';

interface RuleEditorProps {
  index: number;
  rule: Rule;
  sectors: readonly SectorInfo[];
  readOnly: boolean;
  /** Server field errors keyed "rules.0.capacityPercent" … */
  errors: Readonly<Record<string, string>>;
  onChange: (rule: Rule) => void;
  onRemove: () => void;
}

/** One rule of a rule set: its target, zones, window, capacity, dine-in, visit length and measures. */
export function RuleEditor({ index, rule, sectors, readOnly, errors, onChange, onRemove }: RuleEditorProps) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const id = (name: string) => `rule-${index}-${name}`;
  const err = (name: string) => errors[`rules.${index}.${name}`] ?? (name === 'target' ? errors[`rules.${index}`] : undefined);
  const target = rule.venueType ? `type:${rule.venueType}` : `sector:${rule.sector ?? ''}`;
  const setTarget = (value: string) => {
    const [kind, code] = value.split(':');
    const { sector: _s, venueType: _v, ...rest } = rule;
    onChange(kind === 'type' ? { ...rest, venueType: code } : { ...rest, sector: code });
  };
  const colours = rule.zoneColours === 'all' ? [] : rule.zoneColours;
  const toggleColour = (c: ZoneColour) => {
    const next = colours.includes(c) ? colours.filter((x) => x !== c) : [...colours, c];
    onChange({ ...rule, zoneColours: next.length === 0 ? 'all' : ZONE_COLOURS.filter((x) => next.includes(x)) });
  };
  const number = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

  return (
    <fieldset className="rule-row" disabled={readOnly} data-testid={`rule-${index}`}>
      <SelectField id={id('target')} label={t('policies.ruleSets.target')} value={target} onChange={(e) => setTarget(e.target.value)} error={err('target') ?? err('sector') ?? err('venueType')} fieldClassName="field--wide">
        {sectors.map((s) => (
          <optgroup key={s.code} label={`${s.ordinal}. ${en ? s.labelEn : s.labelId}`}>
            <option value={`sector:${s.code}`}>{en ? s.labelEn : s.labelId}</option>
            {s.venueTypes.map((v) => (
              <option key={v.code} value={`type:${v.code}`}>
                — {en ? v.labelEn : v.labelId}
              </option>
            ))}
          </optgroup>
        ))}
      </SelectField>
      <div className="field field--wide">
        <span>{t('policies.ruleSets.zoneColours')}</span>
        <div className="chips">
          <label className="check">
            <input type="checkbox" checked={rule.zoneColours === 'all'} onChange={() => onChange({ ...rule, zoneColours: 'all' })} />
            {t('policies.ruleSets.allZones')}
          </label>
          {ZONE_COLOURS.map((c) => (
            <label key={c} className="check">
              <input type="checkbox" checked={colours.includes(c)} onChange={() => toggleColour(c)} />
              {zoneLabel(c, t)}
            </label>
          ))}
        </div>
      </div>
      <label className="check">
        <input type="checkbox" checked={rule.window === null} onChange={(e) => onChange({ ...rule, window: e.target.checked ? null : { from: '00:00', until: '21:00' } })} />
        {t('policies.ruleSets.noWindow')}
      </label>
      {rule.window && (
        <>
          <TextField id={id('from')} label={t('policies.ruleSets.from')} value={rule.window.from} onChange={(e) => onChange({ ...rule, window: { ...rule.window!, from: e.target.value } })} error={err('window.from')} placeholder="00:00" />
          <TextField id={id('until')} testId={id('until')} label={t('policies.ruleSets.until')} value={rule.window.until} onChange={(e) => onChange({ ...rule, window: { ...rule.window!, until: e.target.value } })} error={err('window.until')} placeholder="21:00" />
          <label className="check">
            <input
              type="checkbox"
              checked={rule.window.crossesMidnight === true}
              onChange={(e) => {
                const { crossesMidnight: _c, ...w } = rule.window!;
                onChange({ ...rule, window: e.target.checked ? { ...w, crossesMidnight: true } : w });
              }}
            />
            {t('policies.ruleSets.crossesMidnight')}
          </label>
        </>
      )}
      <label className="check">
        <input type="checkbox" checked={rule.closed === true} onChange={(e) => onChange({ ...rule, closed: e.target.checked, window: e.target.checked ? null : rule.window })} />
        {t('policies.ruleSets.closed')}
      </label>
      <TextField id={id('capacity')} testId={id('capacity')} type="number" label={t('policies.ruleSets.capacity')} value={Number.isFinite(rule.capacityPercent) ? String(rule.capacityPercent) : ''} onChange={(e) => onChange({ ...rule, capacityPercent: number(e.target.value) })} error={err('capacityPercent')} />
      <SelectField id={id('dinein')} label={t('policies.ruleSets.dineIn')} value={rule.dineIn === null ? '' : String(rule.dineIn)} onChange={(e) => onChange({ ...rule, dineIn: e.target.value === '' ? null : e.target.value === 'true' })}>
        <option value="">{t('policies.rules.dineInUnspecified')}</option>
        <option value="true">{t('policies.rules.dineInAllowed')}</option>
        <option value="false">{t('policies.rules.dineInNotAllowed')}</option>
      </SelectField>
      <TextField id={id('maxvisit')} type="number" label={t('policies.ruleSets.maxVisit')} value={rule.maxVisitMinutes === null ? '' : String(rule.maxVisitMinutes)} onChange={(e) => onChange({ ...rule, maxVisitMinutes: e.target.value === '' ? null : number(e.target.value) })} error={err('maxVisitMinutes')} />
      <SelectField id={id('mode')} label={t('policies.ruleSets.capacityMode')} value={rule.capacityMode} onChange={(e) => onChange({ ...rule, capacityMode: e.target.value })}>
        <option value="enforce">{t('policies.ruleSets.capacityModes.enforce')}</option>
        <option value="warn">{t('policies.ruleSets.capacityModes.warn')}</option>
      </SelectField>
      <TextField id={id('mid')} label={t('policies.ruleSets.measuresId')} value={rule.measuresId ?? ''} onChange={(e) => onChange({ ...rule, measuresId: e.target.value })} fieldClassName="field--wide" />
      <TextField id={id('men')} label={t('policies.ruleSets.measuresEn')} value={rule.measuresEn ?? ''} onChange={(e) => onChange({ ...rule, measuresEn: e.target.value })} fieldClassName="field--wide" />
      {!readOnly && (
        <button type="button" className="btn btn--danger-ghost btn--small" onClick={onRemove}>
          {t('policies.ruleSets.removeRule')}
        </button>
      )}
    </fieldset>
  );
}
