import { defineConfig } from 'vitest/config';

/**
 * Test projects (STYLE.md §Tests): `unit` holds example-based tests, `property` the fast-check
 * properties. Slow suites (crash, model) get their own project when they exist.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.property.test.ts'],
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
    ],
  },
});
