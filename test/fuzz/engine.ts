/**
 * A small mutation fuzzer. Valid inputs are mutated by a seeded PRNG (byte flips, truncation, insertion,
 * duplicated ranges, and whatever structure-aware changes a target adds) and fed to the code under test
 * for a bounded time. Every outcome must be a success or a LayerLensError (not INTERNAL), within a time
 * limit: anything else fails naming the case's seed, which replays that one case.
 *
 *   LAYERLENS_FUZZ_MS=60000     run longer (per fuzz run)
 *   LAYERLENS_FUZZ_SEED=<n>     start from this seed instead of a random one
 *   LAYERLENS_FUZZ_CASE=<n>     replay one failing case
 */
import { LayerLensError } from '../../src/shared/errors';

/** sfc32: small, fast and good enough to drive mutations; the same seed gives the same stream. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = seed >>> 0;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A uint32. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() / 0x1_0000_0000 < p;
  }
}

/** The seed of case `i` of a run: spread out so that neighbouring cases differ in every bit. */
export function caseSeed(runSeed: number, i: number): number {
  let h = (runSeed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export type ByteMutator = (input: Buffer, rng: Prng) => Buffer;

/** Values that break parsers more often than random ones: boundaries, NUL, tar's octal digits, JSON's braces. */
const interesting = [0x00, 0xff, 0x7f, 0x80, 0x30, 0x37, 0x20, 0x22, 0x5b, 0x7b, 0x0a];

function span(input: Buffer, rng: Prng): [number, number] {
  const start = rng.int(input.length + 1);
  const length = rng.chance(0.8) ? rng.int(16) + 1 : rng.int(Math.max(1, input.length - start) + 1);
  return [start, Math.min(input.length, start + length)];
}

export const byteMutators: Record<string, ByteMutator> = {
  flip(input, rng) {
    const out = Buffer.from(input);
    for (let n = rng.int(8) + 1; n > 0 && out.length > 0; n--) out[rng.int(out.length)] ^= 1 << rng.int(8);
    return out;
  },
  setInteresting(input, rng) {
    const out = Buffer.from(input);
    if (out.length > 0) out[rng.int(out.length)] = rng.pick(interesting);
    return out;
  },
  truncate(input, rng) {
    return input.subarray(0, rng.int(input.length + 1));
  },
  insert(input, rng) {
    const at = rng.int(input.length + 1);
    const bytes = Buffer.alloc(rng.chance(0.9) ? rng.int(32) + 1 : rng.int(4096) + 1);
    for (let i = 0; i < bytes.length; i++) bytes[i] = rng.chance(0.5) ? rng.pick(interesting) : rng.int(256);
    return Buffer.concat([input.subarray(0, at), bytes, input.subarray(at)]);
  },
  remove(input, rng) {
    const [start, end] = span(input, rng);
    return Buffer.concat([input.subarray(0, start), input.subarray(end)]);
  },
  duplicate(input, rng) {
    const [start, end] = span(input, rng);
    const at = rng.int(input.length + 1);
    const copies = rng.chance(0.9) ? 1 : rng.int(64) + 1;
    const range = input.subarray(start, end);
    return Buffer.concat([input.subarray(0, at), ...Array.from({ length: copies }, () => range), input.subarray(at)]);
  },
};

/** One to `max` byte mutations in a row. */
export function mutateBytes(input: Buffer, rng: Prng, max = 3): Buffer {
  const names = Object.keys(byteMutators);
  let out = input;
  for (let n = rng.int(max) + 1; n > 0; n--) out = byteMutators[rng.pick(names)](out, rng);
  return out;
}

/** JSON values of every type, for swapping in where another type belongs. */
function otherValue(rng: Prng): unknown {
  return rng.pick<() => unknown>([
    () => null,
    () => rng.int(2) === 1,
    () => -1,
    () => 1e308,
    () => rng.int(1000),
    () => '',
    () => 'x'.repeat(rng.int(300)),
    () => 'sha256:' + '0'.repeat(64),
    () => [],
    () => [null],
    () => ({}),
    () => ({ digest: 5 }),
  ])();
}

/** A copy of a JSON value with one field (at any depth) replaced by a value of another type, or removed. */
export function swapJsonField(value: unknown, rng: Prng): unknown {
  if (rng.chance(0.1) || value === null || typeof value !== 'object') return otherValue(rng);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0) return otherValue(rng);
  const key = rng.pick(keys);
  const target = copy as Record<string, unknown>;
  if (!Array.isArray(copy) && rng.chance(0.1)) delete target[key];
  else target[key] = swapJsonField(target[key], rng);
  return copy;
}

/** What the code under test is given and run on. */
export interface FuzzTarget<Input> {
  name: string;
  /** Makes one mutated input from the target's valid ones. */
  generate(rng: Prng): Input | Promise<Input>;
  run(input: Input): unknown;
  /** How long one case may take (default 5 s): a hang or a blow-up fails it. */
  timeoutMs?: number;
}

export interface FuzzOptions {
  ms: number;
  /** The run's seed; every case's seed derives from it. */
  seed: number;
  /** Replays this one case seed instead of a timed run. */
  replay?: number;
}

export interface FuzzReport {
  seed: number;
  cases: number;
  /** Per target: cases that succeeded, and rejections by error code. */
  outcomes: Record<string, Record<string, number>>;
}

export class FuzzFailure extends Error {
  constructor(
    readonly target: string,
    readonly seed: number,
    problem: string,
    cause?: unknown,
  ) {
    super(
      `fuzz target ${target}, case seed ${seed}: ${problem}\n` +
        `Replay it with LAYERLENS_FUZZ_CASE=${seed}.` +
        (cause instanceof Error && cause.stack ? `\n${cause.stack}` : ''),
    );
    this.name = 'FuzzFailure';
  }
}

/** The run's settings from the environment: LAYERLENS_FUZZ_MS (or `defaultMs`), _SEED, _CASE. */
export function fuzzOptions(defaultMs: number, env: NodeJS.ProcessEnv = process.env): FuzzOptions {
  const number = (text: string | undefined): number | undefined => (text === undefined || text === '' ? undefined : Number(text) >>> 0);
  return {
    ms: Number(env.LAYERLENS_FUZZ_MS) || defaultMs,
    seed: number(env.LAYERLENS_FUZZ_SEED) ?? (Math.random() * 0x1_0000_0000) >>> 0,
    replay: number(env.LAYERLENS_FUZZ_CASE),
  };
}

const timedOut = Symbol('timed out');

async function withTimeout(run: () => unknown, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof timedOut>((resolve) => (timer = setTimeout(() => resolve(timedOut), ms)));
  try {
    return await Promise.race([Promise.resolve().then(run), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the case of `seed`: its outcome ("ok" or an error code), or a FuzzFailure. */
async function runCase(targets: FuzzTarget<unknown>[], seed: number): Promise<{ target: string; outcome: string }> {
  const rng = new Prng(seed);
  const target = rng.pick(targets);
  const limit = target.timeoutMs ?? 5_000;
  let input: unknown;
  try {
    input = await target.generate(rng);
  } catch (error) {
    throw new FuzzFailure(target.name, seed, `making the input failed (a bug of the target)`, error);
  }
  const started = performance.now();
  let outcome: string;
  try {
    const result = await withTimeout(() => target.run(input), limit);
    if (result === timedOut) throw new FuzzFailure(target.name, seed, `no outcome after ${limit} ms (a hang?)`);
    outcome = 'ok';
  } catch (error) {
    if (error instanceof FuzzFailure) throw error;
    if (!(error instanceof LayerLensError)) throw new FuzzFailure(target.name, seed, `threw ${String(error)}, not a LayerLensError`, error);
    if (error.code === 'INTERNAL') throw new FuzzFailure(target.name, seed, `an INTERNAL error: ${error.message}`, error);
    outcome = error.code;
  }
  // A synchronous stretch cannot be timed out, only measured.
  const took = performance.now() - started;
  if (took > limit) throw new FuzzFailure(target.name, seed, `took ${Math.round(took)} ms, more than ${limit} ms`);
  return { target: target.name, outcome };
}

/** Runs cases until `options.ms` have passed (or the one replayed case); throws the first FuzzFailure. */
export async function fuzz(targets: FuzzTarget<unknown>[], options: FuzzOptions): Promise<FuzzReport> {
  const report: FuzzReport = { seed: options.seed, cases: 0, outcomes: {} };
  const record = ({ target, outcome }: { target: string; outcome: string }): void => {
    const counts = (report.outcomes[target] ??= {});
    counts[outcome] = (counts[outcome] ?? 0) + 1;
    report.cases++;
  };
  if (options.replay !== undefined) {
    report.seed = options.replay;
    record(await runCase(targets, options.replay));
    return report;
  }
  const deadline = performance.now() + options.ms;
  for (let i = 0; performance.now() < deadline; i++) record(await runCase(targets, caseSeed(options.seed, i)));
  return report;
}

/** "archive: 812 cases, ok 40, ARCHIVE_CORRUPT 772" lines. */
export function formatReport(report: FuzzReport): string {
  const lines = Object.entries(report.outcomes).map(([target, counts]) => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const parts = Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([outcome, n]) => `${outcome} ${n}`);
    return `  ${target}: ${total} cases, ${parts.join(', ')}`;
  });
  return [`${report.cases} cases from seed ${report.seed}`, ...lines].join('\n');
}
