/**
 * Benchmarks compare LayerLens with a baseline measured in the same run, on the same machine, interleaved
 * so that load or cache effects hit both sides alike; only ratios are reported.
 */
export interface Side {
  label: string;
  run: () => Promise<unknown>;
}

export interface Benchmark {
  name: string;
  description: string;
  iterations: number;
  baseline: Side;
  candidate: Side;
  /** The ratio the candidate must stay within (candidate / baseline), if any: above it the probe reports MISSED. */
  targetRatio?: number;
  setup?: () => Promise<void>;
  teardown?: () => Promise<void>;
}

/** A measurement that is not a timing pair (peak memory, a size): it prints its figures against targets. */
export interface Probe {
  name: string;
  description: string;
  run: () => Promise<string>;
}

export type BenchEntry = Benchmark | Probe;

export function isProbe(entry: BenchEntry): entry is Probe {
  return 'run' in entry;
}

export interface BenchmarkResult {
  name: string;
  baselineMs: number;
  candidateMs: number;
  ratio: number;
  targetRatio?: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function time(side: Side): Promise<number> {
  const start = process.hrtime.bigint();
  await side.run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function runBenchmark(benchmark: Benchmark): Promise<BenchmarkResult> {
  await benchmark.setup?.();
  try {
    // One warm-up each, then alternate which side goes first.
    await time(benchmark.baseline);
    await time(benchmark.candidate);
    const base: number[] = [];
    const cand: number[] = [];
    for (let i = 0; i < benchmark.iterations; i++) {
      if (i % 2 === 0) {
        base.push(await time(benchmark.baseline));
        cand.push(await time(benchmark.candidate));
      } else {
        cand.push(await time(benchmark.candidate));
        base.push(await time(benchmark.baseline));
      }
    }
    const baselineMs = median(base);
    const candidateMs = median(cand);
    return { name: benchmark.name, baselineMs, candidateMs, ratio: candidateMs / baselineMs, targetRatio: benchmark.targetRatio };
  } finally {
    await benchmark.teardown?.();
  }
}

export function formatResult(result: BenchmarkResult, benchmark: Benchmark): string {
  const target =
    result.targetRatio === undefined ? '' : `  target <= ${result.targetRatio.toFixed(2)} ${result.ratio <= result.targetRatio ? 'MET' : 'MISSED'}`;
  return (
    `${result.name}: ${benchmark.candidate.label} ${result.candidateMs.toFixed(1)} ms vs ` +
    `${benchmark.baseline.label} ${result.baselineMs.toFixed(1)} ms (median of ${benchmark.iterations}) ` +
    `-> ratio ${result.ratio.toFixed(2)}${target}`
  );
}
