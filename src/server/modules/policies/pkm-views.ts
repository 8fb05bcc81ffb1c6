/** Village PKM applications as they leave the server: names from the region index, evaluations due, allowed actions. */
import type { Db } from '../../db/kysely.js';
import { problems } from '../../shared/errors.js';
import { addDaysToDate } from '../../shared/local-time.js';
import type { Principal } from '../accounts/index.js';
import { partiesOf } from './policies.access.js';
import { allowedActions, PKM_EVALUATION_PERIOD_DAYS } from './pkm-workflow.js';
import { presentApplication, type ApplicationView } from './policies.presenter.js';
import { findApplication, findLetter, listEvaluations, listTransitions } from './policies.repository.js';
import type { PkmApplicationsTable } from './policies.table.js';
import type { RegionIndex } from './region-index.js';

export function nextEvaluationDue(app: PkmApplicationsTable, evaluations: number): string | null {
  if (app.status !== 'ACTIVE') return null;
  const due = addDaysToDate(app.start_date, PKM_EVALUATION_PERIOD_DAYS * (evaluations + 1));
  return due <= app.end_date ? due : null;
}

export function createPkmViews(deps: { db: Db; timeZone: string; regionIndex: RegionIndex; today: () => string }) {
  const { db, timeZone, regionIndex, today } = deps;

  async function many(principal: Principal, rows: PkmApplicationsTable[], withDetails: boolean): Promise<ApplicationView[]> {
    const index = await regionIndex.all();
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
            allowedActions: allowedActions(principal, partiesOf(row)),
            createdByUsername: createdBy,
          },
          timeZone,
        ),
      );
    }
    return out;
  }

  /** One application as stored now, with its transitions and evaluations (after the caller was allowed to act). */
  async function one(principal: Principal, id: string): Promise<ApplicationView> {
    const app = await findApplication(db, id);
    if (!app) throw problems.notFound('pkmNotFound.detail');
    const [view] = await many(principal, [app], true);
    return view as ApplicationView;
  }

  return { many, one };
}

export type PkmViews = ReturnType<typeof createPkmViews>;
