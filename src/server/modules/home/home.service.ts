import { problems } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import { WORK_KINDS, type WorkCount } from '../../shared/work.js';

/** One module's answer to "what waits for this caller?": the kinds their roles can have, each counted in their scope. */
export type WorkProvider = (ctx: RequestContext) => Promise<WorkCount[]>;

/*
 * The staff home page (GET /me/work). It owns no table and counts nothing itself: each module counts its own kinds in
 * its own repository or read model (venues, policies, tracing, check-ins) within the caller's role and region scope;
 * this puts the answers together in one stable order.
 */
export function createHomeService(deps: { providers: WorkProvider[] }) {
  return {
    async work(ctx: RequestContext): Promise<WorkCount[]> {
      if (!ctx.principal) throw problems.unauthenticated();
      const all = (await Promise.all(deps.providers.map((p) => p(ctx)))).flat();
      return all.sort((a, b) => WORK_KINDS.indexOf(a.kind) - WORK_KINDS.indexOf(b.kind));
    },
  };
}

export type HomeService = ReturnType<typeof createHomeService>;
