/** Test helper (imported by tests only): one CLI run in process, its exit code and what it printed. */
import { run } from './index';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function cli(...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
