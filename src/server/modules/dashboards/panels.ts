import type { Db } from '../../db/kysely.js';
import type { Catalogue } from '../../shared/texts.js';
import { localDateTimeToEpochMs, addDaysToDate } from '../../shared/local-time.js';
import { newcomersInIsolation } from '../arrivals/index.js';
import { checkinStats } from '../checkins/index.js';
import { checksByResult, violationsByOffenceAndTeam } from '../enforcement/index.js';
import { pkmFigures, zoneHistoryCounts, zonesOn } from '../policies/index.js';
import { activeCasesByResidence, casesByOnset, desaClusters } from '../tracing/index.js';
import { inspectionFigures, venuesByBadge, worstRatedVenues } from '../venues/index.js';

/*
 * The dashboard's panels (issue #17): one registry entry per panel. Each reads its figures through its owner module's
 * front door (a read model or repository function there; no SQL here) and returns rows of plain cells. A new source of
 * data is one more entry; the web app draws a panel by its kind and reads it as a table, the CSV export writes it.
 */
export const PANEL_KINDS = ['choropleth', 'line', 'bar', 'table'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];
export type Cell = string | number | null;

export interface PanelRegion {
  code: string;
  name: string;
  type: string;
}

/** What a panel is computed for: a region, its child regions (the next drill-down level) and local dates inclusive. */
export interface PanelScope {
  region: PanelRegion;
  children: PanelRegion[];
  from: string;
  to: string;
  timeZone: string;
  clusterDays: number;
  /** Names of every region by code (for rows naming a desa). */
  names: ReadonlyMap<string, string>;
}

/** A column's key: the catalogue's `dashboards.columns.<key>` names it (the web table, the PDF, the CSV header). */
export type ColumnKey = keyof Catalogue['dashboards']['columns'];

export interface PanelDefinition {
  id: string;
  kind: PanelKind;
  columns: readonly ColumnKey[];
  rows: (db: Db, scope: PanelScope) => Promise<Cell[][]>;
}

export interface Panel {
  id: string;
  kind: PanelKind;
  columns: string[];
  rows: Cell[][];
}

const ZONE_ORDER = ['green', 'yellow', 'orange', 'red'];
const within = (code: string, prefix: string) => code === prefix || code.startsWith(`${prefix}.`);

/** The areas a figure is split into: the child regions, or the region itself at the last level. */
function areas(scope: PanelScope): PanelRegion[] {
  return scope.children.length > 0 ? scope.children : [scope.region];
}

const startOf = (date: string, timeZone: string) => localDateTimeToEpochMs(date, '00:00', timeZone);

export const PANELS: readonly PanelDefinition[] = [
  {
    id: 'zone-map',
    kind: 'choropleth',
    columns: ['regionCode', 'region', 'zone', 'activeCases'],
    async rows(db, scope) {
      const zones = await zonesOn(db, scope.region.code, scope.to);
      return areas(scope).map((area) => {
        const mine = zones.filter((z) => within(z.regionCode, area.code));
        const worst = mine.reduce<string | null>((w, z) => (w === null || ZONE_ORDER.indexOf(z.colour) > ZONE_ORDER.indexOf(w) ? z.colour : w), null);
        return [area.code, area.name, worst, mine.reduce((n, z) => n + z.activeCases, 0)];
      });
    },
  },
  {
    id: 'zone-history',
    kind: 'line',
    columns: ['date', 'zone', 'desa'],
    rows: async (db, scope) => (await zoneHistoryCounts(db, scope.region.code, scope.from, scope.to)).map((r) => [r.date, r.colour, r.count]),
  },
  {
    id: 'epi-curve',
    kind: 'bar',
    columns: ['date', 'category', 'cases'],
    rows: async (db, scope) => (await casesByOnset(db, scope.region.code, scope.from, scope.to)).map((r) => [r.date, r.category, r.count]),
  },
  {
    id: 'active-cases',
    kind: 'table',
    columns: ['regionCode', 'region', 'activeCases'],
    async rows(db, scope) {
      const byDesa = await activeCasesByResidence(db, scope.region.code, scope.to);
      return areas(scope).map((area) => [area.code, area.name, [...byDesa].filter(([code]) => within(code, area.code)).reduce((n, [, c]) => n + c, 0)]);
    },
  },
  {
    id: 'checkins-per-day',
    kind: 'line',
    columns: ['date', 'checkins'],
    rows: async (db, scope) => (await checkinStats(db, scope.region.code, scope.from, scope.to, scope.timeZone)).perDay.map((r) => [r.date, r.count]),
  },
  {
    id: 'checkins-per-hour',
    kind: 'bar',
    columns: ['hour', 'checkins'],
    rows: async (db, scope) => (await checkinStats(db, scope.region.code, scope.from, scope.to, scope.timeZone)).perHour.map((r) => [r.hour, r.count]),
  },
  {
    id: 'venues-by-band',
    kind: 'bar',
    columns: ['band', 'venues'],
    async rows(db, scope) {
      const by = new Map((await venuesByBadge(db, scope.region.code)).map((r) => [r.badge, r.count]));
      return ['green', 'yellow', 'red', 'grey'].map((band) => [band, by.get(band) ?? 0]);
    },
  },
  {
    id: 'worst-venues',
    kind: 'table',
    columns: ['venue', 'region', 'score'],
    rows: async (db, scope) => (await worstRatedVenues(db, scope.region.code, 10)).map((v) => [v.name, scope.names.get(v.regionCode) ?? v.regionCode, v.score]),
  },
  {
    id: 'inspections',
    kind: 'bar',
    columns: ['measure', 'count'],
    async rows(db, scope) {
      const f = await inspectionFigures(db, scope.region.code, startOf(scope.from, scope.timeZone), startOf(addDaysToDate(scope.to, 1), scope.timeZone), scope.to);
      return [['done', f.done], ['followUpsDue', f.followUpsDue], ['neverInspected', f.neverInspected]];
    },
  },
  {
    id: 'violations',
    kind: 'table',
    columns: ['offence', 'team', 'violations', 'finesIdr'],
    rows: async (db, scope) => (await violationsByOffenceAndTeam(db, scope.region.code, scope.from, scope.to)).map((r) => [r.offence, r.team, r.violations, r.finesIdr]),
  },
  {
    id: 'pkm-stages',
    kind: 'bar',
    columns: ['stage', 'applications'],
    rows: async (db, scope) => (await pkmFigures(db, scope.region.code, scope.to)).byStage.map((r) => [r.status, r.count]),
  },
  {
    id: 'pkm-overdue',
    kind: 'table',
    columns: ['regionCode', 'region', 'due'],
    rows: async (db, scope) => (await pkmFigures(db, scope.region.code, scope.to)).overdue.map((r) => [r.regionCode, scope.names.get(r.regionCode) ?? r.regionCode, r.due]),
  },
  {
    id: 'clusters',
    kind: 'table',
    columns: ['regionCode', 'region', 'cases', 'from', 'to'],
    rows: async (db, scope) =>
      (await desaClusters(db, scope.region.code, scope.from, scope.to, scope.clusterDays)).map((c) => [c.regionCode, scope.names.get(c.regionCode) ?? c.regionCode, c.size, c.from, c.to]),
  },
  {
    id: 'border-checks',
    kind: 'bar',
    columns: ['result', 'checks'],
    rows: async (db, scope) => (await checksByResult(db, scope.region.code, scope.from, scope.to)).map((r) => [r.result, r.count]),
  },
  {
    id: 'newcomers',
    kind: 'bar',
    columns: ['status', 'newcomers'],
    rows: async (db, scope) => (await newcomersInIsolation(db, scope.region.code, scope.to)).map((r) => [r.status, r.count]),
  },
];

export const PANEL_IDS = PANELS.map((p) => p.id);

export async function computePanel(db: Db, definition: PanelDefinition, scope: PanelScope): Promise<Panel> {
  return { id: definition.id, kind: definition.kind, columns: [...definition.columns], rows: await definition.rows(db, scope) };
}
