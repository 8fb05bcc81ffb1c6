import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { PG_ADMIN_URL, postgresReachable } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAvailable: boolean;
  }
}

/**
 * Decides once per run whether the PostgreSQL suites can run. On a laptop without PostgreSQL they are skipped
 * with a loud banner; in CI (CI=true) a missing server fails the run, so nothing is ever skipped there.
 */
export default async function setup(project: TestProject): Promise<void> {
  const available = process.env.JB_SKIP_POSTGRES === '1' ? false : await postgresReachable();
  if (!available) {
    const banner = [
      '',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      `!!  PostgreSQL NOT reachable at ${PG_ADMIN_URL}`,
      '!!  The PostgreSQL database suites are SKIPPED in this run (SQLite ran).',
      '!!  Start PostgreSQL or set PG_TEST_URL to run them.',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '',
    ].join('\n');
    if (process.env.CI === 'true') throw new Error(`CI requires PostgreSQL for the database suites.${banner}`);
    process.stderr.write(banner);
    // Tells scripts/test.mjs to repeat it in the final summary.
    if (process.env.JB_TEST_STATUS_DIR) writeFileSync(path.join(process.env.JB_TEST_STATUS_DIR, 'postgres-skipped'), PG_ADMIN_URL);
  }
  project.provide('postgresAvailable', available);
}
