import { defineConfig } from 'vitest/config';

// `unit` runs anywhere; `chromium` needs Debian's Chromium and a build; `docker` needs a live engine
// (scripts/test-env.sh starts one).
export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'test-results/vitest-results.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.docker.test.ts', '**/*.chromium.test.ts', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        // Needs Debian's Chromium and the built renderer (`npm test` builds first).
        test: {
          name: 'chromium',
          include: ['src/**/*.chromium.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'docker',
          include: ['src/**/*.docker.test.ts', 'test/**/*.docker.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
