import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, problems, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { systemContext, type RequestContext } from '../../shared/request-context.js';
import type { Principal } from '../accounts/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { regionAncestry } from '../regions/region-codes.js';
import type { RegionsService } from '../regions/regions.service.js';
import { isVillage } from '../regions/regions.types.js';
import { renderApprovalLetterPdf } from './approval-letter.js';
import type { TimeWindow } from './daily-window.js';
import { addDaysToDate, localDateTimeToEpochMs, timeZoneAbbreviation, zoneOffsetMs } from './local-time.js';
import {
  allowedActions,
  checkAction,
  isPkmStatus,
  permissionsForAction,
  PKM_EVALUATION_PERIOD_DAYS,
  type ApplicationParties,
  type PkmAction,
  type PkmStatus,
} from './pkm-workflow.js';
import {
  presentApplication,
  presentHistory,
  presentRuleSet,
  presentThresholds,
  type ApplicationView,
  type RuleSetView,
  type ZoneOfDay,
} from './policies.presenter.js';
import {
  bumpPolicyRevision,
  countLetters,
  countRuleSets,
  deleteRuleSet,
  findApplication,
  findLetter,
  findLetterByNumber,
  findRuleSet,
  insertApplication,
  insertEvaluation,
  insertLetter,
  insertRuleSet,
  insertThresholdVersion,
  insertTransition,
  latestCountsOnOrBefore,
  latestZoneHistoryDate,
  listApplications,
  listEvaluations,
  listLifecycleDue,
  listPublishedInSeries,
  listPublishedRuleSets,
  listRuleSets,
  listThresholdVersions,
  listTransitions,
  listZoneHistory,
  maxVersionInSeries,
  nextCountDate,
  nextTransitionSeq,
  readPolicyRevision,
  updateApplication,
  updateRuleSet,
  upsertActiveCases,
  upsertZoneHistory,
  zoneHistoryDates,
} from './policies.repository.js';
import type { PkmApplicationsTable, RuleSetsTable, ZoneThresholdVersionsTable } from './policies.table.js';
import { createRuleResolver, type RuleResolver, type RulesInForce } from './resolve-rules.js';
import { overlapProblems, validateRuleSet, type CapacityMode, type Rule, type RuleSet, type RuleSetKind, type RuleSetStatus, type RuleWindow } from './rule-set.js';
import { DENPASAR_CITY_CODE, DENPASAR_SEED_RULE_SETS, DENPASAR_ZONE_THRESHOLDS_VERSIONS } from './seed-rule-sets.js';
import { isVenueTypeCode, sectorOfVenueType, type SectorCode, type VenueTypeCode } from './sectors.js';
import type { ValidationProblem } from './validation.js';
import {
  DEFAULT_ZONE_THRESHOLDS,
  validateZoneThresholds,
  zoneColourFor,
  zoneThresholdsVersionInForce,
  type ZoneColour,
  type ZoneThresholdsVersion,
} from './zone-colour.js';

const MS_PER_DAY = 86_400_000;
/** How long a process trusts its caches before asking the database whether another process changed the rules. */
export const REVISION_CHECK_MS = 2_000;
const MAX_CACHED_DAYS = 400;
const HISTORY_BACKFILL_DAYS = 31;
/** Where counts from several sources exist for one desa and day, the first listed wins: a person's entry corrects a feed. */
export const ACTIVE_CASE_SOURCES = ['manual', 'import', 'case_register'] as const;
export type ActiveCaseSource = (typeof ACTIVE_CASE_SOURCES)[number];

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

// ---------------------------------------------------------------- inputs

export interface RuleInput {
  sector?: SectorCode;
  venueType?: VenueTypeCode;
  zoneColours?: readonly ZoneColour[] | 'all';
  window?: RuleWindow | null;
  closed?: boolean;
  capacityPercent?: number;
  dineIn?: boolean | null;
  maxVisitMinutes?: number | null;
  capacityMode?: CapacityMode;
  measuresId?: string;
  measuresEn?: string;
}

export interface RuleSetInput {
  kind: RuleSetKind;
  scopeRegionCode: string;
  legalBasis: string;
  titleId?: string | null;
  titleEn?: string | null;
  /** YYYY-MM-DD (local midnight) or an ISO-8601 date-time with offset. */
  effectiveFrom: string;
  effectiveTo?: string | null;
  rules: RuleInput[];
}

export interface PkmInput {
  regionCode: string;
  adatRegionCode: string;
  grounds: string;
  rules: RuleInput[];
  borderPosts: number;
  maxGatheringSize: number | null;
  otherMeasures: string;
  startDate: string;
  lengthDays: number;
}

export interface InForceQuery {
  /** The venue's desa/kelurahan (or a banjar below it; any region code works, the zone comes from its desa). */
  regionCode: string;
  sector: SectorCode;
  venueType?: VenueTypeCode | null;
  /** UTC epoch ms. */
  at: number;
  venueHours?: TimeWindow | null;
}

interface RegionInfo {
  code: string;
  name: string;
  type: string;
  parentCode: string | null;
  ancestry: string[];
  /** The desa/kelurahan the region is (or lies in), whose zone colour applies; null above village level. */
  villageCode: string | null;
}

// ---------------------------------------------------------------- helpers

function toRule(input: RuleInput): Rule {
  const capacityPercent = input.capacityPercent ?? 100;
  const rule: Rule = {
    zoneColours: input.zoneColours ?? 'all',
    window: input.window ?? null,
    capacityPercent,
    dineIn: input.dineIn ?? null,
    maxVisitMinutes: input.maxVisitMinutes ?? null,
    capacityMode: input.capacityMode ?? (capacityPercent < 100 ? 'enforce' : 'warn'),
  };
  if (input.sector !== undefined) rule.sector = input.sector;
  if (input.venueType !== undefined) rule.venueType = input.venueType;
  if (input.closed !== undefined) rule.closed = input.closed;
  if (input.measuresId !== undefined && input.measuresId !== '') rule.measuresId = input.measuresId;
  if (input.measuresEn !== undefined && input.measuresEn !== '') rule.measuresEn = input.measuresEn;
  return rule;
}

function fieldErrorsOf(list: ValidationProblem[]): FieldError[] {
  return list.map((p) => ({ field: p.field, messageKey: 'validation.policy', params: { messageId: p.messageId, messageEn: p.messageEn } }));
}

function policyValidation(list: ValidationProblem[]): AppError {
  return problems.validation(fieldErrorsOf(list));
}

function isRealDate(text: string): boolean {
  if (!DATE_PATTERN.test(text)) return false;
  const t = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === text;
}

function toDomainRuleSet(row: RuleSetsTable): RuleSet {
  const ruleSet: RuleSet = {
    id: row.id,
    legalBasis: row.legal_basis,
    scopeRegionCode: row.scope_region_code,
    kind: row.kind as RuleSetKind,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    status: row.status as RuleSetStatus,
    version: row.version,
    rules: JSON.parse(row.rules) as Rule[],
  };
  if (row.title_id !== null) ruleSet.titleId = row.title_id;
  if (row.title_en !== null) ruleSet.titleEn = row.title_en;
  return ruleSet;
}

function toThresholdsVersion(row: ZoneThresholdVersionsTable): ZoneThresholdsVersion {
  return {
    id: row.id,
    scopeRegionCode: row.scope_region_code,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    thresholds: { yellowFrom: row.yellow_from, orangeFrom: row.orange_from, redFrom: row.red_from },
    basis: row.basis,
  };
}

function requirePrincipal(ctx: RequestContext): Principal {
  if (!ctx.principal) throw problems.unauthenticated();
  return ctx.principal;
}

/** Loads the historical Denpasar rule sets and zone thresholds into a database that has none (first start, tests). */
export async function ensureDefaultPolicies(db: Db, clock: Clock): Promise<{ ruleSets: number; thresholds: number } | null> {
  if ((await countRuleSets(db)) > 0) return null;
  const city = await db.selectFrom('regions').select('code').where('code', '=', DENPASAR_CITY_CODE).executeTakeFirst();
  if (!city) return null;
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    for (const rs of DENPASAR_SEED_RULE_SETS) {
      await insertRuleSet(trx, {
        id: rs.id,
        kind: rs.kind,
        scope_region_code: rs.scopeRegionCode,
        legal_basis: rs.legalBasis,
        title_id: rs.titleId ?? null,
        title_en: rs.titleEn ?? null,
        effective_from: rs.effectiveFrom,
        effective_to: rs.effectiveTo,
        status: rs.status,
        version: rs.version,
        rules: JSON.stringify(rs.rules),
        copied_from_id: null,
        pkm_application_id: null,
        created_at: now,
        created_by: null,
        updated_at: now,
        published_at: now,
        published_by: null,
        retired_at: null,
        retired_by: null,
      });
    }
    const existing = await listThresholdVersions(trx);
    if (existing.length === 0) {
      for (const v of DENPASAR_ZONE_THRESHOLDS_VERSIONS) {
        await insertThresholdVersion(trx, {
          id: v.id,
          scope_region_code: v.scopeRegionCode,
          effective_from: v.effectiveFrom,
          effective_to: v.effectiveTo,
          yellow_from: v.thresholds.yellowFrom,
          orange_from: v.thresholds.orangeFrom,
          red_from: v.thresholds.redFrom,
          basis: v.basis,
          created_at: now,
          created_by: null,
        });
      }
    }
    await recordAudit(trx, clock, systemContext, {
      action: 'rule_set.seed',
      entityType: 'rule_set',
      regionCode: DENPASAR_CITY_CODE,
      details: { ruleSets: DENPASAR_SEED_RULE_SETS.map((r) => r.id) },
    });
    await bumpPolicyRevision(trx, now);
  });
  return { ruleSets: DENPASAR_SEED_RULE_SETS.length, thresholds: DENPASAR_ZONE_THRESHOLDS_VERSIONS.length };
}

// ---------------------------------------------------------------- service

export function createPoliciesService(deps: { db: Db; clock: Clock; regions: RegionsService; timeZone: string; cityName: string }) {
  const { db, clock, regions, timeZone, cityName } = deps;

  // ---- caches (one process; other processes are noticed through policy_state.revision) ----
  let generation = 0;
  let resolver: RuleResolver | null = null;
  let resolverLoad: Promise<RuleResolver> | null = null;
  let regionIndex: Map<string, RegionInfo> | null = null;
  let regionLoad: Promise<Map<string, RegionInfo>> | null = null;
  /** Local day number (days since 1970-01-01 in the region's zone) → desa code → zone. */
  const zoneDays = new Map<number, Map<string, ZoneOfDay>>();
  const zoneDayLoads = new Map<number, Promise<Map<string, ZoneOfDay>>>();
  let knownRevision = -1;
  let lastRevisionCheck = Number.NEGATIVE_INFINITY;

  function invalidate(): void {
    generation++;
    resolver = null;
    resolverLoad = null;
    zoneDays.clear();
    zoneDayLoads.clear();
  }

  /** After a change in this process: drop caches now and let the next call re-read the revision. */
  function changed(): void {
    invalidate();
    lastRevisionCheck = Number.NEGATIVE_INFINITY;
  }

  let revisionCheck: Promise<void> | null = null;

  /** At most one revision query at a time: calls arriving while it runs wait for the same answer. */
  function checkRevision(): Promise<void> {
    if (performance.now() - lastRevisionCheck < REVISION_CHECK_MS) return Promise.resolve();
    revisionCheck ??= readPolicyRevision(db)
      .then((revision) => {
        lastRevisionCheck = performance.now();
        if (revision !== knownRevision) {
          if (knownRevision !== -1) invalidate();
          knownRevision = revision;
        }
      })
      .finally(() => {
        revisionCheck = null;
      });
    return revisionCheck;
  }

  function getResolver(): Promise<RuleResolver> {
    if (resolver) return Promise.resolve(resolver);
    if (!resolverLoad) {
      const gen = generation;
      resolverLoad = listPublishedRuleSets(db).then((rows) => {
        const built = createRuleResolver(rows.map(toDomainRuleSet), { onInvalid: 'skip' });
        if (gen === generation) resolver = built;
        return built;
      });
      resolverLoad.catch(() => {
        resolverLoad = null;
      });
    }
    return resolverLoad;
  }

  function buildRegionIndex(rows: { code: string; name: string; type: string; parentCode: string | null }[]): Map<string, RegionInfo> {
    const byCode = new Map(rows.map((r) => [r.code, r]));
    const index = new Map<string, RegionInfo>();
    for (const r of rows) {
      const ancestry = regionAncestry(r.code);
      const villageCode = ancestry.find((code) => isVillage(byCode.get(code)?.type ?? '')) ?? null;
      index.set(r.code, { ...r, ancestry, villageCode });
    }
    return index;
  }

  function getRegionIndex(reload = false): Promise<Map<string, RegionInfo>> {
    if (regionIndex && !reload) return Promise.resolve(regionIndex);
    if (!regionLoad || reload) {
      regionLoad = regions.list({}).then((rows) => {
        regionIndex = buildRegionIndex(rows);
        return regionIndex;
      });
      regionLoad.catch(() => {
        regionLoad = null;
      });
    }
    return regionLoad;
  }

  async function regionInfo(code: string): Promise<RegionInfo | undefined> {
    const index = await getRegionIndex();
    return index.get(code) ?? (await getRegionIndex(true)).get(code);
  }

  async function villages(): Promise<RegionInfo[]> {
    const index = await getRegionIndex();
    return [...index.values()].filter((r) => isVillage(r.type)).sort((a, b) => a.code.localeCompare(b.code));
  }

  // ---- local dates ----
  const dayNumberOf = (at: number) => Math.floor((at + zoneOffsetMs(at, timeZone)) / MS_PER_DAY);
  const dateOfDay = (day: number) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  const dayOfDate = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY);
  const today = () => dateOfDay(dayNumberOf(clock.now()));
  const midnight = (date: string) => localDateTimeToEpochMs(date, '00:00', timeZone);

  function parseInstant(text: string, field: string): number {
    if (DATE_PATTERN.test(text)) {
      if (!isRealDate(text)) throw problems.validation([{ field, messageKey: 'validation.invalidDate' }]);
      return midnight(text);
    }
    const t = Date.parse(text);
    if (!Number.isFinite(t)) throw problems.validation([{ field, messageKey: 'validation.invalidInstant' }]);
    return t;
  }

  function requireDate(text: string, field: string): void {
    if (!isRealDate(text)) throw problems.validation([{ field, messageKey: 'validation.invalidDate' }]);
  }

  // ---- zones ----

  /** Zones of every desa/kelurahan (or one) on a date, from the counts and the thresholds in force at its start. */
  async function computeZones(dbx: Db, date: string, onlyRegion?: string): Promise<Map<string, ZoneOfDay>> {
    const all = await villages();
    const list = onlyRegion ? all.filter((v) => v.code === onlyRegion) : all;
    const [counts, thresholdRows] = await Promise.all([latestCountsOnOrBefore(dbx, date, onlyRegion), listThresholdVersions(dbx)]);
    const versions = thresholdRows.map(toThresholdsVersion);
    const byRegion = new Map<string, { active_cases: number; date: string; source: string }>();
    const rank = (source: string) => {
      const i = (ACTIVE_CASE_SOURCES as readonly string[]).indexOf(source);
      return i === -1 ? ACTIVE_CASE_SOURCES.length : i;
    };
    for (const c of counts) {
      const known = byRegion.get(c.region_code);
      if (!known || rank(c.source) < rank(known.source)) byRegion.set(c.region_code, c);
    }
    const at = midnight(date);
    const out = new Map<string, ZoneOfDay>();
    for (const v of list) {
      const count = byRegion.get(v.code);
      const version = zoneThresholdsVersionInForce(versions, v.ancestry, at);
      const activeCases = count?.active_cases ?? 0;
      out.set(v.code, {
        regionCode: v.code,
        name: v.name,
        colour: zoneColourFor(activeCases, version?.thresholds ?? DEFAULT_ZONE_THRESHOLDS),
        activeCases,
        countDate: count?.date ?? null,
        source: count?.source ?? null,
        thresholdsVersionId: version?.id ?? null,
      });
    }
    return out;
  }

  function zonesForDay(day: number): Promise<Map<string, ZoneOfDay>> {
    const cached = zoneDays.get(day);
    if (cached) return Promise.resolve(cached);
    let load = zoneDayLoads.get(day);
    if (!load) {
      const gen = generation;
      load = computeZones(db, dateOfDay(day)).then((zones) => {
        if (gen === generation) {
          if (zoneDays.size >= MAX_CACHED_DAYS) zoneDays.clear();
          zoneDays.set(day, zones);
        }
        zoneDayLoads.delete(day);
        return zones;
      });
      load.catch(() => zoneDayLoads.delete(day));
      zoneDayLoads.set(day, load);
    }
    return load;
  }

  async function storeHistory(dbx: Db, date: string, zones: Iterable<ZoneOfDay>): Promise<void> {
    const computedAt = clock.now();
    await upsertZoneHistory(
      dbx,
      [...zones].map((z) => ({
        region_code: z.regionCode,
        date,
        active_cases: z.activeCases,
        colour: z.colour,
        count_date: z.countDate,
        thresholds_version_id: z.thresholdsVersionId,
        computed_at: computedAt,
      })),
    );
  }

  /** Computes and stores the zone of every desa/kelurahan for a date (the daily job and any catch-up call this). */
  async function recomputeZones(date: string): Promise<ZoneOfDay[]> {
    requireDate(date, 'date');
    const zones = await computeZones(db, date);
    await db.transaction().execute((trx) => storeHistory(trx, date, zones.values()));
    return [...zones.values()];
  }

  // ---- the one function other modules call ----

  function resolveWith(res: RuleResolver, region: RegionInfo, zoneColour: ZoneColour | null, q: InForceQuery): RulesInForce {
    return res.resolve({
      regionAncestry: region.ancestry,
      sector: q.sector,
      venueType: q.venueType ?? null,
      zoneColour,
      at: q.at,
      timeZone,
      venueHours: q.venueHours ?? null,
    });
  }

  /** Everything cached: a few map lookups and the resolver, no promise chain. */
  function inForceCached(q: InForceQuery): RulesInForce | undefined {
    if (!resolver || !regionIndex || performance.now() - lastRevisionCheck >= REVISION_CHECK_MS) return undefined;
    const region = regionIndex.get(q.regionCode);
    if (!region) return undefined;
    let colour: ZoneColour | null = null;
    if (region.villageCode !== null) {
      const zones = zoneDays.get(dayNumberOf(q.at));
      if (!zones) return undefined;
      colour = zones.get(region.villageCode)?.colour ?? 'green';
    }
    return resolveWith(resolver, region, colour, q);
  }

  async function inForceSlow(q: InForceQuery): Promise<RulesInForce> {
    await checkRevision();
    const region = await regionInfo(q.regionCode);
    if (!region) throw problems.notFound('regionNotFound.detail', { code: q.regionCode });
    const res = await getResolver();
    let colour: ZoneColour | null = null;
    if (region.villageCode !== null) colour = (await zonesForDay(dayNumberOf(q.at))).get(region.villageCode)?.colour ?? 'green';
    return resolveWith(res, region, colour, q);
  }

  /**
   * The rules in force for a venue (its desa, sector, venue type, own hours) at an instant: the effective window,
   * capacity, zone colour of the day and the rule sets it came from. Cached: the compiled resolver until a publish,
   * approval or retirement; the zone colours per day until counts or thresholds change.
   */
  function inForce(q: InForceQuery): Promise<RulesInForce> {
    const hit = inForceCached(q);
    return hit ? Promise.resolve(hit) : inForceSlow(q);
  }

  // ---- rule sets ----

  function validateRuleSetInput(input: RuleSetInput): RuleSet {
    const effectiveFrom = parseInstant(input.effectiveFrom, 'effectiveFrom');
    const effectiveTo = input.effectiveTo === undefined || input.effectiveTo === null ? null : parseInstant(input.effectiveTo, 'effectiveTo');
    const draft: RuleSet = {
      id: 'candidate',
      legalBasis: input.legalBasis.trim(),
      scopeRegionCode: input.scopeRegionCode,
      kind: input.kind,
      effectiveFrom,
      effectiveTo,
      status: 'draft',
      version: 1,
      rules: input.rules.map(toRule),
    };
    if (input.titleId) draft.titleId = input.titleId;
    if (input.titleEn) draft.titleEn = input.titleEn;
    const found = validateRuleSet(draft);
    if (found.length > 0) throw policyValidation(found);
    return draft;
  }

  async function requireScopeRegion(code: string, field: string): Promise<RegionInfo> {
    const region = await regionInfo(code);
    if (!region) throw problems.validation([{ field, messageKey: 'validation.unknownRegion' }]);
    return region;
  }

  async function requireRuleSet(id: string): Promise<RuleSetsTable> {
    const row = await findRuleSet(db, id);
    if (!row) throw problems.notFound('ruleSetNotFound.detail', { id });
    return row;
  }

  function notDraft(row: RuleSetsTable): AppError {
    return new AppError(409, 'rule-set-not-draft', 'conflict.title', 'ruleSetNotDraft.detail', { status: row.status }, [
      { field: 'status', messageKey: 'validation.publishedReadOnly', params: { status: row.status } },
    ]);
  }

  async function viewRuleSet(row: RuleSetsTable): Promise<RuleSetView> {
    const region = await regionInfo(row.scope_region_code);
    return presentRuleSet(row, timeZone, region?.name ?? null);
  }

  function rowFromDraft(draft: RuleSet): Pick<RuleSetsTable, 'kind' | 'scope_region_code' | 'legal_basis' | 'title_id' | 'title_en' | 'effective_from' | 'effective_to' | 'rules'> {
    return {
      kind: draft.kind,
      scope_region_code: draft.scopeRegionCode,
      legal_basis: draft.legalBasis,
      title_id: draft.titleId ?? null,
      title_en: draft.titleEn ?? null,
      effective_from: draft.effectiveFrom,
      effective_to: draft.effectiveTo,
      rules: JSON.stringify(draft.rules),
    };
  }

  async function publishRow(trx: Db, ctx: RequestContext, row: RuleSetsTable): Promise<void> {
    const domain = toDomainRuleSet(row);
    const found = validateRuleSet(domain);
    if (found.length > 0) throw policyValidation(found);
    const series = (await listPublishedInSeries(trx, row.scope_region_code, row.kind)).map(toDomainRuleSet);
    const overlaps = overlapProblems(domain, series);
    if (overlaps.length > 0) {
      throw new AppError(409, 'rule-set-overlap', 'conflict.title', 'ruleSetOverlap.detail', {}, fieldErrorsOf(overlaps));
    }
    const now = clock.now();
    await updateRuleSet(trx, row.id, { status: 'published', published_at: now, published_by: ctx.principal?.userId ?? null, updated_at: now });
    await bumpPolicyRevision(trx, now);
  }

  // ---- PKM ----

  function parties(app: PkmApplicationsTable): ApplicationParties {
    return {
      status: app.status as PkmStatus,
      regionCode: app.region_code,
      adatRegionCode: app.adat_region_code,
      createdBy: app.created_by,
      submittedBy: app.submitted_by,
    };
  }

  async function requireApplication(id: string): Promise<PkmApplicationsTable> {
    const app = await findApplication(db, id);
    if (!app || !isPkmStatus(app.status)) throw problems.notFound('pkmNotFound.detail');
    return app;
  }

  function requireRead(principal: Principal, app: PkmApplicationsTable): void {
    principal.require('pkm:read');
    if (!principal.canIn('pkm:read', app.region_code) && !principal.canIn('pkm:read', app.adat_region_code)) {
      throw problems.outOfScope(app.region_code);
    }
  }

  function refuse(principal: Principal, app: PkmApplicationsTable, action: PkmAction): void {
    const check = checkAction(principal, parties(app), action);
    if (check.ok) return;
    switch (check.refusal) {
      case 'forbidden':
        throw permissionsForAction(action).some((p) => principal.can(p)) ? problems.outOfScope(app.region_code) : problems.forbidden();
      case 'illegal_transition':
        throw new AppError(409, 'pkm-illegal-transition', 'conflict.title', 'pkmTransition.detail', { action, status: app.status }, [
          { field: 'status', messageKey: 'validation.invalid' },
        ]);
      case 'own_application':
        throw new AppError(403, 'pkm-own-application', 'forbidden.title', 'pkmOwnApplication.detail');
    }
  }

  function nextEvaluationDue(app: PkmApplicationsTable, evaluations: number): string | null {
    if (app.status !== 'ACTIVE') return null;
    const due = addDaysToDate(app.start_date, PKM_EVALUATION_PERIOD_DAYS * (evaluations + 1));
    return due <= app.end_date ? due : null;
  }

  async function viewApplications(principal: Principal, rows: PkmApplicationsTable[], withDetails: boolean): Promise<ApplicationView[]> {
    const index = await getRegionIndex();
    const evaluations = await listEvaluations(db, rows.map((r) => r.id));
    const todayDate = today();
    const out: ApplicationView[] = [];
    for (const row of rows) {
      const own = evaluations.filter((e) => e.application_id === row.id);
      const due = nextEvaluationDue(row, own.length);
      const transitions = withDetails ? await listTransitions(db, row.id) : [];
      const createdBy = transitions.find((t) => t.action === 'create')?.actor_username ?? null;
      out.push(
        presentApplication(
          row,
          {
            regionName: index.get(row.region_code)?.name ?? row.region_code,
            adatRegionName: index.get(row.adat_region_code)?.name ?? row.adat_region_code,
            transitions,
            evaluations: withDetails ? own : [],
            letter: await findLetter(db, row.id),
            nextEvaluationDue: due,
            evaluationOverdue: due !== null && due < todayDate,
            allowedActions: allowedActions(principal, parties(row)),
            createdByUsername: createdBy,
          },
          timeZone,
        ),
      );
    }
    return out;
  }

  async function viewApplication(principal: Principal, id: string): Promise<ApplicationView> {
    const [view] = await viewApplications(principal, [await requireApplication(id)], true);
    return view as ApplicationView;
  }

  async function recordTransition(
    trx: Db,
    ctx: RequestContext,
    app: PkmApplicationsTable,
    action: string,
    to: string,
    comment: string | null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const at = clock.now();
    await insertTransition(trx, {
      id: newId(at),
      application_id: app.id,
      seq: await nextTransitionSeq(trx, app.id),
      action,
      from_status: app.status,
      to_status: to,
      actor_user_id: ctx.principal?.userId ?? null,
      actor_username: ctx.principal?.username ?? null,
      comment,
      at,
    });
    await recordAudit(trx, clock, ctx, {
      action: `pkm.${action}`,
      entityType: 'pkm_application',
      entityId: app.id,
      regionCode: app.region_code,
      details: { from: app.status, to, ...(comment ? { comment } : {}), ...details },
    });
  }

  /** APPROVED applications whose start date has come become ACTIVE; those whose end date has come become ENDED. */
  async function advanceLifecycle(date: string = today()): Promise<number> {
    const due = await listLifecycleDue(db, date);
    let changedCount = 0;
    for (const app of due) {
      const to: PkmStatus = app.end_date <= date ? 'ENDED' : 'ACTIVE';
      const action = to === 'ENDED' ? 'expire' : 'activate';
      const done = await db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('pkm_applications')
          .set({ status: to, updated_at: clock.now() })
          .where('id', '=', app.id)
          .where('status', '=', app.status)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        await recordTransition(trx, systemContext, app, action, to, null);
        return true;
      });
      if (done) changedCount++;
    }
    return changedCount;
  }

  async function validatePkmInput(principal: Principal, input: PkmInput, checkStart: boolean): Promise<{ region: RegionInfo; rules: Rule[]; endDate: string }> {
    const region = await regionInfo(input.regionCode);
    if (!region) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.unknownRegion' }]);
    if (!isVillage(region.type)) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.mustBeVillage' }]);
    const adat = await regionInfo(input.adatRegionCode);
    if (!adat) throw problems.validation([{ field: 'adatRegionCode', messageKey: 'validation.unknownRegion' }]);
    if (adat.type !== 'desa_adat') throw problems.validation([{ field: 'adatRegionCode', messageKey: 'validation.mustBeDesaAdat' }]);
    if (!principal.canIn('pkm:submit', region.code) && !principal.canIn('pkm:submit', adat.code)) {
      throw problems.outOfScope(region.code);
    }
    requireDate(input.startDate, 'startDate');
    if (checkStart && input.startDate < today()) {
      throw problems.validation([{ field: 'startDate', messageKey: 'validation.dateInPast', params: { today: today() } }]);
    }
    const rules = input.rules.map(toRule);
    const found = validateRuleSet({
      legalBasis: 'PKM',
      scopeRegionCode: region.code,
      kind: 'village_pkm',
      effectiveFrom: midnight(input.startDate),
      effectiveTo: null,
      rules,
    }).filter((p) => p.field.startsWith('rules'));
    if (found.length > 0) throw policyValidation(found);
    return { region, rules, endDate: addDaysToDate(input.startDate, input.lengthDays) };
  }

  async function activeCasesNow(regionCode: string): Promise<{ activeCases: number | null; date: string | null }> {
    const zone = (await zonesForDay(dayNumberOf(clock.now()))).get(regionCode);
    return { activeCases: zone?.countDate ? zone.activeCases : null, date: zone?.countDate ?? null };
  }

  async function simpleTransition(ctx: RequestContext, id: string, action: PkmAction, comment: string | null, requireComment: boolean): Promise<ApplicationView> {
    const principal = requirePrincipal(ctx);
    await advanceLifecycle();
    const app = await requireApplication(id);
    refuse(principal, app, action);
    if (requireComment && (comment === null || comment.trim() === '')) {
      throw problems.validation([{ field: 'comment', messageKey: 'validation.commentRequired' }]);
    }
    const check = checkAction(principal, parties(app), action);
    const to = check.ok && check.to ? check.to : (app.status as PkmStatus);
    // Read before the transaction: SQLite has one connection, which the transaction holds.
    const now = action === 'submit' ? await activeCasesNow(app.region_code) : null;
    await db.transaction().execute(async (trx) => {
      const patch: Partial<PkmApplicationsTable> = { status: to, updated_at: clock.now() };
      if (now) {
        patch.submitted_at = clock.now();
        patch.submitted_by = principal.userId;
        patch.active_cases = now.activeCases;
        patch.active_cases_date = now.date;
      }
      await updateApplication(trx, app.id, patch);
      await recordTransition(trx, ctx, app, action, to, comment?.trim() || null);
    });
    return viewApplication(principal, id);
  }

  async function overlaysOf(dbx: Db, applicationId: string): Promise<RuleSetsTable[]> {
    return dbx.selectFrom('rule_sets').selectAll().where('pkm_application_id', '=', applicationId).where('status', '=', 'published').orderBy('effective_from').execute();
  }

  async function insertOverlay(
    trx: Db,
    ctx: RequestContext,
    app: PkmApplicationsTable,
    region: RegionInfo,
    legalBasis: string,
    from: string,
    to: string,
  ): Promise<RuleSetsTable> {
    const now = clock.now();
    const row: RuleSetsTable = {
      id: newId(now),
      kind: 'village_pkm',
      scope_region_code: app.region_code,
      legal_basis: legalBasis,
      title_id: `PKM ${region.type === 'kelurahan' ? 'Kelurahan' : 'Desa'} ${region.name}`,
      title_en: `Village PKM: ${region.name}`,
      effective_from: midnight(from),
      effective_to: midnight(to),
      status: 'draft',
      version: (await maxVersionInSeries(trx, app.region_code, 'village_pkm')) + 1,
      rules: app.rules,
      copied_from_id: null,
      pkm_application_id: app.id,
      created_at: now,
      created_by: ctx.principal?.userId ?? null,
      updated_at: now,
      published_at: null,
      published_by: null,
      retired_at: null,
      retired_by: null,
    };
    await insertRuleSet(trx, row);
    try {
      await publishRow(trx, ctx, row);
    } catch (err) {
      if (err instanceof AppError && err.type === 'rule-set-overlap') {
        throw new AppError(409, 'pkm-overlap', 'conflict.title', 'pkmOverlap.detail', { region: region.name }, [{ field: 'startDate', messageKey: 'validation.invalid' }]);
      }
      throw err;
    }
    return row;
  }

  return {
    inForce,
    /** Drops every cache (tests, and after bulk imports). */
    invalidateCaches: changed,
    recomputeZones,
    advanceLifecycle,
    today,

    /** The daily job: PKM lifecycle, then today's zones (and any days missed while the server was down, up to a month). */
    async runDaily(): Promise<{ date: string; zonesComputed: number; lifecycleChanges: number }> {
      const date = today();
      const lifecycleChanges = await advanceLifecycle(date);
      const last = await latestZoneHistoryDate(db);
      const first = last === null || last >= date ? date : dateOfDay(Math.max(dayOfDate(last) + 1, dayOfDate(date) - HISTORY_BACKFILL_DAYS));
      let zonesComputed = 0;
      for (let day = dayOfDate(first); day <= dayOfDate(date); day++) zonesComputed += (await recomputeZones(dateOfDay(day))).length;
      return { date, zonesComputed, lifecycleChanges };
    },

    // ---- zones ----

    async zones(date: string | undefined): Promise<ZoneOfDay[]> {
      const d = date ?? today();
      requireDate(d, 'date');
      await checkRevision();
      return [...(await zonesForDay(dayOfDate(d))).values()];
    },

    async zoneHistory(regionCode: string, range: { from?: string; to?: string }) {
      const region = await regionInfo(regionCode);
      if (!region) throw problems.notFound('regionNotFound.detail', { code: regionCode });
      if (!isVillage(region.type)) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.mustBeVillage' }]);
      const to = range.to ?? today();
      requireDate(to, 'to');
      const from = range.from ?? addDaysToDate(to, -29);
      requireDate(from, 'from');
      if (from > to) throw problems.validation([{ field: 'from', messageKey: 'validation.invalid' }]);
      if (dayOfDate(to) - dayOfDate(from) > 366) throw problems.validation([{ field: 'from', messageKey: 'validation.invalid' }]);
      const rows = await listZoneHistory(db, regionCode, from, to);
      return { regionCode, name: region.name, from, to, days: rows.map(presentHistory) };
    },

    /** A daily active-case count for a desa/kelurahan; recomputes the zone history it affects. */
    async recordActiveCases(ctx: RequestContext, input: { regionCode: string; date: string; activeCases: number }, source: ActiveCaseSource = 'manual'): Promise<ZoneOfDay & { date: string }> {
      const region = await regionInfo(input.regionCode);
      if (!region) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.unknownRegion' }]);
      if (ctx.principal || source === 'manual') requirePrincipal(ctx).require('zones:manage', input.regionCode);
      if (!isVillage(region.type)) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.mustBeVillage' }]);
      requireDate(input.date, 'date');
      const todayDate = today();
      if (input.date > todayDate) throw problems.validation([{ field: 'date', messageKey: 'validation.dateInFuture', params: { today: todayDate } }]);
      if (!Number.isInteger(input.activeCases) || input.activeCases < 0) {
        throw problems.validation([{ field: 'activeCases', messageKey: 'validation.minimum', params: { limit: 0 } }]);
      }
      await db.transaction().execute(async (trx) => {
        const now = clock.now();
        await upsertActiveCases(trx, {
          region_code: region.code,
          date: input.date,
          source,
          active_cases: input.activeCases,
          recorded_at: now,
          recorded_by: ctx.principal?.userId ?? null,
        });
        await recordAudit(trx, clock, ctx, {
          action: 'zone.active_cases',
          entityType: 'region',
          entityId: region.code,
          regionCode: region.code,
          details: { date: input.date, activeCases: input.activeCases, source },
        });
        // Counts carry forward to the next counted date: every stored day in between changes with this one.
        const next = await nextCountDate(trx, region.code, input.date);
        const dates = new Set(await zoneHistoryDates(trx, region.code, input.date, next));
        dates.add(input.date);
        if (next === null || todayDate < next) dates.add(todayDate);
        for (const date of dates) {
          if (date > todayDate) continue;
          await storeHistory(trx, date, (await computeZones(trx, date, region.code)).values());
        }
        await bumpPolicyRevision(trx, now);
      });
      changed();
      const zone = (await zonesForDay(dayOfDate(input.date))).get(region.code) as ZoneOfDay;
      return { ...zone, date: input.date };
    },

    async thresholdVersions() {
      return (await listThresholdVersions(db)).map((r) => presentThresholds(r, timeZone));
    },

    async createThresholdsVersion(
      ctx: RequestContext,
      input: { scopeRegionCode?: string; effectiveFrom: string; yellowFrom: number; orangeFrom: number; redFrom: number; basis: string },
    ) {
      const principal = requirePrincipal(ctx);
      const scope = input.scopeRegionCode ?? (await regions.rootCodes())[0] ?? DENPASAR_CITY_CODE;
      principal.require('zones:manage', scope);
      await requireScopeRegion(scope, 'scopeRegionCode');
      requireDate(input.effectiveFrom, 'effectiveFrom');
      const todayDate = today();
      // History is a record: thresholds apply from today on, never to days already coloured.
      if (input.effectiveFrom < todayDate) {
        throw problems.validation([{ field: 'effectiveFrom', messageKey: 'validation.dateInPast', params: { today: todayDate } }]);
      }
      const found = validateZoneThresholds({ yellowFrom: input.yellowFrom, orangeFrom: input.orangeFrom, redFrom: input.redFrom });
      if (found.length > 0) throw policyValidation(found);
      const effectiveFrom = midnight(input.effectiveFrom);
      const existing = await listThresholdVersions(db);
      if (existing.some((v) => v.scope_region_code === scope && v.effective_from === effectiveFrom)) {
        throw new AppError(409, 'thresholds-exist', 'conflict.title', 'thresholdsExists.detail', {}, [{ field: 'effectiveFrom', messageKey: 'validation.invalid' }]);
      }
      const now = clock.now();
      const row: ZoneThresholdVersionsTable = {
        id: newId(now),
        scope_region_code: scope,
        effective_from: effectiveFrom,
        effective_to: null,
        yellow_from: input.yellowFrom,
        orange_from: input.orangeFrom,
        red_from: input.redFrom,
        basis: input.basis.trim(),
        created_at: now,
        created_by: principal.userId,
      };
      await db.transaction().execute(async (trx) => {
        await insertThresholdVersion(trx, row);
        await recordAudit(trx, clock, ctx, { action: 'zone.thresholds_create', entityType: 'zone_thresholds', entityId: row.id, regionCode: scope, details: { ...input, scopeRegionCode: scope } });
        await bumpPolicyRevision(trx, now);
      });
      changed();
      if (input.effectiveFrom === todayDate) await recomputeZones(todayDate);
      return presentThresholds(row, timeZone);
    },

    // ---- rule sets ----

    async listRuleSets(ctx: RequestContext, filter: { status?: string; kind?: string; scopeRegionCode?: string }): Promise<RuleSetView[]> {
      requirePrincipal(ctx).require('rules:read');
      const rows = await listRuleSets(db, filter);
      return Promise.all(rows.map(viewRuleSet));
    },

    async getRuleSet(ctx: RequestContext, id: string): Promise<RuleSetView> {
      requirePrincipal(ctx).require('rules:read');
      return viewRuleSet(await requireRuleSet(id));
    },

    async createRuleSet(ctx: RequestContext, input: RuleSetInput): Promise<RuleSetView> {
      const principal = requirePrincipal(ctx);
      principal.require('rules:manage');
      await requireScopeRegion(input.scopeRegionCode, 'scopeRegionCode');
      principal.require('rules:manage', input.scopeRegionCode);
      const draft = validateRuleSetInput(input);
      const now = clock.now();
      const id = newId(now);
      await db.transaction().execute(async (trx) => {
        await insertRuleSet(trx, {
          id,
          ...rowFromDraft(draft),
          status: 'draft',
          version: (await maxVersionInSeries(trx, draft.scopeRegionCode, draft.kind)) + 1,
          copied_from_id: null,
          pkm_application_id: null,
          created_at: now,
          created_by: principal.userId,
          updated_at: now,
          published_at: null,
          published_by: null,
          retired_at: null,
          retired_by: null,
        });
        await recordAudit(trx, clock, ctx, { action: 'rule_set.create', entityType: 'rule_set', entityId: id, regionCode: draft.scopeRegionCode, details: { legalBasis: draft.legalBasis, kind: draft.kind } });
      });
      return viewRuleSet(await requireRuleSet(id));
    },

    async updateRuleSet(ctx: RequestContext, id: string, input: RuleSetInput): Promise<RuleSetView> {
      const principal = requirePrincipal(ctx);
      const row = await requireRuleSet(id);
      principal.require('rules:manage', row.scope_region_code);
      if (row.status !== 'draft') throw notDraft(row);
      await requireScopeRegion(input.scopeRegionCode, 'scopeRegionCode');
      principal.require('rules:manage', input.scopeRegionCode);
      const draft = validateRuleSetInput(input);
      await db.transaction().execute(async (trx) => {
        const seriesChanged = draft.scopeRegionCode !== row.scope_region_code || draft.kind !== row.kind;
        await updateRuleSet(trx, id, {
          ...rowFromDraft(draft),
          ...(seriesChanged ? { version: (await maxVersionInSeries(trx, draft.scopeRegionCode, draft.kind)) + 1 } : {}),
          updated_at: clock.now(),
        });
        await recordAudit(trx, clock, ctx, { action: 'rule_set.update', entityType: 'rule_set', entityId: id, regionCode: draft.scopeRegionCode, details: { legalBasis: draft.legalBasis } });
      });
      return viewRuleSet(await requireRuleSet(id));
    },

    async deleteRuleSet(ctx: RequestContext, id: string): Promise<void> {
      const principal = requirePrincipal(ctx);
      const row = await requireRuleSet(id);
      principal.require('rules:manage', row.scope_region_code);
      if (row.status !== 'draft') throw notDraft(row);
      await db.transaction().execute(async (trx) => {
        await deleteRuleSet(trx, id);
        await recordAudit(trx, clock, ctx, { action: 'rule_set.delete', entityType: 'rule_set', entityId: id, regionCode: row.scope_region_code, details: { legalBasis: row.legal_basis } });
      });
    },

    /** A new draft version copied from any version; it starts at the next local midnight unless edited. */
    async copyRuleSet(ctx: RequestContext, id: string): Promise<RuleSetView> {
      const principal = requirePrincipal(ctx);
      const source = await requireRuleSet(id);
      principal.require('rules:manage', source.scope_region_code);
      if (source.pkm_application_id !== null) throw new AppError(409, 'rule-set-is-pkm', 'conflict.title', 'ruleSetIsPkm.detail');
      const now = clock.now();
      const tomorrow = midnight(addDaysToDate(today(), 1));
      const effectiveFrom = Math.max(source.effective_from, tomorrow);
      const effectiveTo = source.effective_to !== null && source.effective_to > effectiveFrom ? source.effective_to : null;
      const newRowId = newId(now);
      await db.transaction().execute(async (trx) => {
        await insertRuleSet(trx, {
          ...source,
          id: newRowId,
          status: 'draft',
          version: (await maxVersionInSeries(trx, source.scope_region_code, source.kind)) + 1,
          effective_from: effectiveFrom,
          effective_to: effectiveTo,
          copied_from_id: source.id,
          created_at: now,
          created_by: principal.userId,
          updated_at: now,
          published_at: null,
          published_by: null,
          retired_at: null,
          retired_by: null,
        });
        await recordAudit(trx, clock, ctx, { action: 'rule_set.copy', entityType: 'rule_set', entityId: newRowId, regionCode: source.scope_region_code, details: { copiedFrom: source.id } });
      });
      return viewRuleSet(await requireRuleSet(newRowId));
    },

    async publishRuleSet(ctx: RequestContext, id: string): Promise<RuleSetView> {
      const principal = requirePrincipal(ctx);
      const row = await requireRuleSet(id);
      principal.require('rules:manage', row.scope_region_code);
      if (row.status !== 'draft') throw notDraft(row);
      await db.transaction().execute(async (trx) => {
        await publishRow(trx, ctx, row);
        await recordAudit(trx, clock, ctx, { action: 'rule_set.publish', entityType: 'rule_set', entityId: id, regionCode: row.scope_region_code, details: { legalBasis: row.legal_basis, version: row.version } });
      });
      changed();
      return viewRuleSet(await requireRuleSet(id));
    },

    async retireRuleSet(ctx: RequestContext, id: string): Promise<RuleSetView> {
      const principal = requirePrincipal(ctx);
      const row = await requireRuleSet(id);
      principal.require('rules:manage', row.scope_region_code);
      if (row.status !== 'published') {
        throw new AppError(409, 'rule-set-not-published', 'conflict.title', 'ruleSetNotPublished.detail', {}, [{ field: 'status', messageKey: 'validation.invalid' }]);
      }
      if (row.pkm_application_id !== null) throw new AppError(409, 'rule-set-is-pkm', 'conflict.title', 'ruleSetIsPkm.detail');
      await db.transaction().execute(async (trx) => {
        const now = clock.now();
        await updateRuleSet(trx, id, { status: 'retired', retired_at: now, retired_by: principal.userId, updated_at: now });
        await bumpPolicyRevision(trx, now);
        await recordAudit(trx, clock, ctx, { action: 'rule_set.retire', entityType: 'rule_set', entityId: id, regionCode: row.scope_region_code, details: { legalBasis: row.legal_basis } });
      });
      changed();
      return viewRuleSet(await requireRuleSet(id));
    },

    // ---- village PKM applications ----

    async listApplications(ctx: RequestContext, filter: { status?: string; regionCode?: string }): Promise<ApplicationView[]> {
      const principal = requirePrincipal(ctx);
      principal.require('pkm:read');
      await advanceLifecycle();
      const scopes = principal.scopesFor('pkm:read');
      const roots = await regions.rootCodes();
      const rows = await listApplications(db, {
        scopes: scopes.some((s) => roots.includes(s)) ? undefined : scopes,
        statuses: filter.status ? [filter.status] : undefined,
        regionCode: filter.regionCode,
      });
      return viewApplications(principal, rows, false);
    },

    async overdueEvaluations(ctx: RequestContext): Promise<ApplicationView[]> {
      const principal = requirePrincipal(ctx);
      principal.require('pkm:read');
      await advanceLifecycle();
      const scopes = principal.scopesFor('pkm:read');
      const roots = await regions.rootCodes();
      const rows = await listApplications(db, { scopes: scopes.some((s) => roots.includes(s)) ? undefined : scopes, statuses: ['ACTIVE'] });
      return (await viewApplications(principal, rows, false)).filter((a) => a.evaluationOverdue);
    },

    async getApplication(ctx: RequestContext, id: string): Promise<ApplicationView> {
      const principal = requirePrincipal(ctx);
      await advanceLifecycle();
      requireRead(principal, await requireApplication(id));
      return viewApplication(principal, id);
    },

    async createApplication(ctx: RequestContext, input: PkmInput): Promise<ApplicationView> {
      const principal = requirePrincipal(ctx);
      principal.require('pkm:submit');
      const { region, rules, endDate } = await validatePkmInput(principal, input, true);
      const now = clock.now();
      const id = newId(now);
      await db.transaction().execute(async (trx) => {
        const row: PkmApplicationsTable = {
          id,
          region_code: region.code,
          adat_region_code: input.adatRegionCode,
          status: 'DRAFT',
          grounds: input.grounds.trim(),
          active_cases: null,
          active_cases_date: null,
          rules: JSON.stringify(rules),
          border_posts: input.borderPosts,
          max_gathering_size: input.maxGatheringSize,
          other_measures: input.otherMeasures.trim(),
          start_date: input.startDate,
          length_days: input.lengthDays,
          end_date: endDate,
          rule_set_id: null,
          created_at: now,
          created_by: principal.userId,
          submitted_at: null,
          submitted_by: null,
          updated_at: now,
        };
        await insertApplication(trx, row);
        await recordTransition(trx, ctx, { ...row, status: 'NEW' }, 'create', 'DRAFT', null, { startDate: input.startDate, lengthDays: input.lengthDays });
      });
      return viewApplication(principal, id);
    },

    async updateApplication(ctx: RequestContext, id: string, input: PkmInput): Promise<ApplicationView> {
      const principal = requirePrincipal(ctx);
      const app = await requireApplication(id);
      refuse(principal, app, 'edit');
      if (input.regionCode !== app.region_code) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.invalid' }]);
      const { rules, endDate } = await validatePkmInput(principal, input, true);
      await db.transaction().execute(async (trx) => {
        await updateApplication(trx, id, {
          adat_region_code: input.adatRegionCode,
          grounds: input.grounds.trim(),
          rules: JSON.stringify(rules),
          border_posts: input.borderPosts,
          max_gathering_size: input.maxGatheringSize,
          other_measures: input.otherMeasures.trim(),
          start_date: input.startDate,
          length_days: input.lengthDays,
          end_date: endDate,
          updated_at: clock.now(),
        });
        await recordTransition(trx, ctx, app, 'edit', app.status, null);
      });
      return viewApplication(principal, id);
    },

    async submitApplication(ctx: RequestContext, id: string): Promise<ApplicationView> {
      const principal = requirePrincipal(ctx);
      const app = await requireApplication(id);
      refuse(principal, app, 'submit');
      const todayDate = today();
      if (app.start_date < todayDate) {
        throw problems.validation([{ field: 'startDate', messageKey: 'validation.dateInPast', params: { today: todayDate } }]);
      }
      return simpleTransition(ctx, id, 'submit', null, false);
    },

    startReview: (ctx: RequestContext, id: string, comment: string | null) => simpleTransition(ctx, id, 'start_review', comment, false),
    recommend: (ctx: RequestContext, id: string, comment: string | null) => simpleTransition(ctx, id, 'recommend', comment, false),
    returnForRevision: (ctx: RequestContext, id: string, comment: string | null) => simpleTransition(ctx, id, 'return', comment, true),
    reject: (ctx: RequestContext, id: string, comment: string | null) => simpleTransition(ctx, id, 'reject', comment, true),

    async approve(
      ctx: RequestContext,
      id: string,
      input: { letterNumber?: string; letterDate?: string; startDate?: string; approverName?: string; comment?: string | null },
    ): Promise<ApplicationView> {
      const principal = requirePrincipal(ctx);
      await advanceLifecycle();
      const app = await requireApplication(id);
      refuse(principal, app, 'approve');
      const todayDate = today();
      const startDate = input.startDate ?? app.start_date;
      requireDate(startDate, 'startDate');
      if (startDate < todayDate) throw problems.validation([{ field: 'startDate', messageKey: 'validation.dateInPast', params: { today: todayDate } }]);
      const letterDate = input.letterDate ?? todayDate;
      requireDate(letterDate, 'letterDate');
      if (letterDate > todayDate) throw problems.validation([{ field: 'letterDate', messageKey: 'validation.dateInFuture', params: { today: todayDate } }]);
      const region = (await regionInfo(app.region_code)) as RegionInfo;
      const number = input.letterNumber?.trim() || `PKM/${startDate.slice(0, 4)}/${String((await countLetters(db)) + 1).padStart(3, '0')}`;
      if (await findLetterByNumber(db, number)) throw problems.validation([{ field: 'letterNumber', messageKey: 'validation.letterNumberTaken' }]);
      const endDate = addDaysToDate(startDate, app.length_days);
      const approverName = input.approverName?.trim() || principal.displayName;
      await db.transaction().execute(async (trx) => {
        const current = { ...app, start_date: startDate, end_date: endDate };
        const legalBasis = `Surat Persetujuan Walikota No. ${number} tanggal ${letterDate} (PKM ${region.name}, Perwali Denpasar 32/2020)`;
        const overlay = await insertOverlay(trx, ctx, current, region, legalBasis, startDate, endDate);
        const now = clock.now();
        await insertLetter(trx, { id: newId(now), application_id: app.id, number, letter_date: letterDate, approver_name: approverName, issued_at: now, issued_by: principal.userId });
        await updateApplication(trx, app.id, { status: 'APPROVED', start_date: startDate, end_date: endDate, rule_set_id: overlay.id, updated_at: now });
        await recordTransition(trx, ctx, app, 'approve', 'APPROVED', input.comment?.trim() || null, { letterNumber: number, letterDate, startDate, endDate, ruleSetId: overlay.id });
      });
      changed();
      await advanceLifecycle();
      return viewApplication(principal, id);
    },

    /** Extends an approved or active PKM: a new overlay version runs from the old end to the new one. */
    async extend(ctx: RequestContext, id: string, input: { days: number; comment?: string | null }): Promise<ApplicationView> {
      const principal = requirePrincipal(ctx);
      await advanceLifecycle();
      const app = await requireApplication(id);
      refuse(principal, app, 'extend');
      const region = (await regionInfo(app.region_code)) as RegionInfo;
      const letter = await findLetter(db, app.id);
      const newEnd = addDaysToDate(app.end_date, input.days);
      await db.transaction().execute(async (trx) => {
        const legalBasis = `Surat Persetujuan Walikota No. ${letter?.number ?? '-'} (PKM ${region.name}), diperpanjang s.d. ${addDaysToDate(newEnd, -1)}`;
        await insertOverlay(trx, ctx, app, region, legalBasis, app.end_date, newEnd);
        await updateApplication(trx, app.id, { end_date: newEnd, length_days: app.length_days + input.days, updated_at: clock.now() });
        await recordTransition(trx, ctx, app, 'extend', app.status, input.comment?.trim() || null, { days: input.days, endDate: newEnd });
      });
      changed();
      return viewApplication(principal, id);
    },

    /**
     * Ends a PKM now. Overlays not yet started are retired; the one in force has its effective period closed at this
     * instant (the one edit made to a published version, recorded in the audit log; its rules never change).
     */
    async end(ctx: RequestContext, id: string, comment: string | null): Promise<ApplicationView> {
      const principal = requirePrincipal(ctx);
      await advanceLifecycle();
      const app = await requireApplication(id);
      refuse(principal, app, 'end');
      if (comment === null || comment.trim() === '') throw problems.validation([{ field: 'comment', messageKey: 'validation.commentRequired' }]);
      const now = clock.now();
      const todayDate = today();
      await db.transaction().execute(async (trx) => {
        for (const overlay of await overlaysOf(trx, app.id)) {
          if (overlay.effective_from >= now) {
            await updateRuleSet(trx, overlay.id, { status: 'retired', retired_at: now, retired_by: principal.userId, updated_at: now });
          } else if (overlay.effective_to === null || overlay.effective_to > now) {
            await updateRuleSet(trx, overlay.id, { effective_to: now, updated_at: now });
          }
        }
        const endDate = todayDate > app.start_date ? todayDate : app.start_date;
        await updateApplication(trx, app.id, { status: 'ENDED', end_date: endDate, updated_at: now });
        await recordTransition(trx, ctx, app, 'end', 'ENDED', comment.trim(), { endedAt: now });
        await bumpPolicyRevision(trx, now);
      });
      changed();
      return viewApplication(principal, id);
    },

    async evaluate(ctx: RequestContext, id: string, input: { recommendation: string; notes: string; activeCases?: number | null }): Promise<ApplicationView> {
      const principal = requirePrincipal(ctx);
      await advanceLifecycle();
      const app = await requireApplication(id);
      refuse(principal, app, 'evaluate');
      const done = (await listEvaluations(db, [app.id])).length;
      const week = done + 1;
      const activeCases = input.activeCases ?? (await activeCasesNow(app.region_code)).activeCases;
      await db.transaction().execute(async (trx) => {
        const now = clock.now();
        await insertEvaluation(trx, {
          id: newId(now),
          application_id: app.id,
          week,
          due_date: addDaysToDate(app.start_date, PKM_EVALUATION_PERIOD_DAYS * week),
          active_cases: activeCases,
          recommendation: input.recommendation,
          notes: input.notes.trim(),
          evaluated_at: now,
          evaluated_by: principal.userId,
          evaluated_by_username: principal.username,
        });
        await recordTransition(trx, ctx, app, 'evaluate', app.status, input.notes.trim(), { week, recommendation: input.recommendation, activeCases });
      });
      return viewApplication(principal, id);
    },

    async approvalLetterPdf(ctx: RequestContext, id: string): Promise<{ filename: string; pdf: Buffer }> {
      const principal = requirePrincipal(ctx);
      const app = await requireApplication(id);
      requireRead(principal, app);
      const letter = await findLetter(db, app.id);
      if (!letter) throw problems.notFound('pkmNoLetter.detail');
      const index = await getRegionIndex();
      const region = index.get(app.region_code);
      const kecamatan = region?.parentCode ? index.get(region.parentCode) : undefined;
      const pdf = await renderApprovalLetterPdf({
        number: letter.number,
        letterDate: letter.letter_date,
        approverName: letter.approver_name,
        cityName,
        regionName: region?.name ?? app.region_code,
        regionCode: app.region_code,
        regionType: region?.type ?? 'desa',
        kecamatanName: kecamatan?.name ?? null,
        adatName: index.get(app.adat_region_code)?.name ?? app.adat_region_code,
        submittedDate: app.submitted_at === null ? null : dateOfDay(dayNumberOf(app.submitted_at)),
        startDate: app.start_date,
        endDate: app.end_date,
        lengthDays: app.length_days,
        activeCases: app.active_cases,
        activeCasesDate: app.active_cases_date,
        grounds: app.grounds,
        rules: JSON.parse(app.rules) as Rule[],
        borderPosts: app.border_posts,
        maxGatheringSize: app.max_gathering_size,
        otherMeasures: app.other_measures,
        applicationId: app.id,
        timeZoneLabel: timeZoneAbbreviation(timeZone),
      });
      const safe = letter.number.replace(/[^A-Za-z0-9]+/g, '-');
      return { filename: `surat-persetujuan-pkm-${safe}.pdf`, pdf };
    },

    /** For /rules/in-force: checks the venue type against the sector. */
    checkVenueType(sector: SectorCode, venueType: string | undefined): VenueTypeCode | null {
      if (venueType === undefined) return null;
      if (!isVenueTypeCode(venueType) || sectorOfVenueType(venueType) !== sector) {
        throw problems.validation([{ field: 'venueType', messageKey: 'validation.venueTypeSector', params: { venueType, sector } }]);
      }
      return venueType;
    },

    parseInstant,
    now: () => clock.now(),
  };
}

export type PoliciesService = ReturnType<typeof createPoliciesService>;
