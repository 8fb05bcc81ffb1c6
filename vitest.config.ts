import { defineConfig } from 'vitest/config';

// Unit, service and real-database tests. Browser tests live in vitest.e2e.config.ts.
export default defineConfig({
  test: {
    include: ['src/server/**/*.test.ts', 'src/common/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'dist/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
