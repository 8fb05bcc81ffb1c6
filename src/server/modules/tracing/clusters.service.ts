import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordListRead } from '../audit/index.js';
import type { RegionsService } from '../regions/index.js';
import { DAY } from './case-timing.js';
import type { TracingAccess } from './tracing.access.js';
import type { ClustersView, ClusterView, TracingPresenter } from './tracing.presenter.js';
import { allVenueNotices } from './tracing.read-model.js';
import * as repo from './tracing.repository.js';
import type { TracingSettings } from './tracing.rules.js';
import type { CasesTable } from './tracing.table.js';

export interface ClustersDeps {
  db: Db;
  clock: Clock;
  settings: TracingSettings;
  access: TracingAccess;
  presenter: TracingPresenter;
  regions: Pick<RegionsService, 'get'>;
}

/** Items whose times lie within `span` of the previous one form a group; groups of two or more distinct keys count. */
export function groupsWithin<T>(items: T[], span: number, at: (x: T) => number, key: (x: T) => string): T[][] {
  const sorted = [...items].sort((a, b) => at(a) - at(b));
  const out: T[][] = [];
  let current: T[] = [];
  for (const x of sorted) {
    if (current.length > 0 && at(x) - at(current[current.length - 1]!) > span) {
      out.push(current);
      current = [];
    }
    current.push(x);
  }
  if (current.length) out.push(current);
  return out.filter((g) => new Set(g.map(key)).size >= 2);
}

export function createClustersService(deps: ClustersDeps) {
  const { db, clock, settings, access, presenter } = deps;

  return {
    /**
     * Clusters: a venue with two or more confirmed cases whose visits there fall within `clusterDays` of each other,
     * and a desa with two or more confirmed cases whose episodes do; plus the chains of who was infected by whom.
     */
    async clusters(ctx: RequestContext): Promise<ClustersView> {
      const principal = access.requirePermission(ctx, 'cases:read');
      const inScope = (code: string) => principal.canIn('cases:read', code);
      const cases = (await repo.confirmedCases(db)).filter((c) => inScope(c.residence_code));
      const caseIds = new Set(cases.map((c) => c.id));
      const span = settings.clusterDays * DAY;
      const venueClusters: ClusterView[] = [];
      const notices = (await allVenueNotices(db)).filter((n) => caseIds.has(n.case_id) || inScope(n.region_code));
      const byVenue = new Map<string, typeof notices>();
      for (const n of notices) byVenue.set(n.venue_id, [...(byVenue.get(n.venue_id) ?? []), n]);
      for (const [venueId, list] of byVenue) {
        for (const g of groupsWithin(list, span, (n) => n.from_at, (n) => n.case_id)) {
          const ids = [...new Set(g.map((n) => n.case_id))];
          venueClusters.push({ kind: 'venue', key: venueId, name: g[0]!.venue_name, size: ids.length, from: g[0]!.date, to: g[g.length - 1]!.date, caseIds: ids });
        }
      }
      const desaClusters: ClusterView[] = [];
      const byDesa = new Map<string, CasesTable[]>();
      for (const c of cases) byDesa.set(c.residence_code, [...(byDesa.get(c.residence_code) ?? []), c]);
      for (const [code, list] of byDesa) {
        for (const g of groupsWithin(list, span, (c) => Date.parse(c.episode_date), (c) => c.id)) {
          const region = await deps.regions.get(code).catch(() => null);
          desaClusters.push({ kind: 'desa', key: code, name: region?.name ?? code, size: g.length, from: g[0]!.episode_date, to: g[g.length - 1]!.episode_date, caseIds: g.map((c) => c.id) });
        }
      }
      const all = [...venueClusters, ...desaClusters].sort((a, b) => b.size - a.size || b.to.localeCompare(a.to));
      const shown = new Set(all.flatMap((c) => c.caseIds));
      const allCases = (await repo.listCasesInScopes(db, principal.scopesFor('cases:read'), 2000)).filter((c) => shown.has(c.id) || c.source_case_id !== null);
      const chains = allCases.filter((c) => c.source_case_id !== null).map((c) => ({ caseId: c.id, sourceCaseId: c.source_case_id! }));
      const involved = new Set([...shown, ...chains.flatMap((l) => [l.caseId, l.sourceCaseId])]);
      const labels = allCases.filter((c) => involved.has(c.id)).map(presenter.clusterCaseLabel);
      await recordListRead(db, clock, ctx, principal.scopesFor('cases:read'), { action: 'cluster.list', entityType: 'case', details: { clusters: all.length } });
      return { clusters: all, cases: labels, links: chains };
    },
  };
}
