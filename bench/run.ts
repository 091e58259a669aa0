/** `npm run bench [name-filter]`: runs the named benchmarks and prints ratios against their baselines. */
import { formatResult, runBenchmark } from './harness';
import { imagesListBenchmarks } from './images-list.bench';

async function main(): Promise<void> {
  const filter = process.argv[2];
  const benchmarks = imagesListBenchmarks().filter((b) => !filter || b.name.includes(filter));
  if (benchmarks.length === 0) {
    console.error(`No benchmark matches "${filter}".`);
    process.exitCode = 1;
    return;
  }
  for (const benchmark of benchmarks) {
    console.log(`# ${benchmark.name}: ${benchmark.description}`);
    console.log(formatResult(await runBenchmark(benchmark), benchmark));
  }
}

void main();
