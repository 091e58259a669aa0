import { defineConfig } from 'vitest/config';

// `unit` runs anywhere; `chromium` needs Debian's Chromium and a build; `docker` needs a live engine
// (scripts/test-env.sh starts one). The engine projects make their own image archives in every format.
// `podman` runs the real-engine paths against Podman's Docker-compatible socket (test-env.sh starts it;
// scripts/test.sh runs the project after the others) and skips loudly without it.
export default defineConfig({
  test: {
    // scripts/test.sh runs the podman project on its own, after the others, into a report of its own.
    reporters: ['default', ['json', { outputFile: process.env.LAYERLENS_VITEST_JSON || 'test-results/vitest-results.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.docker.test.ts', '**/*.chromium.test.ts', '**/*.podman.test.ts', 'node_modules/**'],
          environment: 'node',
          // Says once, loudly, when dive's archives are absent and the dive-compatibility tests skip.
          globalSetup: ['test/dive-notice.setup.ts'],
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
          globalSetup: ['test/archive-fixtures.setup.ts'],
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
          // Image archives in every format, made from an engine image (test/archive-fixtures.ts).
          globalSetup: ['test/archive-fixtures.setup.ts'],
        },
      },
      {
        test: {
          name: 'podman',
          include: ['src/**/*.podman.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // Checks the socket and the stand-in images once; says loudly why the project skips without them.
          globalSetup: ['test/podman.setup.ts'],
        },
      },
    ],
  },
});
