/**
 * A CLI command: its own options (parsed with node's parseArgs), a line of help, and a run function.
 * `index.ts` dispatches over the registry in `commands/index.ts`; adding a command adds one file there.
 */
import type { ParseArgsConfig } from 'node:util';
import { createLayerLensCore, type LayerLensCore } from '../core/api/layerlens-core';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext {
  values: OptionValues;
  positionals: string[];
  io: Io;
}

export interface Command {
  name: string;
  /** "images [--json]": the usage line shown in --help. */
  usage: string;
  summary: string;
  options?: OptionSpec;
  /** How many positionals it takes, for the usage check. */
  positionals?: { min: number; max: number; names: string };
  run(context: CommandContext): Promise<number>;
}

export class UsageError extends Error {}

/** Options every command understands. */
export const globalOptions: OptionSpec = {
  json: { type: 'boolean', default: false },
  host: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
};

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A core for one command: no event following, closed when the work is done. */
export async function withCore<T>(values: OptionValues, work: (core: LayerLensCore) => Promise<T>): Promise<T> {
  const core = createLayerLensCore({ frontDoor: 'cli', watch: false, engineHost: stringOption(values, 'host') });
  try {
    return await work(core);
  } finally {
    core.close();
  }
}
