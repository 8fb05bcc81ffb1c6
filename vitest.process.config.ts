import { defineConfig } from 'vitest/config';

// Suites that start real server processes (start-up, SIGKILL durability, several processes on one database).
// Slower than the fast loop, so `npm run test:unit` leaves them out; `npm test` runs them.
export default defineConfig({
  test: {
    include: ['test/process/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: 'forks',
  },
});
