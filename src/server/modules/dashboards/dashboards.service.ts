import type { Db } from '../../db/kysely.js';
import { primaryReads, type ReadSource } from '../../db/read-replica.js';
import type { Clock } from '../../shared/clock.js';
import { problems, type FieldError } from '../../shared/errors.js';
import { addDaysToDate, localDate } from '../../shared/local-time.js';
import type { RequestContext } from '../../shared/request-context.js';
import { toCsv } from '../../shared/csv.js';
import type { Language } from '../../shared/language.js';
import { texts } from '../../shared/texts.js';
import { isVillage, type RegionsService } from '../regions/index.js';
import { computePanel, PANELS, type ColumnKey, type Panel, type PanelRegion, type PanelScope } from './panels.js';

/** A panel's column labels in one language (the catalogue's `dashboards.columns`): the CSV's header line. */
export function columnLabels(lang: Language, columns: readonly ColumnKey[]): string[] {
  const labels = texts(lang, 'dashboards').columns;
  return columns.map((c) => labels[c]);
}

export interface DashboardQuery {
  region?: string;
  from?: string;
  to?: string;
}

export interface Dashboard {
  region: PanelRegion;
  /** The path from the caller's outermost scope down to the region (the drill-down's breadcrumb). */
  path: PanelRegion[];
  /** The next level of the drill-down. */
  children: PanelRegion[];
  from: string;
  to: string;
  panels: Panel[];
}

export interface DashboardsDeps {
  db: Db;
  /** Where the panels read (the replica when READ_DATABASE_URL is set and within its lag; db/read-replica.ts). */
  reads?: ReadSource;
  clock: Clock;
  timeZone: string;
  clusterDays: number;
  regions: Pick<RegionsService, 'list' | 'get' | 'requireRegion'>;
}

/** Child levels drawn on the dashboard: kecamatan under the city, desa/kelurahan under a kecamatan; nothing below. */
const DRILL_TYPES = new Set(['kecamatan', 'desa', 'kelurahan']);
/** At most a year and a day on one page. */
const MAX_DAYS = 366;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function createDashboardsService(deps: DashboardsDeps) {
  const { clock, timeZone, regions } = deps;
  const reads = deps.reads ?? primaryReads(deps.db);
  let names: { at: number; map: Map<string, string> } | null = null;

  async function regionNames(): Promise<Map<string, string>> {
    // Region names change only on import or an administrator's edit: a minute-old list is good enough.
    if (names && clock.now() - names.at < 60_000) return names.map;
    const all = await regions.list({});
    names = { at: clock.now(), map: new Map(all.map((r) => [r.code, r.name])) };
    return names.map;
  }

  function checkPeriod(from: string, to: string): void {
    const errors: FieldError[] = [];
    for (const [field, value] of [['from', from], ['to', to]] as const) {
      if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
        errors.push({ field, messageKey: 'validation.invalidDate' });
      }
    }
    if (errors.length === 0 && from > to) errors.push({ field: 'to', messageKey: 'validation.endBeforeStart' });
    if (errors.length === 0 && addDaysToDate(from, MAX_DAYS) <= to) errors.push({ field: 'from', messageKey: 'validation.invalid' });
    if (errors.length) throw problems.validation(errors);
  }

  /** A region's scope for the panels; `visible` keeps the breadcrumb within what the caller may open. */
  async function scopeFor(code: string, from: string, to: string, visible: (code: string) => boolean): Promise<PanelScope & { path: PanelRegion[] }> {
    const detail = await regions.get(code);
    const region = { code: detail.code, name: detail.name, type: detail.type };
    const children = isVillage(region.type)
      ? []
      : (await regions.list({ parentCode: code })).filter((r) => DRILL_TYPES.has(r.type)).map((r) => ({ code: r.code, name: r.name, type: r.type }));
    const path = [...detail.ancestors, region].filter((r) => visible(r.code)).map((r) => ({ code: r.code, name: r.name, type: r.type }));
    return { region, children, from, to, timeZone, clusterDays: deps.clusterDays, names: await regionNames(), path };
  }

  /** The region the caller may see (their outermost scope when none is named) and the period, checked. */
  async function scopeOf(ctx: RequestContext, q: DashboardQuery): Promise<PanelScope & { path: PanelRegion[] }> {
    const principal = ctx.principal;
    if (!principal) throw problems.unauthenticated();
    const scopes = principal.scopesFor('dashboards:read');
    if (scopes.length === 0) throw problems.forbidden();
    const code = q.region ?? [...scopes].sort((a, b) => a.length - b.length || a.localeCompare(b))[0]!;
    if (!principal.canIn('dashboards:read', code)) throw problems.outOfScope(code);
    const to = q.to ?? localDate(clock.now(), timeZone);
    const from = q.from ?? addDaysToDate(to, -27);
    checkPeriod(from, to);
    return scopeFor(code, from, to, (c) => principal.canIn('dashboards:read', c));
  }

  async function build(scope: PanelScope & { path: PanelRegion[] }): Promise<Dashboard> {
    const panels: Panel[] = [];
    // One source for the whole page, so its panels agree with one another.
    const db = reads.db();
    for (const p of PANELS) panels.push(await computePanel(db, p, scope));
    return { region: scope.region, path: scope.path, children: scope.children, from: scope.from, to: scope.to, panels };
  }

  return {
    async dashboard(ctx: RequestContext, q: DashboardQuery): Promise<Dashboard> {
      return build(await scopeOf(ctx, q));
    },

    /** One panel as CSV: a header of the columns' labels in the caller's language, every cell quoted and formula-safe. */
    async panelCsv(ctx: RequestContext, id: string, q: DashboardQuery): Promise<{ filename: string; body: string }> {
      const definition = PANELS.find((p) => p.id === id);
      if (!definition) throw problems.notFound();
      const scope = await scopeOf(ctx, q);
      const panel = await computePanel(reads.db(), definition, scope);
      return { filename: `${panel.id}-${scope.region.code}-${scope.from}-${scope.to}.csv`, body: toCsv(columnLabels(ctx.lang, definition.columns), panel.rows) };
    },

    /** Whether the caller may watch the dashboard of a region (the event stream checks before it opens). */
    async checkWatch(ctx: RequestContext, region: string | undefined): Promise<void> {
      await scopeOf(ctx, { region });
    },

    /**
     * The same panels for a region and period without a caller (the weekly report's job, which sends each subscriber
     * the report of their own scope): the caller's access is checked by whoever calls this.
     */
    async figuresFor(regionCode: string, from: string, to: string): Promise<Dashboard> {
      checkPeriod(from, to);
      return build(await scopeFor(regionCode, from, to, () => true));
    },
  };
}

export type DashboardsService = ReturnType<typeof createDashboardsService>;
