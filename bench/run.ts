/** `npm run bench [name-filter]`: runs the named benchmarks and prints ratios against their baselines. */
import { analysisBenchmarks } from './analysis.bench';
import { cliBenchmarks } from './cli.bench';
import { corpusBenchmarks } from './corpus.bench';
import { explorerBenchmarks } from './explorer.bench';
import { fuzzBenchmarks } from './fuzz.bench';
import { formatResult, isProbe, runBenchmark, type BenchEntry } from './harness';
import { imagesListBenchmarks } from './images-list.bench';
import { rebuildBenchmarks } from './rebuild.bench';
import { registryBenchmarks } from './registry.bench';
import { scaleBenchmarks } from './scale.bench';

// Each suite builds its entries lazily, so a filter that skips a suite skips its setup too.
const suites: (() => BenchEntry[])[] = [
  cliBenchmarks,
  imagesListBenchmarks,
  analysisBenchmarks,
  rebuildBenchmarks,
  corpusBenchmarks,
  explorerBenchmarks,
  scaleBenchmarks,
  fuzzBenchmarks,
  registryBenchmarks,
];

async function main(): Promise<void> {
  const filter = process.argv[2];
  let ran = 0;
  for (const suite of suites) {
    for (const entry of suite().filter((b) => !filter || b.name.includes(filter))) {
      console.log(`# ${entry.name}: ${entry.description}`);
      console.log(isProbe(entry) ? await entry.run() : formatResult(await runBenchmark(entry), entry));
      ran++;
    }
  }
  if (ran === 0) {
    console.error(`No benchmark matches "${filter}".`);
    process.exitCode = 1;
  }
}

void main();
