/**
 * Which restrictions are in force for a venue at an instant.
 *
 * 1. Rule sets whose scope is in the venue's region ancestry and whose [effectiveFrom, effectiveTo) contains the
 *    instant are candidates. Within one series (scope + kind) the newest effectiveFrom wins: versions replace each
 *    other. Series of different scopes or kinds (city rules, a kecamatan rule, a village PKM) stack.
 * 2. In each chosen rule set one rule applies: venue type + zone colour, else venue type for all zones, else sector +
 *    zone colour, else sector for all zones. With the zone colour unknown, every colour's rule is taken (strictest).
 * 3. The applicable rules combine, strictest wins: windows intersect (midnight-crossing windows included), capacity
 *    is the minimum, dine-in is false if any says false, the shortest maximum visit wins, any closure closes,
 *    and 'enforce' beats 'warn'. The venue's own hours intersect last.
 *
 * createRuleResolver() does the parsing and grouping once per set of rule sets, so resolve() only walks a few maps;
 * it is on the check-in path.
 */
import {
  arcContains,
  describeSchedule,
  FULL_DAY,
  intersectSchedulesMemoised,
  isFullDay,
  minutesUntil,
  parseTimeOfDay,
  scheduleContains,
  scheduleFromMinutes,
  scheduleFromVenueHours,
  formatTimeOfDay,
  type Arc,
  type DaySchedule,
  type LocalWindow,
  type TimeWindow,
} from '../../shared/daily-window.js';
import type { Localized } from '../../shared/language.js';
import { timeZoneAbbreviation, zoneOffsetMs } from '../../shared/local-time.js';
import { text, type TextKey, type TextParams } from '../../shared/texts.js';
import { validateRuleSet, type CapacityMode, type Rule, type RuleSet, type RuleSetKind } from './rule-set.js';
import type { SectorCode, VenueTypeCode } from '../../../common/reference/sectors.js';
import type { ValidationProblem } from './validation.js';
import { ZONE_COLOUR_LABELS, ZONE_COLOURS, type ZoneColour } from './zone-colour.js';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

export interface ResolveInput {
  /** The venue's desa/kelurahan code and its ancestors, in any order, e.g. ['51.71.01.1001', '51.71.01', '51.71']. */
  regionAncestry: readonly string[];
  sector: SectorCode;
  venueType?: VenueTypeCode | null;
  /** Today's colour of the venue's desa/kelurahan; null when unknown (then the strictest colour rule applies). */
  zoneColour: ZoneColour | null;
  /** UTC epoch ms. */
  at: number;
  /** IANA zone of the region, e.g. Asia/Makassar. */
  timeZone: string;
  /** The venue's own opening hours; until < from crosses midnight, until === from is round the clock. */
  venueHours?: TimeWindow | null;
}

export interface RuleSource {
  ruleSetId: string;
  legalBasis: string;
  kind: RuleSetKind;
  scopeRegionCode: string;
  version: number;
}

export interface RuleMeasure {
  ruleSetId: string;
  measuresId?: string;
  measuresEn?: string;
}

export const REASON_CODES = [
  'no_rule_in_force',
  'closed_by_rule',
  'no_capacity',
  'no_common_window',
  'outside_rule_window',
  'outside_venue_hours',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface RulesInForce {
  /** Whether any rule applies to this venue; false = unrestricted (own hours, 100 %). */
  restricted: boolean;
  /** Whether the venue may serve visitors at the instant. */
  open: boolean;
  /** The permitted window (rules ∩ venue hours) containing the instant, else the next one; null = no time limit or closed. */
  window: LocalWindow | null;
  /** Every permitted arc of the day (more than one only when crossing windows intersect into pieces). Shared, frozen. */
  windows: readonly LocalWindow[];
  capacityPercent: number;
  capacityMode: CapacityMode;
  dineIn: boolean | null;
  maxVisitMinutes: number | null;
  /** Closed outright by a rule (not merely outside the window). */
  closed: boolean;
  /** A rule set in force for the venue's region asks the door to check each visitor's status colour (issue #16). */
  statusCheck: boolean;
  zoneColour: ZoneColour | null;
  /** Local wall-clock time of the instant, HH:MM. */
  localTime: string;
  /** When open inside a limited window: the local closing time and its instant. */
  closesAtLocal?: string;
  closesAt?: number;
  /** When closed only by the time of day: the next local opening time. */
  opensAtLocal?: string;
  /** The rule sets that contributed, broadest scope first. */
  sources: RuleSource[];
  measures: RuleMeasure[];
  reasonCode?: ReasonCode;
  reasonId?: string;
  reasonEn?: string;
}

export interface RuleResolver {
  resolve(input: ResolveInput): RulesInForce;
  /** The rule sets in force for a region at an instant, one per series, broadest scope first. */
  ruleSetsInForce(regionAncestry: readonly string[], at: number): RuleSet[];
  /** Published rule sets that failed validation and were left out (only with onInvalid: 'skip'). */
  readonly rejected: readonly { ruleSetId: string; problems: ValidationProblem[] }[];
  readonly publishedCount: number;
}

export interface RuleResolverOptions {
  /** 'throw' (default): a published rule set that fails validation is a bug; 'skip': leave it out and report it. */
  onInvalid?: 'throw' | 'skip';
}

export class InvalidRuleSetError extends Error {
  constructor(
    readonly ruleSetId: string,
    readonly problems: ValidationProblem[],
  ) {
    super(`rule set ${ruleSetId} is invalid: ${problems.map((p) => `${p.field} ${p.code}`).join(', ')}`);
  }
}

interface CompiledRule {
  ruleSet: CompiledRuleSet;
  schedule: DaySchedule | null;
  closed: boolean;
  capacityPercent: number;
  dineIn: boolean | null;
  maxVisitMinutes: number | null;
  capacityMode: CapacityMode;
  /** Whether its rule set gives this target different rules for different colours (so the zone is worth naming). */
  zoneDependent: boolean;
  measuresId: string | undefined;
  measuresEn: string | undefined;
}

/** Per target (a sector or a venue type): the rule each zone colour gets, colour-specific before 'all'. */
type RulesByColour = Record<ZoneColour, CompiledRule | undefined>;

interface CompiledRuleSet {
  ruleSet: RuleSet;
  source: RuleSource;
  effectiveFrom: number;
  /** Infinity when open-ended. */
  effectiveTo: number;
  bySector: Map<string, RulesByColour>;
  byVenueType: Map<string, RulesByColour>;
}

/** Versions of one series, newest effectiveFrom first. */
type Series = CompiledRuleSet[];

function compileWindow(rule: Rule): DaySchedule | null {
  if (rule.window === null) return null;
  // Validated already: both parse, and until < from only when crossing midnight.
  const from = parseTimeOfDay(rule.window.from) as number;
  const until = parseTimeOfDay(rule.window.until, true) as number;
  return scheduleFromMinutes(from, until);
}

function compileRuleSet(ruleSet: RuleSet): CompiledRuleSet {
  const compiled: CompiledRuleSet = {
    ruleSet,
    source: {
      ruleSetId: ruleSet.id,
      legalBasis: ruleSet.legalBasis,
      kind: ruleSet.kind,
      scopeRegionCode: ruleSet.scopeRegionCode,
      version: ruleSet.version,
    },
    effectiveFrom: ruleSet.effectiveFrom,
    effectiveTo: ruleSet.effectiveTo ?? Number.POSITIVE_INFINITY,
    bySector: new Map(),
    byVenueType: new Map(),
  };
  // 'all' rules first, so colour-specific rules overwrite their colours.
  const ordered = [...ruleSet.rules].sort(
    (a, b) => (a.zoneColours === 'all' ? 0 : 1) - (b.zoneColours === 'all' ? 0 : 1),
  );
  for (const rule of ordered) {
    const target =
      rule.venueType !== undefined
        ? getOrCreate(compiled.byVenueType, rule.venueType)
        : getOrCreate(compiled.bySector, rule.sector as string);
    const compiledRule: CompiledRule = {
      ruleSet: compiled,
      schedule: compileWindow(rule),
      closed: rule.closed === true,
      capacityPercent: rule.capacityPercent,
      dineIn: rule.dineIn,
      maxVisitMinutes: rule.maxVisitMinutes,
      capacityMode: rule.capacityMode,
      zoneDependent: false,
      measuresId: rule.measuresId,
      measuresEn: rule.measuresEn,
    };
    const colours = rule.zoneColours === 'all' ? ZONE_COLOURS : rule.zoneColours;
    for (const colour of colours) target[colour] = compiledRule;
  }
  for (const target of [...compiled.bySector.values(), ...compiled.byVenueType.values()]) {
    const first = target[ZONE_COLOURS[0]];
    if (ZONE_COLOURS.every((colour) => target[colour] === first)) continue;
    for (const colour of ZONE_COLOURS) {
      const colourRule = target[colour];
      if (colourRule) colourRule.zoneDependent = true;
    }
  }
  return compiled;
}

function getOrCreate(map: Map<string, RulesByColour>, key: string): RulesByColour {
  let entry = map.get(key);
  if (!entry) {
    entry = { green: undefined, yellow: undefined, orange: undefined, red: undefined };
    map.set(key, entry);
  }
  return entry;
}

function versionInForce(series: Series, at: number): CompiledRuleSet | undefined {
  for (const version of series) {
    if (version.effectiveFrom <= at && at < version.effectiveTo) return version;
  }
  return undefined;
}

function ruleFor(
  ruleSet: CompiledRuleSet,
  sector: string,
  venueType: string | null | undefined,
  colour: ZoneColour,
): CompiledRule | undefined {
  const typeRule = venueType ? ruleSet.byVenueType.get(venueType)?.[colour] : undefined;
  return typeRule ?? ruleSet.bySector.get(sector)?.[colour];
}

/** Preprocesses published rule sets once; resolve() then costs a few map lookups. */
export function createRuleResolver(ruleSets: readonly RuleSet[], options: RuleResolverOptions = {}): RuleResolver {
  const rejected: { ruleSetId: string; problems: ValidationProblem[] }[] = [];
  const seriesByScope = new Map<string, Map<RuleSetKind, Series>>();
  let publishedCount = 0;

  for (const ruleSet of ruleSets) {
    if (ruleSet.status !== 'published') continue;
    const problems = validateRuleSet(ruleSet);
    if (problems.length > 0) {
      if (options.onInvalid === 'skip') {
        rejected.push({ ruleSetId: ruleSet.id, problems });
        continue;
      }
      throw new InvalidRuleSetError(ruleSet.id, problems);
    }
    publishedCount++;
    let byKind = seriesByScope.get(ruleSet.scopeRegionCode);
    if (!byKind) {
      byKind = new Map();
      seriesByScope.set(ruleSet.scopeRegionCode, byKind);
    }
    let series = byKind.get(ruleSet.kind);
    if (!series) {
      series = [];
      byKind.set(ruleSet.kind, series);
    }
    series.push(compileRuleSet(ruleSet));
  }
  // Newest first; ties (overlaps the validator rejects) fall back to version, then id, to stay deterministic.
  const scopes: [string, Series[]][] = [];
  for (const [scope, byKind] of seriesByScope) {
    const seriesList: Series[] = [];
    for (const kind of ['city', 'village_pkm'] as const) {
      const series = byKind.get(kind);
      if (!series) continue;
      series.sort(
        (a, b) =>
          b.effectiveFrom - a.effectiveFrom ||
          b.ruleSet.version - a.ruleSet.version ||
          (a.ruleSet.id < b.ruleSet.id ? -1 : a.ruleSet.id > b.ruleSet.id ? 1 : 0),
      );
      seriesList.push(series);
    }
    scopes.push([scope, seriesList]);
  }
  const index = new Map<string, Series[]>(scopes);

  /** In-force versions for the ancestry, broadest scope (shortest code) first. */
  function inForce(regionAncestry: readonly string[], at: number): CompiledRuleSet[] {
    const found: CompiledRuleSet[] = [];
    for (const code of regionAncestry) {
      const seriesList = index.get(code);
      if (!seriesList) continue;
      for (const series of seriesList) {
        const version = versionInForce(series, at);
        if (version) found.push(version);
      }
    }
    if (found.length > 1) {
      found.sort((a, b) => a.source.scopeRegionCode.length - b.source.scopeRegionCode.length);
    }
    return found;
  }

  return {
    resolve: (input) => resolveWith(inForce(input.regionAncestry, input.at), input),
    ruleSetsInForce: (regionAncestry, at) => inForce(regionAncestry, at).map((compiled) => compiled.ruleSet),
    rejected,
    publishedCount,
  };
}

function resolveWith(candidates: readonly CompiledRuleSet[], input: ResolveInput): RulesInForce {
  const { at, timeZone, zoneColour } = input;
  const offset = zoneOffsetMs(at, timeZone);
  const localMs = at + offset;
  const msIntoDay = ((localMs % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
  const minuteOfDay = Math.floor(msIntoDay / MS_PER_MINUTE);
  const msIntoMinute = msIntoDay - minuteOfDay * MS_PER_MINUTE;

  const applicable: CompiledRule[] = [];
  for (const ruleSet of candidates) {
    if (zoneColour !== null) {
      const rule = ruleFor(ruleSet, input.sector, input.venueType, zoneColour);
      if (rule) applicable.push(rule);
    } else {
      // Unknown colour: every colour's rule could be the one, so all of them take part (strictest wins).
      for (const colour of ZONE_COLOURS) {
        const rule = ruleFor(ruleSet, input.sector, input.venueType, colour);
        if (rule && !applicable.includes(rule)) applicable.push(rule);
      }
    }
  }

  let ruleSchedule: DaySchedule | null = null;
  let capacityPercent = 100;
  let capacityRule: CompiledRule | undefined;
  let capacityMode: CapacityMode = 'warn';
  let dineIn: boolean | null = null;
  let maxVisitMinutes: number | null = null;
  let closingRule: CompiledRule | undefined;
  let windowIsZoneDependent = false;
  const sources: RuleSource[] = [];
  const measures: RuleMeasure[] = [];

  for (const rule of applicable) {
    if (rule.schedule !== null) {
      ruleSchedule = ruleSchedule === null ? rule.schedule : intersectSchedulesMemoised(ruleSchedule, rule.schedule);
      if (rule.zoneDependent) windowIsZoneDependent = true;
    }
    if (rule.capacityPercent < capacityPercent) {
      capacityPercent = rule.capacityPercent;
      capacityRule = rule;
    }
    if (rule.capacityMode === 'enforce') capacityMode = 'enforce';
    if (rule.dineIn === false) dineIn = false;
    else if (rule.dineIn === true && dineIn === null) dineIn = true;
    if (rule.maxVisitMinutes !== null && (maxVisitMinutes === null || rule.maxVisitMinutes < maxVisitMinutes)) {
      maxVisitMinutes = rule.maxVisitMinutes;
    }
    if (rule.closed && !closingRule) closingRule = rule;
    const source = rule.ruleSet.source;
    if (!sources.includes(source)) sources.push(source);
    if (rule.measuresId !== undefined || rule.measuresEn !== undefined) {
      const measure: RuleMeasure = { ruleSetId: source.ruleSetId };
      if (rule.measuresId !== undefined) measure.measuresId = rule.measuresId;
      if (rule.measuresEn !== undefined) measure.measuresEn = rule.measuresEn;
      measures.push(measure);
    }
  }

  const venueSchedule = input.venueHours ? scheduleFromVenueHours(input.venueHours) : null;
  const effective =
    ruleSchedule !== null && venueSchedule !== null
      ? intersectSchedulesMemoised(ruleSchedule, venueSchedule)
      : (ruleSchedule ?? venueSchedule);

  const result: RulesInForce = {
    restricted: applicable.length > 0,
    open: false,
    window: null,
    windows: [],
    capacityPercent,
    capacityMode,
    dineIn,
    maxVisitMinutes,
    closed: closingRule !== undefined,
    statusCheck: candidates.some((c) => c.ruleSet.statusCheck === true),
    zoneColour,
    localTime: formatTimeOfDay(minuteOfDay),
    sources,
    measures,
  };

  const abbreviation = timeZoneAbbreviation(timeZone);
  const zonePhrase = (zoneDependent: boolean): Localized | '' =>
    zoneDependent && zoneColour !== null
      ? { id: text('id', 'rules.reasons.whileZone', { colour: ZONE_COLOUR_LABELS[zoneColour].labelId }), en: text('en', 'rules.reasons.whileZone', { colour: ZONE_COLOUR_LABELS[zoneColour].labelEn }) }
      : '';

  if (closingRule) {
    const zone = zonePhrase(closingRule.zoneDependent);
    return withReason(
      result,
      'closed_by_rule',
      'rules.reasons.closedByRule',
      { basis: closingRule.ruleSet.source.legalBasis, zone },
    );
  }
  if (capacityPercent <= 0 && capacityRule) {
    const basis = capacityRule.ruleSet.source.legalBasis;
    return withReason(result, 'no_capacity', 'rules.reasons.noCapacity', { basis });
  }
  if (ruleSchedule !== null && ruleSchedule.length === 0) {
    return withReason(
      result,
      'no_common_window',
      'rules.reasons.noCommonRuleWindow',
    );
  }
  if (effective !== null && effective.length === 0) {
    return withReason(
      result,
      'no_common_window',
      'rules.reasons.venueHoursOutsideWindow',
    );
  }

  const described = effective === null ? undefined : describeSchedule(effective);
  const arcs = described?.arcs ?? [];
  if (described) result.windows = described.windows;
  const currentArc = arcs.find((arc) => arcContains(arc, minuteOfDay));
  const nextArc = currentArc ?? nextArcToOpen(arcs, minuteOfDay);
  result.window = nextArc && described ? (described.windows[arcs.indexOf(nextArc)] ?? null) : null;

  if (ruleSchedule !== null && !scheduleContains(ruleSchedule, minuteOfDay)) {
    const ruleArcs = describeSchedule(ruleSchedule).arcs;
    const lastClosed = lastArcToClose(ruleArcs, minuteOfDay) as Arc;
    const zone = zonePhrase(windowIsZoneDependent);
    const closeText = formatTimeOfDay(lastClosed.until);
    // When it reopens is not part of the reason: the rule's window and the venue's hours decide it together, and one
    // function says it on every screen (common/opening-status.ts, from `windows` and `opensAtLocal`).
    if (nextArc) result.opensAtLocal = formatTimeOfDay(nextArc.from);
    return withReason(result, 'outside_rule_window', 'rules.reasons.outsideRuleWindow', { closes: closeText, tz: abbreviation, zone });
  }
  if (venueSchedule !== null && !scheduleContains(venueSchedule, minuteOfDay)) {
    const hours = input.venueHours as TimeWindow;
    if (nextArc) result.opensAtLocal = formatTimeOfDay(nextArc.from);
    return withReason(
      result,
      'outside_venue_hours',
      'rules.reasons.outsideVenueHours',
      { from: hours.from, until: hours.until, tz: abbreviation },
    );
  }

  result.open = true;
  if (currentArc && !isFullDay(effective ?? FULL_DAY)) {
    result.closesAtLocal = formatTimeOfDay(currentArc.until);
    result.closesAt = closingInstant(at, offset, minuteOfDay, msIntoMinute, currentArc.until, timeZone);
  }
  if (!result.restricted) {
    return withReason(result, 'no_rule_in_force', 'rules.reasons.noRuleInForce');
  }
  return result;
}

/** The reason in both languages, from the catalogue's `rules.reasons`. */
function withReason(result: RulesInForce, code: ReasonCode, key: TextKey, params: TextParams = {}): RulesInForce {
  result.reasonCode = code;
  result.reasonId = text('id', key, params);
  result.reasonEn = text('en', key, params);
  return result;
}

function nextArcToOpen(arcs: readonly Arc[], minuteOfDay: number): Arc | undefined {
  let best: Arc | undefined;
  let bestWait = Number.POSITIVE_INFINITY;
  for (const arc of arcs) {
    const wait = minutesUntil(minuteOfDay, arc.from);
    if (wait < bestWait) {
      best = arc;
      bestWait = wait;
    }
  }
  return best;
}

function lastArcToClose(arcs: readonly Arc[], minuteOfDay: number): Arc | undefined {
  let best: Arc | undefined;
  let bestAgo = Number.POSITIVE_INFINITY;
  for (const arc of arcs) {
    const ago = minutesUntil(arc.until, minuteOfDay);
    if (ago < bestAgo) {
      best = arc;
      bestAgo = ago;
    }
  }
  return best;
}

/**
 * The instant the local clock reaches `until`. Computed with the current offset, then corrected by the offset
 * change if one happens before closing (never in Asia/Makassar, but zones are not assumed fixed).
 */
function closingInstant(
  at: number,
  offset: number,
  minuteOfDay: number,
  msIntoMinute: number,
  until: number,
  timeZone: string,
): number {
  const minutesLeft = minutesUntil(minuteOfDay, until) || 1440;
  const candidate = at - msIntoMinute + minutesLeft * MS_PER_MINUTE;
  const offsetThen = zoneOffsetMs(candidate, timeZone);
  return offsetThen === offset ? candidate : candidate - (offsetThen - offset);
}

const resolverCache = new WeakMap<readonly RuleSet[], RuleResolver>();

/**
 * One-shot form of createRuleResolver(ruleSets).resolve(input). The compiled index is cached per ruleSets array
 * (by identity), so callers that keep the same array between changes pay the preprocessing once.
 */
export function resolveRulesInForce(input: ResolveInput & { ruleSets: readonly RuleSet[] }): RulesInForce {
  let resolver = resolverCache.get(input.ruleSets);
  if (!resolver) {
    resolver = createRuleResolver(input.ruleSets);
    resolverCache.set(input.ruleSets, resolver);
  }
  return resolver.resolve(input);
}
