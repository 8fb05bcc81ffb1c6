import { defineConfig } from 'vitest/config';

// Suites that start real server processes (start-up, SIGKILL durability, several processes on one database, backup
// and restore), the SQLite checkpointer's timing test, which must not share the cores with other files, and the
// OpenAPI fuzz test (thousands of requests, test/api/fuzz.test.ts) and the region × role × route matrix
// (test/api/region-scope-matrix.test.ts).
// Slower than the fast loop, so `npm run test:unit` leaves them out; `npm test` runs them, one file at a time.
export default defineConfig({
  test: {
    include: ['test/process/**/*.test.ts', 'test/db/sqlite-checkpointer.test.ts', 'test/api/fuzz.test.ts', 'test/api/region-scope-matrix.test.ts'],
    maxWorkers: 1,
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: 'forks',
  },
});
