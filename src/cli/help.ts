/** Help texts, made from the command specs, and the "did you mean" for a mistyped flag or command. */
import { appVersion } from '../core/api/version';
import { globalFlags, launcher, type CommandSpec, type Flags } from './command';

function flagColumn(name: string, flag: Flags[string]): string {
  const long = `--${name}${flag.type === 'string' ? ` ${flag.value ?? 'VALUE'}` : ''}`;
  return flag.short ? `-${flag.short}, ${long}` : `    ${long}`;
}

function flagLines(flags: Flags): string[] {
  const entries = Object.entries(flags);
  const width = Math.max(...entries.map(([name, flag]) => flagColumn(name, flag).length)) + 3;
  return entries.map(([name, flag]) => `  ${flagColumn(name, flag).padEnd(width)}${flag.help}${flag.multiple ? ' (repeatable)' : ''}`);
}

export function usageLine(spec: CommandSpec): string {
  return `${spec.name}${spec.args ? ` ${spec.args}` : ''}${Object.keys(spec.flags).length > 0 ? ' [options]' : ''}`;
}

export function globalHelp(commands: CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 3;
  return `LayerLens ${appVersion} — where every byte of a Docker image comes from.

Usage: ${launcher} <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}

Options:
${flagLines(globalFlags).join('\n')}

Run \`${launcher} <command> --help\` for a command's own options and examples.
Exit codes: 0 ok, 1 usage error, 2 engine unreachable, 3 other failure.`;
}

export function commandHelp(spec: CommandSpec): string {
  const sections = [`Usage: ${launcher} ${usageLine(spec)}`, spec.description];
  if (Object.keys(spec.flags).length > 0) sections.push(`Options:\n${flagLines(spec.flags).join('\n')}`);
  sections.push(`Global options:\n${flagLines(globalFlags).join('\n')}`);
  sections.push(`Examples:\n${spec.examples.map((e) => `  ${launcher} ${e}`).join('\n')}`);
  return sections.join('\n\n');
}

/** Levenshtein distance, for suggestions. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The known name nearest to `typed`, when it is near enough to be a typo. */
export function nearest(typed: string, known: string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    const d = distance(typed.toLowerCase(), name.toLowerCase());
    if (!best || d < best.d) best = { name, d };
  }
  const near = best && (best.d <= Math.max(2, Math.floor(typed.length / 3)) || best.name.startsWith(typed) || typed.startsWith(best.name));
  return near ? best!.name : undefined;
}
