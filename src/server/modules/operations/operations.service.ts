import type { Db } from '../../db/kysely.js';
import { AppError } from '../../shared/errors.js';
import { ping } from './operations.repository.js';

/** Operations: the health check a load balancer or an orchestrator polls (public, no caller to authorise). */
export function createOperationsService(deps: { db: Db }) {
  return {
    async health(): Promise<{ status: 'ok' }> {
      try {
        await ping(deps.db);
      } catch {
        throw new AppError(503, 'database-unavailable', 'unavailable.title');
      }
      return { status: 'ok' };
    },
  };
}

export type OperationsService = ReturnType<typeof createOperationsService>;
