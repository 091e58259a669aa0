/**
 * The fuzz tests' longer run: a minute each (LAYERLENS_FUZZ_MS) of mutated archives through the archive
 * readers and of mutated Dockerfiles through the lean rebuild's planning (test/fuzz). Prints the cases and
 * their outcomes by error code; a failure prints the case seed that replays it in the fuzz tests
 * (LAYERLENS_FUZZ_CASE=<seed> npx vitest run --project unit <test file>).
 */
import { archiveTargets } from '../test/fuzz/archive-targets';
import { dockerfileTargets } from '../test/fuzz/dockerfile-targets';
import { formatReport, fuzz, fuzzOptions, FuzzFailure, type FuzzTarget } from '../test/fuzz/engine';
import type { Probe } from './harness';

const defaultMs = 60_000;

function fuzzProbe(name: string, description: string, setup: () => Promise<{ targets: FuzzTarget<unknown>[]; dispose(): Promise<void> }>): Probe {
  return {
    name,
    description,
    run: async () => {
      const fixtures = await setup();
      try {
        return formatReport(await fuzz(fixtures.targets, fuzzOptions(defaultMs)));
      } catch (error) {
        if (error instanceof FuzzFailure) return `FAILED: ${error.message}`;
        throw error;
      } finally {
        await fixtures.dispose();
      }
    },
  };
}

export function fuzzBenchmarks(): Probe[] {
  return [
    fuzzProbe('fuzz archives', 'mutated docker-save and OCI archives and layout folders: an image or a LayerLensError, never a hang', archiveTargets),
    fuzzProbe('fuzz dockerfiles', 'mutated Dockerfiles through parseDockerfile and planOptimization: a plan or a LayerLensError', dockerfileTargets),
  ];
}
