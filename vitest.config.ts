import { defineConfig } from 'vitest/config';

/**
 * Test projects (STYLE.md §Tests): `unit` holds example-based tests, `property` the fast-check
 * properties, `crash` the tests that SIGKILL a writer child (test/crash/, STYLE.md §29; more
 * kills with SEALTABLE_CRASH_ITERATIONS). Slow suites (model) get their own project when they exist.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.property.test.ts', 'test/crash/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'property',
          include: ['test/**/*.property.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'crash',
          include: ['test/crash/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
