/**
 * What a venue's manager is told when the rules in force for the venue change (issue #18), as a pure core.
 *
 * The rules in force resolve to a summary of what the venue must do — closed or not, the permitted hours of the day,
 * capacity, dining in, the longest visit, the status check at the door — and the summary to a digest. The zone colour
 * is kept beside it (named in the message) but is not part of the digest: a colour that changes nothing the venue must
 * do is not worth a message, and a colour that does change something is told through what it changed.
 * The instant of the day (open now, closes at) is not part of it either: the summary is the same all day.
 */
import { createHash } from 'node:crypto';
import type { Localized } from '../../shared/language.js';
import { localized, type TextKey } from '../../shared/texts.js';
import type { RulesInForce } from '../policies/index.js';

export interface RulesSummary {
  restricted: boolean;
  closed: boolean;
  /** The permitted arcs of the day, "HH:MM–HH:MM"; empty = no time limit. */
  hours: string[];
  capacityPercent: number;
  capacityMode: string;
  dineIn: boolean | null;
  maxVisitMinutes: number | null;
  statusCheck: boolean;
  zoneColour: string | null;
}

export function summarizeRules(r: RulesInForce): RulesSummary {
  return {
    restricted: r.restricted,
    closed: r.closed,
    hours: r.closed ? [] : r.windows.map((w) => `${w.from}–${w.until}`),
    capacityPercent: r.capacityPercent,
    capacityMode: r.capacityMode,
    dineIn: r.dineIn,
    maxVisitMinutes: r.maxVisitMinutes,
    statusCheck: r.statusCheck,
    zoneColour: r.zoneColour,
  };
}

/** The digest of what the venue must do (everything but the zone colour), stable across processes and versions of Node. */
export function rulesDigest(s: RulesSummary): string {
  const { restricted, closed, hours, capacityPercent, capacityMode, dineIn, maxVisitMinutes, statusCheck } = s;
  const canonical = JSON.stringify([restricted, closed, hours, capacityPercent, capacityMode, dineIn, maxVisitMinutes, statusCheck]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

function joinLocalized(parts: Localized[]): Localized {
  return { id: parts.map((p) => p.id).join(', '), en: parts.map((p) => p.en).join(', ') };
}

const key = (name: string) => `notifications.staff.ruleChanges.${name}` as TextKey;

/**
 * What changed from `before` to `after`, in words in both languages ("zona merah, buka 08:00–20:00, kapasitas 50%"):
 * only the items that differ, the zone colour first when it differs too. Null when nothing the venue must do differs.
 */
export function describeRuleChanges(before: RulesSummary, after: RulesSummary): Localized | null {
  if (rulesDigest(before) === rulesDigest(after)) return null;
  const parts: Localized[] = [];
  if (after.zoneColour !== null && after.zoneColour !== before.zoneColour) {
    parts.push(localized(key('zone'), { colour: localized(`rules.zoneColours.${after.zoneColour}` as TextKey) }));
  }
  if (!after.restricted) {
    parts.push(localized(key('unrestricted')));
    return joinLocalized(parts);
  }
  if (after.closed) {
    parts.push(localized(key('closed')));
    return joinLocalized(parts);
  }
  const sameHours = after.hours.join() === before.hours.join();
  if (!sameHours || before.closed) parts.push(after.hours.length === 0 ? localized(key('anyHours')) : localized(key('hours'), { hours: after.hours.join(', ') }));
  if (after.capacityPercent !== before.capacityPercent || after.capacityMode !== before.capacityMode) {
    parts.push(localized(key(after.capacityMode === 'warn' ? 'capacityWarn' : 'capacity'), { percent: after.capacityPercent }));
  }
  if (after.dineIn !== before.dineIn && after.dineIn !== null) parts.push(localized(key(after.dineIn ? 'dineInYes' : 'dineInNo')));
  if (after.maxVisitMinutes !== before.maxVisitMinutes) {
    parts.push(after.maxVisitMinutes === null ? localized(key('anyVisit')) : localized(key('maxVisit'), { minutes: after.maxVisitMinutes }));
  }
  if (after.statusCheck !== before.statusCheck) parts.push(localized(key(after.statusCheck ? 'statusCheck' : 'noStatusCheck')));
  // Only a change in what was already unrestricted (restricted now, with nothing else differing): say the capacity.
  if (parts.length === 0 || (parts.length === 1 && after.zoneColour !== before.zoneColour && after.zoneColour !== null)) {
    parts.push(localized(key('capacity'), { percent: after.capacityPercent }));
  }
  return joinLocalized(parts);
}
