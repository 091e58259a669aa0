/**
 * The command the lean image runs: the original's CMD/ENTRYPOINT in exec form, with `npm start` /
 * `npm run x` / `yarn x` / `pnpm x` resolved to the script's own `node …` (the runtime base may have no npm,
 * and node as PID 1 gets the signals npm would swallow).
 */
import type { ParsedInstruction } from './parse-dockerfile';
import { simpleShellWords } from './shell-words';
import type { StartCommand } from './types';

const managers = new Set(['npm', 'yarn', 'pnpm']);

/** The script name an `npm start` / `npm run x` / `yarn x` / `pnpm run x` command runs, and extra args. */
export function scriptInvocation(words: string[]): { script: string; extra: string[] } | null {
  const [tool, first, second, ...rest] = words;
  if (!tool || !managers.has(tool) || !first) return null;
  if (first === 'start' || first === 'test') return { script: first, extra: stripDashDash([second, ...rest].filter(isString)) };
  if (first === 'run' || first === 'run-script') return second ? { script: second, extra: stripDashDash(rest) } : null;
  if (tool !== 'npm' && !first.startsWith('-') && first !== 'install' && first !== 'exec') return { script: first, extra: stripDashDash([second, ...rest].filter(isString)) };
  return null;
}

function isString(value: string | undefined): value is string {
  return value !== undefined;
}

function stripDashDash(words: string[]): string[] {
  return words[0] === '--' ? words.slice(1) : words;
}

export interface StartInput {
  cmd?: ParsedInstruction;
  entrypoint?: ParsedInstruction;
  scripts: Record<string, string>;
  runtimeHasNpm: boolean;
}

export interface StartResult extends StartCommand {
  /** Lines for the lean Dockerfile. */
  entrypointLine?: string;
  cmdLine?: string;
  notes: string[];
}

function entryOf(words: string[] | null): string | undefined {
  if (!words || words[0] !== 'node') return undefined;
  return words.slice(1).find((w) => !w.startsWith('-'));
}

const json = (words: string[]) => `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;

export function resolveStart(input: StartInput): StartResult {
  const notes: string[] = [];
  const { cmd, entrypoint } = input;
  let entrypointLine: string | undefined;
  if (entrypoint) {
    if (entrypoint.json) entrypointLine = `ENTRYPOINT ${json(entrypoint.json)}`;
    else {
      const words = simpleShellWords(entrypoint.args);
      // A shell-form ENTRYPOINT ignores CMD; exec form would append it, so only convert when there is no CMD.
      entrypointLine = words && !cmd ? `ENTRYPOINT ${json(words)}` : `ENTRYPOINT ${json(['/bin/sh', '-c', entrypoint.args])}`;
      if (cmd) notes.push('the shell-form ENTRYPOINT ignores CMD: kept as /bin/sh -c so that stays true');
    }
  }
  if (!cmd) {
    return { original: entrypoint?.json ?? null, lean: null, resolution: entrypointLine ? 'kept' : 'none', entrypointLine, notes };
  }
  const originalWords = cmd.json ?? simpleShellWords(cmd.args);
  if (entrypoint) {
    const lean = cmd.json ?? ['/bin/sh', '-c', cmd.args];
    return { original: lean, lean, resolution: cmd.json ? 'kept' : 'exec-form', entrypointLine, cmdLine: `CMD ${json(lean)}`, notes };
  }
  if (!originalWords) {
    const lean = ['/bin/sh', '-c', cmd.args];
    notes.push('the command needs a shell (operators or variables): run as /bin/sh -c, exactly what shell form does');
    return { original: lean, lean, resolution: 'shell-wrapped', cmdLine: `CMD ${json(lean)}`, notes };
  }
  const invocation = scriptInvocation(originalWords);
  if (invocation) {
    const script = input.scripts[invocation.script] ?? (invocation.script === 'start' ? 'node server.js' : undefined);
    const hooks = ['pre', 'post'].filter((p) => input.scripts[`${p}${invocation.script}`] !== undefined);
    const scriptWords = script ? simpleShellWords(script) : null;
    if (script && scriptWords && hooks.length === 0) {
      const lean = [...scriptWords, ...invocation.extra];
      return {
        original: originalWords,
        lean,
        resolution: 'npm-script',
        script: `"${invocation.script}": "${script}"`,
        entryFile: entryOf(lean),
        cmdLine: `CMD ${json(lean)}`,
        notes,
      };
    }
    if (input.runtimeHasNpm) {
      notes.push(script ? `the "${invocation.script}" script needs the package manager (hooks or shell syntax): kept` : `no "${invocation.script}" script found: kept`);
      return { original: originalWords, lean: originalWords, resolution: 'kept', script, cmdLine: `CMD ${json(originalWords)}`, notes };
    }
    if (script) {
      const lean = ['/bin/sh', '-c', [script, ...invocation.extra].join(' ')];
      notes.push(`the runtime base has no ${originalWords[0]}: the "${invocation.script}" script runs through /bin/sh`);
      return { original: originalWords, lean, resolution: 'shell-wrapped', script, cmdLine: `CMD ${json(lean)}`, notes };
    }
  }
  return {
    original: originalWords,
    lean: originalWords,
    resolution: cmd.json ? 'kept' : 'exec-form',
    entryFile: entryOf(originalWords),
    cmdLine: `CMD ${json(originalWords)}`,
    notes,
  };
}
