import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs anywhere; `docker` needs a live engine (scripts/test-env.sh starts one).
export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'test-results/vitest-results.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.docker.test.ts', 'node_modules/**'],
          environment: 'node',
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
