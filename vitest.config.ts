import { defineConfig } from 'vitest/config';

// The fast loop (`npm run test:unit`): unit, service, API and real-database tests, in process.
// Suites that spawn whole server processes live in vitest.process.config.ts, browser tests in vitest.e2e.config.ts;
// `npm test` runs all three.
export default defineConfig({
  test: {
    include: ['src/server/**/*.test.ts', 'src/common/**/*.test.ts', 'test/**/*.test.ts'],
    // The checkpointer test measures how a thread keeps up with a steady writer, and the fuzz test and the region
    // matrix send thousands of requests: they run with the process suites (npm run test:process), so this loop stays
    // under a minute.
    exclude: ['test/e2e/**', 'test/process/**', 'test/db/sqlite-checkpointer.test.ts', 'test/api/fuzz.test.ts', 'test/api/region-scope-matrix.test.ts', 'node_modules/**', 'dist/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest leaves one core free by default; on a 2-core machine that runs the files one at a time. The suites are
    // independent (a scratch database and an app of their own each), so use both cores, and let a worker keep its
    // loaded modules from one file to the next (isolate: false): importing the app again for every file cost more
    // than the tests themselves. About 35 s here instead of 75 s.
    maxWorkers: 2,
    isolate: false,
  },
});
