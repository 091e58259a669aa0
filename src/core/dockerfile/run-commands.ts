/**
 * What a RUN instruction does, as far as the rewrite needs to know: the simple commands it chains (split
 * on `&&`, `||`, `;`, `|` and newlines, quotes honoured), the folder each runs in (`cd x && …`), and the
 * facts read from them: dependency installs with their flags, script runs, global installs, OS package
 * installs, folders made and ownership changed. Anything else is "a command LayerLens does not know",
 * which the rewrite keeps where it was (in the build stage, verbatim).
 */
import path from 'node:path';
import type { ParsedInstruction } from './parse-dockerfile';

export type JsManager = 'npm' | 'yarn' | 'pnpm';

export interface SimpleCommand {
  words: string[];
  /** The folder it runs in (WORKDIR, changed by earlier `cd` in the same RUN). */
  dir: string;
}

export interface RunFacts {
  instruction: ParsedInstruction;
  commands: SimpleCommand[];
  /** `npm ci|install`, `yarn [install]`, `pnpm install|i` without package names: the project's install. */
  installs: { manager: JsManager; dir: string; flags: string[]; words: string[] }[];
  /** `npm run x`, `yarn x`, `pnpm [run] x`. */
  scripts: { manager: JsManager; dir: string; script: string }[];
  /** `npm i -g a b`, `yarn global add a`, `pnpm add -g a`. */
  globalInstalls: { manager: JsManager; packages: string[] }[];
  /** apt-get/apt/apk/yum/dnf/microdnf installs. */
  osInstalls: { tool: 'apt' | 'apk' | 'rpm'; packages: string[]; words: string[] }[];
  /** Absolute folders made with `mkdir`. */
  mkdirs: string[];
  chowns: { owner: string; recursive: boolean; paths: string[] }[];
  /** Users and groups made (`useradd`, `adduser`, `groupadd`, `addgroup`), as their words. */
  userCommands: string[][];
  /** A BuildKit secret mount (`--mount=type=secret`). */
  secretMount: boolean;
}

/** Splits a shell command line into simple commands of words (lenient: never fails). */
export function splitCommands(text: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += text.slice(i + 1, end === -1 ? text.length : end);
      inWord = true;
      i = end === -1 ? text.length : end;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        word += text[j];
        j++;
      }
      inWord = true;
      i = j;
    } else if (c === '\\' && text[i + 1] === '\n') {
      i++;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[i + 1];
      inWord = true;
      i++;
    } else if (c === '&' && text[i + 1] === '&') {
      endCommand();
      i++;
    } else if (c === '|' || c === ';' || c === '\n' || c === '(' || c === ')') {
      endCommand();
      if (text[i + 1] === '|') i++;
    } else if (c === '#' && !inWord) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end - 1;
    } else if (/\s/.test(c)) {
      endWord();
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

const installVerbs: Record<JsManager, Set<string>> = {
  npm: new Set(['ci', 'install', 'i', 'add', 'isntall', 'clean-install']),
  yarn: new Set(['install', 'add']),
  pnpm: new Set(['install', 'i', 'add']),
};

/** Words after the tool, skipping wrappers like `npx --yes`, `corepack`. */
function jsTool(words: string[]): { manager: JsManager; rest: string[] } | null {
  let w = words;
  if (w[0] === 'corepack' && (w[1] === 'pnpm' || w[1] === 'yarn')) w = w.slice(1);
  const tool = w[0];
  if (tool === 'npm' || tool === 'yarn' || tool === 'pnpm') return { manager: tool, rest: w.slice(1) };
  return null;
}

const osTools: [RegExp, RunFacts['osInstalls'][number]['tool']][] = [
  [/^(apt-get|apt|aptitude)$/, 'apt'],
  [/^apk$/, 'apk'],
  [/^(yum|dnf|microdnf)$/, 'rpm'],
];

function words(instruction: ParsedInstruction): string {
  return instruction.json ? instruction.json.map((w) => (/\s/.test(w) ? JSON.stringify(w) : w)).join(' ') : instruction.args;
}

export function runFacts(instruction: ParsedInstruction, workdir: string): RunFacts {
  const facts: RunFacts = {
    instruction,
    commands: [],
    installs: [],
    scripts: [],
    globalInstalls: [],
    osInstalls: [],
    mkdirs: [],
    chowns: [],
    userCommands: [],
    secretMount: /(^|,)type=secret(,|$)/.test(instruction.flags.mount ?? ''),
  };
  let dir = workdir;
  for (let command of splitCommands(words(instruction))) {
    // `env X=1 npm ci`, `NODE_ENV=production npm ci`, `sudo npm ci`
    while (command.length > 1 && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(command[0]!) || command[0] === 'env' || command[0] === 'sudo'))
      command = command.slice(1);
    facts.commands.push({ words: command, dir });
    const [head, ...rest] = command;
    if (head === 'cd' && rest[0]) {
      dir = path.posix.resolve(dir, rest[0]);
      continue;
    }
    if (head === 'mkdir') {
      for (const target of rest.filter((w) => !w.startsWith('-'))) facts.mkdirs.push(path.posix.resolve(dir, target));
      continue;
    }
    if (head === 'useradd' || head === 'adduser' || head === 'groupadd' || head === 'addgroup') {
      // Replayed in the runtime stage: words with line breaks or control characters are not (they would
      // show as extra lines there, or be one).
      // eslint-disable-next-line no-control-regex -- control characters are what this looks for
      if (!command.some((w) => /[\u0000-\u001f\u007f\u2028\u2029]/.test(w))) facts.userCommands.push(command);
      continue;
    }
    if (head === 'chown' && rest.length >= 2) {
      const operands = rest.filter((w) => !w.startsWith('-'));
      facts.chowns.push({
        owner: operands[0]!,
        recursive: rest.some((w) => /^-[a-zA-Z]*R/.test(w) || w === '--recursive'),
        paths: operands.slice(1).map((p) => path.posix.resolve(dir, p)),
      });
      continue;
    }
    const os = osTools.find(([pattern]) => pattern.test(head ?? ''));
    if (os) {
      const verb = rest.find((w) => !w.startsWith('-'));
      if (verb === 'install' || verb === 'add') {
        const afterVerb = rest.slice(rest.indexOf(verb) + 1);
        const packages: string[] = [];
        for (let i = 0; i < afterVerb.length; i++) {
          const w = afterVerb[i]!;
          if (w === '--virtual' || w === '-t') {
            i++; // apk's virtual package name
            continue;
          }
          if (!w.startsWith('-')) packages.push(w);
        }
        facts.osInstalls.push({ tool: os[1], packages, words: command });
      }
      continue;
    }
    const js = jsTool(command);
    if (!js) continue;
    const { manager } = js;
    const positional = js.rest.filter((w) => !w.startsWith('-'));
    const flags = js.rest.filter((w) => w.startsWith('-'));
    const verb = positional[0];
    const global = flags.some((f) => f === '-g' || f === '--global' || f === '--location=global');
    if (manager === 'yarn' && verb === 'global' && positional[1] === 'add') {
      facts.globalInstalls.push({ manager, packages: positional.slice(2) });
    } else if (verb !== undefined && installVerbs[manager].has(verb) && global) {
      facts.globalInstalls.push({ manager, packages: positional.slice(1) });
    } else if (
      (verb === undefined && manager === 'yarn') ||
      (verb !== undefined && installVerbs[manager].has(verb) && (positional.length === 1 || verb === 'ci'))
    ) {
      facts.installs.push({ manager, dir, flags, words: command });
    } else if (verb === 'run' || verb === 'run-script') {
      if (positional[1]) facts.scripts.push({ manager, dir, script: positional[1] });
    } else if (
      verb !== undefined &&
      manager !== 'npm' &&
      ![
        'install',
        'add',
        'remove',
        'exec',
        'dlx',
        'cache',
        'config',
        'set',
        'prune',
        'workspaces',
        'workspace',
        'global',
        'rebuild',
        'why',
        'info',
      ].includes(verb)
    ) {
      facts.scripts.push({ manager, dir, script: verb });
    } else if (manager === 'npm' && (verb === 'start' || verb === 'test')) {
      facts.scripts.push({ manager, dir, script: verb });
    }
  }
  return facts;
}
