/**
 * A CLI command as data: its arguments, its flags with a line of help each, examples, and the action that
 * runs it. The action is loaded only when its command runs, so `--version`, `--help` and every command
 * pay start-up for what they use and nothing else (this module and the specs import nothing heavy).
 */
import type { ParseArgsConfig } from 'node:util';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface Flag {
  type: 'string' | 'boolean';
  short?: string;
  /** May be given more than once (`--verify-path /a --verify-path /b`). */
  multiple?: boolean;
  /** The value's placeholder in help ("FILE", "IMG"); string flags only. */
  value?: string;
  help: string;
}

export type Flags = Record<string, Flag>;
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext {
  values: OptionValues;
  positionals: string[];
  io: Io;
}

export type CommandAction = (context: CommandContext) => Promise<number>;

export interface CommandSpec {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** A paragraph for the command's own help. */
  description: string;
  /** Its positional arguments as help shows them ("<context-dir>"). */
  args: string;
  positionals: { min: number; max: number; names: string };
  flags: Flags;
  /** Example invocations, without the launcher prefix. */
  examples: string[];
  load(): Promise<CommandAction>;
}

export class UsageError extends Error {}

/** What a user types to run the CLI (`npm run` swallows its own flags without the `--`). */
export const launcher = 'npm run --silent layerlens --';

/** Flags every command understands. */
export const globalFlags: Flags = {
  host: {
    type: 'string',
    value: 'URL',
    help: 'the engine: unix:///path, tcp://host:2376, ssh://user@host (default: DOCKER_HOST, the Docker context, the usual sockets)',
  },
  json: { type: 'boolean', help: 'machine-readable output on stdout' },
  help: { type: 'boolean', short: 'h', help: 'this help' },
  version: { type: 'boolean', short: 'v', help: 'the LayerLens version' },
};

export function parseArgsOptions(flags: Flags): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, flag] of Object.entries(flags)) {
    options[name] = { type: flag.type, ...(flag.short ? { short: flag.short } : {}), ...(flag.multiple ? { multiple: true } : {}) };
  }
  return options;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function listOption(values: OptionValues, name: string): string[] {
  const value = values[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}
